"""frames: the frames of each article and paragraph

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

from discursus.store.migrations.component_tables import create_component_table

revision = "0013"
down_revision = "0012"


def upgrade() -> None:
    create_component_table(
        "frames",
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(), nullable=False),
        sa.Column("frame", sa.String(), nullable=False),
        indexed=("frame",),
    )


def downgrade() -> None:
    op.drop_table("frames")
