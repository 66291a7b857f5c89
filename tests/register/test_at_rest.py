"""A copy of the database alone reveals no names, e-mail addresses or personnummer."""

import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from ombud.protect import IdentifierKind
from ombud.register.consents import give_consent
from ombud.register.service import collect, register_subject

EMAIL = "karin.lindqvist@example.com"
PERSONNUMMER = "19811228-9874"
NAME = "Karin Lindqvist"
SECRETS = [b"karin.lindqvist", b"Lindqvist", b"198112289874", b"811228-9874", b"8112289874"]


def fill(engine, ctx) -> None:
    with Session(engine) as session, session.begin():
        karin = register_subject(
            session,
            ctx,
            kind="member",
            actor="test",
            identifiers={IdentifierKind.EMAIL: EMAIL, IdentifierKind.PERSONNUMMER: PERSONNUMMER},
        )
        collect(
            session,
            ctx,
            subject=karin,
            purpose="membership",
            actor="test",
            values={"user.name": NAME, "user.contact.email": EMAIL},
        )
        collect(
            session,
            ctx,
            subject=karin,
            purpose="invoicing",
            actor="test",
            values={"user.government_id.national_identification_number": PERSONNUMMER},
        )
        give_consent(
            session, ctx, subject=karin, purpose="coaching", lang="sv", method="paper", actor="test"
        )
        collect(
            session,
            ctx,
            subject=karin,
            purpose="coaching",
            actor="test",
            values={"user.health_and_medical": "diabetes typ 1"},
        )


def database_bytes(engine) -> bytes:
    """The raw database: the SQLite file and its WAL, or a pg_dump of the schema."""
    url = engine.url
    if url.get_backend_name() == "sqlite":
        engine.dispose()
        files = [Path(url.database), Path(url.database + "-wal")]
        return b"".join(f.read_bytes() for f in files if f.exists())
    schema = url.query["options"].removeprefix("-csearch_path=")
    plain = make_url(url).set(drivername="postgresql", query={})
    dump = subprocess.run(
        ["pg_dump", "--schema", schema, plain.render_as_string(hide_password=False)],
        check=True,
        capture_output=True,
    )
    return dump.stdout


def test_a_raw_copy_of_the_store_holds_no_plaintext_personal_data(fresh_engine, ctx):
    fill(fresh_engine, ctx)
    raw = database_bytes(fresh_engine)
    assert b"membership" in raw and b"invoicing" in raw  # the copy really holds the store
    for secret in [*SECRETS, b"diabetes"]:
        assert secret not in raw, secret
