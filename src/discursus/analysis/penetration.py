"""How far each discourse has penetrated a corpus, window by window: the share of its
speakers (states, parties, outlets), of its documents and of its words that articulate it,
with bootstrap confidence intervals, and the trend of the shares over the windows.

A discourse is a top-level code of the codebook (or, with ``level="code"``, each code); a
document articulates it where a coding of it or of a code under it stands (a person's coded
and accepted codings, and the automatic coders' suggestions); its words are those of the
sentences so coded. Per window (a year, a session):

- ``documents``: the share of the window's documents that articulate it;
- ``speakers``: the share of the speakers (the ``speaker_field``: a state's ISO code, a
  party) with a document that does;
- ``words``: the share of the window's words in sentences that do.

Each share has a percentile confidence interval from ``boot`` resamplings of the window's
documents with replacement (seeded). The **trend** is the least-squares slope of the share
over the windows (share points per window step, the windows read as numbers where they
are), with the interval of the same slope over the resamplings.

What it captures: how widely a discourse's concepts are named. What it does not: whether
they are affirmed or rejected (see the stance and the statements), nor how central they are
to a speech; and a lexicon counts words, not meaning.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from discursus.errors import DiscursusError

LEVELS = ("discourse", "code")
BOOT = 200
COLUMNS = ["discourse", "window", "documents", "articulating", "share_documents",
           "documents_low", "documents_high", "speakers", "share_speakers", "speakers_low",
           "speakers_high", "share_words", "words_low", "words_high", "evidence"]  # fmt: skip
TREND_COLUMNS = ["discourse", "measure", "slope", "low", "high", "first", "last", "windows"]
EXAMPLES = 3


def discourse_of_codes(codebook, level: str = "discourse") -> dict[str, str]:
    """Each code's discourse: its top-level ancestor (or, with ``level="code"``, itself)."""
    if level not in LEVELS:
        raise DiscursusError(f"level {level!r} is not one of {', '.join(LEVELS)}")
    if codebook is None:
        raise DiscursusError("penetration needs a codebook: code the corpus first "
                             "(discursus code --codebook FILE -p P)")  # fmt: skip
    if level == "code":
        return {code.name: code.name for code in codebook.codes}
    return {code.name: code.path.split("/", 1)[0] for code in codebook.codes}


