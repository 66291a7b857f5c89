"""Retention rules in words, for the access report (Art. 15(1)(d)).

A seam: `ombud.render.wording` will give the reviewed sv/en wording of retention
rules; until then this plain version is used, with the same signature.
"""

from __future__ import annotations

from ombud.declaration.model import Purpose
from ombud.retention import Duration, RetentionRule

_UNITS = {
    "sv": {
        "years": ("år", "år"),
        "months": ("månad", "månader"),
        "weeks": ("vecka", "veckor"),
        "days": ("dag", "dagar"),
        "hours": ("timme", "timmar"),
    },
    "en": {
        "years": ("year", "years"),
        "months": ("month", "months"),
        "weeks": ("week", "weeks"),
        "days": ("day", "days"),
        "hours": ("hour", "hours"),
    },
}


def _period(duration: Duration, lang: str) -> str:
    parts = []
    for unit, (one, many) in _UNITS[lang].items():
        amount = getattr(duration, unit)
        if amount:
            parts.append(f"{amount} {one if amount == 1 else many}")
    return " ".join(parts) or "0"


def _event(name: str) -> str:
    return name.replace("_", " ")


def retention_words(rule: RetentionRule | None, lang: str) -> str:
    """The rule as a sentence: "36 months after membership ended" / "36 månader efter …"."""
    lang = "en" if lang == "en" else "sv"
    if rule is None:
        return "as long as the purpose needs it" if lang == "en" else "så länge ändamålet kräver"
    if rule.session:
        return "until the session ends" if lang == "en" else "tills sessionen avslutas"
    parts = []
    if rule.keep is not None:
        after = " and ".join(_event(e) for e in rule.after)
        if lang == "en":
            counted = (
                ", counted from the end of that year" if rule.counted_from == "end_of_year" else ""
            )
            parts.append(f"{_period(rule.keep, lang)} after {after}{counted}")
        else:
            counted = ", räknat från årets slut" if rule.counted_from == "end_of_year" else ""
            parts.append(f"{_period(rule.keep, lang)} efter {after}{counted}")
    if rule.until is not None:
        parts.append(
            f"until {_event(rule.until)}" if lang == "en" else f"tills {_event(rule.until)}"
        )
    joiner = ", or " if lang == "en" else ", eller "
    return joiner.join(parts)


def purpose_retention_words(purpose: Purpose, lang: str) -> str:
    """The purpose's rule in words, with its own note on how the period is decided."""
    words = retention_words(purpose.retention, lang)
    if purpose.retention_note is not None:
        words = f"{words}. {purpose.retention_note[lang]}"
    return words
