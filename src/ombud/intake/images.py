"""Strip location and camera metadata from an uploaded image before it is stored.

A photo's EXIF can hold where it was taken (GPS), when, and with which camera
(serial numbers): personal data the uploader rarely means to share (GDPR
Art. 5(1)(c), 25(2)). The image is re-encoded from its pixels alone, with any
EXIF orientation applied first so it still shows the right way up.
"""

from __future__ import annotations

from io import BytesIO

from PIL import Image, ImageOps, UnidentifiedImageError

from ombud.errors import InvalidValue

# Kept: the colour profile and transparency describe the pixels, not the person or place.
_KEPT = ("icc_profile", "transparency")


def strip_metadata(image: bytes) -> bytes:
    """The image re-encoded in its own format without EXIF, GPS, XMP, IPTC or comments."""
    try:
        with Image.open(BytesIO(image)) as opened:
            image_format = opened.format
            upright = ImageOps.exif_transpose(opened)
            upright.load()
            kept = {k: opened.info[k] for k in _KEPT if k in opened.info}
    except (UnidentifiedImageError, OSError) as exc:
        raise InvalidValue(
            "image", f"{len(image)} bytes", "an image Pillow reads (JPEG, PNG, WebP, GIF …)"
        ) from exc
    # A new image from the pixels alone: nothing of the original's metadata comes along.
    clean = Image.frombytes(upright.mode, upright.size, upright.tobytes())
    palette = upright.getpalette()
    if upright.mode == "P" and palette is not None:
        clean.putpalette(palette)
    out = BytesIO()
    options: dict[str, object] = dict(kept)
    if image_format == "JPEG":
        options["quality"] = 95
    clean.save(out, format=image_format, **options)
    return out.getvalue()
