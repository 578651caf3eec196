from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import discursus

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "corpus"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def sample_project(tmp_path_factory) -> discursus.Project:
    """The sample corpus ingested and annotated once for the whole session (read-only use)."""
    project = discursus.open_project(tmp_path_factory.mktemp("sample") / "project", create=True)
    project.ingest([SAMPLE])
    project.annotate()
    return project


@pytest.fixture(scope="session")
def coded_sample(sample_project, tmp_path_factory) -> discursus.Project:
    """The sample corpus coded with its codebook, once for the session (read-only use; a
    copy, so the sample project stays uncoded)."""
    from discursus.annotate.codebook import load_codebook

    folder = tmp_path_factory.mktemp("coded") / "project"
    shutil.copytree(sample_project.path, folder)
    project = discursus.open_project(folder)
    book = load_codebook(ROOT / "examples" / "codebooks" / "horizons-and-resistance.yaml")
    settings = {"codes": {"codebook": book.to_dict()}}
    project.annotate(discursus.annotate.AnnotateConfig(components=("codes",), settings=settings))
    return project


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    """A copy of the sample corpus a test may change."""
    target = tmp_path / "corpus"
    shutil.copytree(SAMPLE, target)
    return target


def validate_rows(rows: list[dict], schema_name: str) -> None:
    """Every row valid against the contract ``schema_name`` (the package's copy, which
    tests/test_contracts.py holds equal to ../shared/schemas)."""
    import jsonschema

    from discursus.schemas import schema

    assert rows, "no rows to check against the contract"
    for row in rows:
        jsonschema.validate(row, schema(schema_name))


def project_of(folder: Path, field: str, texts: dict[str, tuple[str, str]]) -> discursus.Project:
    """A project of ``texts`` (file name -> (its ``field`` value, its text)), with the field
    in the corpus's metadata.csv, ingested and annotated in ``folder``."""
    import csv

    corpus = folder / "corpus"
    corpus.mkdir()
    with (corpus / "metadata.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", field])
        for name, (value, text) in texts.items():
            (corpus / name).write_text(text + "\n", encoding="utf-8")
            writer.writerow([name, value])
    project = discursus.open_project(folder / "p", create=True)
    project.ingest([str(corpus)])
    project.annotate()
    return project
