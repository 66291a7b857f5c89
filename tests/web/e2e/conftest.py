"""A real Ombud under uvicorn on 127.0.0.1, a real SMTP server, and headless Chromium.

The app runs in a thread on a temporary SQLite store over the test declaration; mail
goes over SMTP to an in-process aiosmtpd server. Chromium is Debian's, never
downloaded by Playwright.
"""

import base64
import os
import shutil
import socket
import threading
import time
from email import message_from_bytes
from email.message import Message
from pathlib import Path

import pytest
import uvicorn

from ombud.access.staff import add_staff, save_role
from ombud.runtime import Runtime
from ombud.settings import Settings
from ombud.web import create_app
from tests.register.conftest import DECLARATION

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Each run writes the screenshots to var/screenshots (untracked); with
# OMBUD_UPDATE_SCREENSHOTS=1 it refreshes the ones the README shows, in docs/screenshots.
_ROOT = Path(__file__).resolve().parents[3]
SCREENSHOTS = _ROOT / (
    "docs/screenshots" if os.environ.get("OMBUD_UPDATE_SCREENSHOTS") else "var/screenshots"
)
SCREENSHOTS.mkdir(parents=True, exist_ok=True)


class Inbox:
    """Every message the SMTP server received, parsed."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.port = 0

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def inbox():
    from aiosmtpd.controller import Controller

    handler = Inbox()
    handler.port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=handler.port)
    controller.start()
    yield handler
    controller.stop()


@pytest.fixture(scope="module")
def server(tmp_path_factory, inbox):
    """The running app's address and runtime; an admin `dpo` with password `dpo-secret`."""
    settings = Settings(
        declaration=DECLARATION,
        data_dir=tmp_path_factory.mktemp("ombud"),
        session_key=base64.b64encode(os.urandom(32)).decode(),
        smtp_host="127.0.0.1",
        smtp_port=inbox.port,
    )
    rt = Runtime(settings)
    rt.prepare(create_keys=True)
    with rt.transaction() as session:
        now = rt.clock.now()
        save_role(
            session, rt.declaration, name="dpo", purposes=["*"], requests=True, admin=True, at=now
        )
        add_staff(session, name="dpo", role="dpo", at=now, password="dpo-secret")
    port = _free_port()
    config = uvicorn.Config(create_app(rt), host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", rt
    running.should_exit = True
    thread.join(5)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
