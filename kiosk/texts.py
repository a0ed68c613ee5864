"""Every string the pillar shows, in Dutch and English."""

from __future__ import annotations

from shared.i18n import Text

SCAN_TICKET = Text("Scan je ticket", "Scan your ticket")
# the attract screen's panel of what is happening now, cycling
NOW_TOP = Text("Top 5 van nu", "Top 5 right now")
NOW_NOTES = Text("Net op de muur", "Just on the wall")
NOW_WALLS = {"top": Text("top", "top"), "tip": Text("tip", "tip")}
NOW_QUESTION = Text("Weet jij het? Scan en speel mee", "Do you know? Scan and play")
NOW_OPINION = Text("Jouw mening telt: scan en doe mee", "Your opinion counts: scan and join in")
NOW_WORKSHOP = Text("Nu in deze zaal", "In this room now")
NOW_ANONYMOUS = Text("(anoniem)", "(anonymous)")
NOW_POINTS = Text("{points} punten", "{points} points")
SCAN_HINT = Text(
    "Houd de QR-code van je ticket of telefoon voor de camera",
    "Hold the QR code on your ticket or phone up to the camera",
)
LANGUAGE_BUTTON = Text("English", "Nederlands")
WELCOME_NAMED = Text("Welkom, {name}!", "Welcome, {name}!")
WELCOME = Text("Welkom!", "Welcome!")
CHOOSE = Text("Wat wil je doen?", "What would you like to do?")
DONE = Text("Klaar", "Done")
BACK = Text("Terug", "Back")
IDLE = Text("Nog daar? De sessie sluit over {seconds} s", "Still there? Closing in {seconds} s")

MENU = {
    "workshop": Text("Workshop", "Workshop"),
    "quiz": Text("Quiz", "Quiz"),
    "feedback": Text("Top of tip", "Top or tip"),
    "polaroid": Text("Polaroid", "Polaroid"),
    "points": Text("Mijn punten", "My points"),
    "agenda": Text("Mijn agenda", "My agenda"),
    "map": Text("Plattegrond", "Venue map"),
    "opinion": Text("Jouw mening", "Your opinion"),
}
MENU_HINT = {
    "workshop": Text("Achtergrond en uitleg", "Background and details"),
    "quiz": Text("Test je kennis", "Test what you learned"),
    "feedback": Text("Anoniem op de muur", "Anonymous, on the wall"),
    "polaroid": Text("Een foto voor de muur", "A photo for the wall"),
    "points": Text("Jouw score en de top 5", "Your score and the top 5"),
    "agenda": Text("Jouw workshops", "Your workshops"),
    "map": Text("Waar is alles?", "Where is everything?"),
    "opinion": Text("Beoordelen en stemmen", "Rate and vote"),
}

PASSERBY_TITLE = Text("Welkom bij {event}", "Welcome to {event}")
PASSERBY_DESK = Text(
    "Wil je meedoen? Meld je bij de registratiebalie voor je persoonlijke ticket.",
    "Want to join in? Go to the registration desk for your personal ticket.",
)
REFUSED_TITLE = Text("Dat lukte niet", "That did not work")

