"""Persuasion techniques (SemEval-2023 Task 3's inventory) found by rules that can say why:
each span with the technique and the rule that found it.

- **Loaded_Language**: an adjective or adverb of strong valence (VADER, at least
  :data:`LOADED_VALENCE` either way: "brutal", "heroic", "disgraceful").
- **Repetition**: a two-word phrase said :data:`REPEATED` times or more in one text, or a
  word said more often than that and making :data:`REPEATED_SHARE` of its content words:
  every time after the first.
- **Doubt**: the words that cast it ("so-called", "allegedly", "supposedly", "dubious").
- **Flag_Waving**: appeals to the nation or people as one ("our nation", "patriots", "the
  homeland").
- **Exaggeration-Minimisation**: absolutes and superlatives of scale ("the worst ever",
  "unprecedented", "nothing but", "a mere").
- **Appeal_to_Fear-Prejudice**: the words of looming danger ("catastrophe", "will destroy",
  "a threat to our").
"""

from __future__ import annotations

import re
from collections import Counter

LOADED_VALENCE = 2.5
REPEATED = 3
REPEATED_SHARE = 0.05  # of a text's content words, for one word alone

_PATTERNS = {
    "Doubt": r"\bso-called\b|\ballegedly\b|\bsupposedly\b|\bdubious\b|\bquestionable\b"
             r"|\bpurported(?:ly)?\b|\bclaims? to be\b",
    "Flag_Waving": r"\bour (?:nation|country|people|homeland|motherland|fatherland)\b"
                   r"|\bpatriot(?:s|ic|ism)?\b|\bthe (?:homeland|motherland|fatherland)\b"
                   r"|\bnational (?:pride|honou?r)\b",
    "Exaggeration-Minimisation": r"\b(?:the )?(?:worst|greatest|biggest) (?:\w+ )?(?:ever|in "
                                 r"history)\b|\bunprecedented\b|\bnothing but\b|\ba mere\b"
                                 r"|\bcompletely (?:destroyed|ruined|failed)\b",
    "Appeal_to_Fear-Prejudice": r"\bcatastroph(?:e|ic)\b|\bwill (?:destroy|ruin|wipe out)\b"
                                r"|\ba (?:grave |serious )?threat to (?:our|the)\b"
                                r"|\bexistential (?:threat|danger)\b",
}  # fmt: skip
_COMPILED = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in _PATTERNS.items()}


def technique_spans(doc, text: str) -> list[dict]:
    """Every span a rule finds: start, end, technique, rule (the words or the valence)."""
    from discursus.annotate.stance import valences

    found = []
    lexicon = valences()
    for token in doc:
        if token.pos_ in ("ADJ", "ADV"):
            value = lexicon.get(token.lower_)
            if value is not None and abs(value) >= LOADED_VALENCE:
                found.append({"start": token.idx, "end": token.idx + len(token),
                              "technique": "Loaded_Language",
                              "rule": f"valence {value:+.1f}"})  # fmt: skip
    for name, pattern in _COMPILED.items():
        for match in pattern.finditer(text):
            found.append({"start": match.start(), "end": match.end(), "technique": name,
                          "rule": f"words: {match.group(0).lower()}"})  # fmt: skip
    found += _repetitions(doc)
    return sorted(found, key=lambda r: (r["start"], r["technique"]))


def _repetitions(doc) -> list[dict]:
    """Content words and two-word phrases said :data:`REPEATED` times or more: each time
    after the first."""
    content = [t for t in doc if t.is_alpha and not t.is_stop and len(t) > 3
               and t.pos_ in ("NOUN", "PROPN", "ADJ", "VERB")]  # fmt: skip
    keys = [t.lemma_.lower() for t in content]
    counts = Counter(keys)
    pairs = Counter(zip(keys, keys[1:], strict=False))
    found, seen = [], Counter()
    for k, token in enumerate(content):
        pair = (keys[k], keys[k + 1]) if k + 1 < len(keys) else None
        if pair and pairs[pair] >= REPEATED and content[k + 1].i == token.i + 1:
            seen[pair] += 1
            if seen[pair] > 1:
                end = content[k + 1].idx + len(content[k + 1])
                found.append({"start": token.idx, "end": end, "technique": "Repetition",
                              "rule": f"said {pairs[pair]} times: {' '.join(pair)}"})  # fmt: skip
            continue
        # a word said again and again: often, and a large share of what the text says
        if (counts[keys[k]] > REPEATED and counts[keys[k]] >= REPEATED_SHARE * len(keys)
                and token.pos_ in ("NOUN", "ADJ")):  # fmt: skip
            seen[keys[k]] += 1
            if seen[keys[k]] > 1:
                found.append({"start": token.idx, "end": token.idx + len(token),
                              "technique": "Repetition",
                              "rule": f"said {counts[keys[k]]} times: {keys[k]}"})  # fmt: skip
    return found
