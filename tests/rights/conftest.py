"""Contexts over the example declarations, a recording mailer, and a verified request."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

import ombud
from ombud.clock import FixedClock
from ombud.declaration import load_declaration
from ombud.protect import IdentifierKind, generate_keyring
from ombud.register.service import Context, SubjectRef, collect, register_subject
from ombud.rights.mail import Mail
from ombud.rights.model import RequestType
from ombud.rights.service import new_request, verify_request

EXAMPLES = Path(ombud.__file__).parent / "examples"


class RecordingMailer:
    """Keeps every message instead of sending it."""

    def __init__(self) -> None:
        self.sent: list[Mail] = []

    def send(self, mail: Mail) -> None:
        self.sent.append(mail)

    def last_code(self) -> str:
        match = re.search(r"\b(\d{8})\b", self.sent[-1].body)
        assert match, self.sent[-1].body
        return match.group(1)


@dataclass(frozen=True)
class Profile:
    """How one example holds a typical person: a kind, a contract purpose, bookkeeping."""

    example: str
    kind: str
    purpose: str
    values: dict[str, str]
    bookkeeping: str
    booked: dict[str, str]


PROFILES = {
    "lean-forum": Profile(
        "lean-forum",
        "member",
        "membership",
        {"user.name": "Anna Berg", "user.contact.email": "anna@example.se"},
        "bookkeeping",
        {"user.name": "Anna Berg", "user.payment": "Faktura 1001, 950 kr"},
    ),
    "lasting-group": Profile(
        "lasting-group",
        "client",
        "customer_register",
        {"user.name": "Anna Berg", "user.contact.email": "anna@example.se"},
        "bookkeeping",
        {"user.name": "Anna Berg", "user.financial.invoice": "Faktura 77"},
    ),
    "learnster": Profile(
        "learnster",
        "customer_contact",
        "contract_administration",
        {"user.name": "Anna Berg", "user.contact.email": "anna@example.se"},
        "legal_obligations",
        {"user.name": "Anna Berg", "user.payment": "Faktura 5, 12 000 kr"},
    ),
    "coaching-firm": Profile(
        "coaching-firm",
        "client",
        "contracts",
        {"user.name": "Anna Berg", "user.contact.email": "anna@example.se"},
        "legal_compliance",
        {"user.name": "Anna Berg", "user.payment": "Faktura 9, 1 200 kr"},
    ),
}


def example_context(name: str, clock: FixedClock) -> Context:
    declaration = load_declaration(EXAMPLES / name / "ombud.yaml").declaration
    return Context(declaration=declaration, keyring=generate_keyring(), clock=clock)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 3, 2, 9, tzinfo=UTC))


@pytest.fixture
def mailer() -> RecordingMailer:
    return RecordingMailer()


@pytest.fixture(params=sorted(PROFILES))
def profile(request: pytest.FixtureRequest) -> Profile:
    return PROFILES[request.param]


@pytest.fixture
def ctx(profile: Profile, clock: FixedClock) -> Context:
    return example_context(profile.example, clock)


def hold_person(session, ctx: Context, profile: Profile, *, booked: bool = True) -> SubjectRef:
    """Register Anna under the profile's contract purpose, and her invoice if `booked`."""
    ref = register_subject(
        session,
        ctx,
        kind=profile.kind,
        identifiers={IdentifierKind.EMAIL: profile.values["user.contact.email"]},
        actor="test",
    )
    collect(session, ctx, subject=ref, purpose=profile.purpose, values=profile.values, actor="test")
    if booked:
        collect(
            session,
            ctx,
            subject=ref,
            purpose=profile.bookkeeping,
            values=profile.booked,
            actor="test",
        )
    return ref


def verified(session, ctx, mailer, type: RequestType, email="anna@example.se", **kw):
    """A request received and verified with the mailed code."""
    request = new_request(session, ctx, type=type, email=email, mailer=mailer, actor="test", **kw)
    answer = verify_request(
        session, ctx, request_id=request.id, code=mailer.last_code(), actor="test"
    )
    assert answer.refused is None, answer.refused
    return answer.request
