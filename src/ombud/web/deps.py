"""Request-scoped dependencies: a transaction, the register context, who is calling."""

from __future__ import annotations

import hashlib
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from ombud.access import Scope, authenticate
from ombud.access.staff import StaffScope, staff_scope
from ombud.errors import NotFound
from ombud.register.service import Context, SubjectRef, subject_ref
from ombud.rights.mail import Mailer
from ombud.runtime import Runtime
from ombud.web.security import SessionCodec, web_session

_bearer = HTTPBearer(auto_error=False, description="An API token from `ombud token create`.")


# Dependencies and routes are `async def` on purpose: the database work per request is
# short, and running it on the event loop saves a thread hop per dependency, which
# costs more than the queries themselves.
async def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


# These two read the runtime themselves rather than depend on `get_runtime`: every
# level of the dependency graph FastAPI resolves costs CPU on every API call.
async def get_session(request: Request) -> AsyncIterator[Session]:
    """One transaction per request: committed on success, rolled back on any error."""
    runtime: Runtime = request.app.state.runtime
    with runtime.transaction() as session:
        yield session


async def get_read_session(request: Request) -> AsyncIterator[Session]:
    """For a route that only reads (the gate decision): no transaction round trips."""
    runtime: Runtime = request.app.state.runtime
    with runtime.read_sessions() as session:
        yield session


async def get_context(request: Request) -> Context:
    runtime: Runtime = request.app.state.runtime
    return runtime.context


# How long a worker trusts a token it has checked: a revoked token stops working within
# this many seconds. A system calling the gate for every use sends thousands of calls a
# minute with one token; this spares the store a lookup on each.
TOKEN_RECHECK_SECONDS = 5.0


class CheckedTokens:
    """Scopes of live tokens checked in the last `seconds`, by the token's SHA-256.

    Only live tokens are kept, so a new token works at once; unknown and revoked ones
    are looked up every time. At most `size` are kept: one process serves few systems.
    """

    def __init__(
        self,
        seconds: float = TOKEN_RECHECK_SECONDS,
        size: int = 1024,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.seconds, self.size, self.clock = seconds, size, clock
        self._kept: dict[bytes, tuple[Scope, float]] = {}

    def get(self, token: str) -> Scope | None:
        kept = self._kept.get(_key(token))
        if kept is None or kept[1] <= self.clock():
            return None
        return kept[0]

    def keep(self, token: str, scope: Scope) -> None:
        if len(self._kept) >= self.size:
            self._kept.clear()  # crude, but bounded; the next calls look up again
        self._kept[_key(token)] = (scope, self.clock() + self.seconds)


def _key(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


async def get_scope(
    request: Request,
    session: Annotated[Session, Depends(get_session)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Scope:
    """The caller's scope from its bearer token; 401 without a live token (deny by default)."""
    if credentials is None:
        scope = None
    else:
        checked: CheckedTokens = request.app.state.checked_tokens
        scope = checked.get(credentials.credentials)
        if scope is None:
            scope = authenticate(session, credentials.credentials)
            if scope is not None:
                checked.keep(credentials.credentials, scope)
    if scope is None:
        raise HTTPException(
            401, "a valid API token is required", headers={"WWW-Authenticate": "Bearer"}
        )
    return scope


SessionDep = Annotated[Session, Depends(get_session)]
ReadSessionDep = Annotated[Session, Depends(get_read_session)]
ContextDep = Annotated[Context, Depends(get_context)]
ScopeDep = Annotated[Scope, Depends(get_scope)]


class SignInRequired(Exception):
    """The page needs a signed-in person or staff member: answered with a redirect."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


@dataclass(frozen=True)
class PortalUser:
    """The person signed in to the portal: their subject (None: nothing held) and address."""

    subject: SubjectRef | None
    email: str


def get_mailer(request: Request) -> Mailer:
    mailer: Mailer = request.app.state.mailer
    return mailer


def get_codec(request: Request) -> SessionCodec:
    codec: SessionCodec = request.app.state.codec
    return codec


def get_portal_user(
    request: Request, session: Annotated[Session, Depends(get_session)]
) -> PortalUser:
    """The signed-in person, re-read from the store; otherwise off to sign in (deny by default)."""
    signed_in = web_session(request).get("portal")
    if not isinstance(signed_in, dict):
        raise SignInRequired("/portal/sign-in")
    public_id = signed_in.get("subject")
    subject = None
    if public_id:
        try:
            subject = subject_ref(session, public_id)
        except NotFound:  # erased since signing in: nothing held any more
            subject = None
    return PortalUser(subject, str(signed_in["email"]))


def get_staff(request: Request, session: Annotated[Session, Depends(get_session)]) -> StaffScope:
    """The signed-in staff member's current scope; otherwise off to sign in."""
    name = web_session(request).get("staff")
    scope = staff_scope(session, name) if isinstance(name, str) else None
    if scope is None:
        web_session(request).pop("staff", None)
        raise SignInRequired("/console/sign-in")
    return scope


MailerDep = Annotated[Mailer, Depends(get_mailer)]
CodecDep = Annotated[SessionCodec, Depends(get_codec)]
PortalUserDep = Annotated[PortalUser, Depends(get_portal_user)]
StaffDep = Annotated[StaffScope, Depends(get_staff)]
