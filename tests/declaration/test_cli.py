"""`ombud check`, `ombud schema` and `ombud init`, through the real command line."""

import json

from typer.testing import CliRunner

from ombud.cli import app

runner = CliRunner()


def test_check_exits_0_on_a_clean_declaration(tmp_path, valid_text):
    path = tmp_path / "ombud.yaml"
    path.write_text(valid_text, encoding="utf-8")
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 0, result.output
    assert "no findings" in result.output


def test_check_exits_1_with_findings_at_their_line(tmp_path, valid_text, line_of):
    text = valid_text.replace("    dpa: {signed_on: 2024-01-15}\n", "")
    path = tmp_path / "ombud.yaml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 1
    expected = f"{path}:{line_of(text, '  it_services:')}:"
    assert expected in result.output
    assert "[processor-without-dpa]" in result.output and "(GDPR Art. 28(3))" in result.output


def test_check_json_gives_one_object_per_finding(tmp_path, valid_text):
    text = valid_text.replace("    dpa: {signed_on: 2024-01-15}\n", "")
    path = tmp_path / "ombud.yaml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["check", str(path), "--json"])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["code"] for r in records] == ["processor-without-dpa"]
    assert records[0]["line"] and records[0]["reference"] == "GDPR Art. 28(3)"


def test_check_exits_2_on_an_unusable_declaration(tmp_path, valid_text):
    path = tmp_path / "ombud.yaml"
    path.write_text(valid_text.replace("keep: P36M", "keep: 36 months"), encoding="utf-8")
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 2
    assert "purposes.membership.retention.keep: got '36 months'" in result.output


def test_check_exits_2_on_a_missing_file(tmp_path):
    result = runner.invoke(app, ["check", str(tmp_path / "missing.yaml")])
    assert result.exit_code == 2
    assert "missing.yaml" in result.output


def test_schema_is_a_json_schema_that_names_every_section(tmp_path):
    out = tmp_path / "ombud.schema.json"
    result = runner.invoke(app, ["schema", "-o", str(out)])
    assert result.exit_code == 0
    schema = json.loads(out.read_text(encoding="utf-8"))
    assert schema["additionalProperties"] is False
    for section in ("controller", "purposes", "processors", "transfers", "legal_holds", "cookies"):
        assert section in schema["properties"]
    keep = schema["$defs"]["RetentionRule"]["properties"]["keep"]
    assert "P36M" in json.dumps(keep) or "pattern" in json.dumps(keep)


def test_init_refuses_an_unknown_example_and_lists_the_known(tmp_path):
    result = runner.invoke(app, ["init", "--example", "nope", "-o", str(tmp_path / "o.yaml")])
    assert result.exit_code == 2
    assert "got 'nope'" in result.output
    assert not (tmp_path / "o.yaml").exists()


def test_init_writes_an_example_that_checks_and_refuses_to_overwrite(tmp_path):
    out = tmp_path / "ombud.yaml"
    result = runner.invoke(app, ["init", "--example", "lean-forum", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Lean Forum" in out.read_text(encoding="utf-8")
    assert runner.invoke(app, ["check", str(out)]).exit_code in (0, 1)
    again = runner.invoke(app, ["init", "--example", "leep", "-o", str(out)])
    assert again.exit_code == 2 and "--force" in again.output
    assert "Lean Forum" in out.read_text(encoding="utf-8")
