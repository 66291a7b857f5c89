"""Fill the English catalog's empty entries with their source text (msgids are English).

Usage: python scripts/fill_english_catalog.py src/ombud/render/locale/en/LC_MESSAGES/ombud.po
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po


def fill(path: Path) -> int:
    """Copy each empty msgstr from its msgid; return how many were filled."""
    with path.open("rb") as po_file:
        catalog = read_po(po_file, locale="en", domain="ombud")
    filled = 0
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            if not all(message.string):
                message.string = message.id
                filled += 1
        elif not message.string:
            message.string = message.id
            filled += 1
    with path.open("wb") as po_file:
        write_po(po_file, catalog, omit_header=False, no_location=True, ignore_obsolete=True)
    return filled


if __name__ == "__main__":
    for argument in sys.argv[1:]:
        print(f"{argument}: filled {fill(Path(argument))} English entries")
