"""target_mentions: where the targets stance is taken toward are named

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

from discursus.store.migrations.component_tables import create_component_table

revision = "0011"
down_revision = "0010"


def upgrade() -> None:
    create_component_table(
        "target_mentions",
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("target", sa.String(), nullable=False),
        indexed=("target",),
    )


def downgrade() -> None:
    op.drop_table("target_mentions")
