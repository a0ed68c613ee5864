"""Every string the desk shows, in Dutch and English."""

from __future__ import annotations

from shared.i18n import Text

TITLE = Text("zuil · balie", "zuil · desk")
LANGUAGE = Text("English", "Nederlands")
ONLINE = Text("verbonden met de hub", "connected to the hub")
OFFLINE = Text("hub niet bereikbaar", "hub not reachable")
STREAM_FAILING = Text(
    "live-verbinding hapert — opnieuw proberen…", "live connection failing — retrying…"
)
UNPAIRED = Text("niet meer gekoppeld: koppel opnieuw", "no longer paired: pair again")

# the tabs' names are short, so all of them fit a laptop's window side by side; each
# says more in its tooltip (TAB_TIPS)
TAB_WALKIN = Text("Aanmelden", "Walk-in")
TAB_FIND = Text("Zoeken", "Find")
TAB_LIST = Text("Deelnemers", "Attendees")
TAB_LINKS = Text("Links", "Links")
TAB_MODERATION = Text("Moderatie", "Moderation")

HUB_ERRORS = {
    "offline": Text("De hub is niet bereikbaar", "The hub is not reachable"),
    "timeout": Text("De hub antwoordde niet op tijd", "The hub did not answer in time"),
    "unauthorized": Text(
        "Deze balie is niet (meer) gekoppeld; koppel hem opnieuw",
        "This desk is not paired (any more); pair it again",
    ),
    "forbidden": Text(
        "Dat mag alleen een organisator-console", "Only an organiser's console may do that"
    ),
    "not_found": Text("Niet gevonden", "Not found"),
    "conflict": Text("Dat botst met wat er al is", "That clashes with what is there"),
    "invalid": Text("Dat klopt niet", "That is not right"),
    "too_large": Text("Dat is te groot", "That is too large"),
    "not_an_image": Text("Dat is geen afbeelding", "That is not an image"),
    "not_configured": Text(
        "Verzenden is niet ingesteld (messaging.toml)", "Sending is not set up (messaging.toml)"
    ),
}
HUB_ERROR_OTHER = Text("De hub weigerde", "The hub refused")

# -- walk-in ----------
FIRST_NAME = Text("Voornaam", "First name")
LAST_NAME = Text("Achternaam", "Last name")
ORGANISATION = Text("Organisatie of cluster", "Organisation or cluster")
EMAIL = Text("E-mail (optioneel)", "E-mail (optional)")
PHONE = Text("Mobiel (optioneel)", "Mobile (optional)")
WORKSHOPS = Text("Workshops", "Workshops")
DISPLAY = Text("Naam op schermen", "Name on screens")
DISPLAY_CHOICES = {
    "full": Text("Volledige naam", "Full name"),
    "initial": Text("Voornaam en initiaal", "First name and initial"),
    "hidden": Text("Niet tonen", "Do not show"),
}
REGISTER_PRINT = Text("Aanmelden en printen  ⏎", "Register and print  ⏎")
REGISTER_PDF = Text("Aanmelden, opslaan als PDF", "Register, save as PDF")
CLEAR = Text("Leegmaken", "Clear")
REQUIRED = Text("Vul voor- en achternaam in.", "Enter first and last name.")
REGISTERED = Text(
    "{name} is aangemeld (ticket {serial}).", "{name} is registered (ticket {serial})."
)
KEPT_SENT = Text(
    "Een nieuwe hub neemt het over: {count} recente aanmelding(en) opnieuw gestuurd.",
    "A new hub took over: {count} recent registration(s) sent again.",
)
KEPT_REPRINT = Text(
    "Print het ticket van {name} opnieuw: het oude werkt op deze hub niet.",
    "Print {name}'s ticket again: the old one does not work on this hub.",
)
KEPT_REFUSED = Text(
    "De nieuwe hub weigert een recente aanmelding: {reason}",
    "The new hub refuses a recent registration: {reason}",
)
PARTICIPANT = Text("Deelnemer", "Participant")