QUIZ_TITLE = Text("Quiz: vraag {number} van {total}", "Quiz: question {number} of {total}")
QUIZ_TRUE = Text("Waar", "True")
QUIZ_FALSE = Text("Niet waar", "False")
QUIZ_RIGHT = Text("Goed!", "Correct!")
QUIZ_WRONG = Text("Net niet — hier leer je van.", "Not quite — now you know.")
MENU_QUIZ_PROGRESS = Text("{done} van {total} vragen", "{done} of {total} questions")
MENU_QUIZ_DONE = Text("Alle {total} vragen gedaan", "All {total} questions done")
MENU_OPINION_OPEN = Text("Nog te beantwoorden: {count}", "Still to answer: {count}")
MENU_OPINION_DONE = Text("Alles beantwoord, dank je!", "All answered, thank you!")
MENU_POINTS_EARNED = Text("+{points} punten vandaag", "+{points} points today")
QUIZ_RIGHT_ANSWER = Text("Het goede antwoord: {answer}", "The right answer: {answer}")
QUIZ_POINTS = Text("+{points} punten", "+{points} points")
QUIZ_NO_POINTS = Text(
    "Al eerder beantwoord: telt niet opnieuw", "Answered before: not counted again"
)
QUIZ_NEXT = Text("Volgende vraag", "Next question")
QUIZ_FINISHED = Text(
    "Je hebt alle vragen van deze workshop beantwoord!",
    "You answered every question of this workshop!",
)
QUIZ_EARNED = Text("Deze sessie: {points} punten", "This session: {points} points")
QUIZ_NONE = Text("Deze workshop heeft geen quizvragen.", "This workshop has no quiz questions.")

FEEDBACK_TITLE = Text("Top of tip?", "Top or tip?")
FEEDBACK_TOP = Text("Top: wat ging goed", "Top: what went well")
FEEDBACK_TIP = Text("Tip: wat kan beter", "Tip: what could be better")
FEEDBACK_ANONYMOUS = Text(
    "Je bericht is anoniem: je naam staat er niet bij. Het kan worden gemodereerd voor het"
    " op de muur komt.",
    "Your message is anonymous: your name is not attached. It may be moderated before it"
    " appears on the wall.",
)
FEEDBACK_PLACEHOLDER = Text("Typ hier je bericht…", "Type your message here…")
FEEDBACK_SEND = Text("Plaatsen", "Post")
FEEDBACK_SENT = Text(
    "Bedankt! Je bericht komt binnen een minuut op de {wall}, samen met de andere berichten"
    " van die minuut: zo weet niemand dat het van jou is.",
    "Thank you! Your message reaches the {wall} within a minute, together with the others"
    " of that minute: that way nobody can tell it is yours.",
)
FEEDBACK_SENT_HELD = Text(
    "Bedankt! Je bericht gaat binnen een minuut naar de moderatie, samen met de andere"
    " berichten van die minuut, en komt na goedkeuring op de {wall}: zo weet niemand dat het"
    " van jou is.",
    "Thank you! Your message goes to the moderators within a minute, together with the others"
    " of that minute, and reaches the {wall} once approved: that way nobody can tell it is"
    " yours.",
)
FEEDBACK_BONUS = Text("+{points} bonuspunten", "+{points} bonus points")
FEEDBACK_COUNT = Text("{count} / {limit}", "{count} / {limit}")
WALL_NAME = {
    "top": Text("jubelmuur", "wall of praise"),
    "tip": Text("klaagmuur", "wall of tips"),
}

POLAROID_TITLE = Text("Polaroid voor de muur", "A polaroid for the wall")
POLAROID_TAKE = Text("Maak foto", "Take photo")
POLAROID_RETAKE = Text("Opnieuw", "Retake")
POLAROID_KEEP = Text("Plaatsen", "Post")
POLAROID_CAPTION = Text("Onderschrift (mag leeg blijven)", "Caption (optional)")
POLAROID_CONSENT = Text(
    "Iedereen op de foto vindt het goed dat hij op de muur komt",
    "Everyone in the photo agrees to it being shown on the wall",
)
POLAROID_ANONYMOUS = Text(
    "Anoniem, zoals een post-it. Foto's worden eerst bekeken.",
    "Anonymous, like a post-it. Photos are checked first.",
)
POLAROID_SENT = Text(
    "Bedankt! Je foto gaat binnen een minuut naar de muur, samen met de andere van die minuut,"
    " en verschijnt na goedkeuring.",
    "Thank you! Your photo goes to the wall within a minute, together with the others of that"
    " minute, and appears once approved.",
)
POLAROID_SENT_SHOWN = Text(
    "Bedankt! Je foto gaat binnen een minuut naar de muur, samen met de andere van die minuut.",
    "Thank you! Your photo goes to the wall within a minute, together with the others of that"
    " minute.",
)
POLAROID_NO_CAMERA = Text("Er is nog geen camerabeeld.", "There is no camera image yet.")

