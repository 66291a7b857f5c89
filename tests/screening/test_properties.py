"""Properties every screening answer keeps, whatever the text."""

import gc
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from ombud.screening import IDENTIFIER_KINDS, screen

PIECES = st.sampled_from(
    [
        "811228-9874", "701063-2391", "556016-0680", "070-174 06 05", "+46 8 465 000 50",
        "4111 1111 1111 1111", "SE45 5000 0000 0583 9825 7466", "bankgiro 5050-1055",
        "anna@example.se", "192.168.1.20", "diabetes", "nötallergi", "hälsningar", "facket",
        "Unionen", "halal", "dömd", " ", "\n", ", ", "-", "2024-01-15", "0", "Å", "ß", "İ",
    ]
)  # fmt: skip
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=20).map("".join)


@given(TEXTS)
@settings(max_examples=300, deadline=None)
def test_findings_lie_inside_the_text_in_text_order(text):
    findings = screen(text)
    assert all(0 <= f.start < f.end <= len(text) for f in findings)
    assert all(0 < f.confidence <= 1 for f in findings)
    assert [(f.start, f.end) for f in findings] == sorted((f.start, f.end) for f in findings)


@given(TEXTS)
@settings(max_examples=300, deadline=None)
def test_identifiers_never_overlap_each_other(text):
    spans = [(f.start, f.end) for f in screen(text) if f.kind in IDENTIFIER_KINDS]
    for (_, end), (start, _) in pairwise(spans):
        assert end <= start


def test_a_long_text_is_screened_as_its_pieces_are_and_leaves_the_collector_running():
    piece = "Min son har diabetes, ring 070-174 06 05. Hon är med i Kommunal.\n"
    copies = 1_000_000 // len(piece) + 1
    findings = screen(piece * copies)
    assert gc.isenabled()
    alone = screen(piece)
    assert len(findings) == len(alone) * copies
    last = [
        f._replace(start=f.start % len(piece), end=f.end % len(piece) or len(piece))
        for f in findings[-len(alone) :]
    ]
    assert last == alone
