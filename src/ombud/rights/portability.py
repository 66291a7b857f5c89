"""Carry out a portability request: the data the person provided, as JSON and CSV (Art. 20).

Only records the subject provided themselves (`provided_by_subject`), held for a
purpose resting on consent or contract (Art. 20(1)(a)); one zip with `data.json`,
`data.csv` and `manifest.json` (controller, time, categories, counts, SHA-256 of each).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from ombud.declaration.model import Declaration
from ombud.protect import pseudonym
from ombud.register import audit
from ombud.register.service import Context, SubjectRef
from ombud.rights import queries
from ombud.rights.holdings import cipher_for, decrypt
from ombud.rights.model import Outcome, RecordHolding, Request
from ombud.rights.wording import EXPORTED, plural

PORTABLE_BASES = frozenset({"consent", "contract"})
FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # zip entries get a fixed time: same data, same bytes


def portable(holdings: Sequence[RecordHolding]) -> list[RecordHolding]:
    """The records Art. 20 covers: provided by the subject, on a consent or contract basis."""
    return [
        r
        for r in holdings
        if r.provided_by_subject and any(b.legal_basis in PORTABLE_BASES for b in r.bases)
    ]


def export_zip(
    declaration: Declaration,
    records: Sequence[RecordHolding],
    values: Mapping[int, str],
    now: datetime,
) -> bytes:
    """The zip: data.json, data.csv and a manifest with each file's SHA-256."""
    rows = [
        {
            "category": r.category,
            "value": values[r.id],
            "collected_at": r.collected_at.isoformat(),
            "purposes": sorted(b.purpose for b in r.bases if b.legal_basis in PORTABLE_BASES),
        }
        for r in records
    ]
    files = {"data.json": json.dumps(rows, ensure_ascii=False, indent=2).encode()}
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["category", "value", "collected_at", "purposes"])
    for row in rows:
        writer.writerow(
            [row["category"], row["value"], row["collected_at"], ";".join(row["purposes"])]
        )
    files["data.csv"] = text.getvalue().encode()
    counts: dict[str, int] = {}
    for row in rows:
        counts[str(row["category"])] = counts.get(str(row["category"]), 0) + 1
    manifest = {
        "controller": declaration.controller.name,
        "organisation_number": declaration.controller.organisation_number,
        "generated_at": now.isoformat(),
        "categories": counts,
        "records": len(rows),
        "files": {name: hashlib.sha256(body).hexdigest() for name, body in files.items()},
    }
    files["manifest.json"] = json.dumps(manifest, indent=2, sort_keys=True).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in files.items():
            archive.writestr(zipfile.ZipInfo(name, FIXED_TIME), body)
    return buffer.getvalue()


def carry_out(
    session: Session, ctx: Context, request: Request, subject: SubjectRef | None, actor: str
) -> Outcome:
    """Export the portable records and audit the read."""
    now = ctx.clock.now()
    chosen: list[RecordHolding] = []
    values: dict[int, str] = {}
    if subject is not None:
        cipher = cipher_for(session, ctx, subject)
        if cipher is not None:
            chosen = portable(queries.holdings(session, subject.id))
            values = decrypt(cipher, subject, chosen)
        audit.append(
            session,
            audit.PortabilityExported(
                request=request.id,
                categories=tuple(sorted({r.category for r in chosen})),
                records=len(chosen),
            ),
            at=now,
            actor=actor,
            subject_ref=pseudonym(ctx.keyring, subject.public_id),
            purpose="portability_request",
        )
    return Outcome(
        summary=plural(EXPORTED, len(chosen), request.lang),
        done={"records": len(chosen), "categories": sorted({r.category for r in chosen})},
        artifact=export_zip(ctx.declaration, chosen, values, now),
        artifact_name="data.zip",
    )
