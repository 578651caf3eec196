"""Constructions of antagonism on hand-written sentences, and the Others of two fictional
camps (one of which names none)."""

from __future__ import annotations

import pytest
from conftest import project_of

from discursus.annotate.antagonism import antagonisms
from discursus.annotate.pipeline import load_pipeline


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _found(nlp, text):
    return [(r["construction"], r["other"], r["self"], r["cue"])
            for sentence in nlp(text).sents for r in antagonisms(sentence)]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We stand united against arrogance and hegemony.",
         [("against", "arrogance", "we", "against"), ("against", "hegemony", "we", "against")]),
        ("It is Islam versus arrogance.",
         [("versus", "arrogance", "islam", "versus"), ("versus", "islam", "arrogance", "versus")]),
        # the second verb shares the first one's subject
        ("We will resist the invaders and confront the liberal hegemony.",
         [("struggle", "invader", "we", "resist"),
          ("struggle", "liberal hegemony", "we", "confront")]),
        ("Corruption is the enemy.", [("enemy", "corruption", None, "enemy")]),
        ("The fight against terrorism goes on.",
         [("against", "terrorism", None, "against")]),
    ],
)  # fmt: skip
def test_constructions_of_antagonism_name_the_other_and_who_opposes(nlp, text, expected):
    assert _found(nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "We do not oppose the treaty.",
        "Prosperity and sovereignty are not enemies.",
        "The ministry rejected the accusation.",  # a claim rejected is no Other
        "These are crimes against humanity.",  # a victim, not an Other
        "We condemn the embargo against Cuba.",
        "The council met on Tuesday.",
    ],
)
def test_what_sets_up_no_other(nlp, text):
    assert _found(nlp, text) == []


def test_each_discourse_and_its_others(tmp_path):
    texts = {
        "r1.txt": ("resistance", "We stand against hegemony. We will resist the invaders."),
        "r2.txt": ("resistance", "Our people will confront hegemony."),
        "o1.txt": ("openness", "We welcome partners, investment and trade."),
    }
    project = project_of(tmp_path, "discourse", texts)
    found = project.frontier(by="discourse")
    rows = [(r.discourse, r.rank, r.other, r.constructions, r.documents, r.share)
            for r in found.itertuples()]  # fmt: skip
    # hegemony, opposed in both of the camp's documents, first; the open camp names no Other
    assert rows == [("resistance", 1, "hegemony", 2, 2, 1.0),
                    ("resistance", 2, "invader", 1, 1, 0.5)]  # fmt: skip
    hegemony = found.iloc[0]
    assert hegemony.kinds == {"against": 1, "struggle": 1} and hegemony.selves[0] == "we"
    first = hegemony.evidence[0]
    text = project.document(first["doc"])["text"]
    assert text[first["start"] : first["end"]] == "against hegemony"
