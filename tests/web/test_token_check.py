"""A server keeps a checked token for a few seconds: a revoked token stops working within
that bound, a new one works at once, and an unknown one is never let through."""

from ombud.access import Scope, revoke_token
from ombud.web.deps import TOKEN_RECHECK_SECONDS, CheckedTokens


class Ticks:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _decide(client, headers, subject: str) -> int:
    return client.get(f"/api/v1/subjects/{subject}/decisions/bookings", headers=headers).status_code


def test_a_revoked_token_is_refused_once_its_check_is_older_than_the_bound(
    app, client, token, store, ctx
):
    ticks = Ticks()
    app.state.checked_tokens = CheckedTokens(clock=ticks)
    headers = token("bookings")
    subject = client.post(
        "/api/v1/subjects", json={"kind": "member", "email": "a@example.se"}, headers=headers
    ).json()["id"]
    assert _decide(client, headers, subject) == 200
    revoke_token(store.session, name="booking", at=ctx.clock.now())
    ticks.now += TOKEN_RECHECK_SECONDS - 0.5
    assert _decide(client, headers, subject) == 200  # still within the stated bound
    ticks.now += 0.5
    assert _decide(client, headers, subject) == 401
    ticks.now += 60
    assert _decide(client, headers, subject) == 401


def test_a_token_revoked_before_this_server_checked_it_is_refused_at_once(
    client, token, store, ctx
):
    headers = token("bookings")
    revoke_token(store.session, name="booking", at=ctx.clock.now())
    assert _decide(client, headers, "anyone") == 401


def test_unknown_tokens_are_looked_up_every_time_and_new_ones_work_at_once(app, client, token):
    checked = app.state.checked_tokens
    wrong = {"Authorization": "Bearer omb_not-a-token"}
    assert _decide(client, wrong, "anyone") == 401
    assert _decide(client, wrong, "anyone") == 401
    assert checked.get("omb_not-a-token") is None
    headers = token("bookings")
    assert _decide(client, headers, "nobody") == 404  # let through, to find no such subject


def test_the_kept_checks_are_bounded():
    checked = CheckedTokens(size=3)
    for n in range(10):
        checked.keep(f"t{n}", Scope(f"s{n}", frozenset({"bookings"})))
    assert checked.get("t0") is None  # forgotten to make room: looked up again next time
    assert checked.get("t9") == Scope("s9", frozenset({"bookings"}))
