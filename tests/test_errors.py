from ombud.errors import DeclarationError, Issue, OmbudError, Refused


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
