"""Strip location and camera metadata from an uploaded image before it is stored.

A photo's EXIF can hold where it was taken (GPS), when, and with which camera
(serial numbers): personal data the uploader rarely means to share (GDPR
Art. 5(1)(c), 25(2)). The image is re-encoded from its pixels alone, with any
EXIF orientation applied first so it still shows the right way up.
"""

from __future__ import annotations

import base64
import warnings
from io import BytesIO

from PIL import Image, ImageOps, UnidentifiedImageError

from ombud.errors import InvalidValue

# Kept: the colour profile and transparency describe the pixels, not the person or place.
_KEPT = ("icc_profile", "transparency")


def strip_metadata(image: bytes) -> bytes:
    """The image re-encoded in its own format without EXIF, GPS, XMP, IPTC or comments."""
    return stripped(image)[0]


def as_data_uri(image: bytes, image_format: str) -> str:
    """An image as a `data:` URI: how a record (a string value) holds it."""
    return f"data:image/{image_format.lower()};base64,{base64.b64encode(image).decode()}"


def stripped(image: bytes) -> tuple[bytes, str]:
    """The image without its metadata, and its format (JPEG, PNG …)."""
    try:
        # A decompression bomb (far more pixels than any photo) is refused, not decoded.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(image)) as opened:
                image_format = opened.format
                upright = ImageOps.exif_transpose(opened)
                upright.load()
                kept = {k: opened.info[k] for k in _KEPT if k in opened.info}
    except (
        UnidentifiedImageError,
        OSError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as exc:
        raise InvalidValue(
            "image", f"{len(image)} bytes", "an image Pillow reads (JPEG, PNG, WebP, GIF …)"
        ) from exc
    if image_format is None:
        raise InvalidValue("image", f"{len(image)} bytes", "an image in a known format")
    # A new image from the pixels alone: nothing of the original's metadata comes along.
    clean = Image.frombytes(upright.mode, upright.size, upright.tobytes())
    palette = upright.getpalette()
    if upright.mode == "P" and palette is not None:
        clean.putpalette(palette)
    out = BytesIO()
    options: dict[str, object] = dict(kept)
    if image_format == "JPEG":
        options["quality"] = 95
    try:
        clean.save(out, format=image_format, **options)
    except (OSError, KeyError, ValueError) as exc:  # a format Pillow reads but cannot write
        raise InvalidValue("image", image_format, "JPEG, PNG, WebP or GIF") from exc
    return out.getvalue(), image_format
