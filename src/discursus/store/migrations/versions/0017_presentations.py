"""presentations: the in-group and the out-group presented favourably or not

Revision ID: 0017
Revises: 0016
"""

import sqlalchemy as sa
from alembic import op

from discursus.store.migrations.component_tables import create_component_table

revision = "0017"
down_revision = "0016"


def upgrade() -> None:
    create_component_table(
        "presentations",
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("group", sa.String(), nullable=False),
        sa.Column("polarity", sa.String(), nullable=False),
        indexed=("group",),
    )


def downgrade() -> None:
    op.drop_table("presentations")
