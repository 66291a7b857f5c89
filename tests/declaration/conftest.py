"""A small valid declaration that the tests break one piece at a time."""

import pytest

VALID = """\
ombud: 1
controller:
  name: Testföreningen
  organisation_number: "556016-0680"
  address: {street: Storgatan 1, postal_code: "111 22", city: Stockholm}
  email: info@example.se
subject_kinds:
  member: {name: {sv: Medlem, en: Member}}
categories:
  user.name: {}
  user.contact.email: {}
  user.health_and_medical: {}
  user.government_id.national_identification_number: {}
systems:
  member_register: {name: {sv: Medlemsregister, en: Member register}}
purposes:
  membership:
    name: {sv: Medlemskap, en: Membership}
    description: {sv: Vi administrerar ditt medlemskap., en: We administer your membership.}
    legal_basis: contract
    categories: [user.name, user.contact.email]
    subject_kinds: [member]
    systems: [member_register]
    recipients: [it_services]
    retention: {keep: P36M, after: membership_ended}
processors:
  it_services:
    name: {sv: IT-leverantör, en: IT provider}
    service: {sv: Drift och support, en: Hosting and support}
    location: SE
    dpa: {signed_on: 2024-01-15}
security:
  measures:
    - {sv: Behörighetsstyrning, en: Access control}
policy:
  changes: {sv: Vi meddelar ändringar via e-post., en: We announce changes by e-mail.}
"""


@pytest.fixture
def valid_text() -> str:
    return VALID


def _line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing `needle`."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


@pytest.fixture
def line_of():  # type: ignore[no-untyped-def]
    return _line_of
