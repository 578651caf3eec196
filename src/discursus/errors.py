"""One exception tree for discursus: catch :class:`DiscursusError` to catch them all."""

from __future__ import annotations


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


class ModelNotInstalledError(DiscursusError):
    """The spaCy pipeline package is not installed (it is never downloaded at run time)."""
