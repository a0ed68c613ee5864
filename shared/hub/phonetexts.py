"""Every text of the phone pages, in Dutch and English (the templates ask by key)."""

from __future__ import annotations

from collections.abc import Mapping

from shared.i18n import Text

TEXTS: Mapping[str, Text] = {
    "other_language": Text("English", "Nederlands"),
    "skip": Text("Naar de inhoud", "Skip to content"),
    "nav": Text("Hoofdmenu", "Main menu"),
    "nav_home": Text("Start", "Home"),
    "nav_agenda": Text("Programma", "Programme"),
    "nav_map": Text("Plattegrond", "Map"),
    "hello": Text("Hallo {name}", "Hello {name}"),
    "score": Text("Jouw score", "Your score"),
    "points": Text("Punten", "Points"),
    "rank": Text("Plaats", "Rank"),
    "no_rank": Text("nog geen plaats", "no rank yet"),
    "top": Text("Top 5", "Top 5"),
    "anonymous": Text("anoniem", "anonymous"),
    "no_top": Text("Nog niemand heeft punten.", "Nobody has points yet."),
    "ticket": Text("Jouw ticket", "Your ticket"),
    "ticket_qr": Text(
        "QR-code van je ticket: laat hem zien aan de camera van een zuil.",
        "Your ticket's QR code: show it to the camera of a pillar.",
    ),
    "visited": Text("Jouw workshops", "Your workshops"),
    "visited_none": Text(
        "Scan de QR-code op een zuil om een workshop hier te openen.",
        "Scan the QR code on a pillar to open a workshop here.",
    ),
    "agenda": Text("Jouw programma", "Your programme"),
    "agenda_empty": Text("Er staat nog niets op je programma.", "Your programme is empty."),
    "map": Text("Plattegrond", "Map"),
    "map_image": Text(
        "Plattegrond van de locatie met de workshops genummerd",
        "Map of the venue with the workshops numbered",
    ),
    "workshops": Text("Workshops", "Workshops"),
    "room": Text("Zaal: {room}", "Room: {room}"),
    "when": Text("Tijd: {when}", "Time: {when}"),
    "info": Text("Over deze workshop", "About this workshop"),
    "desk": Text(
        "Wil je meedoen met de quiz en tops en tips? Meld je bij de registratiebalie voor"
        " je persoonlijke link, of open eerst de link uit je e-mail of sms.",
        "Want to join the quiz and leave tops and tips? Go to the registration desk for your"
        " personal link, or first open the link from your e-mail or text message.",
    ),
    "quiz": Text("Quiz", "Quiz"),
    "quiz_question": Text("Vraag {number}", "Question {number}"),
    "quiz_done": Text(
        "Je hebt alle vragen van deze workshop beantwoord!",
        "You answered every question of this workshop!",
    ),
    "quiz_none": Text("Deze workshop heeft geen quiz.", "This workshop has no quiz."),
    "true": Text("Waar", "True"),
    "false": Text("Niet waar", "False"),
    "right": Text("Goed!", "Correct!"),
    "wrong": Text("Helaas, dat is niet goed.", "Sorry, that is not right."),
    "right_answer": Text("Het goede antwoord: {answer}", "The right answer: {answer}"),
    "plus_points": Text("+{points} punten", "+{points} points"),
    "not_counted": Text(
        "Al eerder beantwoord: telt niet opnieuw", "Answered before: not counted again"
    ),
    "your_answer": Text("Jouw antwoord: {answer}", "Your answer: {answer}"),
    "feedback": Text("Top of tip", "Top or tip"),
    "feedback_intro": Text(
        "Anoniem: je naam staat er niet bij. Je krijgt er wel bonuspunten voor.",
        "Anonymous: your name is not shown with it. You do get bonus points for it.",
    ),
    "wall": Text("Waar hoort het bij?", "Where does it belong?"),
    "wall_top": Text("Top: wat ging goed", "Top: what went well"),
    "wall_tip": Text("Tip: wat kan beter", "Tip: what could be better"),
    "note_label": Text(
        "Jouw top of tip (max. 500 tekens)", "Your top or tip (max. 500 characters)"
    ),
    "post": Text("Plaatsen", "Post"),
    "posted": Text("Bedankt! Je bericht is geplaatst.", "Thank you! Your message was posted."),
    "sending": Text("Geen verbinding: wordt verstuurd…", "No connection: will be sent…"),
    "sending_short": Text("wordt verstuurd…", "sending…"),
    "sent": Text("Alles is verstuurd.", "Everything has been sent."),
    "rejected": Text("Dit kon niet worden verwerkt.", "This could not be processed."),
    "no_session_title": Text("Open eerst je persoonlijke link", "First open your personal link"),
    "no_session": Text(
        "Open de link uit je e-mail of sms, of scan de QR-code op je ticket met je camera."
        " Geen link? Meld je bij de registratiebalie.",
        "Open the link from your e-mail or text message, or scan the QR code on your ticket"
        " with your camera. No link? Go to the registration desk.",
    ),
    "link_title": Text("Jouw ticket", "Your ticket"),
    "replaced": Text(
        "Dit ticket is vervangen door een nieuw ticket. Gebruik de nieuwste link, of vraag je"
        " ticket aan de registratiebalie.",
        "This ticket has been replaced by a new one. Use your newest link, or ask at the"
        " registration desk.",
    ),
    "unknown": Text(
        "Deze link kennen we niet. Controleer de link, of vraag je ticket aan de registratiebalie.",
        "We do not recognise this link. Check the link, or ask at the registration desk.",
    ),
    "not_now": Text(
        "Dit ticket is nu niet geldig. Vraag bij de registratiebalie naar je ticket.",
        "This ticket is not valid now. Please ask at the registration desk.",
    ),
    "unknown_workshop": Text(
        "Deze workshop kennen we niet. Kijk op de plattegrond.",
        "We do not know this workshop. Have a look at the map.",
    ),
    "slow_down_title": Text("Even geduld", "Just a moment"),
    "slow_down": Text(
        "Je stuurt heel veel tegelijk. Wacht {seconds} seconden en probeer het dan opnieuw.",
        "You are sending a lot at once. Wait {seconds} seconds, then try again.",
    ),
    "forbidden_title": Text("Dat lukte niet", "That did not work"),
    "forbidden": Text(
        "Deze pagina was verlopen. Ga terug, laad de pagina opnieuw en probeer het nog eens.",
        "This page had expired. Go back, reload the page and try again.",
    ),
    "back_home": Text("Naar de startpagina", "To the home page"),
}


def translator(lang: str) -> dict[str, str]:
    """Every text in one language, for a template (``t.key`` or ``t['key']``)."""
    return {key: text(lang) for key, text in TEXTS.items()}