POINTS_TITLE = Text("Mijn punten", "My points")
POINTS_MINE = Text("{points} punten", "{points} points")
POINTS_RANK = Text("Plaats {rank}", "Rank {rank}")
POINTS_NO_RANK = Text("Nog geen plaats: speel de quiz!", "No rank yet: play the quiz!")
POINTS_TOP = Text("Top 5", "Top 5")
POINTS_HIDDEN = Text("Deelnemer", "Participant")
POINTS_OFFLINE = Text("Laatst bekende stand", "Last known standings")
POINTS_SESSION = Text(
    "+{points} bonuspunten zijn onderweg (ze tellen over een minuutje mee)",
    "+{points} bonus points are on their way (they count in a minute or so)",
)
POINTS_NOBODY = Text(
    "Nog niemand heeft punten: wees de eerste!", "Nobody has points yet: be the first!"
)

AGENDA_TITLE = Text("Mijn agenda", "My agenda")
MAP_TITLE = Text("Plattegrond", "Venue map")
MAP_HERE = Text("Je bent hier", "You are here")
WORKSHOP_NONE = Text("Deze zuil hoort bij geen workshop.", "This pillar belongs to no workshop.")

STAFF_TITLE = Text("Beheer", "Staff")
STAFF_PIN = Text("Pincode", "PIN")
STAFF_WRONG_PIN = Text("Onjuiste pincode", "Wrong PIN")
STAFF_HUB = Text("Hub-adres", "Hub address")
STAFF_CODE = Text("Koppelcode", "Pairing code")
STAFF_PAIR = Text("Koppelen", "Pair")
STAFF_PAIRED = Text("Gekoppeld als zuil #{device}", "Paired as pillar #{device}")
STAFF_WORKSHOP = Text("Workshop van deze zuil", "This pillar's workshop")
STAFF_CAMERA = Text("Camera", "Camera")
STAFF_CONNECTION = Text("Verbinding met de hub", "Connection to the hub")
STAFF_PLACE = Text("Deze zuil", "This pillar")
STAFF_SYNC = Text(
    "Wachtrij: {queued} · laatste contact: {contact} · klokverschil: {offset}",
    "Queue: {queued} · last contact: {contact} · clock offset: {offset}",
)
STAFF_STUCK = Text(
    "{count} actie(s) vastgelopen: de hub kan ze niet verwerken. Ze blijven bewaard.",
    "{count} action(s) stuck: the hub cannot process them. They are kept.",
)
STAFF_RETRY_STUCK = Text("Vastgelopen opnieuw proberen", "Retry stuck actions")
STAFF_NEVER = Text("nog nooit", "never")
STAFF_TEST = Text("Testscan", "Test scan")
STAFF_TEST_RESULT = Text("Testscan: {verdict}", "Test scan: {verdict}")
STAFF_CLOSE = Text("Sluiten", "Close")
STAFF_QUIT = Text("Zuil afsluiten", "Quit pillar")
STAFF_CONTRAST = Text("Hoog contrast", "High contrast")
STATUS_ONLINE = Text("verbonden", "online")
STATUS_OFFLINE = Text("offline: {queued} in wachtrij", "offline: {queued} queued")

