"""What a run reports to while it works."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """The CLI hands in a progress bar; the API may hand in anything with these methods."""

    def start(self, total: int | None) -> None:
        """The amount of work the run will do (documents or characters), None if unknown."""

    def advance(self, amount: int, note: str) -> None:
        """``amount`` more work is done; ``note`` says on what."""
