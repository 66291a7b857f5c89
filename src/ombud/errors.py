"""Every error Ombud raises on purpose, in one tree.

    OmbudError                 anything Ombud refuses or cannot do
    ├── DeclarationError       the declaration (ombud.yaml) is unusable; carries its issues
    ├── Refused                a rule forbids the act (minimisation, purpose limitation, consent)
    ├── RequestError           a data subject request cannot proceed as asked
    ├── NotFound               the named thing does not exist (or may not be revealed)
    ├── Conflict               the act clashes with the current state
    └── InvalidValue           one value has the wrong form (also a ValueError)

Errors know nothing of HTTP or terminals: the CLI maps them to exit codes and the
API to problem details, each in one place. Messages name the place, the field,
the value received and what would be accepted.
"""

from __future__ import annotations

from dataclasses import dataclass


class OmbudError(Exception):
    """Base of every error Ombud raises on purpose."""


@dataclass(frozen=True)
class Issue:
    """One problem in an input: where it is, what was found and what would be accepted."""

    path: str  # dotted path inside the document, e.g. "purposes.newsletter.retention.keep"
    message: str
    file: str | None = None
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based

    @property
    def location(self) -> str:
        """`file:line:column`, as far as it is known."""
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{self.location} {where}{self.message}"


class DeclarationError(OmbudError):
    """The declaration cannot be used; `issues` says every place that is wrong."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        super().__init__("\n".join(str(issue) for issue in issues))


class Refused(OmbudError):
    """A rule forbids the act. `rule` names the rule, `reason` says why in plain words."""

    def __init__(self, rule: str, reason: str, **context: object) -> None:
        self.rule = rule
        self.reason = reason
        self.context = context
        super().__init__(f"refused by {rule}: {reason}")


class RequestError(OmbudError):
    """A data subject request cannot proceed as asked."""


class NotFound(OmbudError):
    """The named thing does not exist, or may not be revealed to the caller."""


class Conflict(OmbudError):
    """The act clashes with the current state (e.g. a purge already running)."""


class InvalidValue(OmbudError, ValueError):
    """One value has the wrong form: `field` names it, `value` is what was received, as far as
    it may be shown (masked where it is personal data), `expected` says what is accepted.

    It is also a `ValueError`, so a pydantic validator that raises it reports a field error.
    """

    def __init__(self, field: str, value: str, expected: str) -> None:
        self.field = field
        self.value = value
        self.expected = expected
        super().__init__(f"{field}: got {value!r}; expected {expected}")
