"""Which state a request may move to from which, and what each move needs (GDPR Art. 12).

Pure: the service asks before it writes. A refusal must carry reasons (Art. 12(4));
the person is then told of the right to complain to the supervisory authority.
"""

from __future__ import annotations

from ombud.errors import Conflict, RequestError
from ombud.rights.model import RequestStatus

S = RequestStatus
TRANSITIONS: dict[RequestStatus, frozenset[RequestStatus]] = {
    S.received: frozenset({S.verified, S.refused}),
    S.verified: frozenset({S.in_progress, S.completed, S.refused}),
    S.in_progress: frozenset({S.in_progress, S.completed, S.refused}),
    S.completed: frozenset(),
    S.refused: frozenset(),
}
FINAL = frozenset({S.completed, S.refused})


def check_transition(
    current: RequestStatus, to: RequestStatus, *, reason: str | None = None
) -> None:
    """Raise unless a request may move from `current` to `to`.

    A request is carried out only once the person is verified (Art. 12(6)); a final
    state is never left; a refusal without reasons is not a refusal (Art. 12(4)).
    """
    if to not in TRANSITIONS[current]:
        allowed = ", ".join(sorted(TRANSITIONS[current])) or "none (it is final)"
        raise Conflict(f"request status: cannot go from {current} to {to}; allowed: {allowed}")
    if to is S.refused and not (reason and reason.strip()):
        raise RequestError(
            "refusal reason: got nothing; expected the reasons, which the person is told "
            "with their right to complain (GDPR Art. 12(4))"
        )


def can_extend(status: RequestStatus) -> bool:
    """Whether the deadline of a request in `status` may still be extended (Art. 12(3))."""
    return status not in FINAL
