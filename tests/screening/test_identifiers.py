"""Identifiers are found by their form and kept only when their checksum holds."""

import pytest

from ombud.screening import Kind, screen


@pytest.mark.parametrize(
    "written",
    ["811228-9874", "8112289874", "19811228-9874", "198112289874", "811228+9874"],
)
def test_a_valid_personnummer_is_found_in_every_written_form(found, written):
    assert found(f"Mitt personnummer: {written}.") == [("personnummer", written)]


def test_a_samordningsnummer_has_its_day_plus_60(found):
    assert found("Samordningsnummer 701063-2391") == [("samordningsnummer", "701063-2391")]


@pytest.mark.parametrize("written", ["811228-9875", "811328-9874", "19811228-9870"])
def test_a_number_failing_its_checksum_or_date_is_not_a_personnummer(found, written):
    assert found(f"pnr {written}") == []


def test_dates_and_order_numbers_are_not_personnummer(found):
    text = "Kursen 2024-01-15, order 1234567890, faktura 20240115."
    assert [kind for kind, _ in found(text)] == []


def test_an_organisationsnummer_is_found_and_never_taken_for_a_personnummer(found):
    assert found("Lean Forum AB, org.nr 556016-0680.") == [("organisationsnummer", "556016-0680")]
    assert found("orgnr 5560160680") == [("organisationsnummer", "5560160680")]
    assert found("orgnr 556016-0681") == []


def test_a_personnummer_is_not_also_reported_as_a_phone_number(found):
    assert found("811228-9874") == [("personnummer", "811228-9874")]


@pytest.mark.parametrize(
    "written",
    ["4111 1111 1111 1111", "5555-5555-5555-4444", "378282246310005", "4111111111111111"],
)
def test_payment_cards_pass_luhn_and_have_a_known_issuer(found, written):
    assert found(f"Kortnummer {written} tack") == [("payment_card", written)]


def test_a_card_number_failing_luhn_is_not_a_card(found):
    assert found("Kortnummer 4111 1111 1111 1112") == []


@pytest.mark.parametrize(
    "written",
    ["SE45 5000 0000 0583 9825 7466", "SE4550000000058398257466", "GB82 WEST 1234 5698 7654 32"],
)
def test_ibans_pass_their_mod_97_check(found, written):
    assert found(f"IBAN: {written}.") == [("iban", written)]


def test_an_iban_with_a_wrong_check_digit_is_not_an_iban(found):
    assert found("IBAN SE46 5000 0000 0583 9825 7466") == []


def test_giro_numbers_need_their_name_and_their_check_digit(found):
    assert found("Betala till bankgiro 5050-1055.") == [("bankgiro", "5050-1055")]
    assert found("BG 123-4566") == [("bankgiro", "123-4566")]
    assert found("Plusgiro 90 20 01-7") == [("plusgiro", "90 20 01-7")]
    assert found("PG: 4711-8") == [("plusgiro", "4711-8")]
    assert found("bankgiro 5050-1056") == []
    assert found("Öppet 2019-2023 och 5050-1055") == []


@pytest.mark.parametrize(
    "written",
    ["070-174 06 05", "0701740605", "+46 70 174 06 05", "08-465 000 50", "+46 (0)8 465 000 50"],
)
def test_swedish_phone_numbers_are_found(found, written):
    assert found(f"Ring {written} efter lunch") == [("phone", written)]


def test_a_british_number_in_its_national_form_is_a_phone_number(found):
    assert found("Call me on 020 7946 0958.") == [("phone", "020 7946 0958")]


def test_a_card_number_that_fails_its_checksum_holds_no_phone_number(found):
    # Its middle groups would make a valid Stockholm number: "0838 6379".
    assert found("jag skrev in 5355 0838 6379 4027, har jag skrivit fel?") == []
    assert found("070-123 45 67 070-765 43 21") == [
        ("phone", "070-123 45 67"),
        ("phone", "070-765 43 21"),
    ]


def test_times_and_short_numbers_are_not_phone_numbers(found):
    assert found("Kl 08:30-09:00, 0 kr, ring 070") == []


def test_email_addresses_are_found_without_trailing_punctuation(found):
    text = "Mejla anna.svensson@lastinggroup.se. Or write to bo+kurs@example.co.uk!"
    assert found(text) == [
        ("email", "anna.svensson@lastinggroup.se"),
        ("email", "bo+kurs@example.co.uk"),
    ]


def test_ip_addresses_of_both_versions_are_found(found):
    text = "Inloggning från 192.168.1.20 och 2001:db8::8a2e:370:7334 kl 10:30:00."
    assert found(text) == [
        ("ip_address", "192.168.1.20"),
        ("ip_address", "2001:db8::8a2e:370:7334"),
    ]
    assert found("version 999.1.1.1") == []


def test_kinds_limit_what_is_looked_for():
    text = "pnr 811228-9874, tel 070-174 06 05, jag har astma"
    assert [f.kind for f in screen(text, kinds={Kind.PHONE})] == [Kind.PHONE]


def test_offsets_are_character_offsets_with_end_exclusive():
    text = "Åsa Öberg, född 811228-9874"
    (finding,) = screen(text)
    assert text[finding.start : finding.end] == "811228-9874"
    assert 0 < finding.confidence <= 1


def test_typeset_dashes_and_no_break_spaces_are_read_as_plain_ones(found):
    text = "Pnr 811228\u20139874, tel 070\u00a0174\u00a006\u00a005."
    assert found(text) == [
        ("personnummer", "811228\u20139874"),
        ("phone", "070\u00a0174\u00a006\u00a005"),
    ]


def test_an_ocr_reference_that_passes_luhn_is_not_a_card(found):
    text = "Jag har studentrabatt. OCR 4410229388175, tack."
    assert found(text) == []