# -- find ----------
SEARCH = Text(
    "Zoek op naam, organisatie of e-mail — of scan een ticket",
    "Search by name, organisation or e-mail — or scan a ticket",
)
COLUMNS = [
    Text("Naam", "Name"),
    Text("Organisatie", "Organisation"),
    Text("E-mail", "E-mail"),
    Text("Ticket", "Ticket"),
    Text("Geprint", "Printed"),
    Text("Laatst gescand", "Last scanned"),
]
REPRINT = Text("Kwijt: nieuw ticket en printen", "Lost: new ticket and print")
PRINT_AGAIN = Text("Opnieuw printen", "Print again")
SAVE_PDF = Text("Opslaan als PDF", "Save as PDF")
PDF_SAVED = Text("Ticket opgeslagen als PDF: {path}", "Ticket saved as PDF: {path}")
NO_TICKET = Text("geen", "none")
SCANNED_AT = Text("{time} bij {workshop}", "{time} at {workshop}")
REPRINTED = Text(
    "Nieuw ticket {serial} voor {name}; het oude wordt op de zuilen geweigerd.",
    "New ticket {serial} for {name}; the old one is refused at the pillars.",
)
SCAN_RESULT = {
    "valid": Text("Geldig ticket van {name}", "Valid ticket of {name}"),
    "revoked": Text(
        "Vervangen ticket van {name}: geef het nieuwe",
        "Replaced ticket of {name}: hand the new one",
    ),
    "not_valid_now": Text(
        "Ticket van {name} is vandaag niet geldig", "{name}'s ticket is not valid today"
    ),
    "other": Text("Geen geldig ticket van dit evenement", "Not a valid ticket of this event"),
}
PICK_ONE = Text("Kies eerst een deelnemer in de lijst.", "Pick an attendee in the list first.")

# -- registration list ----------
IMPORT = Text("Lijst importeren (CSV of Excel)…", "Import a list (CSV or Excel)…")
EXPORT = Text("Lijst exporteren…", "Export the list…")
CHECK = Text("Controleren", "Check")
DO_IMPORT = Text("Importeren", "Import")
COLUMN = Text("Kolom in het bestand", "Column in the file")
FIELD = Text("Veld", "Field")
IGNORE = Text("(niet gebruiken)", "(do not use)")
FIELDS = {
    "first_name": Text("Voornaam", "First name"),
    "last_name": Text("Achternaam", "Last name"),
    "organisation": Text("Organisatie", "Organisation"),
    "email": Text("E-mail", "E-mail"),
    "phone": Text("Telefoon", "Phone"),
    "display": Text("Naam op schermen", "Name on screens"),
    "workshops": Text("Workshops", "Workshops"),
}
PREVIEW = Text(
    "{accepted} rijen gaan erin, {rejected} worden geweigerd.",
    "{accepted} rows will be imported, {rejected} are rejected.",
)
IMPORTED = Text(
    "{count} deelnemers geïmporteerd; {rejected} rijen geweigerd (zie de lijst).",
    "{count} attendees imported; {rejected} rows rejected (see the list).",
)
REJECT_COLUMNS = [Text("Regel", "Line"), Text("Reden", "Reason"), Text("Inhoud", "Content")]
NEEDS_NAMES = Text(
    "Koppel een kolom aan voornaam én achternaam.", "Map a column to first and last name."
)
EXPORTED = Text("{count} deelnemers opgeslagen in {file}.", "{count} attendees saved to {file}.")
BULK = Text("Alle tickets als PDF…", "All tickets as PDF…")
PER_PAGE = Text("Eén ticket per pagina", "One ticket per page")
BULK_DONE = Text("{count} tickets opgeslagen in {file}.", "{count} tickets saved to {file}.")
BULK_FETCH = Text("Tickets ophalen…", "Fetching tickets…")

