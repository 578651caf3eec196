"""discursus check: a project damaged in each way check looks for, found, and repaired
without touching a person's rows."""

from __future__ import annotations

from sqlalchemy import insert, text
from typer.testing import CliRunner

import discursus
from discursus.cli import app
from discursus.store.check import check_project
from discursus.store.schema import entities

runner = CliRunner()

TEXTS = {
    "a.txt": "The mayor said that the bridge over the Selka had been closed again.",
    "b.txt": "Minister Anna Poll opened the port of Velm. She promised jobs.",
}


def _project(tmp_path):
    for name, body in TEXTS.items():
        (tmp_path / name).write_text(body)
    project = discursus.open_project(tmp_path / "p", create=True)
    project.ingest([tmp_path / name for name in TEXTS])
    project.annotate()
    return project


def _problems(path) -> dict[str, int]:
    return {f.check: f.problems for f in check_project(path) if not f.ok}


def test_a_sound_project_passes_every_check(tmp_path):
    project = _project(tmp_path)
    assert _problems(project.path) == {}
    result = runner.invoke(app, ["check", "-p", str(project.path), "-f", "jsonl"])
    assert result.exit_code == 0
    assert result.stdout.count('"status": "ok"') == len(check_project(project.path))


def test_damage_is_found_named_and_repaired_keeping_a_persons_rows(tmp_path):
    project = _project(tmp_path)
    with project.engine.begin() as conn:
        shard_of_b = conn.execute(text("SELECT shard FROM annotations WHERE doc_id = 2")).scalar()
        conn.execute(text("UPDATE runs SET status = 'running' WHERE id = 1"))
        rows = [
            dict(doc_id=1, start=60, end=400, label="X", text="?", origin=o)
            for o in ("auto", "manual")
        ]
        conn.execute(insert(entities), rows)
    (project.path / "tokens" / "r00099-000000.parquet").write_bytes(b"left by a killed run")
    (project.path / shard_of_b).unlink()  # both documents were in one batch: both lose tokens
    assert _problems(project.path) == {
        "offsets inside their documents": 1,
        "manual rows inside their documents": 1,
        "token shards present": 2,
        "no orphan shards": 1,
        "runs finished": 1,
    }
    result = runner.invoke(app, ["check", "-p", str(project.path), "-f", "jsonl"])
    assert result.exit_code == 1 and "discursus check --repair" in result.stdout

    repaired = runner.invoke(app, ["check", "-p", str(project.path), "--repair", "-f", "csv"])
    assert "marked 2 documents for annotate to redo" in repaired.output
    assert _problems(project.path) == {"manual rows inside their documents": 1}
    assert project.annotate().annotated == 2
    assert _problems(project.path) == {"manual rows inside their documents": 1}
    kept = project.entities(1)
    assert kept[kept.label == "X"].origin.tolist() == ["manual"]
    assert project.runs().status.tolist()[:2] == ["interrupted", "done"]
