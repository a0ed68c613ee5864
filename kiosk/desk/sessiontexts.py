"""Every string of the content editor's work sessions page, in Dutch and English."""

from __future__ import annotations

from shared.i18n import Text

TAB = Text("Werksessies", "Work sessions")
HINT = Text(
    "Een world café of brainstorm: vragen, tafels, rondes en stippen om te stemmen. "
    "Opslaan bewaart het met de rest van de inhoud.",
    "A world café or brainstorm: questions, tables, rounds and dots to vote with. "
    "Saving stores it with the rest of the content.",
)
ADD_SESSION = Text("Werksessie toevoegen", "Add a work session")
REMOVE_SESSION = Text("Werksessie verwijderen", "Remove the work session")
CODE = Text("Code", "Code")
TITLE = Text("Titel", "Title")
DOTS = Text("Stippen per persoon", "Dots per person")
DOTS_PER_IDEA = Text("Stippen per idee (hoogstens)", "Dots per idea (at most)")
QUESTIONS = Text("Vragen", "Questions")
QUESTION_COLUMNS = [Text("Code", "Code"), Text("Vraag", "Question")]
ADD_QUESTION = Text("Vraag toevoegen", "Add a question")
REMOVE_QUESTION = Text("Vraag verwijderen", "Remove the question")
TABLES = Text("Tafels", "Tables")
TABLE_COLUMNS = [Text("Code", "Code"), Text("Naam", "Name"), Text("Gastheer/-vrouw", "Host")]
ADD_TABLE = Text("Tafel toevoegen", "Add a table")
REMOVE_TABLE = Text("Tafel verwijderen", "Remove the table")
ROUNDS = Text("Rondes", "Rounds")
ADD_ROUND = Text("Ronde toevoegen", "Add a round")
REMOVE_ROUND = Text("Ronde verwijderen", "Remove the round")
MINUTES = Text("Minuten", "Minutes")
EVERYWHERE = Text("alle vragen aan elke tafel", "every question at every table")
PLAN = Text("Welke vraag aan welke tafel", "Which question at which table")
SITS_OUT = Text("— zit deze ronde over", "— sits this round out")
UNKNOWN_TABLE = Text("{code} (onbekende tafel)", "{code} (unknown table)")
UNKNOWN_QUESTION = Text("{code} (onbekende vraag)", "{code} (unknown question)")
ROUND_ITEM = Text("Ronde {n} · {minutes} min · {plan}", "Round {n} · {minutes} min · {plan}")
ROUND_EVERYWHERE = Text("alle vragen overal", "every question everywhere")
ROUND_PLANNED = Text("{count} tafel(s) met een vraag", "{count} table(s) with a question")
NEW_TITLE = Text("Nieuwe werksessie", "New work session")
NEW_QUESTION = Text("Nieuwe vraag?", "New question?")
NEW_TABLE = Text("Tafel {n}", "Table {n}")
