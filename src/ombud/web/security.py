"""Web sessions, CSRF tokens, unsubscribe tokens and rate limits.

The session is a cookie encrypted and signed with Fernet (AES-CBC + HMAC-SHA256)
under the deployment's session key, `Secure`, `HttpOnly`, `SameSite=Lax`, and
expires after 30 idle minutes. It holds only the signed-in person's public id and
address, or the staff member's name, and the CSRF token every form carries.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import threading
import time
from collections import deque
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from fastapi import HTTPException, Request
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ombud.settings import Settings

COOKIE = "ombud_session"
IDLE_SECONDS = 30 * 60
CSRF_FIELD = "csrf"


def session_key(settings: Settings) -> bytes:
    """The 32-byte session key: from the settings, else data_dir/session.key (created once)."""
    if settings.session_key is not None:
        return base64.b64decode(settings.session_key.get_secret_value())
    path = settings.resolved_session_key_file
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as key_file:
            key_file.write(base64.b64encode(secrets.token_bytes(32)).decode())
    return base64.b64decode(path.read_text().strip())


def _derived(key: bytes, label: str) -> bytes:
    return hmac.new(key, label.encode(), hashlib.sha256).digest()


class SessionCodec:
    """Turns the session dict into a cookie value and back; refuses tampered or stale ones."""

    def __init__(self, key: bytes) -> None:
        self._fernet = Fernet(base64.urlsafe_b64encode(_derived(key, "session")))
        self._unsubscribe = _derived(key, "unsubscribe")

    def dumps(self, session: dict[str, Any]) -> str:
        return self._fernet.encrypt(json.dumps(session).encode()).decode()

    def loads(self, cookie: str | None) -> dict[str, Any]:
        if not cookie:
            return {}
        try:
            loaded = json.loads(self._fernet.decrypt(cookie.encode(), ttl=IDLE_SECONDS))
        except (InvalidToken, ValueError):
            return {}
        return loaded if isinstance(loaded, dict) else {}

    def unsubscribe_token(self, subject: str, purpose: str) -> str:
        """A token naming one subject and purpose, signed so it cannot be altered or forged."""
        body = base64.urlsafe_b64encode(json.dumps([subject, purpose]).encode()).decode()
        return f"{body}.{self._sign(body)}"

    def read_unsubscribe_token(self, token: str) -> tuple[str, str] | None:
        """The (subject, purpose) a token names, or None if it was not signed by us."""
        body, _, signature = token.partition(".")
        if not hmac.compare_digest(self._sign(body), signature):
            return None
        try:
            subject, purpose = json.loads(base64.urlsafe_b64decode(body))
        except ValueError:
            return None
        return str(subject), str(purpose)

    def _sign(self, body: str) -> str:
        digest = hmac.new(self._unsubscribe, body.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")


class Sessions:
    """Reads the session cookie into `request.state.session` and writes it back after;
    re-issued on every response, so the 30 idle minutes start again (plain ASGI)."""

    def __init__(self, app: ASGIApp, codec: SessionCodec) -> None:
        self.app, self.codec = app, codec

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cookie = Request(scope).cookies.get(COOKIE)
        session = self.codec.loads(cookie)
        scope.setdefault("state", {})["session"] = session

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if session:
                    headers.append("set-cookie", self._cookie(self.codec.dumps(session)))
                elif cookie:
                    headers.append("set-cookie", self._cookie("", max_age=0))
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    @staticmethod
    def _cookie(value: str, max_age: int = IDLE_SECONDS) -> str:
        return f"{COOKIE}={value}; Max-Age={max_age}; Path=/; Secure; HttpOnly; SameSite=Lax"


def web_session(request: Request) -> dict[str, Any]:
    """This request's session; changes to it are written back by the session middleware."""
    session: dict[str, Any] = request.state.session
    return session


def csrf_token(request: Request) -> str:
    """The session's CSRF token, created on first use."""
    session = web_session(request)
    if CSRF_FIELD not in session:
        session[CSRF_FIELD] = secrets.token_urlsafe(32)
    return str(session[CSRF_FIELD])


async def require_csrf(request: Request) -> None:
    """Refuse (403) a form post without this session's CSRF token; other methods pass."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    form = await request.form()
    sent = form.get(CSRF_FIELD)
    expected = web_session(request).get(CSRF_FIELD)
    if not (isinstance(sent, str) and expected and hmac.compare_digest(sent, expected)):
        raise HTTPException(403, "the form's CSRF token is missing or wrong; reload the page")


class RateLimit:
    """At most `limit` events per key in a sliding window of `seconds` (one process)."""

    def __init__(self, limit: int, seconds: float) -> None:
        self.limit, self.seconds = limit, seconds
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        now = time.monotonic()
        with self._lock:
            seen = self._seen.setdefault(key, deque())
            while seen and seen[0] <= now - self.seconds:
                seen.popleft()
            if len(seen) >= self.limit:
                return False
            seen.append(now)
            return True
