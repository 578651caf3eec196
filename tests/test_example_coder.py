"""The example-based coder behind the encoder interface: a deterministic stand-in encoder
in place of the sentence-embedding model, the hashing encoder, and the extra's absence."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest
from typer.testing import CliRunner

import discursus
from discursus.annotate.encoders import encoder, encoders
from discursus.cli import app

TEXT = (
    "The harbour was closed by the blockade. Rain fell on the hills all night. "
    "Our ships cannot reach the harbour. The market sold fish and bread."
)
CODEBOOK = """\
name: Harbour
codes:
  - name: blockade
    examples: ["Ships were kept out of the harbour.", "The port is under siege."]
  - name: food
    keywords: [bread]
"""


class HarbourEncoder:
    """Two dimensions: about the harbour or not. Whatever the model, the coder must turn
    these vectors into exactly these suggestions."""

    identity = "harbour-stand-in/1"

    def encode(self, texts: list[str]) -> np.ndarray:
        about = np.array([("harbour" in t or "port" in t) for t in texts], dtype=np.float32)
        return np.stack([about, 1 - about], axis=1)


@pytest.fixture
def project(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "book.yaml").write_text(CODEBOOK)
    opened = discursus.open_project(tmp_path / "p", create=True)
    opened.ingest([tmp_path / "a.txt"])
    return opened


def _code(project, tmp_path, *options: str):
    result = CliRunner().invoke(
        app, ["code", "--codebook", str(tmp_path / "book.yaml"), "-p", str(project.path), "-q",
              *options],
    )  # fmt: skip
    return result


def test_the_coder_suggests_the_sentences_most_like_a_codes_examples(project, tmp_path):
    encoders.register("harbour", func=HarbourEncoder)
    encoder.cache_clear()
    result = _code(project, tmp_path, "--encoder", "harbour", "--similarity", "0.9")
    assert result.exit_code == 0, result.output
    found = project.codings(coder="examples")
    assert [TEXT[s:e] for s, e in zip(found.start, found.end, strict=True)] == [
        "The harbour was closed by the blockade.",
        "Our ships cannot reach the harbour.",
    ]
    assert set(found.code) == {"blockade"} and set(found.score) == {1.0}
    assert set(found.rule) == {"example:1"}  # both examples equally like them: the first
    row = project.rows("codings")[0]
    assert row["encoder"] == "harbour-stand-in/1" and row["coder"] == "examples"
    # the rules coder codes beside it, under its own name
    assert project.codings(coder="rules").code.tolist() == ["food"]
    # and the same rows come from the token index when only the coding is stale
    from test_coding import _rerun_codes

    before = project.rows("codings")
    project.annotate()  # everything else, so that coding alone is stale next
    _rerun_codes(project)
    assert project.rows("codings") == before


def test_the_hashing_stand_in_finds_shared_wording(project, tmp_path):
    result = _code(project, tmp_path, "--encoder", "hashing", "--similarity", "0.3")
    assert result.exit_code == 0, result.output
    found = project.codings(coder="examples")
    texts = [TEXT[s:e] for s, e in zip(found.start, found.end, strict=True)]
    assert "Our ships cannot reach the harbour." in texts  # "ships", "the harbour"
    assert "Rain fell on the hills all night." not in texts
    vectors = encoder("hashing").encode(["the harbour", "the harbour", "rain"])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1)
    assert vectors[0] @ vectors[1] == pytest.approx(1) and vectors[0] @ vectors[2] < 0.5


@pytest.mark.skipif(
    importlib.util.find_spec("sentence_transformers") is not None, reason="the extra is here"
)
def test_without_the_extra_the_command_says_what_to_install(project, tmp_path):
    result = _code(project, tmp_path, "--encoder", "minilm")
    assert result.exit_code == 2
    assert "pip install 'discursus[embed]'" in result.output
    assert project.codings().empty  # refused before anything ran


def test_an_unknown_encoder_or_a_codebook_without_examples_is_refused(project, tmp_path):
    result = _code(project, tmp_path, "--encoder", "bert")
    assert result.exit_code == 2 and "no encoder 'bert'; encoders:" in result.output
    (tmp_path / "book.yaml").write_text(CODEBOOK.replace("examples", "keywords"))
    result = _code(project, tmp_path, "--encoder", "hashing")
    assert result.exit_code == 2 and "no code has 'examples' for --encoder" in result.output
