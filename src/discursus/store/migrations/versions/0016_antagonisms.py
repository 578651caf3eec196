"""antagonisms: the Others a text sets itself against

Revision ID: 0016
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

from discursus.store.migrations.component_tables import create_component_table

revision = "0016"
down_revision = "0015"


def upgrade() -> None:
    create_component_table(
        "antagonisms",
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("construction", sa.String(), nullable=False),
        sa.Column("other", sa.String(), nullable=False),
        indexed=("other",),
    )


def downgrade() -> None:
    op.drop_table("antagonisms")