# -- personal links ----------
SEND_EMAIL = Text("E-mail iedereen zijn link", "E-mail everyone their link")
SEND_SMS = Text("SMS iedereen zijn link", "Text everyone their link")
RESEND = Text("Opnieuw versturen (selectie)", "Send again (selection)")
CHANNELS = Text("E-mail: {email} · SMS: {sms}", "E-mail: {email} · SMS: {sms}")
ON = Text("aan", "on")
OFF = Text("uit (zie messaging.toml)", "off (see messaging.toml)")
QUEUED = Text("{count} in de wachtrij gezet.", "{count} queued.")
DELIVERY_COLUMNS = [
    Text("Naam", "Name"),
    Text("Kanaal", "Channel"),
    Text("Adres", "Address"),
    Text("Status", "Status"),
    Text("Reden", "Reason"),
    Text("Pogingen", "Attempts"),
]
STATUS = {
    "queued": Text("in de wachtrij", "queued"),
    "sending": Text("bezig", "sending"),
    "sent": Text("verstuurd", "sent"),
    "failed": Text("mislukt", "failed"),
}

# -- moderation ----------
PENDING = Text("Wacht op goedkeuring ({count})", "Waiting for approval ({count})")
ON_WALLS = Text("Op de muren ({count})", "On the walls ({count})")
EMPTY_ITEMS = {
    "pending": Text("Niets te beoordelen", "Nothing to review"),
    "visible": Text("Nog geen bijdragen op de muren", "Nothing on the walls yet"),
    "hidden": Text("Niets verborgen", "Nothing hidden"),
}
HIDDEN = Text("Verborgen ({count})", "Hidden ({count})")
APPROVE = Text("Goedkeuren (A)", "Approve (A)")
HIDE = Text("Verbergen (H)", "Hide (H)")
RESTORE = Text("Terugzetten (R)", "Restore (R)")
MODE_NOTES = Text("Post-its", "Notes")
MODE_PHOTOS = Text("Foto's", "Photos")
MODES = {
    "pre": Text("eerst goedkeuren", "approve first"),
    "post": Text("direct tonen, achteraf verbergen", "show at once, hide later"),
}
WORDS = Text(
    "Woordenlijst (één per regel, * = alles erna)", "Word list (one per line, * = any ending)"
)
SAVE_WORDS = Text("Woordenlijst opslaan", "Save word list")
TOP = Text("top", "top")
TIP = Text("tip", "tip")
PHOTO = Text("foto", "photo")
ITEM_COLUMNS = [
    Text("Soort", "Kind"),
    Text("Workshop", "Workshop"),
    Text("Tekst", "Text"),
    Text("Let op", "Flagged"),
]
FLAGGED = Text("let op: {words}", "flagged: {words}")

# -- organiser: dashboard, report, purge ----------
TAB_DASHBOARD = Text("Dashboard", "Dashboard")
PURGE = Text("Persoonsgegevens wissen…", "Remove personal data…")
PURGE_ASK = Text(
    "Dit wist alle namen, e-mailadressen en telefoonnummers en trekt alle tickets en apparaten "
    "in (ook deze console). Tellingen en anonieme bijdragen blijven. Maak eerst het verslag. "
    "Typ JA om door te gaan.",
    "This removes every name, e-mail address and phone number and revokes all tickets and "
    "devices (this console too). Figures and anonymous contributions stay. Make the report "
    "first. Type YES to continue.",
)
PURGED = Text(
    "Gewist: {attendees} deelnemers; {devices} apparaten ingetrokken.",
    "Removed: {attendees} attendees; {devices} devices revoked.",
)
ALL_WORKSHOPS = Text("Alle workshops", "All workshops")
FULLSCREEN = Text("Volledig scherm (F11)", "Full screen (F11)")
MAKE_REPORT = Text("Verslag maken (PDF)…", "Make the report (PDF)…")
EXPORT_DATA = Text("Gegevens exporteren (Excel)…", "Export the data (Excel)…")
REPORT_DONE = Text(
    "Verslag opgeslagen: {file} ({pages} pagina's)", "Report saved: {file} ({pages} pages)"
)
DATA_DONE = Text("Gegevens opgeslagen: {file}", "Data saved: {file}")
FIGURES = {
    "attendees": Text("deelnemers", "attendees"),
    "scanned": Text("scanden", "scanned"),
    "answered": Text("quiz gespeeld", "played the quiz"),
    "gave_feedback": Text("gaven feedback", "gave feedback"),
    "tops": Text("tops", "tops"),
    "tips": Text("tips", "tips"),
    "photos": Text("foto's", "photos"),
}
CHART_PARTICIPATION = Text("Deelname per workshop", "Participation per workshop")
CHART_TIMELINE = Text("Scans per kwartier", "Scans per quarter hour")
CHART_WALLS = Text("Tops en tips per workshop", "Tops and tips per workshop")
SERIES = {
    "scanned": Text("gescand", "scanned"),
    "answered": Text("quiz", "quiz"),
    "gave_feedback": Text("feedback", "feedback"),
    "tops": Text("tops", "tops"),
    "tips": Text("tips", "tips"),
}
QUESTION_COLUMNS = [
    Text("Workshop", "Workshop"),
    Text("Vraag", "Question"),
    Text("Goed", "Right"),
    Text("Beantwoord", "Answered"),
]
NOTE_COLUMNS = [Text("Workshop", "Workshop"), Text("Muur", "Wall"), Text("Tekst", "Text")]
BOARD_COLUMNS = [Text("Plaats", "Rank"), Text("Naam", "Name"), Text("Punten", "Points")]
PILLAR_COLUMNS = [
    Text("Apparaat", "Device"),
    Text("Workshop", "Workshop"),
    Text("Laatst gezien", "Last seen"),
    Text("Wachtrij", "Queued"),
    Text("Klokverschil", "Clock offset"),
]
QUESTIONS_TITLE = Text(
    "Vragen: vaakst goed bovenaan, vaakst fout onderaan",
    "Questions: most often right on top, most often wrong below",
)
LATEST = Text("Laatste bijdragen", "Latest contributions")
LEADERBOARD = Text("Ranglijst", "Leaderboard")
PILLARS = Text("Zuilen en schermen", "Pillars and screens")

