"""Screening: find identifiers and special-category data in free text.

`screen(text)` returns `Finding`s (character offsets, `Kind`, confidence) for
Swedish and English text: personnummer and other identifiers validated by their
checksums, and GDPR Art. 9 special categories and Art. 10 criminal-offence data
found by lexicons that know Swedish compounds. The CLI, the API and the intake
all use this one engine.
"""

from ombud.screening.detect import screen
from ombud.screening.model import CATEGORY_KINDS, IDENTIFIER_KINDS, SPECIAL_KINDS, Finding, Kind

__all__ = ["CATEGORY_KINDS", "IDENTIFIER_KINDS", "SPECIAL_KINDS", "Finding", "Kind", "screen"]
