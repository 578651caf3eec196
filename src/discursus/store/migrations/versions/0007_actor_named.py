"""actors.named: whether an actor was introduced by a name (only those are one actor across
documents; "the President of the Republic" is someone else in every speech)

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"


def upgrade() -> None:
    # unknown for rows written before: the next annotate re-runs speech (its version changed)
    op.add_column("actors", sa.Column("named", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("actors") as batch:
        batch.drop_column("named")
