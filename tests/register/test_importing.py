"""Importing a CSV file of people: all or nothing, the same result as collecting one by one."""

import gc
import threading
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from ombud.protect import IdentifierKind, marketing_block_hash
from ombud.register import audit
from ombud.register.consents import give_consent
from ombud.register.importing import import_people
from ombud.register.mapping import ImportRejected, load_mapping, parse_moment
from ombud.register.service import (
    audience,
    collect,
    find_subject,
    read,
    record_event,
    register_subject,
)
from ombud.retention import STOCKHOLM
from ombud.store.tables import audit_events, bases, marketing_blocks, records, subjects

MEMBERS = """\
Namn;E-post;Telefon;Slutdatum
Anna Svensson;anna@example.se;070-123 45 67;
Bo Ek;BO@example.se;;2025-06-30
Cecilia Lund;cecilia@example.se;08-123 456 78;2024-12-31
"""
MEMBER_MAPPING = """\
subject_kind: member
csv: {delimiter: ";"}
identifiers: {email: E-post}
categories:
  user.name: {column: Namn, required: true}
  user.contact.email: E-post
  user.contact.phone_number: Telefon
events:
  membership_ended: Slutdatum
"""
NEWSLETTER = "email\nanna@example.se\nbo@example.se\ndavid@example.se\n"
NEWSLETTER_MAPPING = """\
subject_kind: customer
identifiers: {email: email}
categories: {user.contact.email: email}
consent: {method: paper, evidence: Anmälningsblankett 2025}
"""


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def run_import(store, ctx, tmp_path, people, mapping, purpose, **options):
    return import_people(
        store.session,
        ctx,
        path=write(tmp_path, f"{purpose}.csv", people),
        mapping=load_mapping(write(tmp_path, f"{purpose}.yaml", mapping)),
        purpose=purpose,
        actor="test",
        **options,
    )


def count(store, table) -> int:
    return store.session.execute(select(func.count()).select_from(table)).scalar_one()


def snapshot(store, ctx, emails):
    """Per person: the (category, purpose, legal basis, status, expiry) of every basis."""
    held = {}
    for email in emails:
        ref = find_subject(store.session, ctx, kind=IdentifierKind.EMAIL, value=email)
        rows = store.session.execute(
            select(
                records.c.category,
                bases.c.purpose,
                bases.c.legal_basis,
                bases.c.status,
                bases.c.expires_at,
            )
            .join(bases, bases.c.record_id == records.c.id)
            .where(records.c.subject_id == ref.id)
        )
        held[email] = (
            sorted(tuple(r) for r in rows),
            store.session.execute(
                select(func.count()).select_from(records).where(records.c.subject_id == ref.id)
            ).scalar_one(),
        )
    return held


def collect_one_by_one(store, ctx):
    for line in MEMBERS.splitlines()[1:]:
        name, email, phone, ended = line.split(";")
        ref = register_subject(
            store.session,
            ctx,
            kind="member",
            identifiers={IdentifierKind.EMAIL: email},
            actor="t",
        )
        values = {"user.name": name, "user.contact.email": email}
        if phone:
            values["user.contact.phone_number"] = phone
        collect(store.session, ctx, subject=ref, purpose="membership", values=values, actor="t")
        if ended:
            at = parse_moment(ended, None)
            record_event(store.session, ctx, subject=ref, name="membership_ended", at=at, actor="t")
    for email in NEWSLETTER.splitlines()[1:]:
        ref = register_subject(
            store.session,
            ctx,
            kind="customer",
            identifiers={IdentifierKind.EMAIL: email},
            actor="t",
        )
        give_consent(
            store.session,
            ctx,
            subject=ref,
            purpose="newsletter",
            lang="sv",
            method="paper",
            actor="t",
            evidence="Anmälningsblankett 2025",
        )
        values = {"user.contact.email": email}
        collect(store.session, ctx, subject=ref, purpose="newsletter", values=values, actor="t")


def a_member_already_held(store, ctx):
    """Bo is in the register before either path runs: both must find and extend him."""
    ref = register_subject(
        store.session,
        ctx,
        kind="member",
        identifiers={IdentifierKind.EMAIL: "bo@example.se"},
        actor="t",
    )
    values = {"user.name": "Bo Ek", "user.content.private.dietary_wish": "vegan"}
    collect(store.session, ctx, subject=ref, purpose="bookings", values=values, actor="t")
    record_event(
        store.session, ctx, subject=ref, name="booking_made", at=ctx.clock.now(), actor="t"
    )


