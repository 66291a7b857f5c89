"""Read one e-mail message: its sender, its text and the language it is written in.

Pure: bytes in, an `IncomingMail` out, with the standard library's `email` package
(`policy.default`). The text is the text/plain part, else the HTML part stripped
of its markup.
"""

from __future__ import annotations

import email
import re
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import default
from email.utils import parseaddr
from html.parser import HTMLParser

# A few of the commonest words of each language: enough to tell a Swedish message
# from an English one, which is all the reply needs.
_ENGLISH = frozenset(
    "the and you your is are have has with for this that not would please thanks "
    "hello dear regards my i".split()
)
_SWEDISH = frozenset(
    "och att det som jag är har inte med för på en ett du din mitt min vi hej tack "
    "hälsningar kan vill".split()
)
_WORD = re.compile(r"[a-zåäö]+")


@dataclass(frozen=True)
class IncomingMail:
    """What the intake needs of one message."""

    sender: str
    text: str
    lang: str


def parse_message(raw: bytes) -> IncomingMail | None:
    """The sender (From), text and language of a message; None without a sender or text."""
    message = email.message_from_bytes(raw, policy=default)
    if not isinstance(message, EmailMessage):
        return None
    sender = parseaddr(str(message.get("From", "")))[1]
    text = _text_of(message)
    if "@" not in sender or not text.strip():
        return None
    return IncomingMail(sender, text.strip(), guess_language(text))


def _text_of(message: EmailMessage) -> str:
    plain = message.get_body(preferencelist=("plain",))
    if plain is not None:
        return str(plain.get_content())
    html = message.get_body(preferencelist=("html",))
    return strip_html(str(html.get_content())) if html is not None else ""


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skipping += 1
        elif tag in ("br", "p", "div", "li", "tr"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def strip_html(html: str) -> str:
    """The text of an HTML body: tags, scripts and styles removed, entities decoded."""
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


def guess_language(text: str) -> str:
    """'en' when the text has more common English words than Swedish ones, else 'sv'."""
    words = _WORD.findall(text.lower())
    english = sum(word in _ENGLISH for word in words)
    swedish = sum(word in _SWEDISH for word in words)
    return "en" if english > swedish else "sv"
