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
- **Name_Calling-Labeling**: a noun phrase that labels people: its head a pejorative label
  ("traitors", "globalists", "the regime") or a person, group or people qualified by an
  adjective of negative valence (VADER, :data:`LABEL_VALENCE` or below: "corrupt elites").
- **Slogans**: hashtags of a phrase or an acronym ("#StopTheWar", "#MAGA"), the forms of a
  slogan ("Down with X", "Death to X", "Long live X", "No more X", "X first"), and a short
  exclamation (:data:`SLOGAN_WORDS` words at most)
  standing as its own paragraph or in quotation marks.
- **Appeal_to_Authority**: reported speech (the speech annotator's) whose source is named by
  expertise: an expert, scientist, scholar or study ("Professor ...", "according to a
  study"), from the source to the end of what it says. (A cleric or an office is no
  appeal by itself: in reports of the Church or of a government they are the news.)
"""

from __future__ import annotations

import re
from collections import Counter

LOADED_VALENCE = 2.5
LABEL_VALENCE = -1.5
SLOGAN_WORDS = 6
REPEATED = 3
REPEATED_SHARE = 0.05  # of a text's content words, for one word alone

# nouns that label people rather than describe them (SemEval's Name_Calling-Labeling)
LABELS = frozenset(
    """
    traitor traitors thug thugs puppet puppets regime regimes mob mobs cabal cabals
    zealot zealots fanatic fanatics extremist extremists radical radicals globalist
    globalists leftist leftists fascist fascists marxist marxists communist communists
    bigot bigots racist racists supremacist supremacists imperialist imperialists
    colonialist colonialists warmonger warmongers propagandist propagandists tyrant tyrants
    despot despots dictator dictators liar liars hypocrite hypocrites crook crooks clown
    clowns lunatic lunatics idiot idiots moron morons snowflake snowflakes heretic heretics
    apostate apostates infidel infidels occupier occupiers aggressor aggressors lackey
    lackeys stooge stooges elites shill shills troll trolls
""".split()
)
PEOPLE = ("PERSON", "NORP", "ORG")
AUTHORITY = re.compile(
    r"\b(?:professor|prof\.|dr\.|doctors?|physicians?|scientists?|experts?|researchers?"
    r"|scholars?|analysts?|economists?|historians?|epidemiologists?|theologians?|study"
    r"|studies|survey|research|university|institute|academy|journal)\b",
    re.IGNORECASE,
)

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
    # the hashtags and "X first" by their capitals (the patterns ignore case otherwise)
    "Slogans": r"(?-i:#(?:[A-Z][a-z]+){2,}\w*|#[A-Z]{3,}\b|\b[A-Z][\w-]+ first\b(?=[!.\"”]|$))"
               r"|\b(?:down with|death to|long live|no more) (?:the )?[\w-]+"
               r"(?-i:(?: [A-Z][\w-]+)*)",
}  # fmt: skip
_COMPILED = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in _PATTERNS.items()}


def technique_spans(doc, text: str, quotes=(), actors=()) -> list[dict]:
    """Every span a rule finds: start, end, technique, rule (the words or the valence).
    ``quotes`` and ``actors`` are the speech annotator's rows (for appeals to authority)."""
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
    found += _labels(doc, lexicon)
    found += _exclamations(text)
    found += _authorities(quotes, actors)
    return sorted(found, key=lambda r: (r["start"], r["technique"]))


def _labels(doc, lexicon: dict[str, float]) -> list[dict]:
    """Noun phrases that label people (see the module), without their determiner."""
    found = []
    people = {t.i for ent in doc.ents if ent.label_ in PEOPLE for t in ent}
    for chunk in doc.noun_chunks:
        words = [t for t in chunk if t.dep_ not in ("det", "poss", "predet") and not t.is_punct]
        if not words:
            continue
        root = chunk.root
        rule = None
        if root.lower_ in LABELS:
            rule = f"label: {root.lower_}"
        elif root.i in people or root.tag_ in ("NNS", "NNPS"):
            worst = min(((lexicon.get(t.lower_, 0.0), t) for t in root.children
                         if t.dep_ == "amod"), default=(0.0, None), key=lambda v: v[0])  # fmt: skip
            if worst[0] <= LABEL_VALENCE:
                rule = f"{worst[1].lower_} (valence {worst[0]:+.1f}) {root.lower_}"
        if rule:
            found.append({"start": words[0].idx, "end": words[-1].idx + len(words[-1]),
                          "technique": "Name_Calling-Labeling", "rule": rule})  # fmt: skip
    return found


_QUOTED_EXCLAMATION = re.compile(r"[\"“]([^\"“”\n]{3,80}!)[\"”]")


def _exclamations(text: str) -> list[dict]:
    """A short exclamation that is a paragraph (a line) of its own, or in quotation marks."""
    found, at = [], 0
    candidates = []
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            begin = at + line.index(stripped)
            candidates.append((begin, begin + len(stripped)))
        at += len(line) + 1
    candidates += [(m.start(1), m.end(1)) for m in _QUOTED_EXCLAMATION.finditer(text)]
    for start, end in candidates:
        phrase = text[start:end]
        words = re.findall(r"[^\W\d_]+", phrase)
        if 1 < len(words) <= SLOGAN_WORDS and phrase.rstrip("\"”’' ").endswith("!"):
            found.append({"start": start, "end": end, "technique": "Slogans",
                          "rule": "a short exclamation"})  # fmt: skip
    return found


def _authorities(quotes, actors) -> list[dict]:
    """Reported speech whose source is named as an authority: from the source's mention to
    the end of what it says."""
    roles = {a["name"]: " ".join(a.get("roles") or ()) for a in actors}
    found = []
    for quote in quotes:
        mention = quote.get("speaker_mention") or {}
        named = f"{mention.get('text') or ''} {roles.get(quote.get('speaker'), '')}"
        if quote.get("source_type") == "document":
            named += f" {quote.get('speaker') or ''}"
        match = AUTHORITY.search(named)
        if match is None or not mention:
            continue
        start, end = min(mention["start"], quote["start"]), max(mention["end"], quote["end"])
        found.append({"start": start, "end": end, "technique": "Appeal_to_Authority",
                      "rule": f"a source named {match.group(0).lower()}"})  # fmt: skip
    return found


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
