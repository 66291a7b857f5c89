"""Lints: each legally doubtful construct is found, at its line, with its legal reference."""

import pytest

from ombud.declaration import lint, parse_declaration


def findings_of(text: str) -> list[tuple[str, int | None, str, str]]:
    loaded = parse_declaration(text, "ombud.yaml")
    out = []
    for finding in lint(loaded.declaration):
        line, _ = loaded.source.locate(finding.path)
        out.append((finding.code, line, finding.message, finding.reference))
    return out


def only(text: str, code: str) -> tuple[int | None, str, str]:
    found = findings_of(text)
    assert [f[0] for f in found] == [code], found
    return found[0][1:]


def with_purpose(valid_text: str, body: str) -> str:
    """The valid declaration plus one more purpose (indented under purposes:)."""
    return valid_text.replace("processors:\n", body + "processors:\n")


HEALTH = """\
  coaching:
    name: {sv: Coachning, en: Coaching}
    description: {sv: Samtal om hälsa., en: Talks about health.}
    legal_basis: contract
    categories: [user.name, user.health_and_medical]
    subject_kinds: [member]
    retention: {keep: P5Y, after: contract_ended, counted_from: end_of_year}
"""


def test_the_valid_declaration_has_no_findings(valid_text):
    assert findings_of(valid_text) == []


def test_special_category_without_art_9_condition(valid_text, line_of):
    text = with_purpose(valid_text, HEALTH)
    line, message, reference = only(text, "special-category-without-condition")
    assert line == line_of(text, "  coaching:")
    assert "user.health_and_medical" in message
    assert reference == "GDPR Art. 9(1)–(2)"


def test_a_claimed_ground_that_is_no_art_9_condition_is_named(valid_text):
    body = HEALTH + (
        "    special_condition_claimed: {sv: nödvändig förutsättning för ett bra samarbete,"
        " en: necessary for a good collaboration}\n"
    )
    _, message, _ = only(with_purpose(valid_text, body), "special-category-without-condition")
    assert (
        "'nödvändig förutsättning för ett bra samarbete' is not an Art. 9(2) condition" in message
    )
    assert "explicit consent" in message


def test_explicit_consent_condition_needs_an_explicit_consent_text(valid_text):
    body = HEALTH + "    special_condition: explicit_consent\n"
    assert only(with_purpose(valid_text, body), "consent-without-text")[2] == "GDPR Art. 7(1)"
    body += "    consent: {text: {sv: Jag samtycker., en: I consent.}}\n"
    assert only(with_purpose(valid_text, body), "consent-not-explicit")[2] == "GDPR Art. 9(2)(a)"
    fixed = body.replace("en: I consent.}}", "en: I consent.}, explicit: true}")
    assert findings_of(with_purpose(valid_text, fixed)) == []


def test_legitimate_interest_without_assessment(valid_text, line_of):
    text = valid_text.replace("legal_basis: contract", "legal_basis: legitimate_interest")
    line, _, reference = only(text, "legitimate-interest-without-assessment")
    assert line == line_of(text, "legal_basis: legitimate_interest")
    assert "6(1)(f)" in reference


def test_purpose_without_retention(valid_text, line_of):
    text = valid_text.replace("    retention: {keep: P36M, after: membership_ended}\n", "")
    line, _, reference = only(text, "purpose-without-retention")
    assert line == line_of(text, "  membership:")
    assert "5(1)(e)" in reference


def test_category_used_but_not_declared(valid_text, line_of):
    text = valid_text.replace(
        "categories: [user.name, user.contact.email]",
        "categories: [user.name, user.contact.email, user.contact.phone_number]",
    )
    line, message, reference = only(text, "undeclared-category")
    assert line == line_of(text, "user.contact.phone_number")
    assert "user.contact.phone_number" in message and reference == "GDPR Art. 30(1)(c)"


TRANSFER = """\
transfers:
  - {to: analytics, country: US, mechanism: MECHANISM}
"""
ANALYTICS = """\
  analytics:
    name: {sv: Analystjänst, en: Analytics service}
    service: {sv: Besöksstatistik, en: Visitor statistics}
    location: US
    dpa: {signed_on: 2023-03-01}
"""


def with_transfer(valid_text: str, mechanism: str) -> str:
    text = valid_text.replace("security:\n", ANALYTICS + "security:\n")
    return text.replace("security:\n", TRANSFER.replace("MECHANISM", mechanism) + "security:\n")


def test_privacy_shield_is_flagged_as_invalid_since_schrems_ii(valid_text, line_of):
    text = with_transfer(valid_text, "privacy_shield")
    line, message, reference = only(text, "transfer-without-valid-mechanism")
    assert line == line_of(text, "mechanism: privacy_shield")
    assert "16 July 2020" in message and "C-311/18" in message
    assert "Art. 44" in reference


def test_transfer_without_mechanism_and_dpf_without_certification(valid_text):
    assert only(with_transfer(valid_text, "null"), "transfer-without-valid-mechanism")
    _, message, _ = only(
        with_transfer(valid_text, "data_privacy_framework"), "transfer-without-valid-mechanism"
    )
    assert "certified" in message
    certified = with_transfer(valid_text, "data_privacy_framework, certification: Analytics Inc.")
    assert findings_of(certified) == []
    assert findings_of(with_transfer(valid_text, "standard_contractual_clauses")) == []


