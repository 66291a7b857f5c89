"""Deployment settings, in one place: environment variables with the OMBUD_ prefix.

Built once (by the CLI callback or `create_app(settings)`) and passed down; nothing
else reads the environment. Settings hold deployment facts, never policy: what may
be stored, for which purpose and how long is the declaration's business.
"""

from __future__ import annotations

from datetime import time
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Where Ombud keeps its data, its keys and its declaration, and how it sends mail."""

    model_config = SettingsConfigDict(env_prefix="OMBUD_", extra="ignore", frozen=True)

    declaration: Path = Field(
        default=Path("ombud.yaml"), description="Path of the declaration file (ombud.yaml)."
    )
    data_dir: Path = Field(
        default=Path("var"),
        description="Folder for the embedded SQLite database and the key file.",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the store; SQLite in data_dir when unset. "
        "PostgreSQL: postgresql+psycopg://user@host/db.",
    )
    key_file: Path | None = Field(
        default=None,
        description="Key file holding the master and blind-index keys (mode 0600); "
        "data_dir/keys.json when unset and no key is given in the environment.",
    )
    master_key: SecretStr | None = Field(
        default=None,
        description="Base64 master key that wraps every data key, instead of a key file.",
    )
    index_key: SecretStr | None = Field(
        default=None,
        description="Base64 key of the keyed hashes used to find identifiers, with master_key.",
    )

    purge_time: time = Field(
        default=time(3, 0),
        description="Local time (Europe/Stockholm) at which `ombud serve` runs the daily "
        "purge, HH:MM. Cron deployments run `ombud purge` themselves instead.",
    )

    smtp_host: str = Field(
        default="localhost", description="SMTP server that sends mail to data subjects."
    )
    smtp_port: int = Field(default=25, description="Port of the SMTP server (587 with STARTTLS).")
    smtp_user: str | None = Field(
        default=None, description="User name for SMTP authentication; none when unset."
    )
    smtp_password: SecretStr | None = Field(
        default=None, description="Password for SMTP authentication, with smtp_user."
    )
    smtp_starttls: bool = Field(
        default=False, description="Upgrade the SMTP connection with STARTTLS before sending."
    )
    mail_from: str = Field(
        default="ombud@localhost",
        description="Sender address of mail to data subjects (codes, notices, answers).",
    )

    base_url: str = Field(
        default="http://127.0.0.1:8000",
        description="Address people reach Ombud at; links in mail (unsubscribe) start with it.",
    )
    session_key: SecretStr | None = Field(
        default=None,
        description="Base64 key that signs and encrypts web session cookies; "
        "data_dir/session.key (created on first start) when unset.",
    )
    demo: bool = Field(
        default=False,
        description="Demo mode: mail is kept and shown at /dev/outbox instead of being sent. "
        "Never in production.",
    )

    def as_environment(self) -> dict[str, str]:
        """These settings as the OMBUD_ variables that rebuild them in another process.

        `ombud serve --workers N` hands its settings (command-line options included) to
        its worker processes this way. Secrets are written out: the environment is the
        workers' own, inherited from this process.
        """
        env = {}
        for name in type(self).model_fields:
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, SecretStr):
                value = value.get_secret_value()
            env[f"OMBUD_{name.upper()}"] = str(value)
        return env

    @property
    def resolved_database_url(self) -> str:
        """The store's URL: the configured one, or SQLite inside data_dir."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'ombud.db').resolve()}"

    @property
    def resolved_key_file(self) -> Path:
        return self.key_file or self.data_dir / "keys.json"

    @property
    def resolved_session_key_file(self) -> Path:
        return self.data_dir / "session.key"
