"""techniques: persuasion techniques of spans and paragraphs

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

from discursus.store.migrations.component_tables import create_component_table

revision = "0014"
down_revision = "0013"


def upgrade() -> None:
    create_component_table(
        "techniques",
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(), nullable=False),
        sa.Column("technique", sa.String(), nullable=False),
        indexed=("technique",),
    )


def downgrade() -> None:
    op.drop_table("techniques")