def test_adequacy_claimed_for_a_country_without_a_decision(valid_text):
    _, message, _ = only(with_transfer(valid_text, "adequacy"), "transfer-without-valid-mechanism")
    assert "US has no adequacy decision" in message


def test_processor_outside_the_eea_without_a_transfer(valid_text, line_of):
    text = valid_text.replace("security:\n", ANALYTICS + "security:\n")
    line, message, _ = only(text, "processing-outside-eea-without-transfer")
    assert line == line_of(text, "location: US")
    assert "analytics" in message


def test_processor_without_dpa(valid_text, line_of):
    text = valid_text.replace("    dpa: {signed_on: 2024-01-15}\n", "")
    line, _, reference = only(text, "processor-without-dpa")
    assert line == line_of(text, "  it_services:")
    assert reference == "GDPR Art. 28(3)"


PERSONNUMMER = """\
  invoicing:
    name: {sv: Fakturering, en: Invoicing}
    description: {sv: Vi fakturerar., en: We invoice.}
    legal_basis: contract
    categories: [user.name, user.government_id.national_identification_number]
    subject_kinds: [member]
    retention: {keep: P1Y, after: last_contact}
"""


def test_personnummer_without_a_stated_need(valid_text):
    text = with_purpose(valid_text, PERSONNUMMER)
    _, _, reference = only(text, "personnummer-without-justification")
    assert reference == "Dataskyddslagen (2018:218) 3 kap. 10 §"
    justified = PERSONNUMMER + (
        "    personnummer_need:\n      reason: secure_identification\n"
        "      explanation: {sv: Säker identifiering vid inkasso., en: Secure identification.}\n"
    )
    assert findings_of(with_purpose(valid_text, justified)) == []


def test_personnummer_with_consent_needs_no_stated_need(valid_text):
    body = PERSONNUMMER.replace("legal_basis: contract", "legal_basis: consent") + (
        "    consent: {text: {sv: Jag samtycker., en: I consent.}}\n"
    )
    assert findings_of(with_purpose(valid_text, body)) == []


MARKETING = """\
  newsletter:
    name: {sv: Nyhetsbrev, en: Newsletter}
    description: {sv: Erbjudanden., en: Offers.}
    legal_basis: legitimate_interest
    legitimate_interest: {sv: Vi vill nå våra kunder., en: We want to reach our customers.}
    categories: [user.contact.email]
    subject_kinds: [member]
    retention: {keep: P2Y, after: collected, until: objection}
    direct_marketing: true
"""


def test_direct_marketing_without_objection_route(valid_text, line_of):
    text = with_purpose(valid_text, MARKETING)
    line, _, reference = only(text, "direct-marketing-without-objection-route")
    assert line == line_of(text, "  newsletter:")
    assert "21(2)" in reference
    routed = (
        MARKETING + "    objection_route: {sv: Klicka på avregistrera., en: Click unsubscribe.}\n"
    )
    assert findings_of(with_purpose(valid_text, routed)) == []


def test_outdated_name_of_the_supervisory_authority(valid_text, line_of):
    text = valid_text.replace(
        "  email: info@example.se\n",
        "  email: info@example.se\n  supervisory_authority: {name: Datainspektionen}\n",
    )
    line, message, _ = only(text, "outdated-supervisory-authority")
    assert line == line_of(text, "Datainspektionen")
    assert "Integritetsskyddsmyndigheten" in message


@pytest.mark.parametrize(
    ("purpose", "consent", "found"),
    [
        ("statistics", "false", True),
        ("statistics", "true", False),
        ("necessary", "false", False),
    ],
)
def test_non_necessary_cookie_without_consent(valid_text, purpose, consent, found):
    cookie = (
        (
            "cookies:\n  - {name: _ga, provider: Google, purpose: PURPOSE, duration: P2Y,"
            " consent: CONSENT, description: {sv: Statistik, en: Statistics}}\n"
        )
        .replace("PURPOSE", purpose)
        .replace("CONSENT", consent)
    )
    codes = [f[0] for f in findings_of(valid_text.replace("security:\n", cookie + "security:\n"))]
    assert codes == (["cookie-without-consent"] if found else [])


def test_criminal_offence_data_without_authority(valid_text):
    body = PERSONNUMMER.replace(
        "user.government_id.national_identification_number", "user.criminal_history"
    )
    text = with_purpose(valid_text, body).replace(
        "  user.name: {}\n", "  user.name: {}\n  user.criminal_history: {}\n"
    )
    assert only(text, "criminal-data-without-authority")[2].startswith("GDPR Art. 10")
    obliged = text.replace(
        "legal_basis: contract\n    categories: [user.name, user.criminal",
        "legal_basis: legal_obligation\n    categories: [user.name, user.criminal",
    )
    assert findings_of(obliged) == []


def test_retention_only_until_the_person_acts_has_no_limit(valid_text, line_of):
    text = valid_text.replace(
        "retention: {keep: P36M, after: membership_ended}", "retention: {until: erasure_requested}"
    )
    line, message, reference = only(text, "retention-without-limit")
    assert line == line_of(text, "retention: {until: erasure_requested}")
    assert "5(1)(e)" in reference and "forever" in message
    bounded = valid_text.replace(
        "retention: {keep: P36M, after: membership_ended}",
        "retention: {keep: P36M, after: membership_ended, until: erasure_requested}",
    )
    assert findings_of(bounded) == []
