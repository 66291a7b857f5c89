"""The lexicons are data files that name their sources and load into one engine."""

from importlib import resources

import pytest

from ombud.screening import CATEGORY_KINDS, Kind
from ombud.screening.lexicon import LexiconError, build, default_lexicon
from ombud.screening.scan import automaton_of, scan

FOLDER = resources.files("ombud.screening").joinpath("lexicons")


@pytest.mark.parametrize("kind", sorted(CATEGORY_KINDS))
def test_every_category_has_a_lexicon_that_names_its_sources(kind):
    text = FOLDER.joinpath(f"{kind.value}.tsv").read_text(encoding="utf-8")
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert any("Sources:" in line for line in header)
    assert "GDPR Art." in header[0] or "Art. 10" in " ".join(header)


@pytest.mark.parametrize("name", ["compounds.tsv", "cues.tsv", "false_friends.txt", "misspelt.txt"])
def test_the_rule_files_name_their_sources(name):
    header = [line for line in FOLDER.joinpath(name).read_text(encoding="utf-8").splitlines()]
    assert any(line.startswith("#") and "Sources:" in line for line in header)


def test_every_term_lands_in_the_compiled_lexicon_and_is_found_by_the_scan():
    lexicon = default_lexicon()
    assert sum(len(terms) for terms in lexicon.terms.values()) > 900
    automaton = automaton_of(lexicon, frozenset())
    for text in lexicon.terms:
        assert (0, len(text)) in scan(text, automaton).terms, text
        assert (1, len(text) + 1) in scan(f"({text}", automaton).terms, text


def test_the_scan_takes_the_longest_term_at_a_word_start_and_inside_terms_anywhere():
    lexicon = build(
        {"health.tsv": "diabetes\tprefix\t0.9\ndiabetesmedicin\tword\t0.9\nallergi\tsuffix\t0.8\n"},
        "",
    )
    automaton = automaton_of(lexicon, frozenset({"somalia"}))
    low = "diabetesmedicin, nötallergi och 2diabetes från somalia; xsomalia"
    scanned = scan(low, automaton)
    assert sorted(low[s:e] for s, e in scanned.terms) == ["allergi", "diabetesmedicin"]
    assert scanned.origins == [(low.index("somalia"), "somalia")]


def test_a_bad_lexicon_line_names_its_file_and_line():
    with pytest.raises(LexiconError, match=r"health.tsv:2: got 'diabetes infix'"):
        build({"health.tsv": "# header\ndiabetes infix\n"}, "")


def test_a_lexicon_names_a_word_once_and_finds_its_stem_changing_forms():
    from ombud.screening.lexicon import inflections

    assert set(inflections("sjukskriven")) == {"sjukskrivna", "sjukskrivet"}
    assert inflections("utbränd") == ("utbränt",)
    assert inflections("deprimerad") == ("deprimerat",)
    assert inflections("skada") == ("skador",)
    assert set(inflections("injury")) == {"injuries", "injuried"}
    assert inflections("sick leave") == ()


def test_compounds_join_every_modifier_to_every_head():
    lexicon = build(
        {"health.tsv": ""},
        "",
        compounds="set\tbody\tknä rygg\nset\tills\tskada värk\n"
        "compound\thealth\tbody\t+\tills\t0.8\n",
    )
    assert {"knäskada", "knävärk", "ryggskada", "ryggvärk"} <= set(lexicon.terms)


def test_a_compound_set_item_may_be_several_words_joined_by_underscores():
    lexicon = build(
        {"health.tsv": ""},
        "",
        compounds="set\tills\tont_i bröt\nset\tbody\tryggen armen\n"
        "compound\thealth\tills\t_\tbody\t0.8\n",
    )
    assert {"ont i ryggen", "ont i armen", "bröt ryggen", "bröt armen"} <= set(lexicon.terms)


def test_a_bad_compound_or_cue_line_names_its_file_and_line():
    with pytest.raises(LexiconError, match=r"compounds.tsv:1: got 'compound\\thealth\\tnone"):
        build({}, "", compounds="compound\thealth\tnone\t+\tnone\t0.8\n")
    with pytest.raises(LexiconError, match=r"cues.tsv:2: got 'trade_union\\tmed i'"):
        build({}, "", cues="# header\ntrade_union\tmed i\n")


def test_a_listed_word_also_stands_for_its_one_slip_misspellings():
    lexicon = build(
        {"health.tsv": "# h\ndepression\tword\t0.8\n"}, "mediation\n", misspelt="depression\n"
    )
    for slip in ("depresion", "depreession", "deprsesion", "depressoin", "depressian"):
        assert lexicon.terms[slip][0].confidence == pytest.approx(0.7), slip
    # the first two letters and the last are kept; a false friend is never a slip
    assert "dpression" not in lexicon.terms
    assert "depressio" not in lexicon.terms
    medication = build(
        {"health.tsv": "# h\nmedication\tword\t0.8\n"}, "mediation\n", misspelt="medication\n"
    )
    assert "mediation" not in medication.terms


def test_a_misspelt_word_must_be_a_long_listed_term():
    with pytest.raises(LexiconError, match=r"misspelt\.txt:2: got 'diabetes'"):
        build({"health.tsv": "# h\ndiabet\tprefix\t0.8\n"}, "", misspelt="# h\ndiabetes\n")
    with pytest.raises(LexiconError, match=r"misspelt\.txt:1: got 'astma'"):
        build({"health.tsv": "# h\nastma\tword\t0.8\n"}, "", misspelt="astma\n")


def test_compound_heads_are_read_by_kind_longest_first():
    lexicon = build({"health.tsv": ""}, "", compounds="head\thealth\tdom patient\n")
    assert lexicon.heads == {Kind.HEALTH: ("patient", "dom")}


def test_a_compound_head_of_an_unknown_kind_names_its_line():
    with pytest.raises(LexiconError, match=r"compounds.tsv:1: got 'head\\thälsa\\tpatient'"):
        build({}, "", compounds="head\thälsa\tpatient\n")
