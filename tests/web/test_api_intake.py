"""/api/v1/intake: a web form posts what a person wrote or uploaded; the channel's rules act."""

import base64
from io import BytesIO

import pytest
from PIL import Image
from sqlalchemy import func, insert, select

from ombud.protect import IdentifierKind
from ombud.register.service import Context, find_subject, read, register_subject, subject_ref
from ombud.store.tables import audit_events, entries, intake_flags, records, subjects
from tests.web.intake_declaration import intake_declaration

SENDER = "eva@example.se"
GPS_IFD, MAKE, SERIAL = 0x8825, 0x010F, 0xA431


@pytest.fixture
def ctx(ctx):
    """The web tests' context over the declaration with intake channels."""
    return Context(declaration=intake_declaration(), keyring=ctx.keyring, clock=ctx.clock)


def count(store, table) -> int:
    return store.session.execute(select(func.count()).select_from(table)).scalar_one()


def post_text(client, headers, text, channel="contact_form", **extra):
    body = {"sender": SENDER, "text": text, "lang": "en"} | extra
    return client.post(f"/api/v1/intake/{channel}", json=body, headers=headers)


def test_a_plain_message_is_stored_under_the_channels_purpose(store, ctx, client, token):
    answer = post_text(client, token("contact"), "Could you call me about the course?")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["action"] == "store" and body["stored"] and not body["flagged"]
    subject = subject_ref(store.session, body["subject"])
    reading = read(store.session, ctx, subject=subject, purpose="contact", actor="test")
    assert reading.values["user.content.private.correspondence"] == [
        "Could you call me about the course?"
    ]


def test_a_sensitive_text_is_rejected_answered_in_the_senders_language_and_not_kept(
    store, ctx, client, token, mailer
):
    before = count(store, records), count(store, subjects)
    text = "I have diabetes and need a quiet room"
    answer = post_text(client, token("contact"), text)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["action"] == "reject" and body["stored"] is False and body["subject"] is None
    assert body["reply"]["body"].startswith("Hello,")  # English, as the sender wrote
    assert mailer.messages()[0].mail.to == SENDER
    assert mailer.messages()[0].mail.body == body["reply"]["body"]
    assert (count(store, records), count(store, subjects)) == before
    rows = store.session.execute(select(audit_events)).mappings().all()
    rejected = [row for row in rows if row["name"] == "intake_rejected"]
    assert len(rejected) == 1 and rejected[0]["subject_ref"] is None
    assert "diabetes" not in str(rejected[0]["detail"]) and SENDER not in str(rejected[0])
    swedish = post_text(client, token("contact", name="form2"), text, lang="sv").json()
    assert swedish["reply"]["body"].startswith("Hej!")


def test_a_personnummer_is_masked_before_it_is_stored(store, ctx, client, token):
    body = post_text(client, token("contact"), "Mitt personnummer är 19811228-9874.").json()
    assert body["action"] == "redact"
    subject = subject_ref(store.session, body["subject"])
    reading = read(store.session, ctx, subject=subject, purpose="contact", actor="test")
    assert reading.values["user.content.private.correspondence"] == [
        "Mitt personnummer är [personnummer]."
    ]


def test_a_flagged_text_is_stored_and_listed(store, ctx, client, token):
    body = post_text(client, token("contact"), "My card is 4111 1111 1111 1111, charge it").json()
    assert body["stored"] and body["flagged"]
    assert count(store, intake_flags) == 1


def test_a_booking_wish_needs_its_booking(store, ctx, client, token):
    headers = token("bookings")
    refused = post_text(client, headers, "Vegetarian, please", channel="booking_wish")
    assert refused.status_code == 422 and refused.json()["rule"] == "store_in_entry_only"
    assert count(store, records) == 0


def test_the_token_must_cover_the_channels_purpose(client, token):
    answer = post_text(client, token("bookings"), "Hello")
    assert answer.status_code == 403 and answer.json()["rule"] == "token_scope"


