"""The shapes of /api/v1 requests and responses, with the examples OpenAPI shows."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from ombud.declaration.model import SourceKind
from ombud.register import Reason, Use


class _Shape(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SubjectIn(_Shape):
    kind: str = Field(description="A subject kind of the declaration.", examples=["member"])
    email: str | None = Field(default=None, examples=["anna.svensson@example.com"])
    phone: str | None = Field(default=None, examples=["070-174 06 05"])
    personnummer: str | None = Field(default=None, examples=["19811228-9874"])


class SubjectOut(_Shape):
    id: str = Field(description="The subject's public id.", examples=["k3X9-2mQ_Yb0aD1c4tRzvg"])
    created: bool = Field(description="True when the subject was new to the register.")


class CollectIn(_Shape):
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
    name: str = Field(examples=["membership_ended"])
    at: datetime | None = Field(
        default=None, description="When it happened (with time zone); default now."
    )
    entry: int | None = None


class EventOut(_Shape):
    name: str
    bases_recomputed: int


class ConsentIn(_Shape):
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
