"""API tokens for the organisation's other systems, each scoped to named purposes.

A token acts only for its purposes (purpose limitation, Art. 5(1)(b)): the booking
system's token cannot read the newsletter audience. A token for `*` is an admin
token: every purpose, and what concerns the whole register (the Art. 30 register).
Any live token may file a data subject request and follow it by its id, since the
person proves who they are with the mailed code; listing the requests needs a token
made `requests`. The token is shown once; the store keeps its SHA-256 only.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from ombud.declaration.model import Declaration
from ombud.errors import Conflict, NotFound, Refused
from ombud.store.tables import api_tokens

PREFIX = "omb_"
ALL_PURPOSES = "*"


@dataclass(frozen=True)
class Scope:
    """What one caller may do: act for these purposes (or all, for an admin token)."""

    name: str
    purposes: frozenset[str]
    requests: bool = False

    @property
    def admin(self) -> bool:
        """An admin token acts for every purpose (`*`)."""
        return ALL_PURPOSES in self.purposes

    def require_admin(self, what: str) -> None:
        """Refuse `what` unless this is an admin token."""
        if not self.admin:
            raise Refused(
                "token_scope", f"token {self.name!r} may not read {what}; it needs an admin token"
            )

    def require_requests(self) -> None:
        """Refuse unless this token may list data subject requests."""
        if not (self.requests or self.admin):
            raise Refused(
                "token_scope",
                f"token {self.name!r} may not list requests; "
                "create one with `ombud token create NAME --requests`",
            )

    def allows(self, purpose: str) -> bool:
        return ALL_PURPOSES in self.purposes or purpose in self.purposes

    def require(self, purpose: str) -> None:
        """Refuse unless this scope covers `purpose`."""
        if not self.allows(purpose):
            raise Refused(
                "token_scope",
                f"token {self.name!r} may not act for purpose {purpose!r}; "
                f"its purposes: {', '.join(sorted(self.purposes))}",
            )


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(
    session: Session,
    declaration: Declaration,
    *,
    name: str,
    purposes: list[str],
    at: datetime,
    requests: bool = False,
) -> str:
    """Create a token for `purposes` (or `*`), returning it: it is never shown again.

    A `requests` token may list data subject requests; it may have no purposes.
    """
    unknown = [p for p in purposes if p != ALL_PURPOSES and p not in declaration.purposes]
    if (not purposes and not requests) or unknown:
        declared = ", ".join(sorted(declaration.purposes))
        raise Refused(
            "token_scope",
            f"purposes: got {unknown or 'none'}; expected declared purposes ({declared}) or '*'",
        )
    taken = session.execute(select(api_tokens.c.id).where(api_tokens.c.name == name)).first()
    if taken:
        raise Conflict(f"a token named {name!r} exists; revoke it or choose another name")
    token = PREFIX + secrets.token_urlsafe(32)
    session.execute(
        insert(api_tokens).values(
            name=name,
            token_hash=_digest(token),
            purposes=sorted(set(purposes)),
            created_at=at,
            requests=requests,
        )
    )
    return token


def authenticate(session: Session, token: str) -> Scope | None:
    """The scope of a live token, or None for an unknown or revoked one."""
    row = session.execute(
        select(api_tokens.c.name, api_tokens.c.purposes, api_tokens.c.requests).where(
            api_tokens.c.token_hash == _digest(token), api_tokens.c.revoked_at.is_(None)
        )
    ).first()
    return Scope(row.name, frozenset(row.purposes), bool(row.requests)) if row else None


def revoke_token(session: Session, *, name: str, at: datetime) -> None:
    """Revoke a token by name; it stops working at once."""
    result = session.execute(
        update(api_tokens)
        .where(api_tokens.c.name == name, api_tokens.c.revoked_at.is_(None))
        .values(revoked_at=at)
        .returning(api_tokens.c.id)
    ).first()
    if result is None:
        raise NotFound(f"no live token named {name!r}")


def list_tokens(
    session: Session,
) -> list[tuple[str, list[str], datetime, datetime | None, bool]]:
    """Every token's name, purposes, creation and revocation time, and whether it may list
    requests (never the token)."""
    rows = session.execute(
        select(
            api_tokens.c.name,
            api_tokens.c.purposes,
            api_tokens.c.created_at,
            api_tokens.c.revoked_at,
            api_tokens.c.requests,
        ).order_by(api_tokens.c.name)
    )
    return [(r.name, list(r.purposes), r.created_at, r.revoked_at, bool(r.requests)) for r in rows]