# -- ratings, polls and votes (dashboard results; the questions tab) ----------
VIEW_PARTICIPATION = Text("Deelname", "Participation")
VIEW_RESULTS = Text("Vragen en stemmingen", "Questions and votes")
NO_POLLS_YET = Text(
    "Nog geen waarderingen, peilingen of stemmingen", "No ratings, polls or votes yet"
)
COMMENTS = Text("Opmerkingen ({count})", "Comments ({count})")
OPEN_ANSWERS = Text("Antwoorden ({count})", "Answers ({count})")
MORE = Text("… en nog {count}", "… and {count} more")
TAB_POLLS = Text("Stemmingen", "Votes")
POLL_COLUMNS = [
    Text("Code", "Code"),
    Text("Soort", "Kind"),
    Text("Workshop", "Workshop"),
    Text("Status", "State"),
    Text("Antwoorden", "Answers"),
    Text("Op papier", "On paper"),
]
POLL_TEXT_COLUMNS = [
    Text("Vraag", "Question"),
    Text("Soort", "Kind"),
    Text("Minuut", "Minute"),
    Text("Tekst", "Text"),
]
POLL_TEXT_PARTS = {
    "comment": Text("opmerking", "comment"),
    "open": Text("open antwoord", "open answer"),
    "proposal": Text("voorstel", "proposal"),
}
EMPTY_POLL_TEXTS = {
    "pending": Text("Niets wacht op moderatie", "Nothing waits for moderation"),
    "visible": Text("Nog niets goedgekeurd", "Nothing approved yet"),
    "hidden": Text("Niets verborgen", "Nothing hidden"),
}
POLL_TEXTS_TITLE = Text(
    "Voorstellen, opmerkingen en open antwoorden", "Proposals, comments and open answers"
)
EDIT_AND_APPROVE = Text("Aanpassen en goedkeuren… (E)", "Edit and approve… (E)")
APPROVED = Text("Goedgekeurd ({count})", "Approved ({count})")
EDIT_ASK = Text(
    "Pas de tekst aan (bijvoorbeeld een spelfout) en keur hem goed:",
    "Correct the text (a spelling mistake, say) and approve it:",
)
ALL_POLLS = Text("Alle vragen", "All questions")
NO_POLL_CHOSEN = Text("Kies links een vraag.", "Choose a question on the left.")
OPEN_NOW = Text("Nu openen", "Open now")
CLOSE_NOW = Text("Nu sluiten", "Close now")
BY_SCHEDULE = Text("Volgens de tijden", "By its times")
PHASE_PROPOSE = Text("Fase: voorstellen", "Phase: proposals")
PHASE_VOTE = Text("Fase: stemmen", "Phase: voting")
CONTROL_TITLE = Text("Openen, sluiten, fase", "Open, close, phase")
CONTROLLED = Text("{code}: {state}", "{code}: {state}")
BY_HAND = Text("met de hand", "by hand")
PAPER_TITLE = Text("Telling op papier of met handopsteken", "Tally on paper or by a show of hands")
PAPER_HINT = Text(
    "Tik per antwoord het getelde aantal in; het komt bij de digitale antwoorden, "
    "gemarkeerd als papier. Opnieuw opslaan vervangt de vorige telling.",
    "Type the count for each answer; it is added to the digital answers, marked as "
    "paper. Saving again replaces the previous tally.",
)
PAPER_RESPONDENTS = Text("Aantal deelnemers", "Number of people")
PAPER_SAVE = Text("Telling opslaan", "Save the tally")
PAPER_SAVED = Text(
    "Telling van {code} opgeslagen: {n} op papier.", "Tally of {code} saved: {n} on paper."
)
PAPER_NONE = Text(
    "Een open vraag telt woorden: daar is geen telling op papier voor.",
    "An open question counts words: it takes no paper tally.",
)

