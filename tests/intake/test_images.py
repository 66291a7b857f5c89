"""Uploaded images lose their location and camera metadata, and keep their orientation."""

from __future__ import annotations

from io import BytesIO

import pytest
from PIL import Image

from ombud.errors import InvalidValue
from ombud.intake.images import strip_metadata

GPS_IFD = 0x8825
ORIENTATION, MAKE, MODEL, SERIAL = 0x0112, 0x010F, 0x0110, 0xA431


def photo(fmt: str = "JPEG", orientation: int = 1) -> bytes:
    """A 40×20 image carrying GPS coordinates (Leep's office), camera and orientation."""
    image = Image.new("RGB", (40, 20), (200, 30, 30))
    exif = Image.Exif()
    exif[MAKE], exif[MODEL], exif[ORIENTATION] = "Canon", "EOS 5D", orientation
    exif[SERIAL] = "0123456789"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (57.0, 42.0, 29.0), 3: "E", 4: (11.0, 58.0, 1.0)})
    out = BytesIO()
    image.save(out, format=fmt, exif=exif, comment=b"taken at home" if fmt == "JPEG" else None)
    return out.getvalue()


def opened(data: bytes) -> Image.Image:
    return Image.open(BytesIO(data))


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_gps_and_camera_metadata_are_removed(fmt):
    original = photo(fmt)
    assert opened(original).getexif().get_ifd(GPS_IFD)
    stripped = strip_metadata(original)
    image = opened(stripped)
    assert image.format == fmt
    assert dict(image.getexif()) == {}
    assert not image.getexif().get_ifd(GPS_IFD)
    for marker in (b"Canon", b"EOS 5D", b"0123456789", b"taken at home"):
        assert marker not in stripped


def test_the_orientation_is_applied_before_the_tag_goes():
    stripped = opened(strip_metadata(photo(orientation=6)))  # rotated 90° clockwise
    assert stripped.size == (20, 40)


def test_something_that_is_not_an_image_is_an_invalid_value():
    with pytest.raises(InvalidValue):
        strip_metadata(b"not an image")