def test_an_undeclared_channel_is_not_found_and_names_the_declared_ones(client, token):
    answer = post_text(client, token("contact"), "Hello", channel="fax")
    assert answer.status_code == 404
    assert "contact_form" in answer.json()["detail"]


def photo() -> bytes:
    """A JPEG carrying GPS coordinates, the camera make and its serial number in EXIF."""
    image = Image.new("RGB", (32, 24), (10, 120, 200))
    exif = Image.Exif()
    exif[MAKE], exif[SERIAL] = "Canon", "0123456789"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (57.0, 42.0, 29.0), 3: "E", 4: (11.0, 58.0, 1.0)})
    out = BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def upload(client, headers, data: bytes, channel="contact_form", name="photo.jpg"):
    return client.post(
        f"/api/v1/intake/{channel}/images",
        files={"image": (name, data, "image/jpeg")},
        data={"sender": SENDER},
        headers=headers,
    )


def test_an_uploaded_photo_is_stored_without_its_location_or_camera(store, ctx, client, token):
    original = photo()
    assert Image.open(BytesIO(original)).getexif().get_ifd(GPS_IFD)
    answer = upload(client, token("contact"), original)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["format"], body["category"]) == ("JPEG", "user.content.self_image")
    found = find_subject(store.session, ctx, kind=IdentifierKind.EMAIL, value=SENDER)
    reading = read(store.session, ctx, subject=found, purpose="contact", actor="test")
    [stored_uri] = reading.values["user.content.self_image"]
    assert stored_uri.startswith("data:image/jpeg;base64,")
    stored = base64.b64decode(stored_uri.split(",", 1)[1])
    image = Image.open(BytesIO(stored))
    assert image.size == (32, 24)
    assert dict(image.getexif()) == {} and not image.getexif().get_ifd(GPS_IFD)
    assert b"Canon" not in stored and b"0123456789" not in stored


def test_a_channel_without_images_refuses_them(store, ctx, client, token):
    answer = upload(client, token("bookings"), photo(), channel="booking_wish")
    assert answer.status_code == 422 and "takes no images" in answer.json()["detail"]
    assert count(store, records) == count(store, entries) == 0


def test_what_is_not_an_image_is_refused_naming_what_is_accepted(store, client, token):
    answer = upload(client, token("contact"), b"%PDF-1.7 not a picture", name="cv.pdf")
    assert answer.status_code == 422
    problem = answer.json()
    assert problem["field"] == "image" and "JPEG" in problem["accepted"]
    assert count(store, records) == 0


def test_staff_of_the_purpose_see_the_uploaded_image_itself(client, token, staff_member):
    subject = upload(client, token("contact"), photo()).json()["subject"]
    officer = staff_member("officer", "contact")
    page = officer.get(f"/console/subjects/{subject}/purposes/contact")
    assert page.status_code == 200
    assert '<img class="held" src="data:image/jpeg;base64,' in page.text
    booker = staff_member("booker", "bookings")
    assert "data:image" not in booker.get(f"/console/subjects/{subject}").text


def test_an_image_over_ten_megabytes_is_refused_and_nothing_stored(store, client, token):
    answer = upload(client, token("contact"), b"\xff\xd8" + b"0" * (10 * 1024 * 1024))
    assert answer.status_code == 413 and "10 MB" in answer.json()["detail"]
    assert count(store, records) == 0


def test_a_booking_wish_is_kept_inside_its_booking(store, ctx, client, token):
    guest = register_subject(
        store.session, ctx, kind="member", identifiers={IdentifierKind.EMAIL: SENDER}, actor="t"
    )
    entry = store.session.execute(
        insert(entries)
        .values(subject_id=guest.id, kind="booking", created_at=ctx.clock.now())
        .returning(entries.c.id)
    ).scalar_one()
    answer = post_text(
        client, token("bookings"), "Halal food please", channel="booking_wish", entry=entry
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["action"] == "store_in_entry_only" and answer.json()["entry"] == entry
    kept = store.session.execute(
        select(records.c.category, records.c.entry_id).where(records.c.subject_id == guest.id)
    ).all()
    assert kept == [("user.content.private.dietary_wish", entry)]
