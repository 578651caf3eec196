"""Presentations of the in-group and the out-group on hand-written sentences, the ideological
square of two fictional camps, and the chain on each side of their frontier."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import project_of

from discursus.annotate.pipeline import load_pipeline
from discursus.annotate.presentation import presentations


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _found(nlp, text, others=frozenset()):
    return [(r["group"], r["polarity"], r["mitigation"], r["cue"])
            for sentence in nlp(text).sents for r in presentations(sentence, others)]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We defend justice and dignity.", [("self", "favourable", None, "justice")]),
        ("Our people are brave and generous.", [("self", "favourable", None, "brave")]),
        ("They spread lies and hatred.", [("other", "unfavourable", None, "hatred")]),
        ("The imperialists destroy our homes.", [("other", "unfavourable", None, "destroy")]),
        # our bad de-emphasised: denied, conceded, hedged
        ("We are not weak.", [("self", "favourable", "denial", "weak")]),
        ("Although we made terrible mistakes, we learned.",
         [("self", "unfavourable", "concession", "terrible")]),
        ("We perhaps failed our children.", [("self", "unfavourable", "hedge", "failed")]),
        # their good de-emphasised
        ("Perhaps they have good intentions.", [("other", "favourable", "hedge", "good")]),
        # an Other the document opposes, by its name
        ("Hegemony spreads fear and hatred.", [("other", "unfavourable", None, "hatred")]),
    ],
)  # fmt: skip
def test_clauses_presenting_the_in_group_or_the_out_group(nlp, text, expected):
    assert _found(nlp, text, {"hegemony"}) == expected


@pytest.mark.parametrize(
    "text",
    [
        "We met in Geneva on Tuesday.",  # no evaluation
        "The weather is wonderful.",  # no group
        "Hegemony spreads fear and hatred.",  # an Other only where the document opposes it
    ],
)
def test_what_presents_no_group(nlp, text):
    assert _found(nlp, text) == []


TEXTS = {
    # the resisting camp: praises itself, blames the other and hegemony, mitigates its own
    # fault; the open camp: criticises itself plainly and credits the other
    "r1.txt": ("resistance", "We defend justice and dignity. They spread lies and hatred. "
                             "We stand against hegemony. Hegemony spreads fear and misery."),
    "r2.txt": ("resistance", "Our people are brave and generous. Although we made terrible "
                             "mistakes, we learned. They destroy our homes."),
    "o1.txt": ("openness", "We failed our partners badly. They offered generous help. "
                           "We welcome investment and trade."),
}  # fmt: skip


@pytest.fixture(scope="module")
def camps(tmp_path_factory):
    return project_of(tmp_path_factory.mktemp("square"), "discourse", TEXTS)


def test_the_ideological_square_of_each_discourse(camps):
    found = camps.ideological_square(by="discourse", min_presentations=2).set_index("discourse")
    resisting = found.loc["resistance"]
    assert (
        resisting.self_favourable,
        resisting.other_unfavourable,
        resisting.self_unfavourable_mitigated,
        resisting.self_unfavourable,
    ) == (2, 3, 1, 0)
    assert resisting.presentations == 6 and resisting.polarisation == 1.0
    opening = found.loc["openness"]
    assert (opening.self_unfavourable, opening.other_favourable) == (1, 1)
    assert opening.polarisation == pytest.approx(0.333, abs=0.001)  # only "we welcome"
    first = resisting.evidence["other_unfavourable"][0]
    text = camps.document(first["doc"])["text"]
    assert text[first["start"] : first["end"]] == "They spread lies and hatred"
    # too few presentations (3 of the 5 by default) for a share: none given
    default = camps.ideological_square(by="discourse").set_index("discourse").polarisation
    assert pd.isna(default["openness"]) and default["resistance"] == 1.0
    per_actor = camps.ideological_square(by="discourse", per="actor")
    assert set(per_actor.actor) == {"r1.txt", "r2.txt", "o1.txt"}  # no speakers: documents


def test_the_chain_on_each_side_of_the_frontier(camps):
    parts = camps.semantic_system(by="discourse", boot=0)
    sides = parts["sides"].set_index(["discourse", "side"]).signifiers
    # the Other's side: hegemony (opposed, and said to spread fear and misery) and the lies,
    # hatred and homes said of "they"; the Self's: what "we" defend
    assert sides["resistance", "other"][0] == "hegemony"
    assert {"lie", "hatred", "fear", "misery"} <= set(sides["resistance", "other"])
    assert {"justice", "dignity"} <= set(sides["resistance", "self"])
    assert not {"justice", "dignity"} & set(sides["resistance", "other"])
    assert set(parts["square"].discourse) == {"resistance", "openness"}


def test_the_report_shows_both_sides_and_the_square(camps, tmp_path):
    from discursus.report import write_report

    page = write_report(camps, tmp_path / "r.html").read_text(encoding="utf-8")
    section = page[page.index('<section id="semantic">') :]
    section = section[: section.index("</section>")]
    resisting = section[section.index("<h3>resistance</h3>") :]
    assert "<th>The Self’s side of the frontier</th><th>The Other’s side</th>" in resisting
    assert ("The ideological square: 2 favourable presentations of the self, 3 unfavourable "
            "of the other, 1 of its own faults mitigated (0 not)") in resisting  # fmt: skip
    assert "“They spread lies and hatred”" in resisting
    assert "stability nan" not in section
