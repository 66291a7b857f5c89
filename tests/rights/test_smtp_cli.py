"""The whole flow through the CLI, with codes sent over real SMTP to an in-process server."""

from __future__ import annotations

import email
import re
import shutil
import socket
from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from typer.testing import CliRunner

from ombud.cli import app
from tests.rights.conftest import EXAMPLES


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[email.message.Message] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"

    def last_code(self) -> str:
        body = (
            self.messages[-1].get_payload(decode=True)
            if not self.messages[-1].is_multipart()
            else self.messages[-1].get_payload(0).get_payload(decode=True)
        )
        match = re.search(rb"\b(\d{8})\b", body)
        assert match
        return match.group(1).decode()


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    handler = Inbox()
    with socket.socket() as probe:  # an ephemeral port the OS says is free
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


def test_request_new_verify_run_over_smtp(tmp_path, monkeypatch, inbox):
    handler, port = inbox
    declaration = tmp_path / "ombud.yaml"
    shutil.copy(EXAMPLES / "lean-forum" / "ombud.yaml", declaration)
    for name in ("OMBUD_DATABASE_URL", "OMBUD_MASTER_KEY", "OMBUD_INDEX_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OMBUD_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("OMBUD_SMTP_PORT", str(port))
    monkeypatch.setenv("OMBUD_MAIL_FROM", "dpo@leanforum.example")
    monkeypatch.setenv("OMBUD_DATA_DIR", str(tmp_path))
    base = ["-d", str(declaration)]
    runner = CliRunner()
    url = f"sqlite:///{tmp_path / 'ombud.db'}"
    assert runner.invoke(app, [*base, "db", "upgrade", "--database-url", url]).exit_code == 0
    assert runner.invoke(app, [*base, "keys", "init"]).exit_code == 0
    result = runner.invoke(
        app, [*base, "subject", "--kind", "member", "--email", "anna@example.se"]
    )
    assert result.exit_code == 0, result.output
    new = runner.invoke(
        app, [*base, "request", "new", "--type", "access", "--email", "anna@example.se"]
    )
    assert new.exit_code == 0, new.output
    request_id = new.output.split()[0]
    assert handler.messages[-1]["To"] == "anna@example.se"
    wrong = runner.invoke(app, [*base, "request", "verify", request_id, "--code", "00000000"])
    assert wrong.exit_code == 1
    ok = runner.invoke(app, [*base, "request", "verify", request_id, "--code", handler.last_code()])
    assert ok.exit_code == 0, ok.output
    listed = runner.invoke(app, [*base, "request", "list", "--json"])
    assert request_id in listed.output
    run = runner.invoke(app, [*base, "request", "run", request_id, "--out", str(tmp_path / "out")])
    assert run.exit_code == 0, run.output
    assert (tmp_path / "out" / "registerutdrag.html").exists()
    assert handler.messages[-1].is_multipart()  # the report is attached
    shown = runner.invoke(app, [*base, "request", "show", request_id, "--json"])
    assert '"completed"' in shown.output


@pytest.mark.parametrize("command", ["new", "list", "show", "verify", "run", "extend"])
def test_every_request_command_has_help_ending_in_an_example(command):
    result = CliRunner().invoke(app, ["request", command, "--help"])
    assert result.exit_code == 0 and "Example:" in result.output
