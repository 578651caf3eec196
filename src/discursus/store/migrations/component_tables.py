"""The shape every component table has, for the migrations that create one: an id, its
document, the component's own columns, the ``data`` remainder, origin (auto or manual) and
the run that wrote it; an index on the document and start, and one per indexed column.

The migrations name their own columns (a migration is a snapshot: it must not change when a
component's spec does later)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


def create_component_table(name: str, *columns: sa.Column, indexed: tuple[str, ...] = ()) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "doc_id",
            sa.Integer(),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            nullable=False,
        ),
        *columns,
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("origin", sa.String(), nullable=False, server_default="auto"),
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("runs.id"), nullable=True),
    )
    op.create_index(f"ix_{name}_doc", name, ["doc_id", "start"])
    for column in indexed:
        op.create_index(f"ix_{name}_{column}", name, [column])
