"""Leep's website: its policy warns uploaders about GPS data in EXIF; Ombud removes it."""

from __future__ import annotations

import base64
from io import BytesIO

import pytest
from PIL import Image

import ombud
from ombud.declaration import load_declaration
from ombud.intake.service import receive_image
from ombud.protect import generate_keyring
from ombud.register.service import Context, read, subject_ref

LEEP = ombud.__file__.replace("__init__.py", "examples/leep/ombud.yaml")
GPS_IFD, MAKE, DATETIME_ORIGINAL = 0x8825, 0x010F, 0x9003
ARTICLE = "user.content.public.article"


@pytest.fixture
def ctx(clock) -> Context:
    leep = load_declaration(LEEP).declaration
    return Context(declaration=leep, keyring=generate_keyring(), clock=clock)


def photo_with_location() -> bytes:
    image = Image.new("RGB", (40, 30), (200, 80, 40))
    exif = Image.Exif()
    exif[MAKE] = "Apple"
    exif.get_ifd(0x8769)[DATETIME_ORIGINAL] = "2026:05:17 14:03:11"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (57.0, 46.0, 1.0), 3: "E", 4: (14.0, 9.0, 40.0)})
    out = BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_an_article_image_is_published_without_where_or_when_it_was_taken(store, ctx):
    original = photo_with_location()
    assert Image.open(BytesIO(original)).getexif().get_ifd(GPS_IFD)
    stored = receive_image(
        store.session,
        ctx,
        channel="article_uploads",
        sender="larare@leep.example",
        image=original,
        actor="website",
    )
    assert (stored.category, stored.format) == (ARTICLE, "JPEG")
    subject = subject_ref(store.session, stored.subject)
    reading = read(store.session, ctx, subject=subject, purpose="website_accounts", actor="t")
    [uri] = reading.values[ARTICLE]
    kept = base64.b64decode(uri.split(",", 1)[1])
    image = Image.open(BytesIO(kept))
    assert image.size == (40, 30)
    assert not image.getexif().get_ifd(GPS_IFD) and not dict(image.getexif())
    assert b"Apple" not in kept and b"2026:05:17" not in kept
