"""Stance toward a target in a sentence: favour, against or none, with the word that decides.

Read in this order, the first that speaks deciding:

1. **Words of stance** around the target's name (:mod:`discursus.annotate.stancewords`):
   "we reject the corridor", "sanctions must end", "will never accept"; a claim reported in
   order to be rejected is a rejection.
2. **Evaluative predication**, from the dependency parse: what is said of the target as the
   subject ("the corridor is a disaster", "Varnia threatens the coast"), done to it as the
   object ("they betrayed Varnia", "help Varnia"), and the adjectives or appositions on it
   ("the brutal regime", "Varnia, a loyal partner"); each word's valence from the VADER
   lexicon (Hutto & Gilbert, 2014: the words' mean valence, -4 to 4, as the
   ``vaderSentiment`` wheel ships it), turned round by a negation on its head ("is not a
   success").
3. Else **none**: the target is named, no stance taken.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

from discursus.annotate.stancewords import stance_cue

FAVOR, AGAINST, NONE = "favor", "against", "none"
# a word speaks for the stance from this valence on (VADER: 1 is mildly positive)
MIN_VALENCE = 1.0
# the summed valence that makes a stance (about one clearly evaluative word)
MIN_SCORE = 1.5
# "has the right (to ...)": a claim of legitimacy, as favourable as "good"
RIGHT = 2.0
SUBJECT = {"nsubj", "nsubjpass", "csubj"}
OBJECT = {"dobj", "obj", "iobj", "pobj", "dative"}
PREDICATE = {"acomp", "attr", "oprd", "xcomp", "dobj", "advmod"}


@lru_cache(maxsize=1)
def valences() -> dict[str, float]:
    """VADER's lexicon: each word's mean valence (words only, no emoticons)."""
    found = {}
    text = files("vaderSentiment").joinpath("vader_lexicon.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        word, _, rest = line.partition("\t")
        if word.isalpha():
            found[word] = float(rest.split("\t", 1)[0])
    return found


def lexicon_version() -> str:
    from importlib.metadata import version

    return f"vader=={version('vaderSentiment')}"


def target_stance(
    sentence, start: int, end: int, text: str, endorsed=None, others: tuple = ()
) -> dict:
    """The stance in ``sentence`` (a spaCy Span) toward the target named at ``start:end``
    (``others``: the spans of other targets' names, which say nothing of it): stance, score
    (-1 to 1), cue (the deciding word), cue_start, cue_end, rule."""
    value, rule, cue = stance_cue(text, sentence.start_char, sentence.end_char, start, end,
                                  endorsed, others)  # fmt: skip
    if value and cue is not None and _coordinated(sentence, start, end, cue):
        value = 0  # "dignity and resistance": a word beside the target, not done to it
    acting = None
    if value and cue is not None and _acting(sentence, start, end, cue):
        value, acting = 0, cue[0]  # "the Ministry rejected it": its stance, not one toward it
    if value:
        found = {"stance": FAVOR if value > 0 else AGAINST, "score": float(value), "rule": rule}
        return {**found, **_cue(text, cue)}
    words = [(t, v) for t, v in _evaluations(sentence, start, end) if t.idx != acting]
    total = sum(v for _, v in words)
    if abs(total) >= MIN_SCORE:
        strongest = max(words, key=lambda w: abs(w[1]))[0]
        return {
            "stance": FAVOR if total > 0 else AGAINST,
            "score": max(-1.0, min(1.0, total / 4)),
            "rule": "evaluation:" + ",".join(f"{t.lower_}{v:+.1f}" for t, v in words),
            **_cue(text, (strongest.idx, strongest.idx + len(strongest))),
        }
    return {"stance": NONE, "score": 0.0, "rule": "mention", **_cue(text, None)}


def _coordinated(sentence, start: int, end: int, cue: tuple[int, int]) -> bool:
    """Whether the word at ``cue`` is a conjunct of the target's words."""
    word = next((t for t in sentence if t.idx == cue[0]), None)
    if word is None:
        return False
    inside = [t for t in sentence if start <= t.idx < end]
    return any((word.dep_ == "conj" and word.head in inside)
               or (t.dep_ == "conj" and t.head is word) for t in inside)  # fmt: skip


def _acting(sentence, start: int, end: int, cue: tuple[int, int]) -> bool:
    """Whether the target is the active subject of the verb at ``cue``: the one who rejects
    or supports, not what is rejected or supported."""
    word = next((t for t in sentence if t.idx == cue[0]), None)
    if word is None or word.pos_ != "VERB":
        return False
    return any(child.dep_ == "nsubj" and child.left_edge.idx <= start
               and end <= child.right_edge.idx + len(child.right_edge)
               for child in word.children)  # fmt: skip


def _cue(text: str, span) -> dict:
    if span is None:
        return {"cue": None, "cue_start": None, "cue_end": None}
    return {"cue": text[span[0] : span[1]], "cue_start": span[0], "cue_end": span[1]}


def _evaluations(sentence, start: int, end: int) -> list[tuple[object, float]]:
    """The evaluative words said of the target, each with its valence (a negation on its
    head turns it round)."""
    inside = [t for t in sentence if start <= t.idx < end]
    if not inside:
        return []
    root = next((t for t in inside if not (start <= t.head.idx < end) or t.head is t),
                inside[0])  # fmt: skip
    lexicon = valences()
    said = []
    if root.dep_ in SUBJECT:
        head = root.head
        said.append(head)
        said += [c for c in head.children if c.dep_ in PREDICATE and c is not root]
        said += [g for c in head.children if c.dep_ == "attr" for g in c.children
                 if g.dep_ == "amod"]  # fmt: skip
    elif root.dep_ in OBJECT:
        head = root.head.head if root.dep_ == "pobj" else root.head
        said.append(head)
    said += [c for c in root.children if c.dep_ in ("amod", "appos")]
    said += [g for c in root.children if c.dep_ == "appos" for g in c.children
             if g.dep_ == "amod"]  # fmt: skip
    found = []
    for token in said:
        if start <= token.idx < end:
            continue
        value = lexicon.get(token.lower_, lexicon.get(token.lemma_.lower(), 0.0))
        if token.lemma_ == "right" and token.head.lemma_ == "have":
            value = RIGHT  # "Varnia has every right to defend itself"
        if abs(value) < MIN_VALENCE:
            continue
        governor = token if token.dep_ not in PREDICATE else token.head
        if any(c.dep_ == "neg" for c in governor.children) or any(
            c.dep_ == "neg" for c in token.children
        ):
            value = -value
        found.append((token, value))
    return found