# -- organiser: content ----------
TAB_CONTENT = Text("Inhoud", "Content")
TAB_COMPARE = Text("Vergelijken", "Compare")
LOAD_CONTENT = Text("Ophalen van de hub", "Load from the hub")
SAVE_CONTENT = Text("Opslaan naar de hub", "Save to the hub")
IMPORT_CONTENT = Text("Importeren (TOML of Excel)…", "Import (TOML or Excel)…")
EXPORT_CONTENT = Text("Exporteren (TOML of Excel)…", "Export (TOML or Excel)…")
CONTENT_SAVED = Text(
    "Opgeslagen. De zuilen halen het op bij hun volgende synchronisatie.",
    "Saved. The pillars pick it up at their next sync.",
)
CONTENT_LOADED = Text("{count} workshops geladen.", "{count} workshops loaded.")
EVENT_NAME = Text("Naam", "Name")
EVENT_VENUE = Text("Locatie", "Venue")
EVENT_TAGLINE = Text("Ondertitel", "Tagline")
EVENT_STARTS = Text("Datum (begin)", "Date (start)")
EVENT_ENDS = Text("Datum (eind)", "Date (end)")
COLOUR_PRIMARY = Text("Hoofdkleur", "Primary colour")
COLOUR_SECONDARY = Text("Accentkleur", "Accent colour")
WORKSHOP_TITLE = Text("Titel", "Title")
WORKSHOP_ROOM = Text("Zaal", "Room")
WORKSHOP_TEASER = Text("Korte tekst", "Teaser")
QUESTION_TEXT = Text("Vraag", "Question")
QUESTION_KIND = Text("Soort", "Kind")
KINDS = {
    "choice": Text("meerkeuze", "multiple choice"),
    "truefalse": Text("waar/niet waar", "true/false"),
}
OPTION = Text("Optie {n}", "Option {n}")
CORRECT = Text("Juist antwoord", "Right answer")
EXPLANATION = Text("Uitleg", "Explanation")
POINTS = Text("Punten", "Points")
ADD_QUESTION = Text("Vraag toevoegen", "Add a question")
REMOVE_QUESTION = Text("Vraag verwijderen", "Remove the question")
PREVIEW_TITLE = Text("Zo ziet de zuil het", "How the pillar shows it")
WORKSHOP_STARTS = Text("Begint (uu:mm)", "Starts (hh:mm)")
WORKSHOP_ENDS = Text("Eindigt (uu:mm)", "Ends (hh:mm)")
WORKSHOP_INFO = Text("Achtergrond (na scan)", "Background (after a scan)")
CHOOSE_LOGO = Text("Logo kiezen…", "Choose the logo…")
CHOOSE_MAP = Text("Plattegrond kiezen…", "Choose the venue map…")
CHOOSE_BOARD_IMAGE = Text("Eigen achtergrond van de muur…", "The wall's own background…")
BOARD = Text("Ondergrond van de muur", "The wall's board")
BOARDS = {
    "cork": Text("kurk", "cork"),
    "felt": Text("vilt", "felt"),
    "plain": Text("effen", "plain"),
}
CHOOSE_FONT = Text("Lettertype kiezen…", "Choose the font…")
CHOOSE_FONT_LICENCE = Text(
    "De licentie van het lettertype kiezen (bijv. OFL.txt)…",
    "Choose the font's licence (e.g. OFL.txt)…",
)
FONT_NEEDS_LICENCE = Text(
    "Een lettertype gaat altijd met zijn licentie mee: kies ook het licentiebestand.",
    "A font always travels with its licence: choose the licence file too.",
)
FONT_SAVED = Text(
    "Lettertype en licentie opgeslagen; de zuilen, muren en telefoons gebruiken het.",
    "Font and licence saved; the pillars, walls and phones use it.",
)
IMAGE_SAVED = Text(
    "Afbeelding opgeslagen; de zuilen halen hem op.", "Image saved; the pillars fetch it."
)
MAP_HINT = Text(
    "Klik op de plattegrond waar de zuil van de gekozen workshop staat.",
    "Click on the map where the chosen workshop's pillar stands.",
)
AGENDA = Text("Programma", "Agenda")
MAP_TAB = Text("Plattegrond", "Venue map")
AGENDA_COLUMNS = [
    Text("Begint", "Starts"),
    Text("Eindigt", "Ends"),
    Text("Onderdeel", "Item"),
    Text("Zaal", "Room"),
    Text("Workshop", "Workshop"),
]
ADD_SLOT = Text("Regel toevoegen", "Add a line")
REMOVE_SLOT = Text("Regel verwijderen", "Remove the line")
MIN_ANSWERS = Text("Uitslag vanaf (antwoorden)", "Results from (answers)")
POLLS_TAB = Text("Peilingen", "Polls")
POLL_KINDS = {
    "rating": Text("waardering (1–5 sterren)", "rating (1–5 stars)"),
    "recommend": Text("aanbeveling (0–10, NPS)", "recommend (0–10, NPS)"),
    "poll": Text("peiling (meerkeuze)", "poll (multiple choice)"),
    "vote": Text("naamstemming", "naming vote"),
    "open": Text("open vraag (woordwolk)", "open question (word cloud)"),
}
POLL_RESULTS = {
    "live": Text("iedereen, meteen", "everyone, as they come in"),
    "after_close": Text("iedereen, na sluiten", "everyone, once closed"),
    "organiser": Text("alleen de organisator", "the organiser only"),
}
POLL_CODE = Text("Code", "Code")
POLL_KIND = Text("Soort", "Kind")
POLL_WHERE = Text("Waar", "Where")
POLL_EVENT_WIDE = Text("het hele evenement", "the whole event")
POLL_TEXT = Text("Vraag", "Question")
POLL_SUBJECT = Text("Wat wordt aanbevolen", "What is recommended")
POLL_OPTIONS = Text("Opties (één per regel)", "Options (one a line)")
POLL_MAX_CHOICES = Text("Hoogstens kiezen", "Choose at most")
POLL_COMMENT = Text("Opmerking", "Comment")
POLL_COMMENT_BOX = Text("korte opmerking erbij (gemodereerd)", "a short comment too (moderated)")
POLL_OPENS = Text("Opent", "Opens")
POLL_CLOSES = Text("Sluit", "Closes")
POLL_TIME_HINT = Text(
    "uu:mm (eerste dag) of jjjj-mm-dd uu:mm; leeg: met de hand",
    "hh:mm (first day) or yyyy-mm-dd hh:mm; empty: by hand",
)
POLL_RESULTS_SHOWN = Text("Uitslag zien", "Results seen by")
POLL_ASKED = Text("Op de zuil: “{text}”", "On the pillar: “{text}”")
POLL_HINTS = {
    "rating": Text(
        "Alleen wie bij de workshop gescand is, kan hem waarderen.",
        "Only those scanned at the workshop can rate it.",
    ),
    "recommend": Text(
        "De vraag en de schaal 0–10 blijven standaard, zodat de NPS vergelijkbaar is.",
        "The wording and the 0–10 scale stay standard, so the NPS compares.",
    ),
    "poll": Text("Eén of meer keuzes, tot het maximum.", "One or more choices, up to the maximum."),
    "vote": Text(
        "Eerst stellen deelnemers namen voor (de balie keurt ze goed), "
        "dan stemmen ze; de console zet de fase om.",
        "First attendees propose names (the desk approves them), "
        "then they vote; the console switches the phase.",
    ),
    "open": Text(
        "De antwoorden worden een woordwolk (zonder stopwoorden).",
        "The answers become a word cloud (without stop words).",
    ),
}
ADD_POLL = Text("Toevoegen", "Add")
REMOVE_POLL = Text("Verwijderen", "Remove")
RATE_EVERY_WORKSHOP = Text("Waardering voor elke workshop", "A rating for every workshop")
RATINGS_ADDED = Text("Waardering toegevoegd: {codes}", "Rating added: {codes}")
RATINGS_COMPLETE = Text(
    "Elke workshop heeft al een waardering.", "Every workshop has a rating already."
)

