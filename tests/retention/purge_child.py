"""Run one purge in a process of its own, for the crash test: `python -m` URL AS_OF BATCH."""

import sys
from datetime import datetime

from ombud.clock import FixedClock
from ombud.declaration import load_declaration
from ombud.protect import generate_keyring
from ombud.register.service import Context
from ombud.retention.purge import purge
from ombud.store import create_engine_for, session_factory
from tests.retention.conftest import DECLARATION


def main(url: str, as_of: str, batch_size: str) -> None:
    at = datetime.fromisoformat(as_of)
    declaration = load_declaration(DECLARATION).declaration
    ctx = Context(declaration=declaration, keyring=generate_keyring(), clock=FixedClock(at))
    purge(session_factory(create_engine_for(url)), ctx, batch_size=int(batch_size))


if __name__ == "__main__":
    main(*sys.argv[1:])
