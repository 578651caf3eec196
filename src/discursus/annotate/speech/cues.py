"""Reporting cues: the verbs, phrases and nouns that introduce what someone said or holds.

The verb lexicon is counted from PolNeAR's train split (``bench/learn_cues.py`` writes
``cue_lexicon.tsv``): for each lemma, how often a verb with a subject and a complement was
annotated as the cue of an attribution. Only lemma counts are kept, no text.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

# Speech verbs a news text uses to report; kept even when the train split is silent on them,
# as the sample corpora (sermons, speeches, statements) use them more than US news does.
SPEECH_VERBS = frozenset(
    """say tell add note argue warn claim insist stress emphasize emphasise declare state assert
    announce explain reply respond answer ask urge write report suggest maintain acknowledge
    admit concede deny confirm predict promise vow pledge remark comment observe recall
    complain charge contend allege caution reiterate repeat proclaim affirm underline
    underscore highlight point mention describe call tweet post testify continue conclude
    quip joke retort counter recount reveal disclose agree indicate estimate threaten""".split()
)

# Nouns that take a that-clause or an of-phrase as what was said: "his remark that ...".
SPEECH_NOUNS = frozenset(
    """remark remarks statement claim claims assertion comment comments words warning
    argument insistence suggestion declaration announcement assurance promise view belief
    contention allegation message""".split()
)

# Verbs whose subject voices a claim only to reject it: "critics would have us believe that".
REJECTING_FRAMES = (
    ("have", "believe"),
    ("want", "believe"),
)


@lru_cache(maxsize=1)
def cue_lexicon() -> dict[str, float]:
    """lemma -> share of its (subject + complement) uses annotated as a cue in PolNeAR train."""
    scores: dict[str, float] = {}
    path = resources.files("discursus.annotate.speech").joinpath("cue_lexicon.tsv")
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            scores[row["lemma"]] = int(row["cue"]) / max(int(row["seen"]), 1)
    return scores


def cue_score(lemma: str) -> float:
    """How likely a verb with this lemma reports speech or a held view (0..1).

    >>> cue_score("say") > 0.8 and cue_score("eat") < 0.2
    True
    """
    lemma = lemma.lower()
    learned = cue_lexicon().get(lemma)
    if lemma in SPEECH_VERBS:
        return max(learned or 0.0, 0.6)
    return learned or 0.0
