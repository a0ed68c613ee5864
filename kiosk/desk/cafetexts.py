"""Every string of the facilitator's console (work sessions), in Dutch and English."""

from __future__ import annotations

from shared.i18n import Text

TAB = Text("Werksessie", "Work session")
TAB_TIP = Text(
    "Een werksessie leiden: fases, rondes, onthullen en ordenen",
    "Run a work session: phases, rounds, reveal and sort",
)
NO_SESSIONS = Text(
    "Dit evenement heeft geen werksessie. Voeg er een toe in het evenementbestand.",
    "This event has no work session. Add one in the event file.",
)
ORGANISERS_ONLY = Text(
    "Een werksessie leiden kan alleen de console van een organisator (koppel als organisator).",
    "Only an organiser's console runs a work session (pair as organiser).",
)
SESSION = Text("Sessie", "Session")

PHASES = {
    "ready": Text("Klaar om te beginnen", "Ready to start"),
    "gather": Text("Verzamelen", "Gather"),
    "sort": Text("Ordenen", "Sort"),
    "vote": Text("Stemmen", "Vote"),
    "harvest": Text("Oogsten", "Harvest"),
}
PHASE_NOW = Text("Fase: {phase}", "Phase: {phase}")
PHASE_TO = Text("Naar: {phase}", "To: {phase}")
PHASE_HINTS = {
    "ready": Text("Start de eerste ronde om te beginnen.", "Start the first round to begin."),
    "gather": Text(
        "Ideeën komen binnen; elke tafel ziet alleen de eigen ideeën.",
        "Ideas come in; each table sees its own ideas only.",
    ),
    "sort": Text(
        "Cluster, voeg dubbele samen, tag, verbeter een typfout, verberg wat niet mag.",
        "Cluster, merge duplicates, tag, fix a typo, hide what breaks the rules.",
    ),
    "vote": Text(
        "Stippen stemmen is open: elke deelnemer scant bij een tafel.",
        "Dot voting is open: each participant scans at a table.",
    ),
    "harvest": Text(
        "Het stemmen is dicht: de stippen staan erbij, het verslag is klaar.",
        "Voting is closed: the dots are in, the report is ready.",
    ),
}

ROUNDS = Text("Rondes", "Rounds")
ROUND_LINE = Text(
    "Ronde {number} · {minutes} min · {state}", "Round {number} · {minutes} min · {state}"
)
ROUND_STATES = {
    "waiting": Text("wacht", "waiting"),
    "running": Text("loopt", "running"),
    "paused": Text("gepauzeerd", "paused"),
    "done": Text("klaar", "done"),
    "unplayed": Text("niet gespeeld", "not played"),  # still waiting when the session was harvested
}
ROUND_JOINED = Text("{count} aangeschoven", "{count} joined")
START = Text("Start", "Start")
PAUSE = Text("Pauze", "Pause")
RESUME = Text("Hervat", "Resume")
END = Text("Beëindig", "End")
TIMER_IDLE = Text("Geen ronde bezig", "No round running")
HARVESTED = Text(
    "Geoogst · {played} van {rounds} rondes gespeeld",
    "Harvested · {played} of {rounds} rounds played",
)
TIMER_RUNNING = Text("Ronde {number}: nog {clock}", "Round {number}: {clock} left")
TIMER_PAUSED = Text("Ronde {number} gepauzeerd: nog {clock}", "Round {number} paused: {clock} left")
TIMER_UP = Text("Ronde {number}: de tijd is om", "Round {number}: time is up")

QUESTION = Text("Vraag", "Question")
REVEAL = Text("Onthul deze vraag", "Reveal this question")
REVEALED = Text(
    "Onthuld: muren en tafels zien de ideeën", "Revealed: walls and tables see the ideas"
)
PRIVATE = Text(
    "Nog privé: de muur ziet alleen aantallen per tafel",
    "Still private: the wall sees counts per table only",
)
COUNTS = Text("{ideas} ideeën · {hidden} verborgen", "{ideas} ideas · {hidden} hidden")
PER_TABLE = Text("{table}: {count}", "{table}: {count}")

NO_CLUSTER = Text("Zonder cluster", "Not clustered")
NEW_CLUSTER = Text("Nieuw cluster", "New cluster")
NEW_CLUSTER_LABEL = Text("Naam van het nieuwe cluster", "Name of the new cluster")
CLUSTER_LINE = Text("{label} ({count})", "{label} ({count})")
COLUMNS = [
    Text("Idee", "Idea"),
    Text("Tafel", "Table"),
    Text("Tags", "Tags"),
    Text("Stippen", "Dots"),
]
HIDDEN_MARK = Text("[verborgen] ", "[hidden] ")
MERGED_MARK = Text("↳ samengevoegd: ", "↳ merged: ")

EDIT_TEXT = Text("Tekst (typfout verbeteren)", "Text (fix a typo)")
EDIT_LABEL = Text("Naam van het cluster", "Name of the cluster")
EDIT_TAGS = Text("Tags, met komma's", "Tags, separated by commas")
SAVE = Text("Opslaan ⏎", "Save ⏎")
HIDE = Text("Verberg (H)", "Hide (H)")
SHOW = Text("Toon weer (H)", "Show again (H)")
MERGE = Text("Voeg samen (M)", "Merge (M)")
UNMERGE = Text("Haal los (U)", "Unmerge (U)")
DELETE_CLUSTER = Text("Cluster weg (Del)", "Remove cluster (Del)")
KEYS = Text(
    "Sleep ideeën naar een cluster, of op een ander idee om ze samen te voegen. Toetsen: N nieuw"
    " cluster · 1–9 naar cluster · 0 uit cluster · Alt+↑/↓ vorig/volgend cluster · M samenvoegen"
    " (in het eerste gekozen idee) · U loshalen · H verbergen/tonen · E of F2 bewerken · T tags"
    " · Del cluster weg",
    "Drag ideas to a cluster, or onto another idea to merge them. Keys: N new cluster · 1–9 to"
    " cluster · 0 out of cluster · Alt+↑/↓ previous/next cluster · M merge (into the first idea"
    " chosen) · U unmerge · H hide/show · E or F2 edit · T tags · Del remove cluster",
)
CHANGED = Text("Gewijzigd: de muren krijgen het één keer.", "Changed: the walls get it once.")
