import phonenumbers

from ombud.synthetic import FICTION_MOBILE_NUMBERS


def test_the_fiction_series_is_070_174_06_05_to_99():
    assert len(FICTION_MOBILE_NUMBERS) == 95
    assert FICTION_MOBILE_NUMBERS[0] == "+46701740605"
    assert FICTION_MOBILE_NUMBERS[-1] == "+46701740699"


def test_every_fiction_number_is_a_valid_swedish_mobile_number():
    for number in FICTION_MOBILE_NUMBERS:
        parsed = phonenumbers.parse(number, "SE")
        assert phonenumbers.is_valid_number(parsed), number
        assert phonenumbers.region_code_for_number(parsed) == "SE"
        assert phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.MOBILE
        assert phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) == number
