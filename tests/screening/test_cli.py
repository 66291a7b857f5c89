"""`ombud screen` through the real command line: file, stdin, json and jsonl."""

import json

from typer.testing import CliRunner

from ombud.cli import app

runner = CliRunner()
TEXT = "Hej!\nMitt personnummer är 811228-9874 och jag har astma.\n"


def test_screen_prints_a_masked_table_and_exits_1_on_findings(tmp_path):
    path = tmp_path / "message.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = runner.invoke(app, ["screen", str(path)])
    assert result.exit_code == 1, result.output
    assert "personnummer" in result.output and "2:22" in result.output
    assert "811228" not in result.output and "9874" not in result.output
    assert "astma" in result.output


def test_screen_reads_stdin_and_prints_one_json_object_per_finding():
    result = runner.invoke(app, ["screen", "-", "--format", "json"], input=TEXT)
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["kind"] for line in lines] == ["personnummer", "health"]
    first = lines[0]
    assert set(first) == {"start", "end", "kind", "confidence"}
    assert TEXT[first["start"] : first["end"]] == "811228-9874"


def test_screen_exits_0_when_nothing_is_found():
    result = runner.invoke(app, ["screen", "-"], input="Välkommen till kursen!")
    assert result.exit_code == 0
    assert "No findings" in result.output


def test_screen_exits_2_on_a_missing_file(tmp_path):
    result = runner.invoke(app, ["screen", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2


def test_screen_jsonl_writes_one_result_per_document(tmp_path):
    path = tmp_path / "batch.jsonl"
    documents = [{"id": "a", "text": "tel 070-174 06 05"}, {"id": 7, "text": "Tack!"}]
    path.write_text("\n".join(json.dumps(d) for d in documents) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["screen", "--jsonl", str(path)])
    assert result.exit_code == 1
    results = [json.loads(line) for line in result.output.splitlines()]
    assert results[0]["id"] == "a" and results[0]["findings"][0]["kind"] == "phone"
    assert results[1] == {"id": 7, "findings": []}


def test_screen_jsonl_names_the_bad_line(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text('{"id": 1, "text": "ok"}\nnot json\n', encoding="utf-8")
    result = runner.invoke(app, ["screen", "--jsonl", str(path)])
    assert result.exit_code == 2
    assert "line 2:" in result.output


def test_screen_kind_option_limits_the_search():
    result = runner.invoke(app, ["screen", "-", "--format", "json", "--kind", "health"], input=TEXT)
    assert [json.loads(line)["kind"] for line in result.output.splitlines()] == ["health"]


def test_screen_help_ends_with_an_example():
    result = runner.invoke(app, ["screen", "--help"])
    assert "Example: ombud screen" in result.output


def test_screen_exits_2_on_text_that_is_not_utf8(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Jag har diabetes, hälsningar".encode("latin-1"))
    result = runner.invoke(app, ["screen", str(path)])
    assert result.exit_code == 2
    assert "UTF-8" in result.output
