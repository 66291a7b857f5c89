"""Special categories (GDPR Art. 9(1)) and criminal-offence data (Art. 10) in free text.

A lower-cased copy of the text is scanned once (`scan`) for the terms that start words
and the stems that may stand inside compounds; only the hits are looked at in Python,
so the cost follows the text's length and its number of hits. A hit is kept when its
term may stand where it stands in its word (Swedish compounds: "diabetesmedicin",
"nötallergi"), when the word is not a false friend ("hälsning", "fackmässig", "sjukt
bra"), and when its confidence, raised by a person nearby ("jag har", "my son"), lowered
by generic talk ("uppgifter om", "such as") and by standing as a form's field label
("Allergier:"), and moved by the kind's cues just before it ("medlem i Vision", "jobbar
på sjukhuset"), reaches `REPORT_THRESHOLD`.
Negation ("inte allergisk") still speaks of health and is reported. What a phrase tells
rather than a word ("BMI 34", "ber fem gånger om dagen") is found in `phrases`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ombud.screening.lexicon import Lexicon, Match, Term, default_lexicon
from ombud.screening.model import Finding, Kind
from ombud.screening.scan import scan

REPORT_THRESHOLD = 0.5
"""Findings below this confidence are not reported."""

# Swedish and English inflection endings a `word` or `suffix` term may carry.
_ENDINGS = frozenset(
    "e en n et t er ar or r na erna arna orna ens ets ers s es a ad ade at are "
    "iga igt ig ade ats ed ing ings ly".split()
) | {""}

# The last letters after which a bare -r inflects a word ("samer", "skor").
_TAKES_R = frozenset("eouyåäö")

_CONTEXT_WINDOW = 60
# How far before a word its cues may stand: "medlem i" in "medlem i Vision".
_CUE_REACH = 24
# After a word that opens a line, the end of a form's field label ("Allergier/kost:",
# "Allergies/dietary needs:").
_FIELD_LABEL = re.compile(r"(?:/[^\W\d_]+(?:[ \t][^\W\d_]+)?)*\s?:")
_LABEL_ENDS = (":", "/", " :", "\t:", "\n:")
# Forget remembered word verdicts beyond this many, so memory stays bounded.
_REMEMBERED_WORDS = 100_000
# Words that tie a term to a person: "jag har diabetes", "my son is autistic".
_PERSONAL = frozenset(
    "jag mig min mitt mina du din ditt dina han hon hen honom henne hans hennes hens deras "
    "sin sitt sina har hade lider son dotter sonen dottern barnet sambo make maka fru mamma "
    "pappa klienten eleven deltagaren morfar mormor farfar farmor bror syster "
    "i'm i've i'd me my he she him his her has have had suffer suffers daughter child wife "
    "husband partner client participant grandfather grandmother brother sister".split()
)
# Words that speak of a category in general, as a privacy notice, a form label, an offer
# or a survey does.
_GENERIC = frozenset(
    "personuppgift personuppgifter uppgifter känsliga kategori kategorier såsom exempelvis "
    "aldrig policy integritetspolicy integritetspolicyn data categories category such never "
    "e.g tjänster tillhandahåller erbjuder erbjuda innefattar inkluderar services provide "
    "provides offer offers includes behandlar process processes respondenter enkät enkäten "
    "respondents survey statistik statistics kursbeskrivning description "
    "covers awareness rutin rutinen required krävs chefer managers".split()
)
# Words of a policy that lists grounds for everyone ("oavsett kön, religion …"): generic
# talk twice over on their own.
_POLICY = frozenset("oavsett regardless irrespective".split())
_GENERIC_SHIFT = 0.3
# Someone in particular spoken of: a sentence with several generic words is still about
# them ("radera mina personuppgifter, särskilt uppgifter om min depression"). The person
# words, less the reader a notice addresses ("du", "din") and the verbs.
_SOMEONE = (
    _PERSONAL - frozenset("du din ditt dina har hade lider has have had suffer suffers".split())
) | frozenset("mine myself medarbetaren patienten kandidaten".split())
# Words that give a kind's term another sense in their sentence: a court in a civil
# dispute ("tingsrätten" in "tvisten med hyresvärden") tries no offence; an elected member
# of a council or a party ("förtroendevalda" beside "socialnämnden") holds no union office.
_OTHER_SENSE = {
    Kind.CRIMINAL: frozenset(
        "tvist tvisten tvister tvistemål civilmål stämt stämde hyresvärden hyresvärd "
        "hyresnämnden dispute lawsuit sued suing landlord".split()
    ),
    Kind.TRADE_UNION: frozenset(
        "nämnd nämnden socialnämnden kommunfullmäktige regionfullmäktige fullmäktige "
        "kommunstyrelsen politiker politiska partiets council councillor".split()
    ),
    # A system that uses neither fingerprints nor faces identifies no one by them.
    Kind.BIOMETRIC: frozenset("varken neither nor".split()),
}
_OTHER_SENSE_SHIFT = 0.4
_EXAMPLE = ("t.ex", "till exempel", "for example")
_OTHER_SENSE_WORDS = frozenset().union(*_OTHER_SENSE.values())
# Every word the context is read for: most sentences hold none, and are done with at once.
_CONTEXT_WORDS = _PERSONAL | _GENERIC | _POLICY | _SOMEONE | _OTHER_SENSE_WORDS
# How much a person nearby raises a hit: the most any context can raise it.
_PERSON_SHIFT = 0.15
_PUNCTUATION = '.,;:!?()"/'


_LETTERS = re.compile(r"[^\W_]*")


def _segment(low: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the run of letters and digits around `low[start:end]`."""
    left = start
    while left > 0 and low[left - 1].isalnum():
        left -= 1
    return left, _LETTERS.match(low, end).end()  # type: ignore[union-attr]


