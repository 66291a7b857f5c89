"""Screening quality and throughput, side by side with Microsoft Presidio's analyzer.

    .venv/bin/pip install -e '.[bench]'      # Presidio; without it only Ombud is measured
    .venv/bin/python bench/screening_bench.py [--megabytes 20] [--presidio-megabytes 2]
    .venv/bin/python bench/screening_bench.py --quality-only 'heldout_2.jsonl'

Prints Markdown:

1. precision, recall and F1 per kind on the labelled corpus (tests/screening/corpus),
   a span counting as found when one of its kind overlaps it;
2. throughput in MB/s (UTF-8 bytes, CPU time of one process) on two Swedish texts of at
   least `--megabytes` each, once as one text and once paragraph by paragraph:
   - *mixed*: the paragraphs of the example organisations' own Swedish privacy policies
     (`../shared/seeds/*.txt`, long prose full of false friends) and the corpus's Swedish
     messages, shuffled together and repeated;
   - *messages*: the corpus's Swedish messages alone, shuffled and repeated: the worst
     case, with a finding every hundred or so bytes;
3. the same for Presidio's analyzer (pattern recognizers only, no NLP model), set up at
   its best for Swedish: its Swedish personnummer and organisationsnummer recognizers
   switched on and Sweden among its phone regions. Presidio reads a `--presidio-megabytes`
   prefix of the same text, which is enough for a rate, timed in turn with Ombud on that
   prefix so that a slow spell of the machine falls on both. Quality is compared on the
   identifiers both support; Presidio does not tell a samordningsnummer from a
   personnummer, so both count as personnummer there.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ombud.screening import CATEGORY_KINDS, IDENTIFIER_KINDS, Kind, screen
from ombud.screening.scoring import Scores, Span, score_document

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "screening" / "corpus"
# shared/ sits beside the repository; a git worktree sits one folder deeper.
SEEDS = next(
    (
        p
        for p in (ROOT.parent / "shared" / "seeds", ROOT.parent.parent / "shared" / "seeds")
        if p.is_dir()
    ),
    ROOT.parent / "shared" / "seeds",
)

PRESIDIO_ENTITIES = {
    "SE_PERSONNUMMER": Kind.PERSONNUMMER,
    "SE_ORGANISATIONSNUMMER": Kind.ORGANISATIONSNUMMER,
    "CREDIT_CARD": Kind.PAYMENT_CARD,
    "IBAN_CODE": Kind.IBAN,
    "PHONE_NUMBER": Kind.PHONE,
    "EMAIL_ADDRESS": Kind.EMAIL,
    "IP_ADDRESS": Kind.IP_ADDRESS,
}
SHARED_KINDS = sorted(set(PRESIDIO_ENTITIES.values()))

Detector = Callable[[str, str], list[Span]]


def load_corpus(pattern: str = "*.jsonl") -> list[dict[str, Any]]:
    documents: list[dict[str, Any]] = []
    for path in sorted(CORPUS.glob(pattern)):
        with path.open(encoding="utf-8") as lines:
            documents += [json.loads(line) for line in lines if line.strip()]
    return documents


def ombud_spans(text: str, _lang: str) -> list[Span]:
    return [Span(f.start, f.end, f.kind) for f in screen(text)]


def evaluate(documents: list[dict[str, Any]], detector: Detector, *, merge: bool) -> Scores:
    """Score a detector on the corpus; `merge` folds samordningsnummer into personnummer."""

    def kind(k: Kind) -> Kind:
        return Kind.PERSONNUMMER if merge and k is Kind.SAMORDNINGSNUMMER else k

    scores = Scores()
    for document in documents:
        labelled = [Span(s["start"], s["end"], kind(Kind(s["kind"]))) for s in document["spans"]]
        predicted = [
            Span(s.start, s.end, kind(s.kind)) for s in detector(document["text"], document["lang"])
        ]
        score_document(scores, labelled, predicted)
    return scores


def repeated(paragraphs: list[str], megabytes: float) -> list[str]:
    """The paragraphs, shuffled and repeated until they fill `megabytes` of UTF-8."""
    rng = random.Random(20240501)
    out: list[str] = []
    size = 0
    while size < megabytes * 1_000_000:
        batch = paragraphs[:]
        rng.shuffle(batch)
        out += batch
        size += sum(len(p.encode()) + 1 for p in batch)
    return out


def swedish_messages(documents: list[dict[str, Any]]) -> list[str]:
    return [d["text"] for d in documents if d["lang"] == "sv"]


def seed_paragraphs() -> list[str]:
    """Paragraphs of the example organisations' Swedish privacy policies, if shared/ is here."""
    paragraphs: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        paragraphs += [p.strip() for p in text.split("\n") if p.strip()]
    return paragraphs


