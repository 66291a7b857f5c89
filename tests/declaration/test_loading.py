"""Unusable declarations: every error names file:line:column, the value and what is accepted."""

import pytest

from ombud.declaration import parse_declaration
from ombud.errors import DeclarationError


def issues_of(text: str) -> list:
    with pytest.raises(DeclarationError) as caught:
        parse_declaration(text, "ombud.yaml")
    return caught.value.issues


def test_the_valid_declaration_loads(valid_text):
    loaded = parse_declaration(valid_text, "ombud.yaml")
    assert loaded.declaration.controller.name == "Testföreningen"
    assert loaded.declaration.purposes["membership"].retention is not None


def test_bad_duration_names_line_value_and_an_example(valid_text, line_of):
    text = valid_text.replace("keep: P36M", "keep: P36")
    (issue,) = issues_of(text)
    assert issue.path == "purposes.membership.retention.keep"
    assert issue.line == line_of(text, "keep: P36")
    assert "got 'P36'" in issue.message and "P36M" in issue.message
    assert str(issue).startswith(f"ombud.yaml:{issue.line}:{issue.column} ")


def test_unknown_key_suggests_the_nearest_accepted_one(valid_text, line_of):
    text = valid_text.replace("    legal_basis: contract", "    legal_bases: contract")
    issues = issues_of(text)
    unknown = next(i for i in issues if "unknown key" in i.message)
    assert unknown.line == line_of(text, "legal_bases")
    assert unknown.column == 5
    assert "did you mean 'legal_basis'?" in unknown.message
    # ...and the key it was meant to be is reported missing, at the purpose.
    assert any("missing required key 'legal_basis'" in i.message for i in issues)


def test_unknown_top_level_key_suggests_the_right_section(valid_text, line_of):
    text = valid_text.replace("processors:", "procesors:")
    issues = issues_of(text)
    assert any(
        i.line == line_of(text, "procesors:") and "did you mean 'processors'?" in i.message
        for i in issues
    )


def test_unknown_legal_basis_lists_the_six_bases(valid_text, line_of):
    text = valid_text.replace("legal_basis: contract", "legal_basis: agreement")
    (issue,) = issues_of(text)
    assert issue.line == line_of(text, "legal_basis: agreement")
    assert "got 'agreement'" in issue.message
    for basis in ("consent", "contract", "legitimate_interest", "legal_obligation"):
        assert basis in issue.message


def test_invalid_organisation_number_fails_its_check_digit(valid_text, line_of):
    text = valid_text.replace('"556016-0680"', '"556016-0681"')
    (issue,) = issues_of(text)
    assert issue.path == "controller.organisation_number"
    assert issue.line == line_of(text, "556016-0681")
    assert "got '556016-0681'" in issue.message and "organisationsnummer" in issue.message


def test_text_without_english_is_refused(valid_text, line_of):
    text = valid_text.replace("name: {sv: Medlemskap, en: Membership}", "name: {sv: Medlemskap}")
    (issue,) = issues_of(text)
    assert issue.path == "purposes.membership.name.en"
    assert issue.line == line_of(text, "name: {sv: Medlemskap}")
    assert "missing required key 'en'" in issue.message


def test_purpose_naming_an_undeclared_system_is_an_error(valid_text, line_of):
    text = valid_text.replace("systems: [member_register]", "systems: [member_registry]")
    (issue,) = issues_of(text)
    assert issue.path == "purposes.membership.systems[0]"
    assert issue.line == line_of(text, "member_registry")
    assert "did you mean 'member_register'?" in issue.message


def test_purpose_naming_an_unknown_recipient_is_an_error(valid_text, line_of):
    text = valid_text.replace("recipients: [it_services]", "recipients: [it_service]")
    (issue,) = issues_of(text)
    assert issue.line == line_of(text, "recipients: [it_service]")
    assert "did you mean 'it_services'?" in issue.message


def test_misspelt_category_key_is_an_error_with_a_suggestion(valid_text, line_of):
    text = valid_text.replace(
        "categories: [user.name, user.contact.email]", "categories: [user.name, user.contact.emial]"
    )
    (issue,) = issues_of(text)
    assert issue.path == "purposes.membership.categories[1]"
    assert issue.line == line_of(text, "user.contact.emial")
    assert "did you mean 'user.contact.email'?" in issue.message


def test_custom_category_needs_a_parent(valid_text, line_of):
    text = valid_text.replace(
        "  user.name: {}\n",
        "  user.name: {}\n  custom.dietary_wish: {sensitivity: privacy_sensitive}\n",
    )
    (issue,) = issues_of(text)
    assert issue.line == line_of(text, "custom.dietary_wish")
    assert "without a parent" in issue.message


def test_retention_with_keep_but_no_event_is_refused(valid_text, line_of):
    text = valid_text.replace(
        "retention: {keep: P36M, after: membership_ended}", "retention: {keep: P36M}"
    )
    (issue,) = issues_of(text)
    assert issue.path.startswith("purposes.membership.retention")
    assert issue.line == line_of(text, "retention: {keep: P36M}")
    assert "after" in issue.message


def test_bad_country_code_names_the_expected_form(valid_text, line_of):
    text = valid_text.replace("location: SE", "location: Sweden")
    (issue,) = issues_of(text)
    assert issue.path == "processors.it_services.location"
    assert issue.line == line_of(text, "location: Sweden")
    assert "ISO 3166-1 alpha-2" in issue.message


def test_broken_yaml_points_at_the_syntax_error(valid_text):
    text = valid_text.replace("subject_kinds: [member]", "subject_kinds: [member")
    (issue,) = issues_of(text)
    assert "not valid YAML" in issue.message
    assert issue.line is not None


def test_duplicate_key_is_refused(valid_text, line_of):
    text = valid_text.replace(
        "    legal_basis: contract\n", "    legal_basis: contract\n    legal_basis: consent\n"
    )
    (issue,) = issues_of(text)
    assert "not valid YAML" in issue.message and "duplicate" in issue.message
    assert issue.line == line_of(text, "legal_basis: consent")


def test_a_document_that_is_not_a_mapping_is_refused():
    (issue,) = issues_of("- just\n- a list\n")
    assert (issue.line, issue.column) == (1, 1)
    assert "ombud: 1" in issue.message


def test_every_problem_is_reported_at_once(valid_text):
    text = valid_text.replace("keep: P36M", "keep: P36").replace("location: SE", "location: Sweden")
    assert len(issues_of(text)) == 2


def test_missing_file_names_the_path(tmp_path):
    from ombud.declaration import load_declaration

    with pytest.raises(DeclarationError) as caught:
        load_declaration(tmp_path / "nope.yaml")
    assert "nope.yaml" in str(caught.value) and "cannot read" in str(caught.value)
