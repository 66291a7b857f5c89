"""Wiring: settings in, a store, keys, the declaration and a clock out. No rules live here.

The CLI and the web app each build one `Runtime` from `Settings` and pass its
`context` and sessions to the domain services.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from ombud.clock import Clock, SystemClock
from ombud.declaration import Declaration, load_declaration
from ombud.errors import OmbudError
from ombud.protect import Keyring, generate_key_file, keyring_from_env, load_key_file
from ombud.register.service import Context
from ombud.settings import Settings
from ombud.store import create_engine_for, session_factory, upgrade


def load_keyring(settings: Settings) -> Keyring:
    """The keyring from the environment (both keys) or from the key file."""
    if settings.master_key and settings.index_key:
        return keyring_from_env(
            settings.master_key.get_secret_value(), settings.index_key.get_secret_value()
        )
    if settings.master_key or settings.index_key:
        raise OmbudError(
            "OMBUD_MASTER_KEY and OMBUD_INDEX_KEY must be set together; only one is set"
        )
    path = settings.resolved_key_file
    if not path.exists():
        raise OmbudError(
            f"no key file at {path}; create one with `ombud keys init` "
            "(or set OMBUD_MASTER_KEY and OMBUD_INDEX_KEY)"
        )
    return load_key_file(path)


@dataclass
class Runtime:
    """One process's connection to its store, keys and declaration."""

    settings: Settings
    clock: Clock = field(default_factory=SystemClock)

    @cached_property
    def engine(self) -> Engine:
        return create_engine_for(self.settings.resolved_database_url)

    @cached_property
    def sessions(self) -> sessionmaker[Session]:
        return session_factory(self.engine)

    @cached_property
    def read_sessions(self) -> sessionmaker[Session]:
        """Sessions for work that only reads. On PostgreSQL each statement commits by itself,
        which spares a request its BEGIN and COMMIT round trips; SQLite, in process, has
        none to spare and keeps its transaction."""
        if self.engine.dialect.name != "postgresql":
            return self.sessions
        return session_factory(self.engine.execution_options(isolation_level="AUTOCOMMIT"))

    @cached_property
    def declaration(self) -> Declaration:
        return load_declaration(self.settings.declaration).declaration

    @cached_property
    def keyring(self) -> Keyring:
        return load_keyring(self.settings)

    @cached_property
    def context(self) -> Context:
        return Context(declaration=self.declaration, keyring=self.keyring, clock=self.clock)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work commits on success and rolls back on any error."""
        with self.sessions.begin() as session:
            yield session

    def prepare(self, *, create_keys: bool = False) -> None:
        """Bring the schema up to date and, if asked, create a key file where none exists."""
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        if create_keys and not (
            self.settings.master_key or self.settings.resolved_key_file.exists()
        ):
            generate_key_file(self.settings.resolved_key_file)
        upgrade(self.engine)
