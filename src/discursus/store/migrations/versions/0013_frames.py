"""frames: the frames of each article and paragraph

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"


def upgrade() -> None:
    op.create_table(
        "frames",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "doc_id",
            sa.Integer(),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(), nullable=False),
        sa.Column("frame", sa.String(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("origin", sa.String(), nullable=False, server_default="auto"),
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("runs.id"), nullable=True),
    )
    op.create_index("ix_frames_doc", "frames", ["doc_id", "start"])
    op.create_index("ix_frames_frame", "frames", ["frame"])


def downgrade() -> None:
    op.drop_table("frames")
