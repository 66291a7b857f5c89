"""What a Lean Forum member reads, in Swedish and English, compared with reviewed golden files.

Every mail a request sends (code, extension, refusal, restriction and its lifting,
erasure with its explanation of what was kept and why, the access report's cover),
and the access report itself as HTML and JSON. The diff is the review; after reviewing
a change, regenerate with

    OMBUD_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/rights/test_golden.py
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

import pytest

from ombud.rights.model import RequestType
from ombud.rights.report import report_json
from ombud.rights.service import extend_request, lift_restriction, refuse_request, run_request
from tests.rights.conftest import PROFILES, example_context, hold_person, verified

GOLDEN = Path(__file__).parent / "golden"
CODE = re.compile(r"\b\d{8}\b")  # the one-time code differs on every run


def _mails(mailer) -> str:
    return "".join(
        f"To: {m.to}\nSubject: {m.subject}\nAttachment: {m.attachment_name}\n\n"
        f"{CODE.sub('########', m.body)}\n\n-----\n\n"
        for m in mailer.sent
    )


def _renderings(session, clock, mailer, lang: str) -> dict[str, str]:
    """Take a Lean Forum member through every request type that mails or renders."""
    profile = PROFILES["lean-forum"]
    ctx = example_context(profile.example, clock)
    hold_person(session, ctx, profile)
    access = verified(session, ctx, mailer, RequestType.access, lang=lang)
    report = run_request(session, ctx, request_id=access.id, mailer=mailer, actor="t")
    late = verified(session, ctx, mailer, RequestType.access, lang=lang)
    extend_request(
        session, ctx, request_id=late.id, months=2, reason="Reason 1.", mailer=mailer, actor="t"
    )
    refused = verified(session, ctx, mailer, RequestType.portability, lang=lang)
    refuse_request(
        session, ctx, request_id=refused.id, reason="Reason 2.", mailer=mailer, actor="t"
    )
    restriction = verified(
        session, ctx, mailer, RequestType.restriction, lang=lang, purpose="membership"
    )
    run_request(session, ctx, request_id=restriction.id, mailer=mailer, actor="t")
    lift_restriction(
        session, ctx, request_id=restriction.id, reason="Reason 3.", mailer=mailer, actor="t"
    )
    erasure = verified(session, ctx, mailer, RequestType.erasure, lang=lang)
    erased = run_request(session, ctx, request_id=erasure.id, mailer=mailer, actor="t")
    assert report.report is not None and report.artifact is not None
    return {
        f"mails.{lang}.txt": _mails(mailer),
        f"access_report.{lang}.html": report.artifact.decode(),
        f"access_report.{lang}.json": report_json(report.report) + "\n",
        f"erasure.{lang}.txt": erased.summary + "\n",
    }


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_what_a_lean_forum_member_reads_matches_the_golden_files(store, clock, mailer, lang):
    differ = []
    for name, rendered in _renderings(store.session, clock, mailer, lang).items():
        path = GOLDEN / name
        if os.environ.get("OMBUD_UPDATE_GOLDEN") == "1":
            path.write_text(rendered, encoding="utf-8", newline="")
        expected = path.read_text(encoding="utf-8") if path.exists() else ""
        if rendered != expected:
            differ.extend(
                difflib.unified_diff(
                    expected.splitlines(keepends=True),
                    rendered.splitlines(keepends=True),
                    fromfile=f"golden/{name}",
                    tofile="rendered",
                )
            )
    if differ:
        pytest.fail(
            "differs from the golden files (OMBUD_UPDATE_GOLDEN=1 to accept):\n" + "".join(differ),
            pytrace=False,
        )
