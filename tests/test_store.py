"""The project store: re-runs, changes, a person's work, crashes and schema versions."""

from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import insert, text
from sqlalchemy import text as text_sql

import discursus
from discursus.annotate import AnnotateConfig
from discursus.errors import ProjectError
from discursus.store import store as project_module
from discursus.store.schema import entities


def _consistent(project: discursus.Project) -> None:
    """Every annotated document has its whole annotation, and nothing else has any."""
    docs = project.documents(text=True).set_index("id")
    tokens = project.tokens(columns=["doc_id", "start", "end", "text"])
    with project.engine.connect() as conn:
        annotated = dict(conn.execute(text("SELECT doc_id, n_tokens FROM annotations")).all())
        with_sentences = {r[0] for r in conn.execute(text("SELECT DISTINCT doc_id FROM sentences"))}
    assert with_sentences == set(annotated)
    assert tokens.groupby("doc_id").size().to_dict() == annotated
    for row in tokens.sample(min(len(tokens), 500), random_state=0).itertuples():
        assert docs.text[row.doc_id][row.start : row.end] == row.text


def test_missing_project_is_a_clear_error(tmp_path):
    with pytest.raises(ProjectError, match="no discursus project at"):
        discursus.open_project(tmp_path / "nothing")


def test_reingest_keeps_unchanged_and_reannotates_only_changes(corpus_copy, tmp_path):
    project = discursus.open_project(tmp_path / "p", create=True)
    first = project.ingest([corpus_copy])
    assert (first.added, first.updated, first.unchanged) == (16, 0, 0)
    assert project.annotate().annotated == 16
    (corpus_copy / "05_baranli_rally.txt").write_text("People of Selka! We will not be sold.")
    second = project.ingest([corpus_copy])
    assert (second.added, second.updated, second.unchanged) == (0, 1, 15)
    assert project.pending_annotation().name.tolist() == ["05_baranli_rally.txt"]
    again = project.annotate()
    assert (again.annotated, again.up_to_date) == (1, 15)
    assert project.sentences("05_baranli_rally.txt").text.tolist() == [
        "People of Selka!",
        "We will not be sold.",
    ]
    _consistent(project)
    assert project.runs().status.tolist() == ["done"] * 4


def test_an_automatic_run_never_touches_a_persons_entities(corpus_copy, tmp_path):
    project = discursus.open_project(tmp_path / "p", create=True)
    project.ingest([corpus_copy / "01_kessel_corridor_launch.txt"])
    project.annotate()
    with project.engine.begin() as conn:
        conn.execute(
            insert(entities).values(
                doc_id=1, start=0, end=7, label="GENRE", text="Address", origin="manual"
            )
        )
    (corpus_copy / "01_kessel_corridor_launch.txt").write_text("Address to the nation.")
    project.ingest([corpus_copy / "01_kessel_corridor_launch.txt"])
    project.annotate()
    found = project.entities(1)
    assert found[found.origin == "manual"][["start", "end", "text"]].values.tolist() == [
        [0, 7, "Address"]
    ]


def test_a_failure_mid_run_keeps_whole_documents_and_resumes(corpus_copy, tmp_path, monkeypatch):
    project = discursus.open_project(tmp_path / "p", create=True)
    project.ingest([corpus_copy])
    real_insert = project_module.insert
    batches = {"n": 0}

    def failing_insert(table):
        if table is project_module.annotations:
            batches["n"] += 1
            if batches["n"] == 3:  # inside the third batch's transaction, after its sentences
                raise RuntimeError("disk on fire")
        return real_insert(table)

    monkeypatch.setattr(project_module, "insert", failing_insert)
    with pytest.raises(RuntimeError, match="disk on fire"):
        project.annotate(AnnotateConfig(batch_chars=2000))
    monkeypatch.setattr(project_module, "insert", real_insert)
    done = 16 - len(project.pending_annotation())
    assert 0 < done < 16
    _consistent(project)
    assert project.runs().status.tolist() == ["done", "failed"]
    resumed = project.annotate()
    assert resumed.annotated == 16 - done
    _consistent(project)
    # The shard the failed batch wrote is pointed at by nothing and was removed.
    with project.engine.connect() as conn:
        live = {r[0] for r in conn.execute(text("SELECT DISTINCT shard FROM annotations"))}
    assert {f"tokens/{p.name}" for p in (project.path / "tokens").iterdir()} == live


def test_a_project_from_a_newer_discursus_is_refused(tmp_path):
    project = discursus.open_project(tmp_path / "p", create=True)
    with project.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(ProjectError, match="newer than this discursus knows"):
        discursus.open_project(tmp_path / "p")


def test_two_writers_are_not_allowed_at_once(tmp_path):
    project = discursus.open_project(tmp_path / "p", create=True)
    with project.run("ingest", {}):
        with pytest.raises(ProjectError, match="another discursus run is writing"):
            project.ingest([tmp_path])


