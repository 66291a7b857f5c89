"""The purge from the command line, as cron and an administrator run it."""

import json
from datetime import datetime, timedelta

import pytest
from typer.testing import CliRunner

from ombud.cli import app

from .conftest import DECLARATION


@pytest.fixture
def ombud(tmp_path, monkeypatch):
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


def test_preview_purge_and_report_from_the_command_line(ombud):
    ombud("subject", "--kind", "customer", "--email", "kund@example.se")
    ombud("collect", "kund@example.se", "user.name=Kund", "-p", "bookings")
    booked = (datetime.now().astimezone() - timedelta(days=400)).isoformat()
    ombud("event", "kund@example.se", "booking_made", "--at", booked)
    assert json.loads(ombud("purge", "--dry-run", "--json"))["removed"] == []
    later = json.loads(ombud("purge", "--dry-run", "--as-of", "2099-01-01", "--json"))
    assert later["removed"] == [{"rule": "purpose:bookings", "category": "user.name", "count": 1}]
    assert "purpose:bookings" in ombud("purge", "--dry-run", "--as-of", "2099-01-01")
    ombud("purge", "--as-of", "2099-01-01", code=2)  # a later date only previews
    (run,) = json.loads(ombud("purge", "--json"))
    assert run["status"] == "finished" and run["removed"] == []
    assert "purge 1" in ombud("purge", "report", "--since", "2020-01-01")
    assert "recomputed 1 bases" in ombud("purge", "recompute")
    changed = json.loads(ombud("purge", "--dry-run", "--declaration", str(DECLARATION), "--json"))
    assert changed["recomputed"]["examined"] == 1
