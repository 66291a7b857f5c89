"""Carry out an access request: read everything held, build and render the report (Art. 15).

The read is one audit event, `access_reported`, naming every category read, rather
than one `read` per purpose: the purpose of this read is the request itself, and
the purpose gate does not apply (restricted or objected data is still the person's
to see). The report is counted: the declaration may promise some free a year.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from ombud.protect import pseudonym
from ombud.register import audit
from ombud.register.service import Context, SubjectRef
from ombud.rights import queries
from ombud.rights.access import HeldInput, access_report
from ombud.rights.holdings import cipher_for, decrypt
from ombud.rights.model import AccessReport, Outcome, Request
from ombud.rights.report import report_html
from ombud.rights.wording import ACCESS_BEYOND_FREE, ACCESS_DONE, ACCESS_FREE, text

YEAR = timedelta(days=365)


def build_report(
    session: Session, ctx: Context, request: Request, subject: SubjectRef | None
) -> AccessReport:
    """The report for the request's subject; for an unknown address, one that says so."""
    now = ctx.clock.now()
    if subject is None:
        return access_report(
            ctx.declaration, [], {}, [], lang=request.lang, now=now, reports_in_last_year=1
        )
    holdings = queries.holdings(session, subject.id)
    cipher = cipher_for(session, ctx, subject)
    values = decrypt(cipher, subject, holdings) if cipher is not None else {}
    held = [HeldInput(h.category, h.law, h.expires_at) for h in queries.held(session, subject.id)]
    count = queries.access_reports_since(session, subject.id, now - YEAR) + 1
    return access_report(
        ctx.declaration,
        holdings if cipher is not None else [],
        values,
        held,
        lang=request.lang,
        now=now,
        reports_in_last_year=count,
    )


def carry_out(
    session: Session, ctx: Context, request: Request, subject: SubjectRef | None, actor: str
) -> Outcome:
    """Build the report, audit the read, and hand the HTML over as the outcome's artifact."""
    report = build_report(session, ctx, request, subject)
    categories = tuple(item.category for item in report.data)
    if subject is not None:
        audit.append(
            session,
            audit.AccessReported(
                request=request.id,
                categories=categories,
                reports_in_last_year=report.reports_in_last_year,
            ),
            at=ctx.clock.now(),
            actor=actor,
            subject_ref=pseudonym(ctx.keyring, subject.public_id),
            purpose="access_request",
        )
    summary = text(
        ACCESS_DONE,
        request.lang,
        values=sum(len(i.values) for i in report.data),
        categories=len(categories),
        count=report.reports_in_last_year,
    )
    if report.free is not None:
        summary += " " + text(ACCESS_FREE if report.free else ACCESS_BEYOND_FREE, request.lang)
    return Outcome(
        summary=summary,
        done={
            "categories": list(categories),
            "reports_in_last_year": report.reports_in_last_year,
            "free": report.free,
        },
        report=report,
        artifact=report_html(report).encode(),
        artifact_name="registerutdrag.html" if request.lang == "sv" else "access-report.html",
    )
