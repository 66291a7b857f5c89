"""`ombud import` from the command line: progress, all or nothing, --skip-bad and rejects."""

import csv
import json

import pytest
from typer.testing import CliRunner

from ombud.cli import app

from .conftest import DECLARATION
from .test_importing import MEMBER_MAPPING, MEMBERS


@pytest.fixture
def ombud(tmp_path, monkeypatch):
    """Run `ombud` on a fresh SQLite store in tmp_path; returns (exit code, stdout, stderr)."""
    monkeypatch.setenv("OMBUD_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("OMBUD_DECLARATION", str(DECLARATION))
    runner = CliRunner()

    def run(*args: str):
        result = runner.invoke(app, list(args))
        return result.exit_code, result.stdout, result.stderr

    assert run("keys", "init")[0] == 0
    assert run("db", "upgrade", "--database-url", f"sqlite:///{tmp_path / 'ombud.db'}")[0] == 0
    return run


@pytest.fixture
def files(tmp_path):
    people, mapping = tmp_path / "people.csv", tmp_path / "mapping.yaml"
    people.write_text(MEMBERS.replace("BO@example.se", "bo-at-example.se"), encoding="utf-8")
    mapping.write_text(MEMBER_MAPPING, encoding="utf-8")
    return people, mapping


def test_a_bad_row_stops_the_import_and_names_its_line(ombud, files):
    people, mapping = files
    code, _, err = ombud("import", str(people), "--mapping", str(mapping), "-p", "membership")
    assert code == 1
    assert "people.csv:3 column 'E-post'" in err and "nothing was imported" in err
    code, out, _ = ombud("audience", "-p", "membership", "--json")
    assert json.loads(out) == []


def test_skip_bad_imports_the_rest_and_writes_the_rejects(ombud, files, tmp_path):
    people, mapping = files
    rejects = tmp_path / "rejects.csv"
    code, out, _ = ombud(
        "import", str(people), "-m", str(mapping), "-p", "membership",
        "--skip-bad", "--rejects", str(rejects),
    )  # fmt: skip
    assert code == 0, out
    assert "2 subject(s) created" in out and "1 row(s) rejected" in out
    with rejects.open(encoding="utf-8-sig", newline="") as handle:
        (row,) = csv.DictReader(handle, delimiter=";")
    assert row["E-post"] == "bo-at-example.se" and "expected an e-mail address" in row["reason"]
    code, out, _ = ombud("audience", "-p", "membership", "--json")
    assert len(json.loads(out)) == 2


def test_a_bad_mapping_is_a_usage_error(ombud, files, tmp_path):
    people, mapping = files
    mapping.write_text("subject_kind: member\n", encoding="utf-8")
    code, _, err = ombud("import", str(people), "-m", str(mapping), "-p", "membership")
    assert code == 2 and "identifiers: missing; this field is required" in err


def test_rejects_without_skip_bad_is_a_usage_error(ombud, files, tmp_path):
    people, mapping = files
    code, _, err = ombud(
        "import", str(people), "-m", str(mapping), "-p", "membership", "--rejects", "r.csv"
    )
    assert code == 2 and "--rejects needs --skip-bad" in err


def test_demo_data_fills_the_configured_declaration(ombud):
    code, out, _ = ombud("demo-data", "--people", "60", "--seed", "2")
    assert code == 0 and "membership:" in out and "marketing block(s)" in out
    code, out, _ = ombud("audience", "-p", "membership", "--json")
    assert json.loads(out)


def test_demo_data_names_the_known_examples(ombud):
    code, _, err = ombud("demo-data", "--example", "no-such-org")
    assert code == 2 and "--example: got 'no-such-org'; expected one of" in err
