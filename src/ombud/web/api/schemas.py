"""The shapes of /api/v1 requests and responses, with the examples OpenAPI shows."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ombud.declaration.model import IntakeAction, SourceKind
from ombud.register import Reason, Use
from ombud.rights.model import Request, RequestStatus, RequestType


class _Shape(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _example(**example: Any) -> ConfigDict:
    """A shape that forbids unknown fields and shows `example` as its whole-body example."""
    return ConfigDict(extra="forbid", json_schema_extra={"examples": [example]})


class SubjectIn(_Shape):
    model_config = _example(kind="member", email="anna.svensson@example.com")

    kind: str = Field(description="A subject kind of the declaration.", examples=["member"])
    email: str | None = Field(default=None, examples=["anna.svensson@example.com"])
    phone: str | None = Field(default=None, examples=["070-174 06 05"])
    personnummer: str | None = Field(default=None, examples=["19811228-9874"])


class SubjectOut(_Shape):
    id: str = Field(description="The subject's public id.", examples=["k3X9-2mQ_Yb0aD1c4tRzvg"])
    created: bool = Field(description="True when the subject was new to the register.")


class CollectIn(_Shape):
    model_config = _example(
        purpose="member_bookings",
        values={"user.name": "Anna Svensson", "user.contact.email": "anna@example.com"},
    )

    purpose: str = Field(examples=["member_bookings"])
    values: dict[str, str] = Field(
        description="Category key → value.",
        examples=[{"user.name": "Anna Svensson", "user.contact.email": "anna@example.com"}],
    )
    source: SourceKind = SourceKind.subject
    source_name: str | None = Field(default=None, description="Required for third_party.")
    entry: int | None = Field(default=None, description="Entry the values belong to.")


class CollectOut(_Shape):
    purpose: str
    new_records: int
    reused_records: int


class EventIn(_Shape):
    model_config = _example(name="membership_ended", at="2026-03-01T10:00:00+01:00")

    name: str = Field(examples=["membership_ended"])
    at: datetime | None = Field(
        default=None, description="When it happened (with time zone); default now."
    )
    entry: int | None = None


class EventOut(_Shape):
    name: str
    bases_recomputed: int


class ConsentIn(_Shape):
    model_config = _example(purpose="newsletter", lang="sv", method="web_form")

    purpose: str = Field(examples=["newsletter"])
    lang: str = Field(default="sv", pattern="^(sv|en)$")
    method: str = Field(examples=["web_form"], description="How the consent was given.")
    evidence: str | None = Field(default=None, description="Where the proof is kept.")


class ConsentOut(_Shape):
    purpose: str
    text_hash: str = Field(description="SHA-256 of the exact text consented to.")
    explicit: bool


class WithdrawalOut(_Shape):
    purpose: str
    withdrawn: int


class DecisionOut(_Shape):
    subject: str
    purpose: str
    use: Use
    allowed: bool
    reason: Reason


class AudiencePage(_Shape):
    purpose: str
    items: list[str] = Field(description="Public ids, in order.")
    next: str | None = Field(description="Pass as `after` for the next page; null at the end.")


class RequestIn(_Shape):
    model_config = _example(type="access", email="anna.svensson@example.com", lang="sv")

    type: RequestType = Field(description="What the person asks for (GDPR Art. 7(3), 15–21).")
    email: str = Field(
        max_length=320,
        description="The person's e-mail address: the code that verifies them goes there.",
        examples=["anna.svensson@example.com"],
    )
    lang: Literal["sv", "en"] = Field(default="sv", description="The language of every answer.")
    purpose: str | None = Field(
        default=None,
        max_length=100,
        description="The purpose an objection, restriction or consent withdrawal is about.",
    )
    values: dict[str, str] | None = Field(
        default=None,
        description="Rectification: category → corrected value; sealed, never stored in clear.",
        examples=[{"user.name": "Anna Svensson-Berg"}],
    )


class CodeIn(_Shape):
    model_config = _example(code="04918273")

    code: str = Field(max_length=32, description="The code mailed to the person.")


class RequestOut(_Shape):
    id: str = Field(description="The request's id.", examples=["3q2mXy0Vb9cF4kR1sTn8uA"])
    type: RequestType
    status: RequestStatus
    lang: str
    received_at: datetime
    due_on: date = Field(description="One month from receipt (Art. 12(3)).")
    deadline: date = Field(description="The day it must be answered by, extension included.")
    purpose: str | None = None
    verified_at: datetime | None = None
    extended_to: date | None = None
    outcome: str | None = Field(
        default=None,
        description="What was done, once done; shown to tokens that may list requests.",
    )

    @classmethod
    def of(cls, request: Request, *, with_outcome: bool) -> RequestOut:
        summary = (request.outcome or {}).get("summary") if with_outcome else None
        return cls(
            id=request.id,
            type=request.type,
            status=request.status,
            lang=request.lang,
            received_at=request.received_at,
            due_on=request.due_on,
            deadline=request.deadline,
            purpose=request.purpose,
            verified_at=request.verified_at,
            extended_to=request.extended_to,
            outcome=summary if isinstance(summary, str) else None,
        )


class RequestPage(_Shape):
    items: list[RequestOut]
    next: str | None = Field(description="Pass as `after` for the next page; null at the end.")


class CodeSent(_Shape):
    request: str
    sent: bool = Field(description="A new code was mailed; the earlier one stopped working.")


class IntakeIn(_Shape):
    model_config = _example(
        sender="anna.svensson@example.com",
        text="Hej! Kan ni flytta min bokning till fredag?",
        lang="sv",
    )

    sender: str = Field(max_length=320, description="The sender's e-mail address.")
    text: str = Field(max_length=100_000, description="The free text as submitted.")
    lang: Literal["sv", "en"] = Field(
        default="sv", description="The sender's language: a rejection is answered in it."
    )
    entry: int | None = Field(
        default=None, ge=1, description="The entry (booking) a booking field belongs to."
    )


class Reply(_Shape):
    subject: str
    body: str


class IntakeOut(_Shape):
    channel: str
    action: IntakeAction = Field(description="What the channel's rules decided.")
    stored: bool = Field(description="False when rejected: nothing of the text was kept.")
    counts: dict[str, int] = Field(description="Screening kind → how many found (no content).")
    subject: str | None = Field(default=None, description="The sender's public id, if stored.")
    entry: int | None = None
    flagged: bool = Field(description="Listed for the data protection officer to review.")
    reply: Reply | None = Field(
        default=None, description="For a rejection: the reply sent, in the sender's language."
    )


class ImageOut(_Shape):
    channel: str
    subject: str = Field(description="The sender's public id.")
    category: str = Field(description="The category the image is stored as.")
    format: str = Field(examples=["JPEG"])
    size: int = Field(description="Bytes of the stored image, its metadata removed.")
    new_records: int
