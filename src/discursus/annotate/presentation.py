"""How a text presents its in-group and its out-group, clause by clause, from the dependency
parse: the evidence of van Dijk's ideological square (positive self-presentation, negative
other-presentation, and the mitigation of our bad and their good); gathered per actor and
discourse in :mod:`discursus.analysis.square`.

A clause presents a **group** by its subject:

- **self**: "we", or a subject "our" qualifies ("our people", "our nation");
- **other**: "they", a subject "their" qualifies, an Other the document sets itself
  against (its constructions of antagonism: see :mod:`discursus.annotate.antagonism`), or a
  pejorative label ("the imperialists").

What the clause says of it is its predicate (the clause without its subject and without the
clauses inside it that have subjects of their own). Its **valence** is the summed valence of
the predicate's words in the VADER lexicon (as the stance annotator reads them), turned round
by a negation of the verb ("we are not weak"): favourable from +1.5, unfavourable from -1.5
(about one clearly evaluative word); a clause in between presents nothing and is left out.
A presentation is **mitigated** where the predicate hedges ("perhaps", "may", "somewhat"),
the clause concedes ("although we made mistakes") or denies what it names ("not weak").
Each row keeps the signifiers the predicate names: the chain on its group's side of the
frontier.
"""

from __future__ import annotations

from discursus.annotate.antagonism import SELF_PRONOUNS
from discursus.annotate.equivalence import NOMINAL, signifier

OTHER_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
HEDGES = frozenset({"perhaps", "maybe", "possibly", "somewhat", "arguably", "sometimes",
                    "partly", "slightly", "occasionally", "may", "might", "could"})  # fmt: skip
CONCESSIVE = frozenset({"although", "though", "while", "whereas", "albeit"})
MIN_VALENCE = 1.5
SUBJECT = ("nsubj", "nsubjpass")


def _group(subject, others: set[str]) -> str | None:
    """Whose clause: self, other, or None."""
    lower = subject.lower_
    owners = {c.lower_ for c in subject.children if c.dep_ == "poss"}
    if lower in SELF_PRONOUNS or owners & SELF_PRONOUNS:
        return "self"
    if lower in OTHER_PRONOUNS or owners & OTHER_PRONOUNS:
        return "other"
    from discursus.annotate.techniques import LABELS

    if lower in LABELS:
        return "other"
    found = signifier(subject)
    # the small parser may tag a capitalised subject as an adjective ("Hegemony spreads")
    if (found is not None and found["term"] in others) or subject.lower_ in others:
        return "other"
    return None


def _predicate(verb, subject) -> list:
    """The clause's words but its subject's and those of inner clauses with a subject."""
    left_out = {t.i for t in subject.subtree}
    for child in verb.children:
        if child is not subject and any(c.dep_ in SUBJECT for c in child.children):
            left_out |= {t.i for t in child.subtree}
    return [t for t in verb.subtree if t.i not in left_out]


def presentations(sentence, others: set[str] = frozenset()) -> list[dict]:
    """The clauses of a spaCy sentence that present the in-group or the out-group
    favourably or not: start, end, group, subject, valence, polarity (favourable,
    unfavourable), mitigation (hedge, concession, denial or None), cue (the strongest
    word), signifiers (term, start, end)."""
    from discursus.annotate.stance import valences

    lexicon = valences()
    found = []
    for verb in sentence:
        subject = next((c for c in verb.children if c.dep_ in SUBJECT), None)
        if subject is None or verb.pos_ not in ("VERB", "AUX"):
            continue
        group = _group(subject, others)
        if group is None:
            continue
        words = _predicate(verb, subject)
        scored = [(t, lexicon.get(t.lower_, lexicon.get(t.lemma_.lower(), 0.0))) for t in words]
        scored = [(t, v) for t, v in scored if v and t.dep_ != "neg"]
        raw = sum(v for _, v in scored)
        negated = any(c.dep_ == "neg" for c in verb.children)
        valence = -raw if negated else raw
        if abs(valence) < MIN_VALENCE:
            continue
        mitigation = None
        if negated and raw:
            mitigation = "denial"
        elif any(t.lower_ in HEDGES for t in words):
            mitigation = "hedge"
        elif any(c.dep_ == "mark" and c.lower_ in CONCESSIVE for c in verb.children):
            mitigation = "concession"
        cue = max(scored, key=lambda s: abs(s[1]))[0]
        clause = [t for t in (*subject.subtree, *words) if not t.is_punct]
        named = [signifier(t) for t in words if t.pos_ in NOMINAL]
        found.append({
            "start": min(t.idx for t in clause),
            "end": max(t.idx + len(t) for t in clause),
            "group": group, "subject": subject.text, "valence": round(valence, 2),
            "polarity": "favourable" if valence > 0 else "unfavourable",
            "mitigation": mitigation, "cue": cue.lower_,
            "signifiers": [m for m in named if m is not None],
        })  # fmt: skip
    return found
