"""The token index: every annotated token as integer ids, with postings per id.

Built from the token shards (the Parquet files annotate writes) into ``P/index/``, as plain
``.npy`` arrays and Parquet lexicons (no pickle: loading runs no code). The arrays are
memory-mapped, so opening the index is instant and a query reads only the postings it needs.

Positions ``0 .. n-1`` run over the tokens of all indexed documents in document and token
order; whitespace tokens are left out. Per position: the document (``doc_bounds``), a corpus-wide
sentence number, character offsets, whether a space follows, and one id per layer. A layer is a
lexicon (its strings) plus, for each id, the sorted positions where it occurs (``postings``).

The index is derived data: it is rebuilt whole when the annotated documents change (written to
a temporary folder, then swapped in), so a crash leaves the old index or the new one.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from discursus.errors import DiscursusError
from discursus.patterns import fullmatching

INDEX_DIR = "index"
INDEX_FORMAT = 1
# the annotation layers a query can name; "lower" is the word form in lower case
LAYERS = ("word", "lower", "lemma", "pos", "tag")
_SOURCE_COLUMNS = {"word": "text", "lemma": "lemma", "pos": "pos", "tag": "tag"}


def fingerprint(current: list[tuple[int, str, str]]) -> str:
    """What the index was built from: (doc_id, shard, content_hash) of every annotated document."""
    digest = hashlib.sha256(f"format {INDEX_FORMAT}\n".encode())
    for doc_id, shard, content_hash in sorted(current):
        digest.update(f"{doc_id}\t{shard}\t{content_hash}\n".encode())
    return digest.hexdigest()


class Lexicon:
    """The strings of one layer and their ids, with the positions of each id."""

    def __init__(self, strings: list[str], offsets: np.ndarray, order: np.ndarray) -> None:
        self.strings = strings
        self._offsets = offsets
        self._order = order

    def __len__(self) -> int:
        return len(self.strings)

    @cached_property
    def ids(self) -> dict[str, int]:
        return {s: i for i, s in enumerate(self.strings)}

    @cached_property
    def frequencies(self) -> np.ndarray:
        return np.diff(self._offsets)

    def postings(self, term_id: int) -> np.ndarray:
        """Sorted positions of one id."""
        return self._order[self._offsets[term_id] : self._offsets[term_id + 1]]

    def matching(self, pattern: str, ignore_case: bool = False) -> np.ndarray:
        """Ids whose whole string matches the regular expression ``pattern``."""
        if re.escape(pattern) == pattern and not ignore_case:
            found = self.ids.get(pattern)
            return np.array([] if found is None else [found], dtype=np.int64)
        return np.array(fullmatching(pattern, self.strings, ignore_case), dtype=np.int64)


@dataclass
class TokenIndex:
    """The index of a project, as arrays (see the module's docstring)."""

    path: Path
    doc_ids: np.ndarray  # (D,) document ids in position order
    doc_names: list[str]
    doc_bounds: np.ndarray  # (D+1,) document d holds positions doc_bounds[d] .. doc_bounds[d+1]
    sent: np.ndarray  # (n,) corpus-wide sentence number
    start: np.ndarray  # (n,) character offsets into the document text
    end: np.ndarray
    space_after: np.ndarray  # (n,) bool: whitespace between this token and the next
    is_punct: np.ndarray  # (n,) bool
    layers: dict[str, np.ndarray]  # layer -> (n,) ids
    _lexicons: dict[str, Lexicon] = field(default_factory=dict, repr=False)

    @property
    def n_tokens(self) -> int:
        return len(self.start)

    def ids(self, layer: str) -> np.ndarray:
        """The id of every position on one layer."""
        if layer not in LAYERS:
            raise DiscursusError(f"no layer {layer!r}; layers: {', '.join(LAYERS)}")
        return self.layers[layer]

    def lexicon(self, layer: str) -> Lexicon:
        """The lexicon of one layer, read on first use (a query reads only the layers it names)."""
        if layer not in LAYERS:
            raise DiscursusError(f"no layer {layer!r}; layers: {', '.join(LAYERS)}")
        if layer not in self._lexicons:
            strings = pq.read_table(self.path / f"lexicon-{layer}.parquet").column(0).to_pylist()
            self._lexicons[layer] = Lexicon(
                strings,
                _mapped(self.path / f"postings-{layer}-offsets.npy"),
                _mapped(self.path / f"postings-{layer}.npy"),
            )
        return self._lexicons[layer]

    def doc_of(self, positions: np.ndarray) -> np.ndarray:
        """The document number (0 .. D-1, not the id) of each position."""
        return np.searchsorted(self.doc_bounds, positions, side="right") - 1

    def strings(self, layer: str, positions: np.ndarray) -> list[str]:
        lexicon = self.lexicon(layer).strings
        return [lexicon[i] for i in self.ids(layer)[positions]]

    def span_text(self, begin: int, end: int) -> str:
        """Tokens ``begin .. end-1`` as text, one space wherever the document had whitespace."""
        return self.span_texts(np.array([begin]), np.array([end]))[0]

    def span_texts(self, begins: np.ndarray, ends: np.ndarray) -> list[str]:
        """``span_text`` of many spans, their tokens looked up in one pass."""
        lengths = np.maximum(np.asarray(ends) - np.asarray(begins), 0)
        if not lengths.sum():
            return [""] * len(lengths)
        # every position of every span, in order: begin + 0, 1, ... for each span
        offsets = np.repeat(np.cumsum(lengths) - lengths, lengths)
        positions = np.repeat(begins, lengths) + np.arange(lengths.sum()) - offsets
        words = self.strings("word", positions)
        spaces = self.space_after[positions]
        last = np.zeros(len(positions), bool)
        last[np.cumsum(lengths)[lengths > 0] - 1] = True
        pieces = [
            w + " " if s and not e else w for w, s, e in zip(words, spaces, last, strict=True)
        ]
        texts, at = [], 0
        for length in lengths.tolist():
            texts.append("".join(pieces[at : at + length]))
            at += length
        return texts


_ARRAYS = ("doc_ids", "doc_bounds", "sent", "start", "end", "space_after", "is_punct")


def build_index(folder: Path, shards: list[tuple[int, Path]], stamp: str) -> None:
    """Write the index of the documents ``shards`` names ((doc_id, shard path) pairs) into
    ``folder``, replacing what was there only once the new index is complete."""
    import duckdb

    temporary = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(temporary, ignore_errors=True)
    temporary.mkdir(parents=True)
    connection = duckdb.connect()
    try:
        connection.execute("SET threads TO 2")
        if shards:
            connection.register(
                "current_shards",
                pa.table(
                    {
                        "doc_id": [d for d, _ in shards],
                        "path": [str(p) for _, p in shards],
                    }
                ),
            )
            table = connection.sql(
                "SELECT t.doc_id, t.i, t.sent, t.start, t.end, t.text, t.lemma, t.pos, t.tag, "
                "t.is_punct FROM read_parquet($paths, filename = true) t "
                "SEMI JOIN current_shards c ON t.doc_id = c.doc_id AND t.filename = c.path "
                "WHERE t.pos <> 'SPACE'",
                params={"paths": sorted({str(p) for _, p in shards})},
            ).to_arrow_table()

        else:
            table = None
    finally:
        connection.close()
    order = None if table is None else _token_order(table)
    arrays = _position_arrays(table, order)
    for name, array in arrays.items():
        np.save(temporary / f"{name}.npy", array)
    n = len(arrays["start"])
    for layer, (ids, strings) in _encoded_layers(table, order).items():
        offsets = np.zeros(len(strings) + 1, dtype=np.int64)
        np.cumsum(np.bincount(ids, minlength=len(strings)), out=offsets[1:])
        np.save(temporary / f"layer-{layer}.npy", ids)
        np.save(temporary / f"postings-{layer}.npy", _grouped_positions(ids, len(strings)))
        np.save(temporary / f"postings-{layer}-offsets.npy", offsets)
        pq.write_table(pa.table({"string": strings}), temporary / f"lexicon-{layer}.parquet")
    (temporary / "manifest.json").write_text(
        json.dumps({"format": INDEX_FORMAT, "fingerprint": stamp, "tokens": n}), encoding="utf-8"
    )
    _swap_in(temporary, folder)


def _token_order(table: pa.Table) -> np.ndarray | None:
    """The permutation that puts the rows in document and token order (None if they are).
    Shards mostly come in that order; the integer columns are permuted here, which is far
    cheaper than sorting the string columns along."""
    key = table.column("doc_id").to_numpy().astype(np.int64) << 32
    key |= table.column("i").to_numpy().astype(np.int64)
    if len(key) < 2 or np.all(key[1:] > key[:-1]):
        return None
    return np.argsort(key, kind="stable")


def _numbers(table: pa.Table, name: str, order: np.ndarray | None) -> np.ndarray:
    values = table.column(name).to_numpy()
    return values if order is None else values[order]


def _encoded_layers(
    table: pa.Table | None, order: np.ndarray | None
) -> dict[str, tuple[np.ndarray, pa.Array]]:
    """Each layer as (ids per position, the strings of the ids)."""
    if table is None or table.num_rows == 0:
        return {layer: (np.zeros(0, np.int32), pa.array([], pa.string())) for layer in LAYERS}
    found = {}
    for layer, column in _SOURCE_COLUMNS.items():
        encoded = pc.dictionary_encode(table.column(column)).combine_chunks()
        ids = encoded.indices.to_numpy().astype(np.int32)
        found[layer] = (ids if order is None else ids[order], encoded.dictionary)
    # lower case through the word forms' lexicon: tens of thousands of strings, not millions
    word_ids, word_strings = found["word"]
    lower = pc.dictionary_encode(pc.utf8_lower(word_strings))
    lower_of_word = lower.indices.to_numpy().astype(np.int32)
    found["lower"] = (lower_of_word[word_ids], lower.dictionary)
    return {layer: found[layer] for layer in LAYERS}


def _grouped_positions(ids: np.ndarray, size: int) -> np.ndarray:
    """Positions sorted by id, in position order within an id: the postings of every id."""
    # numpy sorts 8- and 16-bit keys stably by radix, far faster than 32-bit ones
    if size <= 1 << 16:
        key = ids.astype(np.uint8 if size <= 1 << 8 else np.uint16)
        return np.argsort(key, kind="stable").astype(np.int32)
    first = np.argsort((ids & 0xFFFF).astype(np.uint16), kind="stable")
    return first[np.argsort((ids[first] >> 16).astype(np.uint16), kind="stable")].astype(np.int32)


def _position_arrays(table: pa.Table | None, order: np.ndarray | None) -> dict[str, np.ndarray]:
    if table is None or table.num_rows == 0:
        empty = np.zeros(0, np.int32)
        return {
            "doc_ids": np.zeros(0, np.int64),
            "doc_bounds": np.zeros(1, np.int64),
            "sent": empty,
            "start": empty,
            "end": empty,
            "space_after": np.zeros(0, bool),
            "is_punct": np.zeros(0, bool),
        }
    doc = _numbers(table, "doc_id", order)
    local_sent = _numbers(table, "sent", order).astype(np.int64)
    start = _numbers(table, "start", order).astype(np.int32)
    end = _numbers(table, "end", order).astype(np.int32)
    new_doc = np.empty(len(doc), bool)
    new_doc[0] = True
    new_doc[1:] = doc[1:] != doc[:-1]
    first = np.flatnonzero(new_doc)
    # a corpus-wide sentence number: a new one wherever the document or its sentence changes
    new_sent = new_doc.copy()
    new_sent[1:] |= local_sent[1:] != local_sent[:-1]
    sent = (np.cumsum(new_sent) - 1).astype(np.int32)
    space_after = np.zeros(len(doc), bool)
    space_after[:-1] = (start[1:] > end[:-1]) & ~new_doc[1:]
    return {
        "doc_ids": doc[first].astype(np.int64),
        "doc_bounds": np.append(first, len(doc)).astype(np.int64),
        "sent": sent,
        "start": start,
        "end": end,
        "space_after": space_after,
        "is_punct": _numbers(table, "is_punct", order).astype(bool),
    }


def _swap_in(temporary: Path, folder: Path) -> None:
    old = folder.with_name(folder.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if folder.exists():
        os.replace(folder, old)
    os.replace(temporary, folder)
    shutil.rmtree(old, ignore_errors=True)


def index_stamp(folder: Path) -> str | None:
    """The fingerprint the index in ``folder`` was built from, None if there is none."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest.get("fingerprint") if manifest.get("format") == INDEX_FORMAT else None


def open_index(folder: Path, doc_names: dict[int, str]) -> TokenIndex:
    """The index in ``folder``, memory-mapped; ``doc_names`` maps document ids to names."""
    arrays = {name: _mapped(folder / f"{name}.npy") for name in _ARRAYS}
    return TokenIndex(
        path=folder,
        doc_names=[doc_names.get(int(d), str(d)) for d in arrays["doc_ids"]],
        layers={layer: _mapped(folder / f"layer-{layer}.npy") for layer in LAYERS},
        **arrays,
    )


def _mapped(path: Path) -> np.ndarray:
    # a plain ndarray over the mapped file: numpy's memmap subclass costs on every slice
    return np.load(path, mmap_mode="r").view(np.ndarray)
