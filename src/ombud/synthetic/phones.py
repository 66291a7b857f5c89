"""Swedish mobile numbers that can never ring a real person.

PTS (Post- och telestyrelsen), which keeps the Swedish numbering plan, has set aside the mobile
series 070-174 06 05 to 070-174 06 99 for films, books and other fiction: the numbers are
never given to a subscriber. (Dagens Nyheter reported it from PTS in September 2020; other
projects cite the same series from PTS's page "Telefonnummer för användning i böcker och
filmer". PTS also reserved fixed-line series for four towns, but their ranges could not be
confirmed, so only the mobile series is used.) 95 numbers are too few to give everyone their
own: people share them.
"""

from __future__ import annotations

FICTION_MOBILE_FIRST = 740605
FICTION_MOBILE_LAST = 740699

FICTION_MOBILE_NUMBERS: tuple[str, ...] = tuple(
    f"+46701{n:06d}" for n in range(FICTION_MOBILE_FIRST, FICTION_MOBILE_LAST + 1)
)
"""The series in E.164, `+46701740605` to `+46701740699`."""
