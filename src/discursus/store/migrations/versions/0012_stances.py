"""stances: each sentence's stance toward each target it names

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

from discursus.store.migrations.component_tables import create_component_table

revision = "0012"
down_revision = "0011"


def upgrade() -> None:
    create_component_table(
        "stances",
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("target", sa.String(), nullable=False),
        sa.Column("stance", sa.String(), nullable=False),
        indexed=("target",),
    )


def downgrade() -> None:
    op.drop_table("stances")
