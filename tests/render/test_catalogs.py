"""The message catalogs: every text the code and templates use is translated, in both languages.

Extraction runs here with the same configuration as `make messages` (babel.cfg and the
keywords N_, NN_, NP_), so a new string without a translation fails this test and names
itself; `make messages` then adds it to messages.pot and both catalogs.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

import ombud.render

ROOT = Path(__file__).resolve().parents[2]
RENDER = Path(ombud.render.__file__).parent
LOCALE = RENDER / "locale"
KEYWORDS = {**DEFAULT_KEYWORDS, "NN_": (1, 2), "NP_": ((1, "c"), 2)}
PLACEHOLDER = re.compile(r"%\((\w+)\)s|%\((\w+)\)d")

MessageKey = tuple[str | None, str | tuple[str, ...]]


def _extracted() -> set[MessageKey]:
    with (ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found: set[MessageKey] = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        ROOT, method_map, options_map, keywords=KEYWORDS
    ):
        found.add((context, message))
    return found


def _catalog(path: Path) -> Catalog:
    with path.open("rb") as po_file:
        return read_po(po_file)


def _keys(catalog: Catalog) -> set[MessageKey]:
    return {
        (m.context, tuple(m.id) if isinstance(m.id, (list, tuple)) else m.id)
        for m in catalog
        if m.id
    }


def _singular(message_id: str | tuple[str, ...]) -> str:
    return message_id[0] if isinstance(message_id, tuple) else message_id


@pytest.fixture(scope="module")
def extracted() -> set[MessageKey]:
    found = _extracted()
    assert found, "no messages extracted: is babel.cfg pointing at the templates?"
    return found


def test_messages_pot_lists_exactly_the_texts_in_use(extracted):
    pot = _keys(_catalog(LOCALE / "messages.pot"))
    assert not extracted - pot, f"run `make messages`; missing from messages.pot: {extracted - pot}"
    assert not pot - extracted, f"run `make messages`; no longer used: {pot - extracted}"


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_text_in_use_has_a_translation(extracted, lang):
    catalog = _catalog(LOCALE / lang / "LC_MESSAGES" / "ombud.po")
    untranslated = []
    for context, message_id in sorted(extracted, key=str):
        entry = catalog.get(_singular(message_id), context=context)
        strings = entry.string if entry is not None else None
        filled = all(strings) if isinstance(strings, (list, tuple)) else bool(strings)
        if entry is None or entry.fuzzy or not filled:
            untranslated.append((context, message_id))
    assert not untranslated, f"{lang}: translate these (no entry, empty or fuzzy): {untranslated}"


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_translations_use_only_placeholders_their_source_has(lang):
    catalog = _catalog(LOCALE / lang / "LC_MESSAGES" / "ombud.po")
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        allowed = {name for text in ids for pair in PLACEHOLDER.findall(text) for name in pair}
        for text in strings:
            used = {name for pair in PLACEHOLDER.findall(text) for name in pair}
            assert used - {""} <= allowed, (lang, message.id, text)
