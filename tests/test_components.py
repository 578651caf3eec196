"""The contract every registered annotator keeps, in the spirit of scikit-learn's
check_estimator: run over each component the registry lists, including ones added later."""

from __future__ import annotations

import pytest
from conftest import validate_rows

from discursus.annotate import AnnotateConfig, DocInput, annotate_batch, annotate_batches
from discursus.annotate.pipeline import load_pipeline
from discursus.errors import ConfigError
from discursus.registry import PARSE, Component, components, pipeline, registered

TEXTS = [
    "Foreign Minister Anna Kessel spoke in Dorn on Monday. “We will build the port,” she said. "
    "The minister added that talks would resume (Varga, 2019).\n\nReferences\n"
    "Varga, E. (2019). Borrowed words. Corridor Review.\n",
    "According to the harbour office, citing the agency, trade fell. As Surah Al-Hujurat, "
    "verse 13 says, peoples were made to know one another. Critics would have us believe "
    "that sovereignty is nostalgia. The so-called reform failed.",
    "The mayor said that the bridge had fallen. “It will stand again,” Ivo Poll told reporters. "
    "The town stands united against corruption. We are brave and generous.",
]
ANNOTATORS = list(components("annotator").values())


def _frames_model() -> dict:
    """A frames model of two words, threshold 0: every article and paragraph framed."""
    import numpy as np

    from discursus.annotate.classifier import NgramModel
    from discursus.runs.train import KIND

    texts = ["the port and the trade", "the army at the border"] * 3
    weights = NgramModel.fit(texts, {"Economic": np.array([1, 0] * 3)}).to_settings()
    return {"kind": KIND, "task": "frames", "labels": ["Economic"], "threshold": 0.0,
            "weights": weights, "trained_on": {"units": 6}, "scores": {}}  # fmt: skip


# settings under which a component has something to find in TEXTS (defaults for the others)
SETTINGS = {
    "codes": {
        "codebook": {
            "name": "Contract",
            "codes": [
                {"name": "port", "keywords": ["port", "harbour office"]},
                {"name": "speaking", "lemmas": ["say"]},
            ],
        },
        "unit": "sentence",
    },
    "targets": {
        "targets": {
            "targets": [
                {"name": "Anna Kessel", "kind": "actor", "aliases": ["Kessel"]},
                {"name": "sovereignty"},
            ]
        },
    },
    "frames": {"model": _frames_model()},
}


def _batch(texts: list[str]) -> list[DocInput]:
    return [DocInput(i + 1, f"h{i}", text) for i, text in enumerate(texts)]


@pytest.fixture(scope="module")
def results():
    return annotate_batch(load_pipeline(), _batch(TEXTS), settings=SETTINGS).docs


@pytest.mark.parametrize("component", ANNOTATORS, ids=lambda c: c.name)
def test_offsets_point_into_the_text_and_rows_keep_their_contract(component, results):
    seen = 0
    for result, text in zip(results, TEXTS, strict=True):
        assert result.ran[component.name] is None
        for spec in component.produces:
            rows = result.rows[spec.name]
            for row in rows:
                for start, end in spec.spans:
                    assert 0 <= row[start] <= row[end] <= len(text)
                # a row that quotes its passage quotes it exactly
                for key in ("text", "raw"):
                    if key in row and spec.spans:
                        assert row[key] == text[row["start"] : row["end"]]
            if spec.schema and rows:
                validate_rows([{"doc": "d", **row} for row in rows], spec.schema)
            seen += len(rows)
    assert seen > 0, f"{component.name} found nothing in three real paragraphs"


@pytest.mark.parametrize("component", ANNOTATORS, ids=lambda c: c.name)
def test_the_same_input_gives_the_same_rows(component, results):
    again = annotate_batch(load_pipeline(), _batch(TEXTS), settings=SETTINGS).docs
    for first, second in zip(results, again, strict=True):
        for spec in component.produces:
            assert first.rows[spec.name] == second.rows[spec.name]


@pytest.mark.parametrize("component", ANNOTATORS, ids=lambda c: c.name)
def test_empty_and_whitespace_text_give_no_rows(component):
    for result in annotate_batch(load_pipeline(), _batch(["", "  \n\t  "]), settings=SETTINGS).docs:
        assert result.ran[component.name] is None
        for spec in component.produces:
            assert result.rows[spec.name] == []


@pytest.mark.parametrize("component", ANNOTATORS, ids=lambda c: c.name)
def test_an_error_is_a_problem_of_that_document_and_component_only(component, monkeypatch):
    def broken(item, config):
        if "bridge" in item.text:
            raise KeyError("no such span")
        return component.func(item, config)

    chosen = pipeline()
    swapped = [
        Component(c.name, c.kind, c.version, broken, c.requires, c.produces, c.config, c.label)
        if c.name == component.name
        else c
        for c in chosen
    ]
    docs = annotate_batch(
        load_pipeline(), _batch(TEXTS), components=swapped, settings=SETTINGS
    ).docs
    failed = docs[2]
    assert failed.ran[component.name] == "KeyError: 'no such span'"
    assert all(spec.name not in failed.rows for spec in component.produces)
    # what requires it, directly or through another, is not run on that document, and says
    # why; the rest runs
    blocked = {component.name}
    for other in chosen:  # in dependency order
        if blocked & set(other.requires):
            blocked.add(other.name)
    for other in chosen:
        if component.name in other.requires:
            assert failed.ran[other.name].startswith(f"not run: it requires {component.title}")
        elif other.name in blocked and other.name != component.name:
            assert failed.ran[other.name].startswith("not run: it requires ")
        elif other.name != component.name:
            assert failed.ran[other.name] is None
    for ok in docs[:2]:
        assert all(problem is None for problem in ok.ran.values())


