"""The coverage audits: sentences written from public vocabularies, one per condition,
care, medicine, faith, union, party, people or offence, mostly found."""

from pathlib import Path

import pytest

from ombud.screening import screen

AUDITS = Path(__file__).parent / "audits"


def _sentences(path: Path) -> list[tuple[str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t", 1)) for line in lines if line and not line.startswith("#")]  # type: ignore[misc]


@pytest.mark.parametrize("path", sorted(AUDITS.glob("*.tsv")), ids=lambda p: p.stem)
def test_nearly_every_audit_sentence_is_found_as_its_kind(path):
    sentences = _sentences(path)
    found = sum(1 for kind, text in sentences if any(f.kind == kind for f in screen(text)))
    assert found / len(sentences) >= 0.8
    assert len(sentences) >= 30


def test_the_audits_together_are_found_at_094():
    sentences = [s for path in sorted(AUDITS.glob("*.tsv")) for s in _sentences(path)]
    found = sum(1 for kind, text in sentences if any(f.kind == kind for f in screen(text)))
    assert found / len(sentences) >= 0.94
