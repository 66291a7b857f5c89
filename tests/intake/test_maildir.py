"""The e-mail intake over a Maildir: each message screened, routed or rejected, then deleted."""

from __future__ import annotations

import json
import shutil
from email.message import EmailMessage
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker
from typer.testing import CliRunner

from ombud.cli import app
from ombud.declaration.model import IntakeAction
from ombud.intake.maildir import read_maildir
from ombud.intake.messages import guess_language, parse_message, strip_html
from ombud.store.tables import audit_events, records
from tests.intake.conftest import LEAN_FORUM
from tests.rights.conftest import RecordingMailer
from tests.rights.test_smtp_cli import inbox  # noqa: F401 (fixture)

SENSITIVE = "Hej!\n\nJag är med i Vänsterpartiet och vill inte få fler utskick.\n\nMvh Anna"
ORDINARY = "Hej!\n\nFinns det platser kvar på kursen i maj?\n\nMvh Bertil"


def message(sender: str, body: str, *, html: bool = False) -> bytes:
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = sender, "info@leanforum.se", "Fråga"
    if html:
        mail.set_content(f"<html><body><p>{body}</p><script>x()</script></body></html>", "html")
    else:
        mail.set_content(body)
    return bytes(mail)


def maildir(tmp_path: Path, *messages: bytes) -> Path:
    root = tmp_path / "Maildir"
    for folder in ("new", "cur", "tmp"):
        (root / folder).mkdir(parents=True)
    for i, raw in enumerate(messages):
        (root / "new" / f"1700000000.{i}.host").write_bytes(raw)
    return root


def count(store, table) -> int:
    return store.session.execute(select(func.count()).select_from(table)).scalar_one()


def test_a_sensitive_email_leaves_no_trace_but_an_audit_line(store, ctx, tmp_path):
    root = maildir(
        tmp_path,
        message("Anna Berg <anna@example.se>", SENSITIVE),
        message("bertil@example.se", ORDINARY),
    )
    mailer = RecordingMailer()
    sessions = sessionmaker(bind=store.connection, join_transaction_mode="create_savepoint")
    run = read_maildir(sessions, ctx, path=root, channel="email", mailer=mailer, actor="intake")
    assert [o.action for o in run.outcomes] == [IntakeAction.reject, IntakeAction.store]
    assert run.left == ()
    assert list((root / "new").iterdir()) == [] and list((root / "cur").iterdir()) == []
    rejected = [
        row
        for row in store.session.execute(select(audit_events)).mappings()
        if row["name"] == "intake_rejected"
    ]
    assert len(rejected) == 1
    audit_text = json.dumps(
        [dict(r) for r in store.session.execute(select(audit_events)).mappings()], default=str
    ).lower()
    for word in ("vänsterpartiet", "utskick", "anna", "berg"):
        assert word not in audit_text
    assert [m.to for m in mailer.sent] == ["anna@example.se"]
    # Bertil's question is routed: his address and his text, under email_intake.
    assert count(store, records) == 2


def test_an_unreadable_message_is_left_for_a_person(store, ctx, tmp_path):
    root = maildir(tmp_path, b"Subject: no sender\n\nHej")
    sessions = sessionmaker(bind=store.connection, join_transaction_mode="create_savepoint")
    run = read_maildir(
        sessions, ctx, path=root, channel="email", mailer=RecordingMailer(), actor="t"
    )
    assert run.outcomes == () and len(run.left) == 1
    assert len(list((root / "new").iterdir())) == 1


def test_a_message_is_read_from_its_plain_part_or_its_stripped_html():
    plain = parse_message(message("Anna <anna@example.se>", ORDINARY))
    assert plain is not None and plain.sender == "anna@example.se" and plain.lang == "sv"
    html = parse_message(
        message("anna@example.se", "Hello, is there a seat &amp; a meal?", html=True)
    )
    assert html is not None and html.text == "Hello, is there a seat & a meal?"
    assert html.lang == "en"


def test_language_is_swedish_unless_the_text_looks_english():
    assert guess_language("Hi, I would like to cancel my booking, thanks") == "en"
    assert guess_language("Hej, jag vill avboka") == "sv"
    assert guess_language("12345") == "sv"
    assert strip_html("<style>p{}</style><p>a</p><p>b</p>") == "a\nb"


def test_the_maildir_command_rejects_over_real_smtp(tmp_path, monkeypatch, inbox):  # noqa: F811
    handler, port = inbox
    declaration = tmp_path / "ombud.yaml"
    shutil.copy(LEAN_FORUM, declaration)
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
    root = maildir(tmp_path, message("anna@example.se", SENSITIVE))
    result = runner.invoke(app, [*base, "intake", "maildir", str(root), "--json"])
    assert result.exit_code == 0, result.output
    (received,) = json.loads(result.stdout)["received"]
    assert received["action"] == "reject" and received["replied"] is True
    assert handler.messages[-1]["To"] == "anna@example.se"
    assert list((root / "new").iterdir()) == []
    flags = runner.invoke(app, [*base, "intake", "flags", "--json"])
    assert flags.exit_code == 0 and json.loads(flags.stdout) == []
