"""long_texts: the text of a document too long to bind whole, written in pieces

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    op.create_table(
        "long_texts",
        sa.Column(
            "doc_id",
            sa.Integer(),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("text", sa.LargeBinary(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("long_texts")