def _span(low: str, left: int, right: int) -> tuple[int, int]:
    """Widen a segment over hyphens to the whole written word ("typ 1-diabetes", "KBT-terapeut")."""
    while left > 1 and low[left - 1] == "-" and low[left - 2].isalnum():
        left, _ = _segment(low, left - 1, left - 1)
    while right + 1 < len(low) and low[right] == "-" and low[right + 1].isalnum():
        _, right = _segment(low, right + 1, right + 1)
    return left, right


def _fits(term: Term, before: str, after: str) -> bool:
    """Whether a term may stand between `before` and `after` inside one word."""
    if term.match is Match.PREFIX:
        return not before
    if term.match is Match.INFIX:
        return True
    if after == "r" and term.text[-1] not in _TAKES_R:
        # A bare -r is a plural only after some vowels ("same": "samer"); "sami" + r is
        # the name "Samir", a consonant + r no inflection at all.
        return False
    return after in _ENDINGS and (term.match is Match.SUFFIX or not before)


def _heads_compound(heads: tuple[str, ...], term: Term, before: str, after: str) -> bool:
    """Whether a whole-word term opens a compound on one of its kind's heads, with or
    without a linking s: "strokepatient", "ischiasbesvär", "missbruksbehandling"."""
    if before or not after or term.match not in (Match.WORD, Match.SUFFIX):
        return False
    for rest in (after, after[1:]) if after[0] == "s" else (after,):
        for head in heads:
            if rest.startswith(head) and rest[len(head) :] in _ENDINGS:
                return True
    return False


def _is_false_friend(lexicon: Lexicon, word: str) -> bool:
    if word in lexicon.false_friends:
        return True
    return word.startswith(lexicon.false_friend_prefixes.get(word[:2], ()))


def _opens_sentence(text: str, start: int) -> bool:
    """Whether `start` begins a sentence, where any word is written with a capital."""
    before = text[max(0, start - 3) : start].rstrip(" \"'(")
    return not before or before[-1] in ".!?:\n"


def _opens_field(text: str, left: int) -> bool:
    """Whether a word at `left` may open a form's field: at a line's start, or capitalised
    after a sentence on the same line ("Elsa Björk, 070509. Allergier: nötter")."""
    if not left or text[left - 1] == "\n":
        return True
    return text[left].isupper() and text[max(0, left - 2) : left] in (". ", "; ")


_BOUNDARIES = (". ", "! ", "? ", "\n")


def _sentence_start(text: str, low: str, reach: int, start: int) -> int:
    """Where the sentence holding `start` begins, but not before `reach`.

    A full stop or a line break ends a sentence only when what follows does not go on
    in lower case: "uppgifter om hälsa,\nreligiös åskådning" is one sentence wrapped.
    """
    begins = reach
    for mark in _BOUNDARIES:
        at = low.rfind(mark, reach, start)
        while at != -1 and at + len(mark) > begins:
            after = at + len(mark)
            while after < start and text[after] in " \n":
                after += 1
            if not text[after].islower():
                begins = after
                break
            at = low.rfind(mark, reach, at)
    return begins


Context = tuple[float, tuple[Kind, ...], bool]
"""How a sentence moves a hit: the shift, the kinds given another sense, whether someone in
particular is spoken of."""