# what an empty table means, in place of blank rows
NO_ONE_FOUND = Text("Niemand gevonden", "No one found")
NO_ANSWERS_YET = Text("Nog geen antwoorden", "No answers yet")
NO_CONTRIBUTIONS_YET = Text("Nog geen bijdragen", "No contributions yet")
NO_POINTS_YET = Text("Nog geen punten", "No points yet")
NO_PILLARS_YET = Text("Nog geen zuilen gekoppeld", "No pillars paired yet")

# which hub serves the event, its replica and its standby (the dashboard's status line)
HUB_PRIMARY = Text("Hub {hub}: de hoofdhub", "Hub {hub}: the primary")
HUB_PROMOTED = Text(
    "Hub {hub}: de reserve-hub, nam het over om {at}", "Hub {hub}: the standby, took over at {at}"
)
HUB_REPLICA = Text("replica loopt {lag} s achter", "replica {lag} s behind")
HUB_REPLICA_UNKNOWN = Text("replica: nog geen meting", "replica: not measured yet")
HUB_NO_REPLICA = Text("niet gerepliceerd", "not replicated")
HUB_STANDBY = Text("reserve-hub: {state}", "standby: {state}")
HUB_NO_STANDBY = Text("geen reserve-hub gezien", "no standby seen")
HUB_PROBLEM = Text("probleem: {problem}", "problem: {problem}")
STANDBY_STATES = {
    "starting": Text("start op", "starting"),
    "waiting for the replica": Text("wacht op de replica", "waiting for the replica"),
    "following": Text("volgt mee, paraat", "following, ready"),
    "taking over": Text("neemt het over", "taking over"),
    "promoted": Text("heeft het overgenomen", "has taken over"),
    "gone": Text("niet meer gezien", "no longer seen"),
}