def test_an_import_stores_what_collecting_one_by_one_stores(store, ctx, tmp_path):
    emails = ["anna@example.se", "bo@example.se", "cecilia@example.se", "david@example.se"]
    with store.session.begin_nested() as savepoint:
        a_member_already_held(store, ctx)
        collect_one_by_one(store, ctx)
        expected = snapshot(store, ctx, emails)
        savepoint.rollback()
    a_member_already_held(store, ctx)
    members = run_import(store, ctx, tmp_path, MEMBERS, MEMBER_MAPPING, "membership")
    letters = run_import(store, ctx, tmp_path, NEWSLETTER, NEWSLETTER_MAPPING, "newsletter")
    assert snapshot(store, ctx, emails) == expected
    assert (members.subjects_created, members.subjects_found) == (2, 1)
    assert (letters.new_records, letters.reused_records) == (1, 2)  # one record, two bases
    assert expected["bo@example.se"][0][0][-1] is not None  # a clock did start


def test_an_import_leaves_one_audit_event_with_counts_only(store, ctx, tmp_path):
    run_import(store, ctx, tmp_path, MEMBERS, MEMBER_MAPPING, "membership")
    rows = store.session.execute(select(audit_events.c.name, audit_events.c.detail)).all()
    assert [(r.name, r.detail) for r in rows] == [
        (audit.Imported.name, {"subjects": 3, "records": 8, "rejected": 0})
    ]


def test_imported_values_are_read_back_through_the_gate(store, ctx, tmp_path):
    run_import(store, ctx, tmp_path, MEMBERS, MEMBER_MAPPING, "membership")
    anna = find_subject(store.session, ctx, kind=IdentifierKind.EMAIL, value="anna@example.se")
    reading = read(store.session, ctx, subject=anna, purpose="membership", actor="t")
    assert reading.values["user.contact.phone_number"] == ["+46701234567"]
    assert len(audience(store.session, ctx, purpose="membership")) == 3


def test_one_bad_row_and_nothing_is_written(store, ctx, tmp_path):
    bad = MEMBERS.replace("BO@example.se", "bo-at-example.se")
    with pytest.raises(ImportRejected) as caught:
        run_import(store, ctx, tmp_path, bad, MEMBER_MAPPING, "membership")
    assert "membership.csv:3 column 'E-post': email: got 'bo-at-example.se'" in str(caught.value)
    assert "nothing was imported" in str(caught.value)
    store.session.rollback()  # what the caller's transaction does on the error
    assert count(store, subjects) == count(store, records) == 0


@pytest.mark.parametrize(
    ("people", "reason"),
    [
        (MEMBERS.replace("Bo Ek;", ";"), "column 'Namn' (user.name) is empty; it is required"),
        (MEMBERS.replace("2025-06-30", "30/6/25"), "(membership_ended): got '30/6/25'"),
        (MEMBERS.replace(";BO@example.se;", ";;"), "no identifier: 'E-post' empty"),
    ],
)
def test_a_bad_row_names_its_line_and_reason(store, ctx, tmp_path, people, reason):
    with pytest.raises(ImportRejected) as caught:
        run_import(store, ctx, tmp_path, people, MEMBER_MAPPING, "membership")
    first = caught.value.issues[0]
    assert first.line == 3 and reason in first.message


def test_a_category_the_purpose_does_not_declare_is_refused(store, ctx, tmp_path):
    mapping = MEMBER_MAPPING.replace("user.contact.phone_number", "user.health_and_medical")
    summary = run_import(store, ctx, tmp_path, MEMBERS, mapping, "membership", skip_bad=True)
    assert [i.line for i in summary.rejected] == [2, 4]  # Bo has no value in that column
    assert "may not use category 'user.health_and_medical'" in summary.rejected[0].message
    assert summary.subjects_created == 1


def test_a_consent_purpose_without_consent_in_the_mapping_is_refused(store, ctx, tmp_path):
    mapping = NEWSLETTER_MAPPING.replace("consent: {method: paper", "#")
    with pytest.raises(ImportRejected, match="rests on consent"):
        run_import(store, ctx, tmp_path, NEWSLETTER, mapping, "newsletter")


def test_a_person_twice_in_the_file_is_one_subject(store, ctx, tmp_path):
    twice = MEMBERS + "Anna Svensson;ANNA@example.se;;\n"
    summary = run_import(store, ctx, tmp_path, twice, MEMBER_MAPPING, "membership")
    assert summary.subjects_created == 3 and summary.new_records == 8


