"""`ombud serve --workers 2` as a person starts it: a real process tree on a real port,
answering a real HTTP client, sharing demo mode's outbox, and stopping cleanly."""

import base64
import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx2 as httpx
import pytest

from ombud.settings import Settings
from ombud.web.outbox import KEPT, OutboxMailer
from tests.register.conftest import DECLARATION

ROOT = Path(__file__).resolve().parents[2]
OMBUD = str(Path(sys.executable).parent / "ombud")  # the installed command


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _ombud(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [OMBUD, *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )


def _children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in found]


def _group_ends(group: int, within: float) -> bool:
    """Whether every process of the group has exited within `within` seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def served(fresh_engine, tmp_path):
    """`ombud serve --workers 2 --demo` on a fresh store: (base URL, process, env)."""
    env = {
        **os.environ,
        "OMBUD_DATABASE_URL": fresh_engine.url.render_as_string(hide_password=False),
        "OMBUD_DECLARATION": str(DECLARATION),
        "OMBUD_DATA_DIR": str(tmp_path),
        "OMBUD_SESSION_KEY": base64.b64encode(os.urandom(32)).decode(),
    }
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [OMBUD, "serve", "--workers", "2", "--demo", "--port", str(port)],
            env=env,
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so no worker can outlive the test
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180  # generous: the machine may be busy
        while True:
            assert process.poll() is None, log.read_text()
            try:
                if httpx.get(f"{base}/policy", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "ombud serve did not answer within 180 s"
            time.sleep(0.2)
        yield base, process, env
    finally:
        if process.poll() is None:
            process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(30)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def test_two_workers_answer_the_api_and_stop_cleanly(served):
    base, process, env = served
    assert len(_children(process.pid)) >= 2  # the workers (and multiprocessing's tracker)
    token = _ombud(env, "token", "create", "booking", "-p", "bookings").stdout.strip()
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, headers=headers, timeout=10) as client:
        subject = client.post(
            "/api/v1/subjects", json={"kind": "customer", "email": "eva@example.se"}
        ).json()["id"]
        # Many requests over fresh connections land on both workers; every one is answered.
        answers = [
            httpx.get(f"{base}/api/v1/subjects/{subject}/decisions/bookings", headers=headers)
            for _ in range(20)
        ]
        assert {a.status_code for a in answers} == {200}
        assert answers[0].json()["allowed"] is False  # nothing collected for bookings yet
        assert client.get("/api/v1/subjects/nobody/decisions/bookings").status_code == 404
        unsigned = httpx.get(f"{base}/api/v1/subjects/{subject}/decisions/bookings")
        assert unsigned.status_code == 401

    process.send_signal(signal.SIGTERM)
    assert process.wait(30) == 0
    assert _group_ends(process.pid, within=10), "a worker outlived ombud serve"
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{base}/policy", timeout=2)


def test_demo_codes_show_in_the_outbox_whichever_worker_answers(served):
    base, _, _ = served
    with httpx.Client(base_url=base, timeout=10) as browser:
        page = browser.get("/portal/sign-in").text
        csrf = re.search(r'name="csrf" value="([^"]+)"', page)
        assert csrf
        # The session cookie is Secure; this test talks plain HTTP on loopback.
        cookie = browser.cookies.jar
        for c in cookie:
            c.secure = False
        browser.post("/portal/sign-in", data={"email": "anna@example.se", "csrf": csrf[1]})
    # Fresh connections, so the outbox is read from both workers.
    pages = [httpx.get(f"{base}/dev/outbox").text for _ in range(10)]
    assert all("anna@example.se" in text for text in pages)


def test_outbox_in_a_folder_is_shared_and_keeps_the_latest(tmp_path):
    from ombud.rights.mail import Mail

    writer, reader = OutboxMailer(tmp_path), OutboxMailer(tmp_path)
    for n in range(KEPT + 5):
        writer.send(Mail(to=f"p{n}@example.se", subject="Kod", body=str(n)))
    writer.send(Mail(to="x@example.se", subject="Data", body="", attachment=b"\x00zip"))
    kept = reader.messages()
    assert len(kept) == KEPT
    assert kept[0].mail.attachment == b"\x00zip"
    assert [k.mail.body for k in kept[1:3]] == [str(KEPT + 4), str(KEPT + 3)]


def test_settings_pass_to_worker_processes_through_the_environment(monkeypatch):
    given = Settings(
        declaration=Path("x.yaml"),
        data_dir=Path("/srv/ombud"),
        master_key="bWFzdGVy",
        index_key="aW5kZXg=",
        demo=True,
        smtp_port=587,
    )
    for name in list(os.environ):
        if name.startswith("OMBUD_"):
            monkeypatch.delenv(name)
    for name, value in given.as_environment().items():
        monkeypatch.setenv(name, value)
    assert Settings() == given
