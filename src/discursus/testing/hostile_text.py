"""Texts that are valid UTF-8 but pathological for an analysis: each family stresses one shape
(nested reporting clauses, unmatched quotation marks, endless sentences, runs of names) that
made a super-linear algorithm show. All are fictional and made of a few words repeated.
"""

from __future__ import annotations

import random
from collections.abc import Callable

_MARKS = "\"“”«»„‘’‚‹›'"


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def nested_reporting(size: int, seed: int = 0) -> str:
    """'He said “He said “He said ...': every cue reports the next one, one endless sentence."""
    return _repeat("He said “", size)


def reporting_chain(size: int, seed: int = 0) -> str:
    """'“He said “He said': the opening mark first."""
    return _repeat("“He said ", size)


def unmatched_marks(size: int, seed: int = 0) -> str:
    """Quotation marks of every kind, none of them closing, between reporting words."""
    rng = random.Random(seed)
    words = ["said", "told", "he", "she", "warned", "that", "claimed"]
    out: list[str] = []
    length = 0
    while length < size:
        piece = rng.choice(_MARKS) + rng.choice(words)
        out.append(piece)
        length += len(piece) + 1
    return " ".join(out)[:size]


def marks_only(size: int, seed: int = 0) -> str:
    """Nothing but quotation marks."""
    rng = random.Random(seed)
    return "".join(rng.choice(_MARKS) for _ in range(size))


def according_to_run(size: int, seed: int = 0) -> str:
    """'according to X, citing Y, quoting Z' without end, in one sentence."""
    return _repeat("according to the office, citing the agency, quoting the minister, ", size)


def words_of_run(size: int, seed: int = 0) -> str:
    """'in the words of X' without end."""
    return _repeat("in the words of the minister and ", size)


def conjoined_cues(size: int, seed: int = 0) -> str:
    """'The minister said and added and warned and ...' one subject, endless verbs."""
    return "The minister " + _repeat("said and added and warned that and ", size)


def names_and_pronouns(size: int, seed: int = 0) -> str:
    """Many named people and pronouns: every pronoun looks back for its person."""
    rng = random.Random(seed)
    first = ["Anna", "Daria", "Ivo", "Lena", "Tomas", "Mira", "Karel", "Sofia"]
    last = ["Kessel", "Baranli", "Poll", "Varga", "Orlov", "Tapia", "Moreau", "Ilic"]
    out: list[str] = []
    length = 0
    while length < size:
        name = f"{rng.choice(first)} {rng.choice(last)}{rng.randint(1, 999)}"
        piece = f'{name} said "she would go." He added that they agreed. '
        out.append(piece)
        length += len(piece)
    return "".join(out)[:size]


def citation_storm(size: int, seed: int = 0) -> str:
    """Parentheses, years and author names with no end: the citation patterns' worst case."""
    return _repeat("(Kessel, Baranli, Poll & Varga, 2019a; see also Orlov et al. 2020, p. ", size)


def no_spaces(size: int, seed: int = 0) -> str:
    """One token of the whole size."""
    return _repeat("saidthat“", size)


FAMILIES: dict[str, Callable[[int, int], str]] = {
    "nested_reporting": nested_reporting,
    "reporting_chain": reporting_chain,
    "unmatched_marks": unmatched_marks,
    "marks_only": marks_only,
    "according_to_run": according_to_run,
    "words_of_run": words_of_run,
    "conjoined_cues": conjoined_cues,
    "names_and_pronouns": names_and_pronouns,
    "citation_storm": citation_storm,
    "no_spaces": no_spaces,
}