def test_a_cp1252_file_with_semicolons_and_a_bom_file_read_alike(store, ctx, tmp_path):
    text = "Namn;E-post;Telefon;Slutdatum\nÅsa Öberg;asa@example.se;;\n"
    cp1252 = MEMBER_MAPPING.replace(
        'csv: {delimiter: ";"}', 'csv: {delimiter: ";", encoding: cp1252}'
    )
    import_people(
        store.session,
        ctx,
        path=write(tmp_path, "cp.csv", text, "cp1252"),
        mapping=load_mapping(write(tmp_path, "cp.yaml", cp1252)),
        purpose="membership",
        actor="t",
    )
    bom = write(tmp_path, "bom.csv", text.replace("asa@", "asa2@"), "utf-8-sig")
    import_people(
        store.session,
        ctx,
        path=bom,
        mapping=load_mapping(write(tmp_path, "bom.yaml", MEMBER_MAPPING)),
        purpose="membership",
        actor="t",
    )
    for email in ("asa@example.se", "asa2@example.se"):
        ref = find_subject(store.session, ctx, kind=IdentifierKind.EMAIL, value=email)
        reading = read(store.session, ctx, subject=ref, purpose="membership", actor="t")
        assert reading.values["user.name"] == ["Åsa Öberg"]


def test_a_file_in_the_wrong_encoding_says_which_were_expected(store, ctx, tmp_path):
    path = write(
        tmp_path, "cp.csv", "Namn;E-post;Telefon;Slutdatum\nÅsa;a@example.se;;\n", "cp1252"
    )
    mapping = load_mapping(write(tmp_path, "m.yaml", MEMBER_MAPPING))
    with pytest.raises(ImportRejected, match=r"not utf-8-sig .*cp1252"):
        import_people(
            store.session, ctx, path=path, mapping=mapping, purpose="membership", actor="t"
        )


def test_a_header_missing_a_mapped_column_is_named(store, ctx, tmp_path):
    with pytest.raises(ImportRejected, match="Telefon named in the mapping are not in the header"):
        run_import(
            store, ctx, tmp_path, MEMBERS.replace("Telefon", "Tel"), MEMBER_MAPPING, "membership"
        )


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ("identifiers: {email: E-post}\n", "subject_kind: missing; this field is required"),
        (
            "subject_kind: member\nidentifiers: {fax: F}\n",
            "identifiers.fax.[key]: got 'fax'; expected one of 'email', 'phone' or 'personnummer'",
        ),
        (
            "subject_kind: member\nidentifiers: {email: E}\ncsv: {delimiter: ':'}\n",
            "csv.delimiter: got ':'; expected one of ',', ';', '\\t' or '|'",
        ),
        (
            "subject_kind: member\nidentifiers: {email: E}\ncolumns: {}\n",
            "columns: got {}; expected no such field; fields are subject_kind",
        ),
    ],
)
def test_a_bad_mapping_names_the_field_the_value_and_what_is_accepted(tmp_path, mapping, message):
    with pytest.raises(ImportRejected) as caught:
        load_mapping(write(tmp_path, "m.yaml", mapping))
    assert message in str(caught.value)


def test_dates_without_a_zone_are_stockholm_time():
    assert parse_moment("2025-06-30", None) == datetime(2025, 6, 30, tzinfo=STOCKHOLM)
    assert parse_moment("30/06/2025 14:00", "%d/%m/%Y %H:%M").hour == 14


def test_a_file_of_many_chunks_is_parsed_beside_the_writing(store, ctx, tmp_path, monkeypatch):
    monkeypatch.setattr("ombud.register.importing.CHUNK_ROWS", 1)
    twice = MEMBERS + "Anna Svensson;ANNA@example.se;;\n"
    summary = run_import(store, ctx, tmp_path, twice, MEMBER_MAPPING, "membership")
    assert (summary.rows, summary.subjects_created, summary.subjects_found) == (4, 3, 1)
    assert summary.new_records == 8 and summary.reused_records == 2


# Rows are sealed (hashed, encrypted) before the store is read, for the subject they
# would create; chunks of one row go through the process beside the writer, a chunk of
# many is parsed in this one.
CHUNKS = pytest.mark.parametrize("chunk", [1, 5_000], ids=["process-beside", "one-chunk"])


def phones(store, ctx, email):
    ref = find_subject(store.session, ctx, kind=IdentifierKind.EMAIL, value=email)
    reading = read(store.session, ctx, subject=ref, purpose="membership", actor="t")
    return sorted(reading.values.get("user.contact.phone_number", []))


