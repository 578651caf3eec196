"""equivalences: signifiers articulated as equivalent

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

from discursus.store.migrations.component_tables import create_component_table

revision = "0015"
down_revision = "0014"


def upgrade() -> None:
    create_component_table(
        "equivalences",
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("relation", sa.String(), nullable=False),
        indexed=("relation",),
    )


def downgrade() -> None:
    op.drop_table("equivalences")
