"""The purpose gate decides from the subject's state alone; every outcome has its reason."""

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from ombud.register import (
    BasisState,
    BasisStatus,
    ConsentState,
    PurposeRules,
    Reason,
    SubjectState,
    Use,
    decide,
)

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
LATER = NOW + timedelta(days=30)
EARLIER = NOW - timedelta(days=30)

MEMBERSHIP = PurposeRules(
    "membership", needs_consent=False, needs_explicit_consent=False, direct_marketing=False
)
NEWSLETTER = PurposeRules(
    "newsletter", needs_consent=True, needs_explicit_consent=False, direct_marketing=True
)
JOURNAL = PurposeRules(
    "journal", needs_consent=False, needs_explicit_consent=True, direct_marketing=False
)


def state(*bases: BasisState, consents=(), block=False) -> SubjectState:
    return SubjectState(marketing_block=block, bases=tuple(bases), consents=tuple(consents))


def basis(purpose="membership", status=BasisStatus.active, expires_at=LATER) -> BasisState:
    return BasisState(purpose, status, expires_at)


def consent(purpose, withdrawn_at=None, explicit=False) -> ConsentState:
    return ConsentState(purpose, EARLIER, withdrawn_at, explicit)


def test_a_live_active_basis_allows_use():
    decision = decide(state(basis()), MEMBERSHIP, at=NOW)
    assert (decision.allowed, decision.reason) == (True, Reason.allowed)


def test_a_basis_whose_clock_has_not_started_allows_use():
    assert decide(state(basis(expires_at=None)), MEMBERSHIP, at=NOW).allowed


def test_nothing_held_for_the_purpose_is_no_basis():
    decision = decide(state(basis(purpose="invoicing")), MEMBERSHIP, at=NOW)
    assert (decision.allowed, decision.reason) == (False, Reason.no_basis)


def test_an_expired_basis_is_denied_as_expired():
    decision = decide(state(basis(expires_at=EARLIER)), MEMBERSHIP, at=NOW)
    assert decision.reason is Reason.expired


def test_the_expiry_instant_itself_is_already_expired():
    assert decide(state(basis(expires_at=NOW)), MEMBERSHIP, at=NOW).reason is Reason.expired


def test_consent_purpose_needs_a_live_consent():
    held = basis(purpose="newsletter")
    assert decide(state(held), NEWSLETTER, at=NOW).reason is Reason.no_consent
    given_ = state(held, consents=[consent("newsletter")])
    assert decide(given_, NEWSLETTER, at=NOW).allowed
    withdrawn = state(held, consents=[consent("newsletter", withdrawn_at=EARLIER)])
    assert decide(withdrawn, NEWSLETTER, at=NOW).reason is Reason.consent_withdrawn


def test_withdrawal_counts_from_its_moment_not_before():
    withdrawn = state(basis(purpose="newsletter"), consents=[consent("newsletter", LATER)])
    assert decide(withdrawn, NEWSLETTER, at=NOW).allowed
    assert not decide(withdrawn, NEWSLETTER, at=LATER).allowed


def test_explicit_consent_condition_ignores_ordinary_consent():
    held = basis(purpose="journal")
    plain = state(held, consents=[consent("journal")])
    assert decide(plain, JOURNAL, at=NOW).reason is Reason.no_consent
    explicit = state(held, consents=[consent("journal", explicit=True)])
    assert decide(explicit, JOURNAL, at=NOW).allowed


def test_marketing_block_denies_direct_marketing_even_with_consent():
    blocked = state(basis(purpose="newsletter"), consents=[consent("newsletter")], block=True)
    assert decide(blocked, NEWSLETTER, at=NOW).reason is Reason.marketing_block


def test_marketing_block_leaves_other_purposes_alone():
    assert decide(state(basis(), block=True), MEMBERSHIP, at=NOW).allowed


def test_restricted_data_passes_only_storage_and_the_art_18_2_uses():
    restricted = state(basis(status=BasisStatus.restricted))
    assert decide(restricted, MEMBERSHIP, at=NOW).reason is Reason.restricted
    for use in (Use.storage, Use.legal_claims, Use.protect_others, Use.with_consent):
        assert decide(restricted, MEMBERSHIP, at=NOW, use=use).allowed


def test_objected_data_is_denied_except_for_legal_claims():
    objected = state(basis(status=BasisStatus.objected))
    assert decide(objected, MEMBERSHIP, at=NOW).reason is Reason.objected
    assert decide(objected, MEMBERSHIP, at=NOW, use=Use.legal_claims).allowed


def test_one_active_basis_for_the_purpose_is_enough():
    mixed = state(basis(status=BasisStatus.objected), basis(status=BasisStatus.active))
    assert decide(mixed, MEMBERSHIP, at=NOW).allowed


def test_withdrawn_basis_is_denied_as_withdrawn():
    withdrawn = state(basis(status=BasisStatus.withdrawn))
    assert decide(withdrawn, MEMBERSHIP, at=NOW).reason is Reason.consent_withdrawn


times = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)
)
bases = st.builds(
    BasisState,
    purpose=st.sampled_from(["membership", "newsletter"]),
    status=st.sampled_from(list(BasisStatus)),
    expires_at=st.none() | times,
)
consents = st.builds(
    ConsentState,
    purpose=st.just("newsletter"),
    given_at=times,
    withdrawn_at=st.none() | times,
    explicit=st.booleans(),
)
states = st.builds(
    SubjectState,
    marketing_block=st.booleans(),
    bases=st.lists(bases, max_size=4).map(tuple),
    consents=st.lists(consents, max_size=3).map(tuple),
)
rules = st.sampled_from([MEMBERSHIP, NEWSLETTER])


@given(states, rules, times, st.sampled_from(list(Use)))
def test_a_denial_always_names_a_reason_other_than_allowed(subject, purpose, at, use):
    decision = decide(subject, purpose, at=at, use=use)
    assert decision.allowed == (decision.reason is Reason.allowed)


@given(states, rules, times, times)
def test_time_never_revives_expired_data(subject, purpose, first, second):
    """Without consents in play, what is denied as expired stays denied later on."""
    subject = SubjectState(subject.marketing_block, subject.bases, ())
    early, late = sorted([first, second])
    if decide(subject, purpose, at=early).reason is Reason.expired:
        assert not decide(subject, purpose, at=late).allowed


@given(states, times)
def test_a_marketing_block_never_allows_direct_marketing(subject, at):
    blocked = SubjectState(True, subject.bases, subject.consents)
    assert not decide(blocked, NEWSLETTER, at=at).allowed


@given(states, rules, times)
def test_storage_is_allowed_whenever_processing_is(subject, purpose, at):
    if decide(subject, purpose, at=at).allowed:
        assert decide(subject, purpose, at=at, use=Use.storage).allowed
