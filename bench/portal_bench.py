"""The portal's "Mina sidor" (GET /portal/) for a signed-in person, one request at a time.

    python bench/portal_bench.py --backend sqlite --subjects 20000
    python bench/portal_bench.py --bench-store /work/bench-store/sqlite-1m.json

Starts `ombud serve --workers N` on the store with mail going to a real SMTP server
(aiosmtpd) in this process, signs the store's sample person in through the real flow
(ask for a code, read it from the mail, enter it), then loads Mina sidor `--requests`
times after a few warm-up loads and prints the median, p90 and p99 latency, the
server's CPU time per page and the load average as a Markdown row.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from pathlib import Path

import httpx2 as httpx

from api_bench import store_spec
from service_setup import OUT, Inbox, LoadAverage, serve, smtp_inbox, warm

COOKIE = "ombud_session"


class Browser:
    """A person's browser over plain HTTP on loopback: it keeps the session cookie itself,
    since the cookie is `Secure` and an HTTP client would rightly not send it here."""

    def __init__(self, base: str) -> None:
        self.client = httpx.Client(base_url=base, timeout=30, follow_redirects=False)
        self.cookie = ""

    def request(self, method: str, path: str, **kwargs: object) -> httpx.Response:
        headers = {"Cookie": f"{COOKIE}={self.cookie}"} if self.cookie else {}
        response = self.client.request(method, path, headers=headers, **kwargs)  # type: ignore[arg-type]
        for value in response.headers.get_list("set-cookie"):
            name, _, rest = value.partition("=")
            if name == COOKIE:
                self.cookie = rest.split(";", 1)[0]
        return response

    def csrf(self, path: str) -> str:
        page = self.request("GET", path)
        found = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert found, f"no CSRF field on {path} ({page.status_code})"
        return found[1]


def sign_in(browser: Browser, inbox: Inbox, email: str) -> None:
    """The real sign-in: ask for a code, read it from the mail, enter it."""
    sent = len(inbox.messages)
    answer = browser.request(
        "POST", "/portal/sign-in", data={"email": email, "csrf": browser.csrf("/portal/sign-in")}
    )
    assert answer.status_code == 303, answer.text
    mail = inbox.wait_for(sent + 1)
    body = mail.get_payload(decode=True)
    assert isinstance(body, bytes)
    code = re.search(rb"\b(\d{8})\b", body)
    assert code, body
    answer = browser.request(
        "POST",
        "/portal/code",
        data={"code": code[1].decode(), "csrf": browser.csrf("/portal/code")},
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/portal/", answer.text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="A store description (JSON, StoreSpec).")
    parser.add_argument("--bench-store", type=Path, help="A shared store's JSON file.")
    parser.add_argument("--purpose", default="course_orders", help=argparse.SUPPRESS)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--subjects", type=int, default=20_000, help="Size of a built store.")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    spec = store_spec(args)
    warm(spec)
    with smtp_inbox() as (inbox, port), serve(spec, args.workers, smtp_port=port) as server:
        browser = Browser(server.base)
        sign_in(browser, inbox, spec.email)
        for _ in range(20):  # warm: both workers, templates, the person's pages in cache
            assert browser.request("GET", "/portal/").status_code == 200
        durations = []
        cpu_before = server.cpu_seconds()
        with LoadAverage() as load:
            for _ in range(args.requests):
                started = time.perf_counter()
                page = browser.request("GET", "/portal/")
                durations.append((time.perf_counter() - started) * 1000)
                assert page.status_code == 200 and spec.email in page.text, page.status_code
        server_cpu = server.cpu_seconds() - cpu_before
        workers = server.workers()
    cuts = statistics.quantiles(durations, n=100)
    median = statistics.median(durations)
    verdict = "met" if median < 100 else "**missed**"
    print(
        "| store | workers | page | median / p90 / p99 | server CPU per page | load avg "
        "| target median < 100 ms |"
    )
    print(
        f"| {spec.label} | {workers} | GET /portal/ ({len(page.content) / 1024:.0f} KiB), "
        f"{args.requests} in a row | {median:.1f} / {cuts[89]:.1f} / {cuts[98]:.1f} ms "
        f"| {server_cpu / args.requests * 1000:.1f} ms | {load.describe()} "
        f"| {verdict}: ×{100 / median:.1f} margin |"
    )


if __name__ == "__main__":
    main()
