"""Constructions of antagonism in a sentence, from its dependency parse: where a text sets
itself against an Other (the antagonistic frontier of Laclau and Mouffe; gathered per
discourse in :mod:`discursus.analysis.frontier`).

- **against**: a signifier after "against" where it follows a verb, an adjective or a noun
  of struggle ("we stand against", "the struggle against arrogance"); after another noun it
  names a victim ("crimes against humanity", "the embargo against Cuba"), not an Other;
- **versus**: two signifiers set opposite by "versus" or "vs" ("Islam versus arrogance"):
  each is the other's Other;
- **struggle**: the object of a verb of struggle ("resist hegemony", "confront the
  invaders", "fight corruption", "defeat the enemy"), not negated;
- **enemy**: what is called the enemy ("hegemony is the enemy");
- **label**: a pejorative label for a group ("the imperialists", "the occupiers", the
  persuasion techniques' list of Name_Calling labels).

Each row names the Other (a signifier, as :func:`discursus.annotate.equivalence.signifier`
reads it, or a person's name), the construction, its cue word and offsets, and the Self where
the sentence says who opposes ("we", "our people": the subject of the verb of struggle).
"""

from __future__ import annotations

from discursus.annotate.equivalence import signifier

# not "reject" or "counter": a claim or an accusation is what they most often take
STRUGGLE_VERBS = frozenset({"resist", "confront", "fight", "combat", "defeat", "oppose", "defy",
                            "battle", "overthrow", "expel"})  # fmt: skip
STRUGGLE_NOUNS = frozenset({"fight", "struggle", "battle", "war", "campaign", "resistance",
                            "crusade", "coalition", "alliance", "front", "action", "measure",
                            "stand", "mobilization", "mobilisation"})  # fmt: skip
ENEMY_WORDS = frozenset({"enemy", "enemies", "foe", "foes", "adversary", "adversaries"})
SELF_PRONOUNS = frozenset({"we", "us", "our", "ours", "ourselves"})


def _other(token) -> dict | None:
    """The Other a token names: a signifier, or a named person or group."""
    found = signifier(token)
    if found is not None:
        return found
    if token.ent_type_ in ("PERSON", "NORP", "ORG", "GPE") and token.pos_ == "PROPN":
        return {"term": token.text, "start": token.idx, "end": token.idx + len(token)}
    return None


def _opposes(head) -> bool:
    """Whether "against" under ``head`` names an Other: after a verb or adjective ("stand
    against", "united against") or a noun of struggle ("the fight against"); after another
    noun it names a victim ("crimes against humanity", "the embargo against Cuba")."""
    if head.pos_ in ("VERB", "AUX", "ADJ"):
        return True
    return head.lemma_.lower() in STRUGGLE_NOUNS


def _against_self(against) -> str | None:
    """Who stands against: the subject of the verb it follows, or "we" for "our fight"."""
    head = against.head
    if head.pos_ in ("NOUN", "PROPN"):
        mine = any(c.dep_ == "poss" and c.lower_ in SELF_PRONOUNS for c in head.children)
        return "we" if mine else None
    return _self(next((t for t in against.ancestors if t.pos_ in ("VERB", "AUX")), None))


def _object_of(verb, child) -> bool:
    """The verb's object, or a noun right after it the small parser took for a modifier
    ("confront hegemony")."""
    if child.dep_ == "dobj":
        return True
    return child.dep_ in ("advmod", "npadvmod") and child.pos_ == "NOUN" and child.i > verb.i


def _self(verb) -> str | None:
    """Who opposes: the subject of the verb, or of the verb it is coordinated with."""
    if verb is None:
        return None
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None and verb.dep_ == "conj":
        return _self(verb.head)
    if subject is None:
        return None
    if subject.lower_ in SELF_PRONOUNS or any(
        c.dep_ == "poss" and c.lower_ in SELF_PRONOUNS for c in subject.children
    ):  # "we", "our people"
        return "we"
    found = signifier(subject)
    return found["term"] if found else None


def antagonisms(sentence) -> list[dict]:
    """The constructions of antagonism in a spaCy sentence: start, end, construction,
    other (its term), other_start, other_end, self (or None), cue."""
    found = []
    for token in sentence:
        lower = token.lower_
        if lower == "against" and token.dep_ == "prep" and _opposes(token.head):
            objects = [c for c in token.children if c.dep_ == "pobj"]
            for obj in objects:
                for member in [obj, *[c for c in obj.children if c.dep_ == "conj"]]:
                    other = _other(member)
                    if other:
                        found.append(_row("against", other, token, _against_self(token)))
        elif lower in ("versus", "vs", "vs."):
            left = token.head if token.head.i < token.i else None
            right = next((c for c in token.children if c.dep_ == "pobj"), None)
            sides = [_other(t) for t in (left, right) if t is not None]
            if len(sides) == 2 and None not in sides:
                for other, other_side in ((sides[1], sides[0]), (sides[0], sides[1])):
                    found.append(_row("versus", other, token, other_side["term"]))
        elif token.pos_ == "VERB" and token.lemma_ in STRUGGLE_VERBS:
            if any(c.dep_ == "neg" for c in token.children):
                continue
            for obj in [c for c in token.children if _object_of(token, c)]:
                for member in [obj, *[c for c in obj.children if c.dep_ == "conj"]]:
                    other = _other(member)
                    if other:
                        found.append(_row("struggle", other, token, _self(token)))
        elif lower in ENEMY_WORDS and token.pos_ == "NOUN":
            named = None
            if token.dep_ == "attr" and not any(c.dep_ == "neg" for c in token.head.children):
                subject = next((c for c in token.head.children if c.dep_ == "nsubj"), None)
                named = _other(subject) if subject is not None else None
            if named:
                found.append(_row("enemy", named, token, None))
        if token.pos_ == "NOUN" and lower in _labels():
            labelled = signifier(token)
            if labelled:
                found.append(_row("label", labelled, token, None))
    # a label the sentence also opposes otherwise ("resist the occupiers") is one Other
    opposed = {r["other_start"] for r in found if r["construction"] != "label"}
    return [r for r in found if r["construction"] != "label" or r["other_start"] not in opposed]


def _labels() -> frozenset[str]:
    from discursus.annotate.techniques import LABELS

    return LABELS


def _row(construction: str, other: dict, cue, self_: str | None) -> dict:
    start = min(other["start"], cue.idx)
    end = max(other["end"], cue.idx + len(cue))
    return {"start": start, "end": end, "construction": construction, "other": other["term"],
            "other_start": other["start"], "other_end": other["end"], "self": self_,
            "cue": cue.lower_}  # fmt: skip