def throughput(run: Callable[[], object], size: int) -> float:
    """MB/s of one run over `size` bytes, in CPU time of this one process (best of three).

    CPU time rather than wall time: the figure is per core, and other work on a
    shared machine then stretches it less.
    """
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        run()
        best = min(best, time.process_time() - started)
    return size / best / 1_000_000


def alternating(runs: list[Callable[[], object]], size: int, rounds: int = 3) -> list[float]:
    """MB/s of each run over `size` bytes, the runs taken in turn `rounds` times (best of
    each), so that what the machine does meanwhile weighs on all of them alike."""
    best = [float("inf")] * len(runs)
    for _ in range(rounds):
        for i, run in enumerate(runs):
            started = time.process_time()
            run()
            best[i] = min(best[i], time.process_time() - started)
    return [size / spent / 1_000_000 for spent in best]


def presidio_detector() -> tuple[Detector, Callable[[str], object]] | None:
    """Presidio's analyzer with its pattern recognizers and no NLP model, or None if absent."""
    try:
        from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
        from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine
        from presidio_analyzer.predefined_recognizers import (
            CreditCardRecognizer,
            EmailRecognizer,
            IbanRecognizer,
            IpRecognizer,
            PhoneRecognizer,
            SeOrganisationsnummerRecognizer,
            SePersonnummerRecognizer,
        )
        from spacy.tokens import Doc
        from spacy.vocab import Vocab
        from tldextract import TLDExtract, tldextract
    except ImportError:
        return None

    # Presidio's e-mail check asks tldextract, which would fetch the public suffix list;
    # offline it falls back to the snapshot it ships, so use that snapshot from the start.
    tldextract.TLD_EXTRACTOR = TLDExtract(suffix_list_urls=())

    class NoNlp(NlpEngine):  # type: ignore[misc]
        """An NLP engine that tokenizes nothing: Presidio runs on its patterns alone."""

        def __init__(self) -> None:
            self.vocab = Vocab()

        def load(self) -> None:
            return None

        def is_loaded(self) -> bool:
            return True

        def process_text(self, text: str, language: str) -> NlpArtifacts:
            return NlpArtifacts([], Doc(self.vocab, words=[]), [], [], self, language)

        def process_batch(self, texts: Iterable[str], language: str, **_: Any) -> Any:
            for text in texts:
                yield text, self.process_text(text, language)

        def is_stopword(self, word: str, language: str) -> bool:
            return False

        def is_punct(self, word: str, language: str) -> bool:
            return False

        def get_supported_entities(self) -> list[str]:
            return []

        def get_supported_languages(self) -> list[str]:
            return ["sv", "en"]

    registry = RecognizerRegistry(supported_languages=["sv", "en"])
    regions = [*PhoneRecognizer.DEFAULT_SUPPORTED_REGIONS, "SE"]
    for language in ("sv", "en"):
        registry.add_recognizer(SePersonnummerRecognizer(supported_language=language))
        registry.add_recognizer(SeOrganisationsnummerRecognizer(supported_language=language))
        registry.add_recognizer(
            PhoneRecognizer(supported_language=language, supported_regions=regions)
        )
        registry.add_recognizer(EmailRecognizer(supported_language=language))
        registry.add_recognizer(CreditCardRecognizer(supported_language=language))
        registry.add_recognizer(IbanRecognizer(supported_language=language))
        registry.add_recognizer(IpRecognizer(supported_language=language))
    engine = AnalyzerEngine(registry=registry, nlp_engine=NoNlp(), supported_languages=["sv", "en"])
    entities = list(PRESIDIO_ENTITIES)

    def detect(text: str, lang: str) -> list[Span]:
        results = engine.analyze(text=text, language=lang, entities=entities)
        return [Span(r.start, r.end, PRESIDIO_ENTITIES[r.entity_type]) for r in results]

    def analyze_swedish(text: str) -> object:
        return engine.analyze(text=text, language="sv", entities=entities)

    return detect, analyze_swedish


