from datetime import date

from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn
from stdnum.se import personnummer

from ombud.synthetic import FIRST_BIRTH_DATE, LAST_BIRTH_DATE, check_digit
from ombud.synthetic.personnummer import birth_days, birth_number_sums


def test_check_digit_matches_the_reference_examples():
    assert check_digit("811228987") == "4"  # 811228-9874
    assert check_digit("701063239") == "1"  # samordningsnummer 701063-2391


def test_birth_days_cover_every_day_from_1940_to_2008():
    days = birth_days(samordning=False)
    assert days[0].birth_date == FIRST_BIRTH_DATE == date(1940, 1, 1)
    assert days[-1].birth_date == LAST_BIRTH_DATE == date(2008, 12, 31)
    assert len(days) == (LAST_BIRTH_DATE - FIRST_BIRTH_DATE).days + 1
    assert any(day.birth_date == date(2000, 2, 29) for day in days)


def test_samordning_days_add_60_to_the_day_of_birth():
    for day in birth_days(samordning=True):
        assert int(day.digits[6:]) == day.birth_date.day + 60
        assert day.digits[:6] == day.birth_date.strftime("%Y%m")


def _number(day_index: int, birth_number: int, *, samordning: bool) -> str:
    day = birth_days(samordning=samordning)[day_index]
    check = -(day.luhn_sum + birth_number_sums()[birth_number]) % 10
    return f"{day.digits}{birth_number:03d}{check}"


@given(st.integers(0, len(birth_days(samordning=False)) - 1), st.integers(1, 999))
def test_precomputed_sums_give_numbers_stdnum_accepts(day_index, birth_number):
    number = _number(day_index, birth_number, samordning=False)
    assert personnummer.is_valid(number)
    assert number[-1] == check_digit(number[2:11])


@given(st.integers(0, len(birth_days(samordning=True)) - 1), st.integers(1, 999))
def test_precomputed_sums_give_valid_samordningsnummer(day_index, birth_number):
    # python-stdnum 2.2 rejects samordningsnummer, so the check digit is checked with Luhn.
    number = _number(day_index, birth_number, samordning=True)
    assert luhn.is_valid(number[2:])
