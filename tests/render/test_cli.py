"""`ombud render policy` and `ombud render register`, through the real command line."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from ombud.cli import app

FIXTURE = Path(__file__).parent / "fixtures" / "ombud.yaml"

runner = CliRunner()


def test_policy_prints_swedish_markdown_by_default():
    result = runner.invoke(app, ["render", "policy", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Integritetspolicy för Föreningen Friskvård Exempel\n")


def test_policy_writes_english_html_to_a_file(tmp_path):
    out = tmp_path / "policy.html"
    result = runner.invoke(
        app, ["render", "policy", str(FIXTURE), "--lang", "en", "--format", "html", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert '<html lang="en">' in out.read_text(encoding="utf-8")


def test_register_prints_csv_and_markdown():
    csv_result = runner.invoke(app, ["render", "register", str(FIXTURE), "--format", "csv"])
    assert csv_result.exit_code == 0, csv_result.output
    assert csv_result.stdout.startswith("Id,Personuppgiftsansvarig och kontaktuppgifter,")
    md = runner.invoke(app, ["render", "register", str(FIXTURE), "--format", "markdown"])
    assert md.exit_code == 0 and md.stdout.startswith("# Register över behandling")


def test_bad_language_names_the_option_the_value_and_the_choices():
    result = runner.invoke(app, ["render", "policy", str(FIXTURE), "--lang", "de"])
    assert result.exit_code == 2
    assert "--lang: got 'de'; expected one of: sv, en" in result.output


def test_bad_format_names_the_option_the_value_and_the_choices():
    policy = runner.invoke(app, ["render", "policy", str(FIXTURE), "--format", "pdf"])
    assert policy.exit_code == 2
    assert "--format: got 'pdf'; expected one of: markdown, html" in policy.output
    register = runner.invoke(app, ["render", "register", str(FIXTURE), "--format", "html"])
    assert register.exit_code == 2
    assert "--format: got 'html'; expected one of: markdown, csv" in register.output


def test_a_missing_declaration_exits_2(tmp_path):
    result = runner.invoke(app, ["render", "policy", str(tmp_path / "missing.yaml")])
    assert result.exit_code == 2
    assert "missing.yaml" in result.output


def test_help_ends_with_an_example():
    for command in ("policy", "register"):
        result = runner.invoke(app, ["render", command, "--help"])
        assert result.exit_code == 0
        assert f"Example: ombud render {command} " in result.output