def quality_table(title: str, columns: list[tuple[str, Scores]], kinds: Iterable[Kind]) -> str:
    head = (
        "| kind | "
        + " | ".join(f"{name} P | {name} R | {name} F1" for name, _ in columns)
        + " | labelled |"
    )
    rule = "|---|" + "---:|" * (3 * len(columns) + 1)
    rows = [f"**{title}**", "", head, rule]
    groups: list[tuple[str, list[Kind]]] = [(kind.value, [kind]) for kind in kinds]
    family = [k for k in kinds]
    if set(family) == set(Kind):
        groups += [
            ("*identifiers*", sorted(IDENTIFIER_KINDS)),
            ("*special + criminal*", sorted(CATEGORY_KINDS)),
        ]
    else:
        groups += [("*all of these*", family)]
    for name, members in groups:
        cells = []
        labelled = 0
        for _, scores in columns:
            tally = scores.total(members)
            labelled = tally.labelled
            cells += [f"{tally.precision:.3f}", f"{tally.recall:.3f}", f"{tally.f1:.3f}"]
        rows.append(f"| {name} | " + " | ".join(cells) + f" | {labelled} |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=20.0)
    parser.add_argument("--presidio-megabytes", type=float, default=2.0)
    parser.add_argument(
        "--quality-only",
        metavar="GLOB",
        help="print only the quality table, for the corpus files matching GLOB "
        "(a new held-out batch: score it before the engine learns from it)",
    )
    args = parser.parse_args()

    if args.quality_only:
        batch = load_corpus(args.quality_only)
        if not batch:
            parser.error(f"--quality-only: no file matches {args.quality_only!r} in {CORPUS}")
        labelled = sum(len(d["spans"]) for d in batch)
        print(f"{args.quality_only}: {len(batch)} messages, {labelled} labelled spans.\n")
        scores = evaluate(batch, ombud_spans, merge=False)
        print(quality_table("Ombud on every kind", [("Ombud", scores)], list(Kind)))
        return

    documents = load_corpus()
    labelled = sum(len(d["spans"]) for d in documents)
    print(f"Corpus: {len(documents)} messages, {labelled} labelled spans.\n")
    ours = evaluate(documents, ombud_spans, merge=False)
    print(quality_table("Ombud on every kind", [("Ombud", ours)], list(Kind)))

    texts = {"messages": swedish_messages(documents)}
    seeds = seed_paragraphs()
    if seeds:
        texts = {"mixed": seeds + texts["messages"], **texts}
    else:
        print(f"({SEEDS} not found: only the corpus messages are timed.)\n")
    rates: list[tuple[str, float]] = []
    whole = 0.0
    for name, paragraphs in texts.items():
        parts = repeated(paragraphs, args.megabytes)
        text = "\n".join(parts)
        size = len(text.encode())
        findings = len(screen(text))
        print(f"Text *{name}*: {size / 1e6:.1f} MB, {len(parts)} paragraphs, {findings} findings.")
        rate = throughput(lambda text=text: screen(text), size)
        whole = whole or rate
        rates += [
            (f"Ombud, all 19 kinds, *{name}*, one text", rate),
            (
                f"Ombud, all 19 kinds, *{name}*, paragraph by paragraph",
                throughput(lambda parts=parts: [screen(p) for p in parts], size),
            ),
            (
                f"Ombud, the 7 identifiers Presidio has, *{name}*, one text",
                throughput(lambda text=text: screen(text, kinds=SHARED_KINDS), size),
            ),
        ]
    print()

    presidio = presidio_detector()
    if presidio is None:
        print("Presidio is not installed: pip install -e '.[bench]' to compare.\n")
    else:
        detect, analyze_swedish = presidio
        first = next(iter(texts))
        prefix = "\n".join(repeated(texts[first], args.presidio_megabytes))
        prefix_size = len(prefix.encode())
        # Ombud and Presidio timed in turn on the same text, so a slow spell of a shared
        # machine falls on both alike.
        ours_there, theirs_there = alternating(
            [lambda: screen(prefix), lambda: analyze_swedish(prefix)], prefix_size
        )
        mb = f"{prefix_size / 1e6:.1f} MB"
        rates.append((f"Ombud, all 19 kinds, *{first}*, the same {mb}, in turn", ours_there))
        theirs_label = f"Presidio, 7 identifiers, *{first}*, one text ({mb}), in turn"
        rates.append((theirs_label, theirs_there))
        theirs = evaluate(documents, detect, merge=True)
        ours_merged = evaluate(documents, ombud_spans, merge=True)
        pair = [("Ombud", ours_merged), ("Presidio", theirs)]
        print(quality_table("Identifiers both support", pair, SHARED_KINDS))
        print()

    print("| run | MB/s |\n|---|---:|")
    for label, rate in rates:
        print(f"| {label} | {rate:.2f} |")
    if presidio is not None:
        ours_there, theirs_there = rates[-2][1], rates[-1][1]
        print(
            f"\nOmbud (all 19 kinds) / Presidio (7 identifiers), on the same text in turn: "
            f"{ours_there / theirs_there:.0f}x; the first text whole against it: "
            f"{whole / theirs_there:.0f}x"
        )


if __name__ == "__main__":
    main()