def test_one_and_two_workers_give_identical_rows_in_every_table():
    batches = [[item] for item in _batch(TEXTS)]
    config = AnnotateConfig(settings=SETTINGS)
    one = list(annotate_batches(batches, config, workers=1))
    two = list(annotate_batches(batches, config, workers=2))
    for a, b in zip(one, two, strict=True):
        assert a.tokens.to_pylist() == b.tokens.to_pylist()
        assert [d.rows for d in a.docs] == [d.rows for d in b.docs]
        assert [d.ran for d in a.docs] == [d.ran for d in b.docs]


def test_the_parse_rebuilt_from_stored_tokens_gives_the_same_rows():
    nlp = load_pipeline()
    parsed = annotate_batch(nlp, _batch(TEXTS))
    tokens = parsed.tokens
    rerun = [
        DocInput(
            i + 1,
            f"h{i}",
            text,
            run=("speech",),
            tokens=tokens.filter(tokens.column("doc_id").to_numpy() == i + 1),
            rows={
                "citations": d.rows["citations"],
                "reference_entries": d.rows["reference_entries"],
            },
        )
        for i, (text, d) in enumerate(zip(TEXTS, parsed.docs, strict=True))
    ]
    again = annotate_batch(nlp, rerun)
    assert again.tokens.num_rows == 0  # nothing parsed again
    for first, second in zip(parsed.docs, again.docs, strict=True):
        assert list(second.ran) == ["speech"]
        assert second.rows["quotes"] == first.rows["quotes"]
        assert second.rows["actors"] == first.rows["actors"]


def test_a_pipeline_missing_a_requirement_is_refused_naming_it():
    def stance(item, config):
        return {}

    with registered(Component("stance-test", "annotator", "1", stance, requires=("coalitions",))):
        with pytest.raises(ConfigError, match="'stance-test' requires 'coalitions', which no"):
            pipeline(["stance-test"])
        with pytest.raises(ConfigError, match="no annotator 'nope'; registered annotators:"):
            pipeline(["nope"])
    assert "stance-test" not in components("annotator")


def test_the_pipeline_runs_the_parse_first_then_each_after_what_it_requires():
    names = [c.name for c in pipeline()]
    assert names[0] == PARSE
    assert names.index("citations") < names.index("speech")
    assert [c.name for c in pipeline(["speech"])] == ["parse", "citations", "speech"]


def test_another_package_adds_an_annotator_through_an_entry_point(tmp_path):
    import os
    import subprocess
    import sys

    site = tmp_path / "site"
    (site / "discursus_hedges-0.1.dist-info").mkdir(parents=True)
    (site / "discursus_hedges-0.1.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: discursus-hedges\nVersion: 0.1\n"
    )
    (site / "discursus_hedges-0.1.dist-info" / "entry_points.txt").write_text(
        "[discursus_annotators]\nhedges = discursus_hedges:component\n"
    )
    (site / "discursus_hedges.py").write_text(
        "from discursus.registry import Component\n"
        "from discursus.tablespec import Field, TableSpec\n"
        "HEDGES = TableSpec('hedges', (Field('start', 'int'), Field('end', 'int')))\n"
        "def hedges(item, config):\n"
        "    words = ('perhaps', 'arguably')\n"
        "    return {'hedges': [{'start': t.idx, 'end': t.idx + len(t)} for t in item.doc\n"
        "                       if t.lower_ in words]}\n"
        "component = Component('hedges', 'annotator', '0.1', hedges, ('parse',), (HEDGES,))\n"
    )
    (tmp_path / "a.txt").write_text("Perhaps the port will open. It is, arguably, late.")
    script = (
        "import discursus\n"
        f"p = discursus.open_project({str(tmp_path / 'p')!r}, create=True)\n"
        f"p.ingest([{str(tmp_path / 'a.txt')!r}])\n"
        "print(dict(p.annotate().ran))\n"
        "print([(r['start'], r['end']) for r in p.rows('hedges')])\n"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines() == [
        "{'parse': 1, 'citations': 1, 'antagonisms': 1, 'codes': 1, 'equivalences': 1, "
        "'frames': 1, 'hedges': 1, 'presentations': 1, "
        "'speech': 1, "
        "'targets': 1, 'stance': 1, 'techniques': 1}",
        "[(0, 7), (35, 43)]",
    ]
    listed = subprocess.run(
        [sys.executable, "-m", "discursus", "components", "--kind", "annotator", "-f", "csv"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "annotator,hedges,0.1" in listed.stdout