def test_documents_over_the_annotate_limit_are_reported(tmp_path):
    (tmp_path / "short.txt").write_text("A short text.")
    (tmp_path / "long.txt").write_text("A much longer text. " * 100)
    project = discursus.open_project(tmp_path / "p", create=True)
    project.ingest([tmp_path / "short.txt", tmp_path / "long.txt"])
    summary = project.annotate(AnnotateConfig(max_doc_chars=1000))
    assert summary.annotated == 1
    failures = project.failures()
    assert failures[["kind", "path"]].values.tolist() == [["annotate", "long.txt"]]
    assert "2,000 characters, over the annotate limit of 1,000" in failures.reason[0]


def test_a_project_inside_its_corpus_is_not_ingested(corpus_copy):
    project = discursus.open_project(corpus_copy / "project", create=True)
    project.ingest([corpus_copy])
    project.annotate()  # writes token shards with a "text" column inside the corpus
    again = project.ingest([corpus_copy, corpus_copy / "project" / "**"])
    assert (again.added, again.unchanged, len(again.failed)) == (0, 16, 1)


def test_documents_are_found_by_name_before_id(tmp_path):
    (tmp_path / "t.csv").write_text("id,text\n2,First statement.\n1,Second statement.\n")
    project = discursus.open_project(tmp_path / "p", create=True)
    project.ingest([tmp_path / "t.csv"])
    assert project.document("2")["text"] == "First statement."  # by name
    assert project.document(2)["text"] == "Second statement."  # an int is an id
    with pytest.raises(ProjectError, match="no document '3'"):
        project.document("3")


def _default_interrupt() -> None:
    # a test run started in the background inherits Ctrl-C ignored, and Python keeps it so:
    # the child gets the default back, as a command typed in a terminal has it
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("signum, workers", [(signal.SIGTERM, 2), (signal.SIGINT, 1)])
def test_a_signal_stops_annotate_cleanly_and_the_next_run_resumes(tmp_path, signum, workers):
    psutil = pytest.importorskip("psutil")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    sentence = "The mayor said that the bridge over the Selka had been closed again. "
    for n in range(60):
        (corpus / f"doc{n:02d}.txt").write_text(f"Report {n}. " + sentence * 8)
    project = discursus.open_project(tmp_path / "p", create=True)
    project.ingest([corpus])
    command = [sys.executable, "-c", "from discursus.cli import app; app()", "annotate", "-q"]
    command += ["-p", str(project.path), "--workers", str(workers), "--batch-chars", "1000"]
    child = subprocess.Popen(command, stderr=subprocess.PIPE, text=True,
                             preexec_fn=_default_interrupt)  # fmt: skip
    database = sqlite3.connect(project.path / "project.sqlite", timeout=30)
    deadline = time.time() + 120
    while database.execute("SELECT count(*) FROM annotations").fetchone()[0] < 3:
        assert time.time() < deadline and child.poll() is None
        time.sleep(0.02)
    database.close()
    workers_seen = psutil.Process(child.pid).children(recursive=True)
    child.send_signal(signum)
    _, stderr = child.communicate(timeout=60)
    assert child.returncode == 130, stderr
    assert "interrupted: what was finished is kept" in stderr, stderr
    gone, alive = psutil.wait_procs(workers_seen, timeout=10)
    assert alive == []
    assert project.runs().status.tolist() == ["done", "interrupted"]
    _consistent(project)
    remaining = len(project.pending_annotation())
    assert 0 < remaining < 60
    assert project.annotate().annotated == remaining
    _consistent(project)


def test_a_long_text_is_stored_in_pieces_and_read_back_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(project_module, "LONG_TEXT_CHARS", 60)
    text = "Die Brücke über die Selka ist wieder offen. “Wir bleiben”, sagte die Bürgermeisterin."
    (tmp_path / "long.txt").write_text(text)
    (tmp_path / "short.txt").write_text("A short one.")
    project = discursus.open_project(tmp_path / "p", create=True)
    project.ingest([tmp_path / "long.txt", tmp_path / "short.txt"])
    with project.engine.connect() as conn:
        assert conn.execute(text_sql("SELECT doc_id FROM long_texts")).scalars().all() == [1]
        assert conn.execute(text_sql("SELECT text FROM documents WHERE id = 1")).scalar() == ""
    assert project.document("long.txt")["text"] == text
    assert project.documents(text=True).text.tolist() == [text, "A short one."]
    project.annotate()
    assert project.sentences("long.txt").text.tolist() == [
        "Die Brücke über die Selka ist wieder offen.",
        "“Wir bleiben”, sagte die Bürgermeisterin.",
    ]
    _consistent(project)
    (tmp_path / "long.txt").write_text("Now short.")
    project.ingest([tmp_path / "long.txt"])
    with project.engine.connect() as conn:
        assert conn.execute(text_sql("SELECT count(*) FROM long_texts")).scalar() == 0
    assert project.document("long.txt")["text"] == "Now short."


