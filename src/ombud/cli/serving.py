"""What `ombud serve` sets up besides the app: demo data and the daily purge thread."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from rich.console import Console

from ombud.access.staff import add_staff, list_staff, save_role
from ombud.register.demo import fill
from ombud.register.demo_person import demo_person
from ombud.retention.purge import purge
from ombud.retention.schedule import run_daily
from ombud.runtime import Runtime

DEMO_PEOPLE = 200
DEMO_EMAIL = "anna.demo@example.se"
DEMO_STAFF = "dpo"

err = Console(stderr=True, highlight=False, soft_wrap=True)


def prepare_demo(rt: Runtime) -> str:
    """On first start: synthetic people, a known person and an admin; the admin's password.

    The password is kept in data_dir/demo-password (mode 0600) to be shown again later.
    """
    secret = rt.settings.data_dir / "demo-password"
    with rt.transaction() as session:
        if any(name == DEMO_STAFF for name, *_ in list_staff(session)):
            return secret.read_text().strip() if secret.exists() else "(see the first start)"
        fill(session, rt.context, count=DEMO_PEOPLE, seed=1, actor="demo-data")
        demo_person(session, rt.context, email=DEMO_EMAIL, name="Anna Demo")
        now = rt.clock.now()
        save_role(
            session, rt.declaration, name="dpo", purposes=["*"], requests=True, admin=True, at=now
        )
        password = add_staff(session, name=DEMO_STAFF, role="dpo", at=now).password
    _write_secret(secret, password)
    return password


def _write_secret(path: Path, value: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as secret:
        secret.write(value + "\n")


def start_purge_thread(rt: Runtime) -> threading.Event:
    """Run the purge daily at `settings.purge_time` in a daemon thread; set the event to stop."""
    stop = threading.Event()

    def report(exc: BaseException) -> None:
        err.print(f"purge: {exc}", markup=False)

    thread = threading.Thread(
        target=run_daily,
        args=(lambda: purge(rt.sessions, rt.context),),
        kwargs={
            "at_time": rt.settings.purge_time,
            "clock": rt.clock,
            "stop": stop,
            "on_error": report,
        },
        name="ombud-purge",
        daemon=True,
    )
    thread.start()
    return stop
