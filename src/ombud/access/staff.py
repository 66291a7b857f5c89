"""Staff accounts for the console, each with one role bound to purposes.

A role names the purposes whose data its holders may read (purpose limitation, Art.
5(1)(b), and Art. 32's "access on a need-to-know basis"), and whether they may handle
data subject requests (`requests`) or see what concerns the whole register (`admin`).
Passwords are kept only as argon2 hashes; a TOTP secret is optional.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from ombud.access import totp
from ombud.declaration.model import Declaration
from ombud.errors import Conflict, NotFound, Refused
from ombud.store.tables import staff, staff_roles

ALL_PURPOSES = "*"
_hasher = PasswordHasher()
# Verified when the name is unknown, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class StaffScope:
    """What one signed-in staff member may do."""

    name: str
    role: str
    purposes: frozenset[str]
    requests: bool
    admin: bool

    def allows(self, purpose: str) -> bool:
        return ALL_PURPOSES in self.purposes or purpose in self.purposes

    def visible(self, declaration: Declaration) -> list[str]:
        """The declared purposes this member may read data for, sorted."""
        return sorted(p for p in declaration.purposes if self.allows(p))

    def require(self, purpose: str) -> None:
        """Refuse unless the role covers `purpose`."""
        if not self.allows(purpose):
            raise Refused(
                "staff_role",
                f"role {self.role!r} may not read data for purpose {purpose!r}; "
                f"its purposes: {', '.join(sorted(self.purposes)) or 'none'}",
            )


@dataclass(frozen=True)
class NewStaff:
    """A created account: its password and TOTP secret are shown once, here."""

    name: str
    password: str
    totp_secret: str | None


def save_role(
    session: Session,
    declaration: Declaration,
    *,
    name: str,
    purposes: list[str],
    requests: bool,
    admin: bool,
    at: datetime,
) -> None:
    """Create the role `name`, or replace its purposes and flags."""
    unknown = [p for p in purposes if p != ALL_PURPOSES and p not in declaration.purposes]
    if unknown:
        declared = ", ".join(sorted(declaration.purposes))
        raise Refused(
            "staff_role", f"purposes: got {unknown}; expected declared purposes ({declared}) or '*'"
        )
    values = {"purposes": sorted(set(purposes)), "requests": requests, "admin": admin}
    found = session.execute(select(staff_roles.c.id).where(staff_roles.c.name == name)).first()
    if found:
        session.execute(update(staff_roles).where(staff_roles.c.id == found.id).values(**values))
    else:
        session.execute(insert(staff_roles).values(name=name, created_at=at, **values))


def add_staff(
    session: Session,
    *,
    name: str,
    role: str,
    at: datetime,
    password: str | None = None,
    with_totp: bool = False,
) -> NewStaff:
    """Create a staff account with `role`; a password is generated unless one is given."""
    role_id = session.execute(
        select(staff_roles.c.id).where(staff_roles.c.name == role)
    ).scalar_one_or_none()
    if role_id is None:
        raise NotFound(f"no role named {role!r}; create it with `ombud staff role {role} -p ...`")
    if session.execute(select(staff.c.id).where(staff.c.name == name)).first():
        raise Conflict(f"a staff account named {name!r} exists")
    password = password or secrets.token_urlsafe(12)
    secret = totp.new_secret() if with_totp else None
    session.execute(
        insert(staff).values(
            name=name,
            password_hash=_hasher.hash(password),
            totp_secret=secret,
            role_id=role_id,
            created_at=at,
        )
    )
    return NewStaff(name, password, secret)


def disable_staff(session: Session, *, name: str, at: datetime) -> None:
    """Disable an account; its sessions stop working at their next request."""
    result = session.execute(
        update(staff)
        .where(staff.c.name == name, staff.c.disabled_at.is_(None))
        .values(disabled_at=at)
        .returning(staff.c.id)
    ).first()
    if result is None:
        raise NotFound(f"no active staff account named {name!r}")


def _scope_query(name: str):  # type: ignore[no-untyped-def]
    return (
        select(
            staff.c.name,
            staff.c.password_hash,
            staff.c.totp_secret,
            staff_roles.c.name.label("role"),
            staff_roles.c.purposes,
            staff_roles.c.requests,
            staff_roles.c.admin,
        )
        .join(staff_roles, staff_roles.c.id == staff.c.role_id)
        .where(staff.c.name == name, staff.c.disabled_at.is_(None))
    )


def sign_in(
    session: Session, *, name: str, password: str, code: str, at: datetime
) -> StaffScope | None:
    """The scope of an active account whose password (and TOTP code, if set) match."""
    row = session.execute(_scope_query(name)).first()
    if not _password_matches(row.password_hash if row else _DUMMY_HASH, password) or row is None:
        return None
    if row.totp_secret and not totp.accepts(row.totp_secret, code, at):
        return None
    return StaffScope(row.name, row.role, frozenset(row.purposes), row.requests, row.admin)


def staff_scope(session: Session, name: str) -> StaffScope | None:
    """The current scope of an active account: a session re-reads it on every request."""
    row = session.execute(_scope_query(name)).first()
    if row is None:
        return None
    return StaffScope(row.name, row.role, frozenset(row.purposes), row.requests, row.admin)


def list_staff(session: Session) -> list[tuple[str, str, bool, datetime | None]]:
    """Every account: name, role, whether TOTP is set, when disabled."""
    rows = session.execute(
        select(staff.c.name, staff_roles.c.name.label("role"), staff.c.totp_secret)
        .add_columns(staff.c.disabled_at)
        .join(staff_roles, staff_roles.c.id == staff.c.role_id)
        .order_by(staff.c.name)
    )
    return [(r.name, r.role, r.totp_secret is not None, r.disabled_at) for r in rows]


def _password_matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
