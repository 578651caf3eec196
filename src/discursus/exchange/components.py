"""The exchange formats, registered (``discursus components --kind importer|exporter``)."""

from __future__ import annotations

from discursus.exchange import refi_qda
from discursus.registry import Component, register

register(
    Component(
        "refi-qda",
        "exporter",
        "1",
        refi_qda.export_qdpx,
        requires=("documents", "codings", "memos", "codebook"),
        produces=("qdpx",),
    )
)
register(
    Component(
        "refi-qda",
        "importer",
        "1",
        refi_qda.import_qdpx,
        requires=("qdpx",),
        produces=("documents", "codings", "memos", "codebook"),
    )
)
