"""The people of a project's workbench (``discursus serve``) and their signed-in browsers.

A person has a name, a role and a password kept only as its argon2 hash (argon2-cffi's
defaults: argon2id). The roles: an **owner** may do everything, the people included; a
**coder** reads and codes; a **viewer** reads and changes nothing. The people live in the
project's database, so each project has its own: a coder of one project has no account in
another. A session is a random token in the browser's cookie, of which the database keeps
only the SHA-256, with the CSRF token its forms carry and the time it expires.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

import pandas as pd
from sqlalchemy import delete, select, update

from discursus.errors import ProjectError
from discursus.store.journaling import now
from discursus.store.schema import users, web_sessions

ROLES = ("owner", "coder", "viewer")
MIN_PASSWORD = 10
SESSION_HOURS = 12
WORKBENCH = "workbench"  # the key of the workbench's settings among the project's


def _role(role: str) -> str:
    if role not in ROLES:
        raise ProjectError(f"role {role!r} is not one of {', '.join(ROLES)}")
    return role


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class PeopleWork:
    """The people part of :class:`discursus.project.Project`."""

    def _people_ready(self) -> None:
        """The schema the people's tables are in (an older project is upgraded first)."""
        if self._outdated:
            with self._lock():
                self._prepare()

    def users(self) -> pd.DataFrame:
        """The project's people: name, role, created_at (never their hashes)."""
        self._people_ready()
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(users.c.name, users.c.role, users.c.created_at).order_by(users.c.name)
            ).all()
        return pd.DataFrame([dict(r._mapping) for r in rows],
                            columns=["name", "role", "created_at"])  # fmt: skip

    def add_user(self, name: str, password: str, role: str) -> dict[str, Any]:
        """A new person with a password (at least :data:`MIN_PASSWORD` characters)."""
        name = (name or "").strip()
        if not name:
            raise ProjectError("name the person")
        if len(password or "") < MIN_PASSWORD:
            raise ProjectError(f"a password has {MIN_PASSWORD} characters or more")
        row = {"name": name, "password_hash": _hasher().hash(password), "role": _role(role),
               "created_at": now()}  # fmt: skip
        self._people_ready()
        with self.engine.begin() as conn:
            if conn.execute(select(users.c.name).where(users.c.name == name)).first():
                raise ProjectError(f"there is already a person named {name!r}")
            conn.execute(users.insert().values(**row))
        return {"name": name, "role": role}

    def set_role(self, name: str, role: str) -> None:
        """Give a person another role; the last owner stays one."""
        _role(role)
        self._people_ready()
        with self.engine.begin() as conn:
            current = self._person(conn, name)
            if current["role"] == "owner" and role != "owner":
                self._keep_an_owner(conn, name)
            conn.execute(update(users).where(users.c.name == name).values(role=role))
            conn.execute(delete(web_sessions).where(web_sessions.c.user == name))

    def remove_user(self, name: str) -> None:
        """Remove a person and sign them out everywhere; the last owner stays."""
        self._people_ready()
        with self.engine.begin() as conn:
            if self._person(conn, name)["role"] == "owner":
                self._keep_an_owner(conn, name)
            conn.execute(delete(web_sessions).where(web_sessions.c.user == name))
            conn.execute(delete(users).where(users.c.name == name))

    @staticmethod
    def _person(conn, name: str) -> dict[str, Any]:
        row = conn.execute(select(users).where(users.c.name == name)).first()
        if row is None:
            known = [r.name for r in conn.execute(select(users.c.name).order_by(users.c.name))]
            raise ProjectError(f"no person named {name!r}; people: {', '.join(known) or 'none'}")
        return dict(row._mapping)

    @staticmethod
    def _keep_an_owner(conn, name: str) -> None:
        owners = conn.execute(select(users.c.name).where(users.c.role == "owner")).all()
        if [r.name for r in owners] == [name]:
            raise ProjectError(f"{name} is the last owner: make another owner first")

    def blind_coding(self) -> bool:
        """Whether the project's coders code blind: each sees their own codings and the
        automatic suggestions, none of the other people's (until they are merged)."""
        return bool(self.stored_settings().get(WORKBENCH, {}).get("blind", False))

    def set_blind_coding(self, on: bool, who: str) -> None:
        """Turn blind coding on or off (journalled: undo turns it back)."""
        from discursus.store.journaling import put_settings

        settings = {**self.stored_settings().get(WORKBENCH, {}), "blind": bool(on)}
        summary = f"{who} turned blind coding {'on' if on else 'off'}"
        with self.journalled(who, "blind coding", summary) as changes:
            put_settings(changes, WORKBENCH, settings)

    def sign_in(self, name: str, password: str, hours: float = SESSION_HOURS) -> dict[str, str]:
        """A new session for a person whose password is right: its token (for the cookie),
        its CSRF token and when it expires. A wrong name or password says no more than that."""
        from argon2.exceptions import InvalidHashError, VerificationError

        self._people_ready()
        with self.engine.connect() as conn:
            row = conn.execute(select(users).where(users.c.name == name)).first()
        hasher = _hasher()
        try:
            if row is None:
                raise VerificationError("no such person")
            hasher.verify(row.password_hash, password)
        except (VerificationError, InvalidHashError):
            raise ProjectError("the name or the password is wrong") from None
        token, csrf = secrets.token_urlsafe(32), secrets.token_hex(32)
        expires = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=hours)).isoformat()
        with self.engine.begin() as conn:
            # expired sessions go when a new one comes
            conn.execute(delete(web_sessions).where(web_sessions.c.expires_at < now_utc()))
            conn.execute(web_sessions.insert().values(token_hash=_digest(token), user=name,
                                                      csrf=csrf, expires_at=expires))  # fmt: skip
        return {"token": token, "csrf": csrf, "expires_at": expires}

    def session(self, token: str | None) -> dict[str, str] | None:
        """The person a session token belongs to (name, role, csrf), None when it is not
        a session's or has expired."""
        if not token:
            return None
        self._people_ready()
        with self.engine.connect() as conn:
            row = conn.execute(
                select(users.c.name, users.c.role, web_sessions.c.csrf,
                       web_sessions.c.expires_at)
                .join(users, users.c.name == web_sessions.c.user)
                .where(web_sessions.c.token_hash == _digest(token))
            ).first()  # fmt: skip
        if row is None or row.expires_at < now_utc():
            return None
        return {"name": row.name, "role": row.role, "csrf": row.csrf}

    def sign_out(self, token: str | None) -> None:
        """End a session."""
        if not token:
            return
        with self.engine.begin() as conn:
            conn.execute(delete(web_sessions).where(web_sessions.c.token_hash == _digest(token)))


def now_utc() -> str:
    """The time now, as sessions' expiry times are written (ISO 8601, UTC)."""
    return dt.datetime.now(dt.UTC).isoformat()
