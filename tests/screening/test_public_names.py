import ombud.screening
from ombud.screening import Kind


def test_the_public_names_are_exactly_these():
    assert set(ombud.screening.__all__) == {
        "CATEGORY_KINDS",
        "Finding",
        "IDENTIFIER_KINDS",
        "Kind",
        "SPECIAL_KINDS",
        "screen",
    }


def test_the_kinds_are_exactly_the_nineteen_of_the_spec():
    assert [kind.value for kind in Kind] == [
        "personnummer", "samordningsnummer", "organisationsnummer", "payment_card", "iban",
        "bankgiro", "plusgiro", "phone", "email", "ip_address", "health", "religion",
        "political", "trade_union", "sex_life", "ethnic_origin", "genetic", "biometric",
        "criminal",
    ]  # fmt: skip
