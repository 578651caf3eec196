"""codings (codes attached to passages, suggested or decided) and component_settings

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"


def upgrade() -> None:
    op.create_table(
        "codings",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "doc_id",
            sa.Integer(),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(), nullable=False),
        sa.Column("unit", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("coder", sa.String(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("origin", sa.String(), nullable=False, server_default="auto"),
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("runs.id"), nullable=True),
    )
    op.create_index("ix_codings_doc", "codings", ["doc_id", "start"])
    op.create_index("ix_codings_code", "codings", ["code"])
    op.create_table(
        "component_settings",
        sa.Column("component", sa.String(), primary_key=True),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.String(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("component_settings")
    op.drop_table("codings")
