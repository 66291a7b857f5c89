"""Time-based one-time passwords (RFC 6238, HMAC-SHA1, 6 digits, 30-second steps).

Pure: the secret and the time in, the code out. Authenticator apps read the
`otpauth://` address as a QR code or typed in.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
from datetime import datetime
from urllib.parse import quote

STEP_SECONDS = 30
DIGITS = 6
DRIFT_STEPS = 1  # accept the code of the step before and after: clocks drift


def new_secret() -> str:
    """A fresh 160-bit secret in base32, as authenticator apps expect."""
    return base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")


def code_at(secret: str, at: datetime, *, offset: int = 0) -> str:
    """The code shown at `at` (RFC 6238 §4, HOTP of the step counter, RFC 4226 §5.3)."""
    counter = int(at.timestamp()) // STEP_SECONDS + offset
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    start = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[start : start + 4])[0] & 0x7FFFFFFF
    return f"{number % 10**DIGITS:0{DIGITS}d}"


def accepts(secret: str, code: str, at: datetime) -> bool:
    """Whether `code` is the code at `at`, or one step either side."""
    given = code.strip().replace(" ", "")
    return any(
        hmac.compare_digest(code_at(secret, at, offset=o), given)
        for o in range(-DRIFT_STEPS, DRIFT_STEPS + 1)
    )


def provisioning_uri(secret: str, *, account: str, issuer: str) -> str:
    """The `otpauth://totp/...` address an authenticator app is set up with."""
    label = quote(f"{issuer}:{account}")
    return f"otpauth://totp/{label}?secret={secret}&issuer={quote(issuer)}&digits={DIGITS}"
