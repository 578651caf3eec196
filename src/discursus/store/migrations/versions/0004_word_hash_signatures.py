"""documents' MinHash signatures recomputed under the "words32" scheme (a shingle's hash
folded from its words' hashes), so near duplicates compare old and new documents alike

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    from discursus.ingest.duplicates import minhash_signatures

    connection = op.get_bind()
    ids = [row[0] for row in connection.execute(sa.text("SELECT id FROM documents ORDER BY id"))]
    for start in range(0, len(ids), 200):
        batch = ids[start : start + 200]
        rows = connection.execute(
            sa.text("SELECT id, text FROM documents WHERE id IN :ids").bindparams(
                sa.bindparam("ids", expanding=True)
            ),
            {"ids": batch},
        ).all()
        signatures = minhash_signatures([text for _, text in rows])
        connection.execute(
            sa.text("UPDATE documents SET minhash = :minhash WHERE id = :id"),
            [
                {"id": doc_id, "minhash": sig}
                for (doc_id, _), sig in zip(rows, signatures, strict=True)
            ],
        )


def downgrade() -> None:
    raise NotImplementedError("signatures of the earlier scheme are not recomputed")
