"""Screening a text: every detector once, then one answer where findings overlap."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from operator import attrgetter

from ombud.memory import gc_paused
from ombud.screening.couples import find_couples
from ombud.screening.identifiers import find_identifiers
from ombud.screening.model import CATEGORY_KINDS, IDENTIFIER_KINDS, Finding, Kind
from ombud.screening.origins import find_origins
from ombud.screening.phrases import find_phrases
from ombud.screening.scan import scan
from ombud.screening.special import find_categories, lowered

# Where identifiers overlap, the more specific, checksum-validated reading wins:
# a personnummer is not also a phone number, an IBAN does not hide a card number.
_PRECEDENCE: dict[Kind, int] = {
    kind: rank
    for rank, kind in enumerate(
        (
            Kind.EMAIL,
            Kind.IBAN,
            Kind.PERSONNUMMER,
            Kind.SAMORDNINGSNUMMER,
            Kind.ORGANISATIONSNUMMER,
            Kind.PAYMENT_CARD,
            Kind.BANKGIRO,
            Kind.PLUSGIRO,
            Kind.IP_ADDRESS,
            Kind.PHONE,
        )
    )
}


_ALL_KINDS = frozenset(Kind)


# From this many characters on, a text is screened with the garbage collector paused.
_LONG_TEXT = 1_000_000


def screen(text: str, *, kinds: Collection[Kind] | None = None) -> list[Finding]:
    """Every identifier and special-category mention in `text`, in text order.

    `kinds` limits the answer (and the work) to those kinds. Overlapping
    identifiers resolve to the most specific one; overlapping mentions of one
    category merge into one finding.
    """
    if len(text) < _LONG_TEXT:
        return _screen(text, kinds)
    # A long text's hits and findings are many small objects alive until the end, which
    # each pass of the collector would walk again (`ombud.memory`).
    with gc_paused():
        return _screen(text, kinds)


def _screen(text: str, kinds: Collection[Kind] | None) -> list[Finding]:
    if kinds is None:
        wanted, identifiers = _ALL_KINDS, IDENTIFIER_KINDS
    else:
        wanted = frozenset(kinds)
        identifiers = wanted - CATEGORY_KINDS
    found = find_identifiers(text, identifiers) if identifiers else []
    if len(found) > 1:
        found = _resolve_identifiers(found)
    if wanted & CATEGORY_KINDS:
        low = lowered(text)
        terms, origins, anchors = scan(low)
        # Most short texts hold no term, origin word or anchor: those detectors are not run.
        mentioned = list(find_couples(text, low))
        if terms:
            mentioned += find_categories(text, low, terms)
        if origins:
            mentioned += find_origins(text, low, origins)
        mentioned += find_phrases(low, anchors)
        if kinds is not None:
            mentioned = [f for f in mentioned if f.kind in wanted]
        if mentioned:
            found += _merge_mentions(mentioned)
    if len(found) > 1:
        found.sort(key=_text_order)
    return found


# Sort keys read in C: a long text has tens of thousands of findings to order.
_text_order = attrgetter("start", "end", "kind")
_start = attrgetter("start")


def _resolve_identifiers(findings: Iterable[Finding]) -> list[Finding]:
    """Keep, of overlapping identifiers, the one of highest precedence, then the longest."""
    kept: list[Finding] = []
    cluster: list[Finding] = []
    cluster_end = -1
    for finding in sorted(findings, key=_start):
        if finding.start >= cluster_end and cluster:
            kept += cluster if len(cluster) == 1 else _best_of(cluster)
            cluster = []
        cluster.append(finding)
        cluster_end = max(cluster_end, finding.end) if len(cluster) > 1 else finding.end
    if cluster:
        kept += cluster if len(cluster) == 1 else _best_of(cluster)
    return kept


def _best_of(cluster: list[Finding]) -> list[Finding]:
    """The non-overlapping choice from one cluster of overlapping identifiers, by precedence."""
    chosen: list[Finding] = []
    for finding in sorted(cluster, key=lambda f: (_PRECEDENCE[f.kind], f.start - f.end)):
        if all(finding.end <= c.start or c.end <= finding.start for c in chosen):
            chosen.append(finding)
    return sorted(chosen, key=_start)


def _merge_mentions(findings: Iterable[Finding]) -> list[Finding]:
    """Merge overlapping findings of the same category into one span with the top confidence."""
    merged: list[Finding] = []
    open_by_kind: dict[Kind, int] = {}
    for finding in sorted(findings, key=_text_order):
        index = open_by_kind.get(finding.kind)
        if index is not None and finding.start < merged[index].end:
            last = merged[index]
            merged[index] = Finding(
                last.start,
                max(last.end, finding.end),
                last.kind,
                max(last.confidence, finding.confidence),
            )
            continue
        open_by_kind[finding.kind] = len(merged)
        merged.append(finding)
    return merged
