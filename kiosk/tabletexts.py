"""Every string a pillar in table mode shows, in Dutch and English."""

from __future__ import annotations

from shared.i18n import Text

HOST = Text("tafelhost {host}", "table host {host}")
ROUND = Text("Ronde {number} van {total}", "Round {number} of {total}")
ROUND_NEXT = Text("Straks: ronde {number} van {total}", "Next: round {number} of {total}")
NO_ROUND = Text("Nog geen ronde", "No round yet")
LEFT = Text("nog {clock}", "{clock} left")
PAUSED = Text("gepauzeerd · nog {clock}", "paused · {clock} left")
TIME_UP = Text("de tijd is om", "time is up")

QUESTION = Text("Vraag", "Question")
CHOOSE_QUESTION = Text("Kies een vraag:", "Choose a question:")
PLACEHOLDER = Text("Schrijf één idee per post-it…", "Write one idea per post-it…")
POST = Text("Op tafel leggen", "Put on the table")
COUNT = Text("{count} / {limit}", "{count} / {limit}")
POSTED = Text(
    "Ligt op tafel. Binnen een minuut is het bij de facilitator, met de andere ideeën van die"
    " minuut.",
    "On the table. Within a minute it reaches the facilitator, with the other ideas of that"
    " minute.",
)
ANONYMOUS = Text(
    "Een idee is van de hele tafel: er staat geen naam bij en je hoeft niet te scannen.",
    "An idea belongs to the whole table: no name is attached and nobody needs to scan.",
)
OURS = Text("Onze ideeën ({count})", "Our ideas ({count})")
OURS_PRIVATE = Text(
    "Alleen deze tafel ziet deze ideeën, tot de facilitator ze laat zien.",
    "Only this table sees these ideas, until the facilitator reveals them.",
)
NONE_YET = Text("Nog geen ideeën: schrijf de eerste!", "No ideas yet: write the first!")
SENDING = Text("wordt verstuurd…", "sending…")

JOIN_HINT = Text(
    "Schuif je aan? Scan je ticket, dan tel je mee (je ideeën blijven anoniem).",
    "Joining this table? Scan your ticket to be counted (your ideas stay anonymous).",
)
JOINED = Text("Welkom aan tafel! Je telt mee in deze ronde.", "Welcome! You count in this round.")
JOINED_BEFORE = Text(
    "Je zat in deze ronde al aan deze tafel.", "You joined this table in this round already."
)

WAITING_TITLE = Text("Even wachten", "Please wait")
WAITING = Text(
    "De facilitator start zo de volgende ronde. Dan verschijnt hier de vraag.",
    "The facilitator starts the next round soon. The question appears here then.",
)
READY = Text(
    "De werksessie begint zo. Dan verschijnt hier de vraag van jullie tafel.",
    "The work session starts soon. Then your table's question appears here.",
)
PAUSED_TITLE = Text("Pauze", "Paused")
PAUSED_TEXT = Text(
    "De facilitator heeft de ronde gepauzeerd. Nadenken mag, schrijven kan zo weer.",
    "The facilitator paused the round. Keep thinking: writing resumes soon.",
)
SITTING_OUT_TITLE = Text("Deze ronde niet", "Not this round")
SITTING_OUT = Text(
    "Deze tafel doet in deze ronde niet mee. Schuif aan bij een andere tafel.",
    "This table sits this round out. Join another table.",
)
SORTING_TITLE = Text("De ideeën worden geordend", "The ideas are being sorted")
SORTING = Text(
    "De facilitator bundelt nu alle ideeën. Straks kun je met stippen stemmen.",
    "The facilitator is clustering all ideas now. Soon you can vote with dots.",
)
HARVEST_TITLE = Text("Oogst", "Harvest")
HARVEST = Text(
    "Het stemmen is voorbij. Bekijk de uitkomst op de muur.",
    "The vote is over. See the outcome on the wall.",
)
NO_TABLE_TITLE = Text("Tafel", "Table")

VOTE_TITLE = Text("Stemmen met stippen", "Dot voting")
VOTE_SCAN = Text(
    "Scan je ticket en verdeel je {dots} stippen over de ideeën die jij het belangrijkst vindt.",
    "Scan your ticket and spread your {dots} dots over the ideas you find most important.",
)
VOTE_LEFT = Text("Nog {left} van {dots} stippen", "{left} of {dots} dots left")
VOTE_PER_IDEA = Text(
    "Tik een idee aan voor een stip; nog eens tikken haalt hem weg.",
    "Tap an idea to give it a dot; tap again to take it back.",
)
VOTE_PER_IDEA_MORE = Text(
    "Tik een idee aan voor een stip (tot {most} per idee); 'Opnieuw' begint opnieuw.",
    "Tap an idea to give it a dot (up to {most} per idea); 'Start over' starts again.",
)
VOTE_CAST = Text("Stemmen", "Vote")
VOTE_CLEAR = Text("Opnieuw", "Start over")
VOTE_CANCEL = Text("Stoppen", "Stop")
VOTE_DONE = Text(
    "Dank je! Je stippen zijn geteld. Wie ze gaf, blijft geheim.",
    "Thank you! Your dots are counted. Who gave them stays secret.",
)
VOTE_VOTED = Text("al gestemd", "voted")
VOTE_NO_IDEAS = Text(
    "Er zijn nog geen ideeën om op te stemmen.", "There are no ideas to vote on yet."
)

STAFF_TABLE = Text("Tafel van deze zuil (werksessie)", "This pillar's table (work session)")
STAFF_NO_TABLE = Text("— geen tafel: gewone zuil —", "— no table: ordinary pillar —")