def penetration(
    codings: pd.DataFrame,
    sentences: pd.DataFrame,
    documents: pd.DataFrame,
    discourse_of: dict[str, str],
    windows: pd.Series,
    speakers: pd.Series,
    boot: int = BOOT,
    seed: int = 0,
    confidence: float = 0.95,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The shares per discourse and window (see the module), and their trends.

    ``codings``: doc, start, end, code (the codings that count); ``sentences``: doc, start,
    end, words; ``windows`` and ``speakers``: each document's window and speaker, indexed
    by document name (None where it has none: a document without a window counts in none).
    """
    from discursus.analysis.themes import units_overlapping

    rng = np.random.default_rng(seed)
    names = [n for n in documents["name"] if pd.notna(windows.get(n))]
    if not names:
        raise DiscursusError("no document has a window to count in")
    discourses = sorted(set(discourse_of.values()))
    column = {d: k for k, d in enumerate(discourses)}
    row_of = {name: k for k, name in enumerate(names)}
    # per document: whether it articulates each discourse, and the words of its sentences
    # that do (a sentence counted once however many codings stand in it)
    present = np.zeros((len(names), len(discourses)), bool)
    coded_words = np.zeros((len(names), len(discourses)))
    units = sentences[sentences.doc.isin(row_of)].sort_values(["doc", "start"])
    units = units.reset_index(drop=True)
    overlapping = units_overlapping(units)
    marked: set[tuple[int, int]] = set()
    first_passages: dict[tuple[str, str], list] = {}
    kept = codings[codings.doc.isin(row_of) & codings.code.isin(discourse_of)]
    for row in kept.sort_values(["doc", "start"]).itertuples():
        d = column[discourse_of[row.code]]
        present[row_of[row.doc], d] = True
        for label in overlapping(row.doc, row.start, row.end):
            if (label, d) not in marked:
                marked.add((label, d))
                coded_words[row_of[row.doc], d] += units.words[label]
        window = windows[row.doc]
        found = first_passages.setdefault((discourses[d], window), [])
        if len(found) < EXAMPLES:
            found.append({"doc": row.doc, "start": int(row.start), "end": int(row.end)})
    words = units.groupby("doc").words.sum().reindex(names).fillna(0).to_numpy()
    window_of = np.array([windows[n] for n in names], dtype=object)
    speaker_of = np.array([speakers.get(n) if pd.notna(speakers.get(n)) else n
                           for n in names], dtype=object)  # fmt: skip
    ordered = sorted(set(window_of), key=_window_key)
    rows, draws = [], {}
    alpha = (1 - confidence) / 2
    for window in ordered:
        inside = np.flatnonzero(window_of == window)
        observed = _shares(inside, present, coded_words, words, speaker_of)
        resampled = [_shares(rng.choice(inside, size=len(inside), replace=True), present,
                             coded_words, words, speaker_of) for _ in range(boot)]  # fmt: skip
        draws[window] = resampled
        for d, discourse in enumerate(discourses):
            low_high = {
                measure: (np.quantile([r[measure][d] for r in resampled], [alpha, 1 - alpha])
                          if boot else (np.nan, np.nan))
                for measure in ("documents", "speakers", "words")
            }  # fmt: skip
            rows.append({
                "discourse": discourse, "window": window, "documents": len(inside),
                "articulating": int(present[inside, d].sum()),
                "share_documents": round(float(observed["documents"][d]), 4),
                "documents_low": _rounded(low_high["documents"][0]),
                "documents_high": _rounded(low_high["documents"][1]),
                "speakers": int(len(set(speaker_of[inside]))),
                "share_speakers": round(float(observed["speakers"][d]), 4),
                "speakers_low": _rounded(low_high["speakers"][0]),
                "speakers_high": _rounded(low_high["speakers"][1]),
                "share_words": round(float(observed["words"][d]), 5),
                "words_low": _rounded(low_high["words"][0], 5),
                "words_high": _rounded(low_high["words"][1], 5),
                "evidence": first_passages.get((discourse, window), []),
            })  # fmt: skip
    shares = pd.DataFrame(rows, columns=COLUMNS)
    return shares, _trends(shares, draws, discourses, ordered, boot, alpha)


def _shares(inside, present, coded_words, words, speaker_of) -> dict[str, np.ndarray]:
    """The three shares of each discourse over the documents ``inside`` (with repeats)."""
    speaking = speaker_of[inside]
    by_speaker = pd.DataFrame(present[inside]).groupby(speaking).any()
    total_words = words[inside].sum()
    return {
        "documents": present[inside].mean(axis=0),
        "speakers": by_speaker.mean(axis=0).to_numpy(),
        "words": coded_words[inside].sum(axis=0) / total_words if total_words
        else np.zeros(present.shape[1]),
    }  # fmt: skip


def _trends(shares, draws, discourses, ordered, boot, alpha) -> pd.DataFrame:
    """The least-squares slope of each share over the windows, with its bootstrap interval."""
    if len(ordered) < 2:
        return pd.DataFrame(columns=TREND_COLUMNS)
    x = np.array([_window_number(w, k) for k, w in enumerate(ordered)], dtype=float)
    rows = []
    for d, discourse in enumerate(discourses):
        mine = shares[shares.discourse == discourse]
        for measure, name in (("documents", "share_documents"), ("speakers", "share_speakers"),
                              ("words", "share_words")):  # fmt: skip
            y = mine[name].to_numpy(dtype=float)
            slopes = [np.polyfit(x, [draws[w][b][measure][d] for w in ordered], 1)[0]
                      for b in range(boot)]  # fmt: skip
            low, high = np.quantile(slopes, [alpha, 1 - alpha]) if boot else (np.nan, np.nan)
            rows.append({"discourse": discourse, "measure": measure,
                         "slope": round(float(np.polyfit(x, y, 1)[0]), 6),
                         "low": _rounded(low, 6), "high": _rounded(high, 6),
                         "first": float(y[0]), "last": float(y[-1]),
                         "windows": len(ordered)})  # fmt: skip
    return pd.DataFrame(rows, columns=TREND_COLUMNS)


def _rounded(value, digits: int = 4):
    return None if value is None or np.isnan(value) else round(float(value), digits)


def _window_key(window):
    text = str(window)
    return (0, float(text)) if _is_number(text) else (1, text)


def _window_number(window, position: int) -> float:
    text = str(window)
    return float(text) if _is_number(text) else float(position)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
