"""The register from the command line, as an administrator scripts it."""

import json

import pytest
from typer.testing import CliRunner

from ombud.cli import app
from ombud.cli.register import _identifier_kind

from .conftest import DECLARATION


@pytest.fixture
def ombud(tmp_path, monkeypatch):
    """Run `ombud` on a fresh SQLite store in tmp_path, keys and schema created."""
    monkeypatch.setenv("OMBUD_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("OMBUD_DECLARATION", str(DECLARATION))
    runner = CliRunner()

    def run(*args: str, code: int = 0):
        result = runner.invoke(app, list(args))
        assert result.exit_code == code, result.output
        return result.stdout.strip()

    run("keys", "init")
    run("db", "upgrade", "--database-url", f"sqlite:///{tmp_path / 'ombud.db'}")
    return run


def test_collect_decide_and_audience_from_the_command_line(ombud):
    public_id = ombud("subject", "--kind", "member", "--email", "anna@example.se")
    assert ombud("subject", "--kind", "member", "--email", "ANNA@example.se") == public_id
    ombud("collect", "anna@example.se", "user.name=Anna Svensson", "-p", "membership")
    assert "allowed" in ombud("decide", public_id, "-p", "membership")
    denied = ombud("decide", "anna@example.se", "-p", "newsletter", "--json", code=1)
    assert json.loads(denied) == {"purpose": "newsletter", "allowed": False, "reason": "no_basis"}
    ombud("consent", "give", "anna@example.se", "-p", "newsletter", "--method", "paper")
    ombud("collect", "anna@example.se", "user.contact.email=anna@example.se", "-p", "newsletter")
    assert json.loads(ombud("audience", "-p", "newsletter", "--json")) == [public_id]
    ombud("consent", "withdraw", "anna@example.se", "-p", "newsletter")
    assert json.loads(ombud("audience", "-p", "newsletter", "--json")) == []
    assert "intact" in ombud("audit", "verify")


def test_a_refusal_names_the_rule_and_exits_1(ombud):
    ombud("subject", "--kind", "member", "--email", "anna@example.se")
    runner = CliRunner()
    result = runner.invoke(
        app, ["collect", "anna@example.se", "user.health_and_medical=astma", "-p", "membership"]
    )
    assert result.exit_code == 1
    assert "refused by data_minimisation" in result.output


def test_a_malformed_pair_is_a_usage_error(ombud):
    ombud("subject", "--kind", "member", "--email", "anna@example.se")
    ombud("collect", "anna@example.se", "user.name", "-p", "membership", code=2)


def test_an_event_recomputes_expiries(ombud):
    ombud("subject", "--kind", "member", "--email", "anna@example.se")
    ombud("collect", "anna@example.se", "user.name=Anna", "-p", "membership")
    out = ombud("event", "anna@example.se", "membership_ended", "--at", "2026-06-30T12:00:00+02:00")
    assert out == "membership_ended: 1 expiry(ies) recomputed"


def test_an_unknown_subject_is_not_found(ombud):
    runner = CliRunner()
    result = runner.invoke(app, ["decide", "nobody@example.se", "-p", "membership"])
    assert result.exit_code == 1 and "no subject with that email" in result.output


def test_tokens_are_shown_once_listed_without_the_secret_and_revoked(ombud):
    token = ombud("token", "create", "booking", "-p", "bookings", "-p", "membership")
    assert token.startswith("omb_") and len(token) > 40
    listed = json.loads(ombud("token", "list", "--json"))
    assert [(t["name"], t["purposes"], t["revoked_at"]) for t in listed] == [
        ("booking", ["bookings", "membership"], None)
    ]
    assert token not in json.dumps(listed)
    ombud("token", "revoke", "booking")
    assert json.loads(ombud("token", "list", "--json"))[0]["revoked_at"] is not None


def test_a_requests_token_needs_no_purpose_and_says_what_it_may_do(ombud):
    ombud("token", "create", "helpdesk", "--requests")
    [listed] = json.loads(ombud("token", "list", "--json"))
    assert (listed["purposes"], listed["requests"]) == ([], True)
    ombud("token", "create", "nothing", code=1)  # neither purposes nor requests: refused


def test_a_token_for_an_undeclared_purpose_is_refused(ombud):
    ombud("token", "create", "x", "-p", "marketing", code=1)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("0O3IZR7Gwg5q12l4XhH13w", None),  # a public id that happens to start with 0
        ("070-123 45 67", "phone"),
        ("+46701234567", "phone"),
        ("19650326-0579", "personnummer"),
        ("anna@example.se", "email"),
    ],
)
def test_a_subject_argument_is_told_apart_from_its_identifiers(text, kind):
    found = _identifier_kind(text)
    assert (found.value if found else None) == kind
