"""input problems get a level: a file that failed, or a warning (a document read without
its metadata, a folder link not followed)

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    with op.batch_alter_table("input_failures") as batch:
        batch.add_column(sa.Column("level", sa.String(), nullable=False, server_default="failed"))


def downgrade() -> None:
    with op.batch_alter_table("input_failures") as batch:
        batch.drop_column("level")
