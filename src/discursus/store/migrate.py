"""Bring a project database to the schema this discursus expects (Alembic migrations)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy.engine import Engine

from discursus.errors import ProjectError

MIGRATIONS = Path(__file__).parent / "migrations"


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def outdated(engine: Engine) -> str | None:
    """The project's revision if it is older than this discursus writes (an upgrade would
    change it), None if it is current; a project from a newer discursus is refused. Reads
    only."""
    config = _config()
    script = ScriptDirectory.from_config(config)
    head = script.get_current_head()
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    if current == head:
        return None
    if current is not None and not _known(script, current):
        raise ProjectError(
            f"the project's schema revision {current!r} is newer than this discursus knows "
            f"({head!r}): upgrade discursus to open it"
        )
    return current or "none"


def upgrade(engine: Engine) -> str:
    """Apply any migrations the database lacks; returns the revision it is at.

    A database written by a newer discursus is refused rather than guessed at.
    """
    config = _config()
    head = ScriptDirectory.from_config(config).get_current_head()
    if outdated(engine) is None:
        return head
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return head


def _known(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except CommandError:
        return False