@CHUNKS
def test_a_person_already_held_gets_values_sealed_under_their_own_key(
    store, ctx, tmp_path, monkeypatch, chunk
):
    monkeypatch.setattr("ombud.register.importing.CHUNK_ROWS", chunk)
    a_member_already_held(store, ctx)
    people = MEMBERS.replace("Bo Ek;BO@example.se;;", "Bo Ek;BO@example.se;070-111 22 33;")
    summary = run_import(store, ctx, tmp_path, people, MEMBER_MAPPING, "membership")
    assert (summary.subjects_created, summary.subjects_found) == (2, 1)
    assert phones(store, ctx, "bo@example.se") == ["+46701112233"]
    assert count(store, subjects) == 3


@CHUNKS
def test_a_person_twice_in_the_file_has_both_rows_values_readable(
    store, ctx, tmp_path, monkeypatch, chunk
):
    monkeypatch.setattr("ombud.register.importing.CHUNK_ROWS", chunk)
    twice = MEMBERS + "Anna Svensson;ANNA@example.se;070-765 43 21;\n"
    summary = run_import(store, ctx, tmp_path, twice, MEMBER_MAPPING, "membership")
    assert summary.subjects_created == 3
    assert phones(store, ctx, "anna@example.se") == ["+46701234567", "+46707654321"]


@CHUNKS
def test_a_marketing_block_held_for_an_identifier_blocks_the_imported_subject(
    store, ctx, tmp_path, monkeypatch, chunk
):
    monkeypatch.setattr("ombud.register.importing.CHUNK_ROWS", chunk)
    block = marketing_block_hash(ctx.keyring, IdentifierKind.EMAIL, "bo@example.se")
    store.session.execute(insert(marketing_blocks).values(hash=block, created_at=ctx.clock.now()))
    run_import(store, ctx, tmp_path, MEMBERS, MEMBER_MAPPING, "membership")
    blocked = store.session.execute(
        select(subjects.c.id).where(subjects.c.marketing_block.is_(True))
    ).all()
    bo = find_subject(store.session, ctx, kind=IdentifierKind.EMAIL, value="bo@example.se")
    assert [row.id for row in blocked] == [bo.id]


def test_a_bad_row_parsed_beside_the_writing_stops_the_import(store, ctx, tmp_path, monkeypatch):
    monkeypatch.setattr("ombud.register.importing.CHUNK_ROWS", 2)
    rows = [f"Person {i};p{i}@example.se;;" for i in range(12)]
    rows[9] = "Person 9;p9-at-example.se;;"
    people = "Namn;E-post;Telefon;Slutdatum\n" + "\n".join(rows) + "\n"
    with pytest.raises(ImportRejected) as caught:
        run_import(store, ctx, tmp_path, people, MEMBER_MAPPING, "membership")
    assert [issue.line for issue in caught.value.issues if issue.line] == [11]
    store.session.rollback()
    assert count(store, subjects) == count(store, records) == 0


def test_bytes_of_another_encoding_after_the_first_chunk_are_refused(
    store, ctx, tmp_path, monkeypatch
):
    monkeypatch.setattr("ombud.register.importing.CHUNK_ROWS", 50)
    rows = [f"Person {i};p{i}@example.se;;" for i in range(1_000)]  # past the first read
    text = "Namn;E-post;Telefon;Slutdatum\n" + "\n".join([*rows, "Åsa;asa@example.se;;"])
    path = write(tmp_path, "mixed.csv", text + "\n", "cp1252")
    mapping = load_mapping(write(tmp_path, "m.yaml", MEMBER_MAPPING))
    with pytest.raises(ImportRejected, match=r"not utf-8-sig .*cp1252"):
        import_people(
            store.session, ctx, path=path, mapping=mapping, purpose="membership", actor="t"
        )


@pytest.mark.parametrize("bad", [False, True], ids=["imported", "refused"])
def test_an_import_leaves_the_garbage_collector_on_and_no_writing_thread(
    store, ctx, tmp_path, monkeypatch, bad
):
    monkeypatch.setattr("ombud.register.importing.CHUNK_ROWS", 2)
    rows = [f"Person {i};p{i}@example.se;;" for i in range(12)]
    if bad:
        rows[9] = "Person 9;p9-at-example.se;;"
    people = "Namn;E-post;Telefon;Slutdatum\n" + "\n".join(rows) + "\n"
    if bad:
        with pytest.raises(ImportRejected):
            run_import(store, ctx, tmp_path, people, MEMBER_MAPPING, "membership")
    else:
        run_import(store, ctx, tmp_path, people, MEMBER_MAPPING, "membership")
    assert gc.isenabled()
    assert not [t for t in threading.enumerate() if t.name == "ombud-bulk-write"]
