"""The engine meets its quality targets on the labelled corpus (F1 by overlap, per family)."""

import json
from pathlib import Path

import pytest

from ombud.screening import CATEGORY_KINDS, IDENTIFIER_KINDS, Kind, screen
from ombud.screening.scoring import Scores, Span, score_document

CORPUS = Path(__file__).parent / "corpus"


def _documents() -> list[dict]:
    documents = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            documents += [json.loads(line) for line in lines if line.strip()]
    return documents


@pytest.fixture(scope="module")
def scores() -> Scores:
    scores = Scores()
    for document in _documents():
        labelled = [Span(s["start"], s["end"], Kind(s["kind"])) for s in document["spans"]]
        predicted = [Span(f.start, f.end, f.kind) for f in screen(document["text"])]
        score_document(scores, labelled, predicted)
    return scores


def test_the_corpus_is_large_bilingual_and_holds_hard_negatives():
    documents = _documents()
    assert len(documents) >= 150
    assert {d["lang"] for d in documents} == {"sv", "en"}
    assert sum(1 for d in documents if not d["spans"]) >= 30
    assert len({d["id"] for d in documents}) == len(documents)


def test_every_label_is_a_kind_and_lies_inside_its_text():
    for document in _documents():
        for span in document["spans"]:
            Kind(span["kind"])
            assert 0 <= span["start"] < span["end"] <= len(document["text"]), document["id"]
            assert document["text"][span["start"] : span["end"]].strip(), document["id"]


def test_identifiers_reach_f1_095(scores):
    assert scores.total(IDENTIFIER_KINDS).f1 >= 0.95


def test_special_categories_reach_f1_090(scores):
    assert scores.total(CATEGORY_KINDS).f1 >= 0.90
