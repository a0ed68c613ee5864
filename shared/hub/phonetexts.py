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
    "back": Text("Terug naar de vraag", "Back to the question"),
    # -- questions of opinion: ratings, recommend, polls, naming votes, open questions
    "opinion": Text("Jouw mening", "Your opinion"),
    "opinion_event": Text("Vragen van dit moment", "Questions right now"),
    "opinion_intro": Text(
        "Anoniem: je antwoord staat los van je ticket. Je kunt elke vraag overslaan, en je"
        " hebt alle tijd.",
        "Anonymous: your answer is kept apart from your ticket. You can skip any question,"
        " and take all the time you need.",
    ),
    "not_there_workshop": Text(
        "Je mening over deze workshop geven kan zodra je hier bent geweest: scan je ticket"
        " bij de zuil van deze workshop, of scan de QR-code op die zuil met je telefoon.",
        "You can give your opinion on this workshop once you have been here: scan your"
        " ticket at this workshop's pillar, or scan the QR code on that pillar with your"
        " phone.",
    ),
    "not_there_event": Text(
        "Meedoen kan zodra je er bent: scan je ticket bij een zuil, of scan de QR-code op een"
        " zuil met je telefoon.",
        "You can take part once you are here: scan your ticket at a pillar, or scan the QR"
        " code on a pillar with your phone.",
    ),
    "rating_workshop": Text(
        "Wat vond je van deze workshop?", "What did you think of this workshop?"
    ),
    "rating_subject": Text("Wat vond je van {subject}?", "What did you think of {subject}?"),
    "rating_1": Text("1 ster: slecht", "1 star: poor"),
    "rating_2": Text("2 sterren: matig", "2 stars: fair"),
    "rating_3": Text("3 sterren: redelijk", "3 stars: okay"),
    "rating_4": Text("4 sterren: goed", "4 stars: good"),
    "rating_5": Text("5 sterren: uitstekend", "5 stars: excellent"),
    "rating_comment": Text(
        "Opmerking (mag leeg blijven, max. 280 tekens)",
        "Comment (may stay empty, max. 280 characters)",
    ),
    "rating_comment_hint": Text(
        "Je opmerking wordt eerst bekeken, net als een post-it.",
        "Your comment is checked first, like a post-it.",
    ),
    "recommend": Text(
        "Hoe waarschijnlijk is het dat je {subject} aanbeveelt aan een collega?",
        "How likely is it that you would recommend {subject} to a colleague?",
    ),
    "recommend_event": Text("dit evenement", "this event"),
    "recommend_scale": Text(
        "0 = helemaal niet waarschijnlijk, 10 = zeer waarschijnlijk",
        "0 = not at all likely, 10 = extremely likely",
    ),
    "poll_one": Text("Kies één antwoord.", "Choose one answer."),
    "poll_up_to": Text("Kies er maximaal {count}.", "Choose up to {count}."),
    "pick_first": Text("Kies eerst een antwoord.", "Choose an answer first."),
    "vote_propose": Text(
        "Doe een voorstel. Een redacteur bekijkt elk voorstel; daarna stemt iedereen over de"
        " goedgekeurde.",
        "Make a proposal. An editor checks each one; then everyone votes among those approved.",
    ),
    "vote_label": Text("Jouw voorstel (max. 60 tekens)", "Your proposal (max. 60 characters)"),
    "vote_choose": Text("Stem op één voorstel.", "Vote for one proposal."),
    "open_label": Text("Jouw antwoord (max. 280 tekens)", "Your answer (max. 280 characters)"),
    "open_hint": Text(
        "Je antwoord wordt eerst bekeken; de woorden komen in de woordwolk op de muur.",
        "Your answer is checked first; its words join the word cloud on the wall.",
    ),
    "send": Text("Versturen", "Send"),
    "skip_poll": Text("Overslaan", "Skip"),
    "skipped": Text("Overgeslagen.", "Skipped."),
    "unskip": Text("Toch beantwoorden", "Answer after all"),
    "held": Text(
        "Ontvangen; je antwoord gaat samen met de antwoorden van deze minuut…",
        "Received; your answer goes in together with this minute's answers…",
    ),
    "thanks": Text("Bedankt! Je antwoord telt mee.", "Thank you! Your answer counts."),
    "thanks_proposal": Text(
        "Bedankt! Je voorstel is binnen. Zodra de stemming opent, kun je hier stemmen.",
        "Thank you! Your proposal is in. Once the vote opens, you can vote here.",
    ),
    "done_answer": Text(
        "Je hebt deze vraag beantwoord. Bedankt!", "You have answered this question. Thank you!"
    ),
    "results_live": Text(
        "De uitslag groeit live op de muur.", "The results grow live on the wall."
    ),
    "results_after_close": Text(
        "De uitslag komt op de muur na sluiting.", "The results reach the wall once it closes."
    ),
    "results_organiser": Text(
        "Alleen de organisatie ziet de uitslag.", "Only the organisers see the results."
    ),
    "refused_answered": Text(
        "Je had deze vraag al beantwoord (misschien bij een zuil): je antwoord telt één keer.",
        "You had already answered this question (perhaps at a pillar): your answer counts once.",
    ),
    "refused_closed": Text(
        "Deze vraag staat nu niet (meer) open, dus je antwoord telt niet mee. Laad de pagina"
        " opnieuw voor de vragen van dit moment.",
        "This question is not open (any more), so your answer was not counted. Reload the page"
        " for the questions open right now.",
    ),
    "refused_not_there": Text(
        "Je ticket is hier nog niet gescand. Scan je ticket bij de zuil, of de QR-code op de"
        " zuil met je telefoon, en probeer het dan opnieuw.",
        "Your ticket has not been scanned here yet. Scan your ticket at the pillar, or the QR"
        " code on the pillar with your phone, then try again.",
    ),
    "refused_invalid": Text(
        "Dit antwoord kon niet worden verwerkt. Kijk het na en probeer het opnieuw.",
        "This answer could not be processed. Check it and try again.",
    ),
    "refused_title": Text("Niet meegeteld", "Not counted"),
    # -- dot voting in a work session
    "dots": Text("Stemmen met stippen", "Dot voting"),
    "dots_open": Text("Verdeel je stippen: {title}", "Spend your dots: {title}"),
    "dots_progress": Text(
        "Gestemd op {voted} van {total} vragen", "Voted on {voted} of {total} questions"
    ),
    "dots_intro": Text(
        "Je hebt {dots} stippen per vraag. Zet ze op de ideeën die jij het belangrijkst vindt."
        " Je stemt één keer per vraag; stippen die je niet gebruikt vervallen. Niemand ziet"
        " waar jouw stippen staan.",
        "You have {dots} dots per question. Put them on the ideas you find most important."
        " You vote once per question; dots you do not use are lost. Nobody sees where your"
        " dots are.",
    ),
    "dots_per_idea": Text(
        "Je mag tot {count} stippen op één idee zetten.",
        "You may put up to {count} dots on one idea.",
    ),
    "dots_used": Text("{used} van {dots} stippen gebruikt", "{used} of {dots} dots used"),
    "dots_too_many": Text(
        "Te veel stippen: je hebt er {dots} per vraag.",
        "Too many dots: you have {dots} per question.",
    ),
    "dots_send": Text("Stippen versturen", "Send my dots"),
    "dots_thanks": Text(
        "Bedankt! Je stippen zijn geteld. De uitslag volgt na de stemming.",
        "Thank you! Your dots were counted. The results follow after the vote.",
    ),
    "dots_done": Text(
        "Je hebt je stippen voor deze vraag verdeeld. Bedankt!",
        "You have spent your dots on this question. Thank you!",
    ),
    "dots_refused_answered": Text(
        "Je had je stippen voor deze vraag al verdeeld: ze tellen één keer.",
        "You had already spent your dots on this question: they count once.",
    ),
    "dots_refused_closed": Text(
        "De stemming is gesloten, dus je stippen tellen niet mee.",
        "The vote has closed, so your dots were not counted.",
    ),
    "dots_not_open": Text(
        "Het stemmen met stippen is nu niet open. De facilitator opent het na het verzamelen"
        " en ordenen van de ideeën.",
        "Dot voting is not open now. The facilitator opens it once the ideas have been"
        " gathered and sorted.",
    ),
    "dots_none": Text("Bij deze vraag staan geen ideeën.", "This question has no ideas."),
    "dots_other": Text("Overige ideeën", "Other ideas"),
    "dots_idea": Text("Stippen voor: {idea}", "Dots for: {idea}"),
    "unknown_session": Text(
        "Deze sessie kennen we niet. Ga naar de startpagina.",
        "We do not know this session. Go to the home page.",
    ),
}


def translator(lang: str) -> dict[str, str]:
    """Every text in one language, for a template (``t.key`` or ``t['key']``)."""
    return {key: text(lang) for key, text in TEXTS.items()}
