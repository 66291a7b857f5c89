"""The intake's words to a sender, in Swedish and English. Placeholders are `str.format` fields."""

from __future__ import annotations

from typing import Any

from ombud.declaration.model import Text

REJECTED_SUBJECT = Text(
    sv="Ditt meddelande till {controller} har raderats",
    en="Your message to {controller} has been deleted",
)

REJECTED_BODY = Text(
    sv="Hej!\n\nDitt meddelande innehöll känsliga personuppgifter, till exempel om hälsa, "
    "religion eller politiska åsikter. Enligt vår integritetspolicy tar vi inte emot sådana "
    "uppgifter på det här sättet, så meddelandet har raderats och inget av det har sparats."
    "\n\nSkriv gärna igen utan de uppgifterna, eller kontakta oss på annat sätt.\n\n"
    "{controller}",
    en="Hello,\n\nYour message contained sensitive personal data, such as health, religion "
    "or political opinions. Under our privacy policy we do not accept such data this way, "
    "so the message has been deleted and nothing of it was kept.\n\nPlease write again "
    "without that data, or contact us another way.\n\n{controller}",
)


def rejection(reply: Text | None, lang: str, **fields: Any) -> tuple[str, str]:
    """The subject and body of the reply to a rejected sender, in `lang` (sv unless en)."""
    lang = "en" if lang == "en" else "sv"
    body = (reply or REJECTED_BODY)[lang]
    return REJECTED_SUBJECT[lang].format(**fields), body.format(**fields)
