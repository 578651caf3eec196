"""One exception tree for discursus: catch :class:`DiscursusError` to catch them all."""

from __future__ import annotations

from dataclasses import dataclass


class DiscursusError(Exception):
    """Base class of every error discursus raises on purpose."""


class ProjectError(DiscursusError):
    """A project folder is missing, unreadable, or from a newer discursus."""


class ConfigError(DiscursusError, ValueError):
    """A parameter has a value discursus cannot use; the message names the valid ones."""


class InputError(DiscursusError):
    """One input file (or archive member, or table row) could not be read.

    ``path`` names the file and ``reason`` says why, in words a user can act on.
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self):
        # pickled as (path, reason), so an error crosses from a reader's process intact
        return (self.__class__, (self.path, self.reason))


@dataclass(frozen=True)
class InputWarning:
    """Part of an input was left out and the rest was read: a document ingested without its
    metadata, a folder link not followed. ``path`` names the input and ``reason`` what was lost.
    Not an exception: it is reported, and nothing stops."""

    path: str
    reason: str


class ModelNotInstalledError(DiscursusError):
    """The spaCy pipeline package is not installed (it is never downloaded at run time)."""
