from ombud.errors import DeclarationError, InvalidValue, Issue, OmbudError, Refused


def test_issue_names_file_line_column_path_and_message():
    issue = Issue(
        path="purposes.newsletter.retention.keep",
        message="got 'P36'; expected an ISO 8601 duration such as P36M or P3Y",
        file="ombud.yaml",
        line=41,
        column=9,
    )
    assert str(issue) == (
        "ombud.yaml:41:9 purposes.newsletter.retention.keep: got 'P36'; "
        "expected an ISO 8601 duration such as P36M or P3Y"
    )


def test_declaration_error_lists_every_issue_and_is_an_ombud_error():
    issues = [Issue("a", "bad", "f.yaml", 1, 1), Issue("b", "worse", "f.yaml", 2, 3)]
    exc = DeclarationError(issues)
    assert isinstance(exc, OmbudError)
    assert str(exc).splitlines() == ["f.yaml:1:1 a: bad", "f.yaml:2:3 b: worse"]


def test_refused_names_the_rule_and_the_reason():
    exc = Refused("purpose_limitation", "purpose `marketing` may not use category `user.health`")
    assert exc.rule == "purpose_limitation"
    assert "user.health" in str(exc)


def test_invalid_value_names_field_value_and_what_is_accepted_and_is_a_value_error():
    exc = InvalidValue("phone", "070-12", "a phone number such as 070-123 45 67")
    assert isinstance(exc, OmbudError)
    assert isinstance(exc, ValueError)
    assert str(exc) == "phone: got '070-12'; expected a phone number such as 070-123 45 67"
