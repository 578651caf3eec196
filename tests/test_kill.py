"""SIGKILL at random moments of annotate: after each, whole documents or none, nothing twice,
and the run that finally finishes gives what a run never killed gives."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time

from sqlalchemy import text

import discursus
from discursus.annotate import AnnotateConfig, load_pipeline

KILLS = 24
DOCS = 16  # as strong on 16 documents as on 30: a batch is a few documents either way
SPEAKERS = ["Anna Kessel", "Ivo Poll", "Lena Varga", "Tomas Ilic"]


def _write_corpus(folder, version: int) -> None:
    for n in range(DOCS):
        speaker = SPEAKERS[n % 4]
        body = (
            f"Report {n}, version {version}. {speaker} said that the port of Selka would "
            f"reopen in spring. “We will not wait,” {speaker.split()[1]} added. According to "
            f"the ministry, citing the harbour office, trade fell by {n + version} percent "
            f"(Varga, 2019; Poll & Ilic, 2021).\n\n"
        )
        (folder / f"doc{n:02d}.txt").write_text(body * (1 + n % 3), encoding="utf-8")


def _annotate(path: str) -> None:
    discursus.open_project(path).annotate(AnnotateConfig(batch_chars=700))


def _rows(project) -> dict[str, list]:
    with project.engine.connect() as conn:
        return {
            table: conn.execute(text(query)).all()
            for table, query in {
                "quotes": 'SELECT d.name, q.start, q."end", q.kind, q.speaker FROM quotes q '
                "JOIN documents d ON d.id = q.doc_id ORDER BY 1, 2, 3",
                "citations": 'SELECT d.name, c.start, c."end", c.kind FROM citations c '
                "JOIN documents d ON d.id = c.doc_id ORDER BY 1, 2, 3",
                "sentences": 'SELECT d.name, s.sent_index, s.start, s."end" FROM sentences s '
                "JOIN documents d ON d.id = s.doc_id ORDER BY 1, 2",
                "entities": 'SELECT d.name, e.start, e."end", e.label FROM entities e '
                "JOIN documents d ON d.id = e.doc_id ORDER BY 1, 2, 3, 4",
            }.items()
        }


def _sound(project) -> int:
    """Every annotated document has all its rows once, the others none; how many are done."""
    docs = project.documents(text=True).set_index("id")
    tokens = project.tokens(columns=["doc_id", "start", "end", "text"])
    with project.engine.connect() as conn:
        annotated = dict(conn.execute(text("SELECT doc_id, n_tokens FROM annotations")).all())
        sentences = {r[0] for r in conn.execute(text("SELECT DISTINCT doc_id FROM sentences"))}
        quoted = {r[0] for r in conn.execute(text("SELECT DISTINCT doc_id FROM quotes"))}
        states = conn.execute(
            text(
                "SELECT s.component, s.doc_id FROM component_state s JOIN documents d "
                "ON d.id = s.doc_id WHERE s.status = 'done' AND s.text_hash = d.content_hash"
            )
        ).all()
    assert sentences == set(annotated) and quoted <= set(annotated)
    # the parse and every component's rows and state land together, in one transaction
    for component in ("parse", "citations", "speech"):
        assert {doc for name, doc in states if name == component} == set(annotated)
    assert tokens.groupby("doc_id").size().to_dict() == annotated
    for row in tokens.itertuples():
        assert docs.text[row.doc_id][row.start : row.end] == row.text
    for table, rows in _rows(project).items():
        assert len(rows) == len(set(rows)), f"a row twice in {table}"
    return len(annotated)


def test_annotate_killed_at_24_random_moments_loses_and_repeats_nothing(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _write_corpus(corpus, version=1)
    project = discursus.open_project(tmp_path / "p", create=True)
    project.ingest([corpus])
    load_pipeline()  # loaded once here; every forked run inherits it
    fork = multiprocessing.get_context("fork")
    rng = random.Random(20261202)
    version, done_before, killed_mid_run = 1, 0, 0
    for _ in range(KILLS):
        if project.pending_annotation().empty:
            # all done: change a third of the texts, so the next runs have work again
            version += 1
            _write_corpus(corpus, version)
            project.ingest([corpus])
            done_before = DOCS - len(project.pending_annotation())
        child = fork.Process(target=_annotate, args=(str(project.path),))
        child.start()
        time.sleep(rng.uniform(0.0, 0.3))
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        killed_mid_run += child.exitcode == -signal.SIGKILL
        done = _sound(project)
        assert done >= done_before  # what a run finished, the kill did not take back
        done_before = done
    assert killed_mid_run >= 20
    project.annotate()
    assert _sound(project) == DOCS
    statuses = project.runs().query("kind == 'annotate'").status.tolist()
    # a kill before a run had begun leaves no run; every run a kill ended is interrupted
    assert "running" not in statuses and statuses[-1] == "done"
    assert statuses.count("interrupted") >= KILLS // 2

    fresh = discursus.open_project(tmp_path / "fresh", create=True)
    fresh.ingest([corpus])
    fresh.annotate()
    assert _rows(project) == _rows(fresh)


def test_a_signal_inside_a_deferred_block_waits_for_its_end():
    import os
    import signal

    import pytest

    from discursus.budget import signals_deferred, stop_on_sigterm

    before = signal.getsignal(signal.SIGTERM)
    reached = []
    # SIGTERM, as a run handles it (Ctrl-C may be ignored where the tests run in background)
    with pytest.raises(KeyboardInterrupt), stop_on_sigterm():
        with signals_deferred():
            os.kill(os.getpid(), signal.SIGTERM)  # in the middle of a transaction
            reached.append("the block's end")
    assert reached == ["the block's end"]
    assert signal.getsignal(signal.SIGTERM) == before  # handlers restored
