"""Articulations of equivalence in a sentence, from its dependency parse: the places where a
text sets signifiers side by side as one (Laclau and Mouffe's chains of equivalence are made
of them; :mod:`discursus.analysis` gathers them per discourse).

- **coordination**: nominals coordinated in a list ("justice, independence and dignity");
- **apposition**: a nominal and its apposition ("our goal, a just global order");
- **predication**: a copula or a verb of meaning that equates two nominals ("sovereignty is
  dignity", "resistance means independence"); a negated one ("is not") equates nothing.

Each member is a signifier: the head noun's lemma with the adjectives and nouns that
qualify it ("Islamic unity", "just global order"), in lower case, with its offsets. Names of
people are no signifiers (they are actors), nor are pronouns, numbers and initials, nor
forms of address and titles: "Mr. President, Excellencies, ladies and gentlemen" greets an
audience, it binds no chain.
"""

from __future__ import annotations

NOMINAL = ("NOUN", "PROPN")
QUALIFIERS = ("amod", "compound", "nmod")
MEANING_VERBS = frozenset({"mean", "equal", "signify", "represent", "embody"})
MAX_MEMBERS = 12  # a longer list is an enumeration, not a chain of signifiers
MAX_QUALIFIERS = 4
# heads that address or entitle people (the vocatives of a speech), not signifiers
ADDRESS = frozenset({
    "president", "excellency", "excellencies", "lady", "ladies", "gentleman", "gentlemen",
    "delegate", "delegates", "colleague", "colleagues", "secretary-general", "chair",
    "chairman", "chairperson", "chairwoman", "madam", "sir", "majesty", "highness", "mr",
    "mrs", "ms", "minister", "ambassador", "representative", "dignitary", "dignitaries",
})  # fmt: skip


def signifier(token) -> dict | None:
    """The signifier a nominal token heads: its term and offsets, or None (a person's name,
    a pronoun, a number)."""
    if token.pos_ not in NOMINAL or token.ent_type_ == "PERSON" or token.like_num:
        return None
    if not token.is_alpha or (len(token) < 3 and not token.is_upper):  # "e.", "cf": no words
        return None
    if token.lower_ in ADDRESS or token.lemma_.lower() in ADDRESS:
        return None
    doc, first = token.doc, token.i
    # the qualifiers just before the head, and the parts of a hyphenated word
    while first > token.sent.start and token.i - first < MAX_QUALIFIERS:
        left = doc[first - 1]
        hyphen = left.text == "-" or doc[first].text == "-"
        qualifies = (left.dep_ in QUALIFIERS and left.pos_ in ("ADJ", "NOUN", "PROPN", "VERB")
                     and left.is_alpha and first - 1 < left.head.i <= token.i)  # fmt: skip
        if not (hyphen or qualifies):
            break
        first -= 1
    while doc[first].text == "-":
        first += 1
    words = "".join(t.lower_ + t.whitespace_ for t in doc[first : token.i])
    return {"term": words + token.lemma_.lower(), "start": doc[first].idx,
            "end": token.idx + len(token)}  # fmt: skip


def _conjuncts(token) -> list:
    """``token`` and the tokens coordinated with it, in order."""
    found = [token]
    for child in token.children:
        if child.dep_ == "conj":
            found += _conjuncts(child)
    return sorted(found, key=lambda t: t.i)


def _outermost(members: list[dict | None]) -> list[dict]:
    """The members not inside another (the parse may coordinate a word's own parts:
    "anti-" in "anti-hegemony")."""
    found = [m for m in members if m is not None]
    return [m for m in found if not any(o is not m and o["start"] <= m["start"] and
                                        m["end"] <= o["end"] for o in found)]  # fmt: skip


def _negated(token) -> bool:
    return any(child.dep_ == "neg" for child in token.children)


def equivalences(sentence) -> list[dict]:
    """The articulations of equivalence in a spaCy sentence: start, end (from the first
    member to the last), relation, members (term, start, end), cue."""
    found = []
    for token in sentence:
        if token.dep_ != "conj" and any(c.dep_ == "conj" for c in token.children):
            members = _outermost([signifier(t) for t in _conjuncts(token)])
            if 2 <= len(members) <= MAX_MEMBERS and len({m["term"] for m in members}) > 1:
                found.append(_row("coordination", members, None))
        for child in token.children:
            if child.dep_ == "appos":
                members = [signifier(token), signifier(child)]
                if None not in members and members[0]["term"] != members[1]["term"]:
                    found.append(_row("apposition", members, None))
        found += _predication(token)
    return found


def _predication(token) -> list[dict]:
    subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or _negated(token):
        return []
    if token.lemma_ == "be":
        other = next((c for c in token.children if c.dep_ == "attr"), None)
    elif token.lemma_ in MEANING_VERBS:
        other = next((c for c in token.children if c.dep_ == "dobj"), None)
    else:
        return []
    if other is None:
        return []
    members = [signifier(subject), signifier(other)]
    if None in members or members[0]["term"] == members[1]["term"]:
        return []
    return [_row("predication", members, token.lemma_)]


def _row(relation: str, members: list[dict], cue: str | None) -> dict:
    members = sorted(members, key=lambda m: m["start"])
    return {"start": members[0]["start"], "end": max(m["end"] for m in members),
            "relation": relation, "members": members, "cue": cue}  # fmt: skip