def _context_shift(low: str, sentence_start: int, end: int) -> Context:
    """How the words around a hit move its confidence (up for a person, down for generic
    talk), the kinds whose terms they give another sense (`_OTHER_SENSE`), and whether
    they speak of someone in particular (`_SOMEONE`)."""
    # "t.ex.", "till exempel" and "for example" are generic talk, read as one word; "ex"
    # alone is also someone's former partner ("my ex"), "exempel" alone a mere example.
    window = low[sentence_start : end + _CONTEXT_WINDOW // 2]
    for example in _EXAMPLE:
        window = window.replace(example, "exempelvis")
    for mark in _PUNCTUATION:  # str.replace beats str.translate many times over here
        window = window.replace(mark, " ")
    present = _CONTEXT_WORDS.intersection(window.split())
    if not present:
        return 0.0, (), False
    someone = not _SOMEONE.isdisjoint(present)
    shift = 0.0
    if not _PERSONAL.isdisjoint(present):
        shift += _PERSON_SHIFT
    generic = len(_GENERIC & present) + 2 * len(_POLICY & present)
    if generic:
        # Two kinds of generic talk and no one in particular: a notice, not a message.
        alone = generic == 1 or someone
        shift -= _GENERIC_SHIFT if alone else 2 * _GENERIC_SHIFT
    if _OTHER_SENSE_WORDS.isdisjoint(present):
        return shift, (), someone
    other = tuple(kind for kind, sense in _OTHER_SENSE.items() if not sense.isdisjoint(present))
    return shift, other, someone


Verdict = tuple[tuple[Kind, float, bool], ...]
"""What a hit means wherever its word recurs: (kind, confidence, is a capitalised name) each."""


def _verdict(
    lexicon: Lexicon, low: str, cased: str, bounds: tuple[int, int, int, int, int, int]
) -> Verdict:
    """The kinds a hit may signal given only its word: its place in the word and false friends."""
    span_start, left, start, end, right, span_end = bounds
    if _is_false_friend(lexicon, low[left:right]) or (
        (span_start, span_end) != (left, right)
        and _is_false_friend(lexicon, low[span_start:span_end])
    ):
        return ()
    before, after = low[left:start], low[end:right]
    best: dict[tuple[Kind, bool], float] = {}
    for term in lexicon.terms[low[start:end]]:
        if (not term.case_sensitive or cased == term.text) and (
            _fits(term, before, after)
            or _heads_compound(lexicon.heads.get(term.kind, ()), term, before, after)
        ):
            key = (term.kind, term.case_sensitive and term.text.istitle())
            best[key] = max(best.get(key, 0.0), term.confidence)
    return tuple((kind, confidence, is_name) for (kind, is_name), confidence in best.items())


def _judge(
    lexicon: Lexicon, text: str, low: str, hits: Iterable[tuple[int, int]]
) -> Iterator[Finding]:
    """Findings for pattern hits, after their place in the word, false friends and context.

    What a word means is worked out once and remembered (words repeat far more often
    than they vary), and so is the context of each sentence within one text.
    """
    verdicts = lexicon.verdicts
    if len(verdicts) > _REMEMBERED_WORDS:
        verdicts.clear()
    shifts: dict[int, Context] = {}
    candidates: list[tuple[Finding, bool]] = []
    phrases_from, phrases_to = lexicon.phrases_from, lexicon.phrases_to
    letters = _LETTERS.match
    size = len(low)
    for start, end in hits:
        left = start
        while left and low[left - 1].isalnum():
            left -= 1
        right = end
        if end < size and low[end].isalnum():
            right = letters(low, end).end()  # type: ignore[union-attr]
        span_start, span_end = left, right
        if (left > 1 and low[left - 1] == "-") or low.startswith("-", right):
            span_start, span_end = _span(low, left, right)
        cased = text[start:end]
        key = (low[span_start:span_end], start - span_start, cased)
        verdict = verdicts.get(key)
        if verdict is None:
            bounds = (span_start, left, start, end, right, span_end)
            verdict = verdicts[key] = _verdict(lexicon, low, cased, bounds)
        if not verdict:
            continue
        starting = phrases_from.get(low[left : left + 2])
        if starting is not None and low.startswith(starting, left):
            continue  # a false-friend phrase opens here ("hälsa på")
        ending = phrases_to.get(low[right - 2 : right])
        if ending is not None and low.endswith(ending, 0, right):
            continue  # or ends here
        cued = _cued(lexicon, text, low, (left, start), verdict)
        top = cued[0][1] if len(cued) == 1 else max(c for _, c in cued)
        if round(top + _PERSON_SHIFT, 2) < REPORT_THRESHOLD:
            # Not even a person nearby could lift it ("nötter" with no allergy before it):
            # spare the sentence's context.
            continue
        reach = start - _CONTEXT_WINDOW if start > _CONTEXT_WINDOW else 0
        sentence = _sentence_start(text, low, reach, start)
        context = shifts.get(sentence)
        if context is None:
            context = shifts[sentence] = _context_shift(low, sentence, end)
        shift, elsewhere, someone = context
        if (
            low.startswith(_LABEL_ENDS, span_end)
            and _opens_field(text, left)
            and _FIELD_LABEL.match(low, span_end)
        ):
            # "Allergier/specialkost: nötter": the form asks; what follows is the answer,
            # and the person the form is about ("hon har ...") lifts the answer, not the label.
            shift = min(shift, 0.0) - 0.4
        for kind, confidence in cued:
            if kind in elsewhere:
                confidence -= _OTHER_SENSE_SHIFT
            final = round(min(confidence + shift, 0.99), 2)
            if final >= REPORT_THRESHOLD:
                candidates.append((Finding(span_start, span_end, kind, final), someone))
    yield from _unlisted(low, candidates)


# Between two items of one list: a comma or a conjunction, and a word or two of the item.
_LIST_GAP = re.compile(
    r"[^\W\d_]*(?:[ \t-]+[^\W\d_]+){0,2}?[ \t]*(?:,|/|och|samt|eller|and|or|&)[ \t]"
)
_SEPARATOR = re.compile(r",|/|&| och | samt | eller | and | or ")
_LIST_GAP_MOST = 40
_LIST_LEAST = 3
_LIST_SHIFT = 0.5
# A form's field label opening the line: "Aktuella sjukdomar: högt blodtryck, astma".
_FORM_LINE = re.compile(r"[^\W\d_][^\n:]{0,40}:")


def _unlisted(low: str, candidates: list[tuple[Finding, bool]]) -> list[Finding]:
    """The candidates, less those that only stand in a list of three or more sensitive words
    with no one in particular in their sentence: "allergiska reaktioner, epileptiska anfall
    och hjärtstopp" in a course description, "religion, ethnicity, sexual orientation" in
    forum rules. A form's answer ("Sjukdomar: astma, eksem, migrän") is not such a list."""
    if len(candidates) < _LIST_LEAST:
        return [finding for finding, _ in candidates]
    candidates.sort()
    kept: list[Finding] = []
    run = [candidates[0]]
    for candidate in candidates[1:]:
        end, start = run[-1][0].end, candidate[0].start
        if start < end or (start - end <= _LIST_GAP_MOST and _joins(low, end, start)):
            run.append(candidate)
            continue
        _close(low, run, kept)
        run = [candidate]
    _close(low, run, kept)
    return kept


def _close(low: str, run: list[tuple[Finding, bool]], kept: list[Finding]) -> None:
    """Add a closed run's findings to `kept`, as a list if it is one."""
    if len(run) == 1:
        kept.append(run[0][0])
    elif len(run) < _LIST_LEAST:
        kept += [finding for finding, _ in run]
    else:
        kept += _listed(low, run)


def _joins(low: str, end: int, start: int) -> bool:
    """Whether `low[end:start]` joins two items of a list; a separator is looked for first,
    which most gaps between two findings lack."""
    if _SEPARATOR.search(low, end, start) is None:
        return False
    return _LIST_GAP.fullmatch(low, end, start) is not None


def _listed(low: str, run: list[tuple[Finding, bool]]) -> list[Finding]:
    """A run of findings joined by commas or conjunctions, lowered if it is a list."""
    first = run[0][0].start
    if (
        len({finding.start for finding, _ in run}) < _LIST_LEAST
        or any(someone for _, someone in run)
        or _FORM_LINE.match(low, low.rfind("\n", 0, first) + 1, first)
    ):
        return [finding for finding, _ in run]
    lowered_run = [f._replace(confidence=round(f.confidence - _LIST_SHIFT, 2)) for f, _ in run]
    return [finding for finding in lowered_run if finding.confidence >= REPORT_THRESHOLD]


def _cued(
    lexicon: Lexicon, text: str, low: str, where: tuple[int, int], verdict: Verdict
) -> list[tuple[Kind, float]]:
    """Each kind's confidence in a hit at `where` (its word's start, its own), moved by a
    capital opening a sentence and by the kind's cues just before the word."""
    left, start = where
    cued = []
    for kind, confidence, is_name in verdict:
        if is_name and _opens_sentence(text, start):
            # "Ledarna ska veta": a union's name, or just "the leaders" opening a sentence.
            confidence -= 0.3
        cues = lexicon.cues.get(kind)
        if cues is not None:
            cue = cues.pattern.search(low, left - _CUE_REACH if left > _CUE_REACH else 0, left)
            if cue is not None:
                confidence += cues.shifts[cue.group()]
        cued.append((kind, confidence))
    return cued


def lowered(text: str) -> str:
    """`text` in lower case with every offset kept (a few letters grow when lowered)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)


def find_categories(
    text: str, low: str | None = None, terms: Iterable[tuple[int, int]] | None = None
) -> Iterator[Finding]:
    """Art. 9 special-category and Art. 10 criminal-offence words in `text`.

    `low` may pass the text already lowered by `lowered`, and `terms` where `scan` found
    the lexicon's terms in it, to save doing either twice.
    """
    lexicon = default_lexicon()
    low = lowered(text) if low is None else low
    terms = scan(low).terms if terms is None else terms
    yield from _judge(lexicon, text, low, terms)
