"""How well screening agrees with a labelled corpus: precision, recall and F1 per kind.

A predicted span counts as right when it overlaps a labelled span of the same kind;
a labelled span counts as found when a predicted span of its kind overlaps it.
Overlap rather than exact bounds, because where a mention ends is a matter of
taste ("typ 1-diabetes" or "diabetes") while whether it was found is not.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ombud.screening.model import Kind


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled or predicted stretch of text of one kind."""

    start: int
    end: int
    kind: Kind


@dataclass(slots=True)
class Tally:
    """Counts for one kind: predicted spans that were right, all predicted, found, all labelled."""

    correct: int = 0
    predicted: int = 0
    found: int = 0
    labelled: int = 0

    @property
    def precision(self) -> float:
        """Share of predicted spans that were right; 1.0 when nothing was predicted."""
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        """Share of labelled spans that were found; 1.0 when nothing was labelled."""
        return self.found / self.labelled if self.labelled else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def add(self, other: Tally) -> None:
        """Add another tally's counts to this one."""
        self.correct += other.correct
        self.predicted += other.predicted
        self.found += other.found
        self.labelled += other.labelled


@dataclass(slots=True)
class Scores:
    """Tallies per kind, summed over every document scored."""

    by_kind: dict[Kind, Tally] = field(default_factory=dict)

    def tally(self, kind: Kind) -> Tally:
        """The tally for `kind`, empty if it never occurred."""
        return self.by_kind.setdefault(kind, Tally())

    def total(self, kinds: Iterable[Kind]) -> Tally:
        """One tally summing the given kinds (micro-average)."""
        summed = Tally()
        for kind in kinds:
            summed.add(self.by_kind.get(kind, Tally()))
        return summed


def _overlaps(a: Span, b: Span) -> bool:
    return a.kind == b.kind and a.start < b.end and b.start < a.end


def score_document(scores: Scores, labelled: list[Span], predicted: list[Span]) -> None:
    """Add one document's agreement to `scores`."""
    for span in predicted:
        tally = scores.tally(span.kind)
        tally.predicted += 1
        tally.correct += any(_overlaps(span, gold) for gold in labelled)
    for gold in labelled:
        tally = scores.tally(gold.kind)
        tally.labelled += 1
        tally.found += any(_overlaps(gold, span) for span in predicted)
