"""reported speech, actors, citations and reference lists

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def _doc_id() -> sa.Column:
    return sa.Column(
        "doc_id", sa.Integer(), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "quotes",
        sa.Column("id", sa.Integer(), primary_key=True),
        _doc_id(),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("speaker", sa.String(), nullable=True),
        sa.Column("source_type", sa.String(), nullable=False),
        sa.Column("endorsed", sa.Boolean(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("origin", sa.String(), nullable=False),
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("runs.id"), nullable=True),
    )
    op.create_index("ix_quotes_doc", "quotes", ["doc_id", "start"])
    op.create_index("ix_quotes_speaker", "quotes", ["speaker"])
    op.create_table(
        "actors",
        sa.Column("id", sa.Integer(), primary_key=True),
        _doc_id(),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("type", sa.String(), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("roles", sa.JSON(), nullable=False),
        sa.Column("statements", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("runs.id"), nullable=True),
    )
    op.create_index("ix_actors_doc", "actors", ["doc_id"])
    op.create_table(
        "citations",
        sa.Column("id", sa.Integer(), primary_key=True),
        _doc_id(),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("origin", sa.String(), nullable=False),
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("runs.id"), nullable=True),
    )
    op.create_index("ix_citations_doc", "citations", ["doc_id", "start"])
    op.create_table(
        "reference_entries",
        sa.Column("id", sa.Integer(), primary_key=True),
        _doc_id(),
        sa.Column("idx", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("runs.id"), nullable=True),
        sa.UniqueConstraint("doc_id", "idx"),
    )
    # Documents annotated before these tables existed have none of their rows: mark them
    # pending, so the next annotate fills them (automatic rows only; nothing a person entered).
    op.execute("DELETE FROM annotations")


def downgrade() -> None:
    op.drop_table("reference_entries")
    op.drop_table("citations")
    op.drop_table("actors")
    op.drop_table("quotes")
