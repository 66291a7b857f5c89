"""How the columns of a CSV file become a subject, records, events and a consent.

An import names its purpose on the command line; the mapping (YAML) says which
subject kind the people are, which columns identify them, which columns hold which
categories, which columns date which retention events, and how the file is spelled
(delimiter, encoding). The mapping is checked as a whole before any row is read.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from ombud.declaration.model import CategoryKey, Key
from ombud.errors import Issue, OmbudError
from ombud.protect import IdentifierKind
from ombud.retention import STOCKHOLM

ENCODINGS = ("utf-8", "utf-8-sig", "cp1252")
DELIMITERS = (",", ";", "\t", "|")
_ISO = "ISO 8601 (2025-06-30 or 2025-06-30T14:00)"


class ImportRejected(OmbudError):
    """An import could not proceed: every issue names the file, line or field, and why."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        super().__init__("\n".join(str(issue) for issue in issues))


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _column_shorthand(value: Any) -> Any:
    return {"column": value} if isinstance(value, str) else value


class Column(_Model):
    """One CSV column; `required` makes an empty cell a bad row instead of no value."""

    column: str = Field(min_length=1, description="The column's header, exactly as in the file.")
    required: bool = Field(default=False, description="An empty cell rejects the row.")


class EventColumn(_Model):
    """A column dating a retention event; times without a zone are Europe/Stockholm."""

    column: str = Field(min_length=1)
    format: str | None = Field(
        default=None,
        description=f"A strptime format such as %d/%m/%Y; default {_ISO}.",
    )


class ConsentProof(_Model):
    """The consent every row of the file gave, for a purpose resting on consent (Art. 7(1))."""

    method: str = Field(min_length=1, description="How it was given: paper, web_form, email …")
    evidence: str | None = Field(default=None, description="Where the proof is kept.")
    lang: Literal["sv", "en"] = "sv"


class Dialect(_Model):
    """How the file is spelled; Swedish Excel exports use `;` and often cp1252 or a BOM."""

    delimiter: Literal[",", ";", "\t", "|"] = ","
    encoding: Literal["utf-8", "utf-8-sig", "cp1252"] = "utf-8-sig"


ColumnField = Annotated[Column, BeforeValidator(_column_shorthand)]
EventField = Annotated[EventColumn, BeforeValidator(_column_shorthand)]


class ImportMapping(_Model):
    """The whole mapping: who the rows are and what each column holds."""

    subject_kind: Key
    identifiers: dict[IdentifierKind, str] = Field(
        min_length=1, description="email, phone, personnummer → the column holding it."
    )
    categories: dict[CategoryKey, ColumnField] = Field(default_factory=dict)
    events: dict[Key, EventField] = Field(default_factory=dict)
    consent: ConsentProof | None = None
    entry: Key | None = Field(
        default=None, description="Each row is one entry of this kind (e.g. booking)."
    )
    csv: Dialect = Dialect()

    def columns(self) -> set[str]:
        """Every column the mapping reads."""
        named = set(self.identifiers.values())
        named |= {c.column for c in self.categories.values()}
        return named | {e.column for e in self.events.values()}


def load_mapping(path: Path) -> ImportMapping:
    """The mapping in `path`; ImportRejected names each wrong field and what is accepted."""
    try:
        document = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, YAMLError) as exc:
        raise ImportRejected([Issue("", f"cannot be read as YAML: {exc}", str(path))]) from exc
    try:
        return ImportMapping.model_validate(document)
    except ValidationError as exc:
        raise ImportRejected([_issue(error, str(path)) for error in exc.errors()]) from exc


def _issue(error: Any, file: str) -> Issue:
    where = ".".join(str(part) for part in error["loc"])
    if error["type"] == "missing":
        return Issue(where, "missing; this field is required", file)
    received = error.get("input")
    shown = "nothing" if received is None else repr(received)
    expected = error["msg"]
    if error["type"] in ("literal_error", "enum"):
        expected = f"one of {error['ctx']['expected']}"
    elif error["type"] == "extra_forbidden":
        expected = "no such field; fields are " + ", ".join(ImportMapping.model_fields)
    return Issue(where, f"got {shown}; expected {expected}", file)


def parse_moment(text: str, format: str | None) -> datetime:
    """The instant a cell names; a date alone is its day's start, both in Europe/Stockholm."""
    stripped = text.strip()
    try:
        if format is not None:
            parsed = datetime.strptime(stripped, format)
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", stripped):
            parsed = datetime.combine(date.fromisoformat(stripped), datetime.min.time())
        else:
            parsed = datetime.fromisoformat(stripped)
    except ValueError:
        raise ValueError(f"got {stripped!r}; expected {format or _ISO}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=STOCKHOLM)