def test_kwic_and_docs_read_the_last_complete_state_while_annotate_writes(tmp_path):
    import multiprocessing

    from typer.testing import CliRunner

    from discursus.annotate import load_pipeline
    from discursus.cli import app

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "first.txt").write_text("The port of Selka reopened on Monday.")
    project = discursus.open_project(tmp_path / "p", create=True)
    project.ingest([corpus])
    project.annotate()
    for n in range(40):
        (corpus / f"later{n:02d}.txt").write_text(
            f"Report {n}. The mayor said the port was closed. " * 6
        )
    project.ingest([corpus])
    load_pipeline()
    child = multiprocessing.get_context("fork").Process(
        target=lambda: discursus.open_project(project.path).annotate(
            AnnotateConfig(batch_chars=500)
        )
    )
    child.start()
    deadline = time.time() + 60
    database = sqlite3.connect(project.path / "project.sqlite", timeout=30)
    # some batches saved: the index annotate will build is not the one on disk yet
    while database.execute("SELECT count(*) FROM annotations").fetchone()[0] < 4:
        assert time.time() < deadline and child.is_alive()
        time.sleep(0.01)
    database.close()
    runner = CliRunner()
    kwic = runner.invoke(app, ["kwic", "port", "-p", str(project.path), "-f", "jsonl"])
    docs = runner.invoke(app, ["docs", "-p", str(project.path), "-f", "csv"])
    still_running = "running" in project.runs().status.tolist()
    child.join(60)
    assert still_running, "annotate ended before the reads: make it longer"
    assert kwic.exit_code == 0, kwic.output
    assert kwic.stdout.count('"doc": "first.txt"') == 1  # the index of the last complete state
    assert docs.exit_code == 0 and docs.stdout.count("later") == 40


def test_opening_a_project_to_read_writes_nothing(tmp_path):
    project = discursus.open_project(tmp_path / "p", create=True)
    shutil.rmtree(project.path / "tokens")
    shutil.rmtree(project.path / "logs")
    before = sorted(p.name for p in project.path.iterdir())
    discursus.open_project(project.path).documents()
    assert sorted(p.name for p in project.path.iterdir()) == before


def test_the_schema_in_code_is_what_the_migrations_build(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from discursus.store.schema import metadata

    project = discursus.open_project(tmp_path / "p", create=True)
    options = {"compare_type": True, "compare_server_default": True}
    with project.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn, opts=options), metadata) == []


def test_a_project_of_the_previous_release_upgrades_and_keeps_its_work(tmp_path):
    # tests/fixtures/project-0002: two documents ingested and annotated by the release before
    # migrations 0003-0005 (schema 0002), with its token shard
    fixture = Path(__file__).parent / "fixtures" / "project-0002"
    shutil.copytree(fixture, tmp_path / "p")
    old = sqlite3.connect(tmp_path / "p" / "project.sqlite")
    quotes_before = old.execute(
        'SELECT doc_id, start, "end", kind FROM quotes ORDER BY 1, 2'
    ).fetchall()
    old.close()
    project = discursus.open_project(tmp_path / "p")
    with pytest.raises(ProjectError, match="schema revision '0002'.*discursus annotate"):
        project.documents()
    shards_before = sorted(p.name for p in (tmp_path / "p" / "tokens").iterdir())
    states = project.status  # reading the status of an old project is refused as well
    with pytest.raises(ProjectError, match="discursus annotate"):
        states()
    summary = project.annotate()  # upgrades, then re-runs on the kept parse what it must
    # the parse is recorded as made by the model the old run named: it is fresh, and the
    # components whose versions the old release did not record run on the stored tokens
    assert summary.annotated == 2 and summary.tokens == 0
    assert dict(summary.ran) == {
        "citations": 2, "codes": 2, "frames": 2, "speech": 2, "targets": 2, "stance": 2,
        "techniques": 2, "equivalences": 2, "antagonisms": 2, "presentations": 2,
    }  # fmt: skip
    assert sorted(p.name for p in (tmp_path / "p" / "tokens").iterdir()) == shards_before
    assert len(quotes_before) == 5
    with project.engine.connect() as conn:
        kept = conn.execute(text('SELECT doc_id, start, "end", kind FROM quotes ORDER BY 1, 2'))
        assert kept.all() == quotes_before  # the same quotes from the rebuilt parse
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0018"
    assert project.status()[["component", "fresh", "stale"]].values.tolist() == [
        ["parse", 2, 0],
        ["citations", 2, 0],
        ["antagonisms", 2, 0],
        ["codes", 2, 0],
        ["equivalences", 2, 0],
        ["frames", 2, 0],
        ["presentations", 2, 0],
        ["speech", 2, 0],
        ["targets", 2, 0],
        ["stance", 2, 0],
        ["techniques", 2, 0],
    ]
    assert project.documents().name.tolist() == ["a.txt", "b.txt"]
    assert len(project.index().lexicon("word")) > 20  # built from the kept shard
    _consistent(project)
