"""The store: SQLAlchemy tables, engines and sessions, and the migrations that build them.

SQLite in a local file is the embedded default; PostgreSQL (psycopg 3) is the scale path.
"""

from ombud.store.engine import create_engine_for, default_database_url, session_factory
from ombud.store.migrate import current_revision, head_revision, upgrade
from ombud.store.tables import metadata
from ombud.store.types import JSONText, UTCDateTime, canonical_json

__all__ = [
    "JSONText",
    "UTCDateTime",
    "canonical_json",
    "create_engine_for",
    "current_revision",
    "default_database_url",
    "head_revision",
    "metadata",
    "session_factory",
    "upgrade",
]