# -- what each tab is for, as its tooltip ----------
TAB_TIPS = {
    TAB_WALKIN: Text(
        "Een oploper aanmelden en het ticket printen", "Register a walk-in and print their ticket"
    ),
    TAB_FIND: Text(
        "Een deelnemer zoeken; een ticket opnieuw printen", "Find an attendee; reprint a ticket"
    ),
    TAB_LIST: Text(
        "Deelnemerslijst: importeren, exporteren, alle tickets als PDF",
        "Registration list: import, export, every ticket as PDF",
    ),
    TAB_LINKS: Text("Persoonlijke links per e-mail en sms", "Personal links by e-mail and SMS"),
    TAB_MODERATION: Text(
        "Post-its en foto's voor de muren beoordelen", "Review post-its and photos for the walls"
    ),
    TAB_POLLS: Text(
        "Vragen en stemmingen: teksten beoordelen, papieren telling, openen en sluiten",
        "Questions and votes: review texts, paper tallies, open and close",
    ),
    TAB_DASHBOARD: Text("Live cijfers en het verslag", "Live figures and the report"),
    TAB_CONTENT: Text("De inhoud van het evenement bewerken", "Edit the event's content"),
    TAB_COMPARE: Text(
        "Verslag van de werksessie; sessies vergelijken", "Work session report; sessions compared"
    ),
}
