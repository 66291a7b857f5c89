"""The Jinja2 environments the templates render in: one per language and output format.

HTML is autoescaped, so a declared text can never inject markup; Markdown is not,
because escaping would show entities to the reader. Texts come from the message
catalogs through Jinja2's i18n extension (`_`, `ngettext`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Literal

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from ombud.render.catalog import Lang, translations
from ombud.render.wording import list_phrase

Format = Literal["markdown", "html"]

_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_EMPTY_CELL = "–"


def _oneline(text: str) -> str:
    """Text folded onto one line, so it cannot break a Markdown list item or heading."""
    return " ".join(str(text).split())


def _paragraphs(text: str) -> list[str]:
    """Text split at its blank lines; already escaped text stays marked as such."""
    parts = [part for part in _PARAGRAPH_BREAK.split(text) if part.strip()]
    # re.split returns plain str even for Markup; re-mark it so it is not escaped twice.
    return [Markup(part) for part in parts] if isinstance(text, Markup) else parts


def _web_address(url: str) -> bool:
    """Only http(s) addresses become links, so a declared `javascript:` URL stays inert text."""
    return str(url).lower().startswith(("https://", "http://"))


def _cell_value(value: object, lang: Lang) -> str:
    if value is None or value == "" or value == ():
        return _EMPTY_CELL
    if isinstance(value, str):
        return value
    assert isinstance(value, Iterable)
    return list_phrase([str(v) for v in value], lang) or _EMPTY_CELL


def _markdown_cell(value: object, lang: Lang) -> str:
    """A Markdown table cell: on one line, with its pipes escaped."""
    return _oneline(_cell_value(value, lang)).replace("|", "\\|")


@cache
def environment(lang: Lang, fmt: Format) -> Environment:
    """The environment for `lang` and `fmt`, with the catalog of `lang` installed."""
    html = fmt == "html"
    env = Environment(
        loader=PackageLoader("ombud.render", "templates"),
        autoescape=html,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.tests["web_address"] = _web_address
    env.filters["oneline"] = _oneline
    env.filters["paragraphs"] = _paragraphs
    env.filters["join_list"] = lambda items: list_phrase(items, lang)
    cell = _cell_value if html else _markdown_cell
    env.filters["cell"] = lambda value: cell(value, lang)
    return env


def tidy(text: str) -> str:
    """Rendered text with runs of blank lines folded into one and a single final newline."""
    return _BLANK_LINES.sub("\n\n", text).strip() + "\n"