# -- questions of opinion: ratings, recommend, polls, naming votes, open questions ----------
OPINION_TITLE = Text(
    "Jouw mening · vraag {number} van {total}", "Your opinion · question {number} of {total}"
)
OPINION_AFTER_QUIZ = Text("Geef je mening ({count})", "Give your opinion ({count})")
OPINION_ANONYMOUS = Text(
    "Anoniem: je antwoord staat los van je ticket.",
    "Anonymous: your answer is kept apart from your ticket.",
)
OPINION_SEND = Text("Versturen", "Send")
OPINION_SKIP = Text("Overslaan", "Skip")
OPINION_THANKS = Text("Bedankt! Je antwoord telt mee.", "Thank you! Your answer counts.")
OPINION_GONE = Text(
    "Die vraag is net gesloten: je antwoord is niet verstuurd.",
    "That question just closed: your answer was not sent.",
)
OPINION_FINISHED = Text("Bedankt voor je mening!", "Thank you for your opinion!")
OPINION_FINISHED_BODY = Text(
    "Je hebt alle vragen van dit moment gehad.\nLater op de dag kunnen er nieuwe openen.",
    "You have seen every question open right now.\nNew ones may open later in the day.",
)
OPINION_NONE = Text(  # broken by hand: the label does not wrap (see OpinionScreen)
    "Er staan op dit moment\ngeen vragen voor je open.",
    "There are no questions open\nfor you at the moment.",
)
RESULTS_SHOWN = {
    "live": Text("De uitslag groeit live op de muur.", "The results grow live on the wall."),
    "after_close": Text(
        "De uitslag komt op de muur na sluiting.", "The results reach the wall once it closes."
    ),
    "organiser": Text(
        "Alleen de organisatie ziet de uitslag.", "Only the organisers see the results."
    ),
}

RATING_WORKSHOP = Text("Wat vond je van deze workshop?", "What did you think of this workshop?")
RATING_SUBJECT = Text("Wat vond je van {subject}?", "What did you think of {subject}?")
RATING_PICK = Text("Tik op een ster", "Tap a star")
RATING_CHOSEN = Text("{stars} van 5 sterren: {word}", "{stars} of 5 stars: {word}")
RATING_WORDS = {
    1: Text("slecht", "poor"),
    2: Text("matig", "fair"),
    3: Text("redelijk", "okay"),
    4: Text("goed", "good"),
    5: Text("uitstekend", "excellent"),
}
RATING_STAR = Text("{stars} sterren", "{stars} stars")
RATING_COMMENT = Text("Opmerking toevoegen", "Add a comment")
RATING_COMMENT_HINT = Text(
    "Je opmerking wordt eerst bekeken, net als een post-it.",
    "Your comment is checked first, like a post-it.",
)
RATING_COMMENT_PLACEHOLDER = Text("Typ hier je opmerking…", "Type your comment here…")

RECOMMEND = Text(
    "Hoe waarschijnlijk is het dat je {subject} aanbeveelt aan een collega?",
    "How likely is it that you would recommend {subject} to a colleague?",
)
RECOMMEND_EVENT = Text("dit evenement", "this event")
RECOMMEND_LOW = Text("0 = helemaal niet waarschijnlijk", "0 = not at all likely")
RECOMMEND_HIGH = Text("10 = zeer waarschijnlijk", "10 = extremely likely")

POLL_ONE = Text("Kies één antwoord.", "Choose one answer.")
POLL_UP_TO = Text("Kies er maximaal {count}.", "Choose up to {count}.")
POLL_CHOSEN = Text(
    "Kies er maximaal {count}: {chosen} gekozen.", "Choose up to {count}: {chosen} chosen."
)

VOTE_PROPOSE = Text(
    "Doe een voorstel. Een redacteur bekijkt elk voorstel; daarna stemt iedereen over de"
    " goedgekeurde.",
    "Make a proposal. An editor checks each one; then everyone votes among those approved.",
)
VOTE_PLACEHOLDER = Text("Jouw voorstel…", "Your proposal…")
VOTE_CHOOSE = Text("Stem op één voorstel.", "Vote for one proposal.")

OPEN_HINT = Text(
    "Je antwoord wordt eerst bekeken; de woorden komen in de woordwolk op de muur.",
    "Your answer is checked first; its words join the word cloud on the wall.",
)
OPEN_PLACEHOLDER = Text("Typ hier je antwoord…", "Type your answer here…")
TEXT_COUNT = Text("{count} / {limit}", "{count} / {limit}")
