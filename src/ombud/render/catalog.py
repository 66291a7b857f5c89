"""Swedish and English texts: Babel message catalogs, read from their `.po` files.

The `.po` files under `locale/` are the only source of the translations. They are
compiled in memory the first time a language is used, so there is no build step and
no binary `.mo` file to keep in step with its source. Source strings (msgids) are
English; `messages.pot` lists them and `make messages` re-extracts it.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from io import BytesIO
from typing import Literal, get_args

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

Lang = Literal["sv", "en"]
LANGUAGES: tuple[Lang, ...] = get_args(Lang)
DOMAIN = "ombud"

BABEL_LOCALE: dict[Lang, str] = {"sv": "sv_SE", "en": "en_GB"}
"""The Babel locale each language is written in: Swedish as in Sweden, British English."""


def N_(message: str) -> str:
    """Mark `message` for extraction; it is translated where it is used."""
    return message


def NN_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a singular and plural for extraction; translated later with `ngettext`."""
    return singular, plural


def NP_(context: str, message: str) -> tuple[str, str]:
    """Mark `message` in `context` for extraction; translated later with `pgettext`."""
    return context, message


def catalog_path(lang: Lang) -> str:
    """Where the `.po` file of `lang` lives, relative to the `ombud.render` package."""
    return f"locale/{lang}/LC_MESSAGES/{DOMAIN}.po"


@cache
def translations(lang: Lang) -> Translations:
    """The compiled catalog of `lang`; fuzzy entries are left out, as msgfmt does."""
    if lang not in LANGUAGES:
        raise ValueError(f"got language {lang!r}; expected one of: {', '.join(LANGUAGES)}")
    source = resources.files("ombud.render").joinpath(catalog_path(lang))
    with source.open("rb") as po_file:
        catalog = read_po(po_file, locale=lang, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)
