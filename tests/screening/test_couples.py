"""Same-sex couples are told by who writes: a partner phrase read against the signature."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ombud.screening import Kind
from ombud.screening.couples import find_couples, parse_partners
from ombud.screening.names import Sex, first_names, parse_names
from ombud.screening.special import lowered


def _couples(text: str) -> list[str]:
    return [f.excerpt(text) for f in find_couples(text, lowered(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jag och min sambo Jonas kommer båda.\n\nHälsningar,\nAnders", ["min sambo Jonas"]),
        ("Vi blir två: jag och min fru Lotta. Mvh Sara Ek", ["min fru Lotta"]),
        ("Kan min man följa med på fredag? /Johan", ["min man"]),
        ("Hi, could my husband join me at the dinner? Kind regards, Daniel", ["my husband"]),
        ("Hej, jag heter Mira och undrar om min flickvän kan följa med.", ["min flickvän"]),
        ("My partner Tom and I, Mr and Mr Carter. Thanks, David", ["My partner Tom"]),
        ("Det är Karin här. Min maka och jag vill ha ett dubbelrum.", ["Min maka"]),
        ("Min sambo och jag har flyttat, hon tar platsen. Hälsningar, Emma", ["Min sambo"]),
        ("Min pojkvän vill också gå, han heter Oskar. // Ali", ["Min pojkvän"]),
        ("Min fästmö och jag gifter oss i juni.\nKram\nJohanna", ["Min fästmö"]),
        ("My fiancé and I marry in May.\nCheers,\nMichael", ["My fiancé"]),
        ("Det är jag och min fru som kommer. /Anna Berg", ["min fru"]),
        ("Min sambo Kalle följer med.\nHälsningar från Per", ["Min sambo Kalle"]),
        ("Hi, Sarah here! My wife and I would like two seats.", ["My wife"]),
        ("Sarah here.\nMy wife and I would like two seats.", ["My wife"]),
        ("Hej, Kalle här. Min man och jag kommer.", ["Min man"]),
    ],
)
def test_a_partner_of_the_writers_own_sex_is_reported(text, expected):
    assert _couples(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Jag och min fru kommer båda på kursen. Hälsningar, Anders",
        "Kan min man få en egen nyckel? Mvh Sara",
        "Min fru och jag kommer gärna på julbordet.",
        "My husband and I would like two seats. Best wishes, Kim",
        "Min sambo och jag vill ha ett dubbelrum. Hälsningar, Robin",
        "Min sambo kommer också, han har redan betalat. Vänliga hälsningar, Lena",
        "Hi, my partner Sarah and I will arrive late. Thanks, Tom",
        "Hennes man ringde och avbokade hennes plats. /Peter",
        "His wife will collect the parcel on Tuesday. Regards, Daniel",
        "Vi är ett partnerföretag till er och vill boka en lokal. Mvh Anna",
        "Min pappas sambo hämtar mig efter kursen. /Elias",
        "Jag heter Johan och min fru heter Sara, vi vill boka två platser.",
        "Min partner och jag kommer. Tack Anna för hjälpen!",
        "Min sambo och jag kommer. Hälsningar, Anna och Erik",
        "Min sambo och jag har en dotter, hon är fem år. Hälsningar, Anna",
        "Hi, this is Daniel's wife. My husband is ill and cannot come.",
        "Min fru kommer också. Hälsningar, Anna och Erik",
        "My wife is coming too.\nAnna and Erik",
    ],
)
def test_a_partner_phrase_says_nothing_without_both_sexes_the_same(text):
    assert _couples(text) == []


def test_a_couple_is_reported_as_sex_life_through_screen(found):
    text = "Kan min man följa med på studiebesöket? /Johan"
    assert ("sex_life", "min man") in found(text)
    assert ("sex_life", "min man") not in found(text.replace("Johan", "Sara"))


def test_names_given_to_both_sexes_are_not_listed():
    names = first_names()
    assert not {"Kim", "Robin", "Alex", "Sam", "Charlie", "Love", "Eli"} & names.keys()
    assert names["Anders"] is Sex.MALE and names["Sara"] is Sex.FEMALE
    assert len([n for n, s in names.items() if s is Sex.FEMALE]) >= 300
    assert len([n for n, s in names.items() if s is Sex.MALE]) >= 300


def test_an_unreadable_name_line_names_the_file_and_line():
    with pytest.raises(ValueError, match=r"first_names.tsv:2: got 'Anna'"):
        parse_names("# header\nAnna\n")


THIRD_PERSONS = ["hennes", "hans", "deras", "din", "er", "his", "her", "their", "your"]
PARTNERS = ["fru", "man", "make", "maka", "sambo", "partner", "pojkvän", "wife", "husband"]


@given(
    name=st.sampled_from(sorted(first_names())),
    owner=st.sampled_from(THIRD_PERSONS),
    partner=st.sampled_from(PARTNERS),
    closing=st.sampled_from(["Hälsningar, ", "/", "Mvh ", "Kind regards, ", "// ", ""]),
)
@settings(max_examples=200, deadline=None)
def test_a_signature_never_makes_a_third_persons_partner_a_couple(name, owner, partner, closing):
    text = f"Hej! {owner.capitalize()} {partner} kommer också på festen.\n{closing}{name}"
    assert not [f for f in find_couples(text, lowered(text)) if f.kind is Kind.SEX_LIFE]


def test_an_unreadable_partners_line_names_the_file_and_line():
    with pytest.raises(ValueError, match=r"partners.tsv:1: got 'fru'"):
        parse_partners("fru\n")


PIECES = st.sampled_from(
    ["min fru", "My husband", "min sambo", " Jonas", "Anna", "Hälsningar, ", "/", "Mvh ",
     "jag heter ", "han", "hon", " ", "\n", ", ", "İ", "ß", "från", "Eritrea", "född i"]
)  # fmt: skip


@given(st.lists(st.one_of(PIECES, st.text(max_size=4)), max_size=16).map("".join))
@settings(max_examples=300, deadline=None)
def test_couples_lie_inside_the_text_whatever_it_holds(text):
    for finding in find_couples(text, lowered(text)):
        assert 0 <= finding.start < finding.end <= len(text)
        assert finding.kind is Kind.SEX_LIFE


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hi! I (Anna) and my wife would like to book two cuts.", [("sex_life", "my wife")]),
        ("Jag (Sara) och min fru vill gå parkursen.", [("sex_life", "min fru")]),
        ("Jag (Erik) och min fru vill gå parkursen.", []),
    ],
)
def test_a_writer_named_in_brackets_tells_a_couple(found, text, expected):
    assert found(text) == expected
