"""Property-based tests: whatever a person types or a file holds, the query language, the
--where filter and the metadata readers give a result or a named error, never another
exception (and, with their time limits, never a hang)."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import discursus
from discursus.analysis.corpus import Corpus
from discursus.analysis.filters import select_documents
from discursus.errors import DiscursusError, InputError
from discursus.ingest.metadata import (
    clean_metadata,
    normalize_date,
    normalize_metadata,
    parse_metadata_table,
    parse_sidecar,
)

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,  # the same examples in CI as here
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
CQP_PIECES = st.sampled_from(
    [
        "[",
        "]",
        '"',
        "word",
        "lemma",
        "pos",
        "tag",
        "lower",
        "=",
        "!=",
        "&",
        "|",
        "!",
        "{",
        "}",
        ",",
        "0",
        "2",
        "*",
        "+",
        "?",
        ".",
        "(",
        ")",
        "%c",
        "NOUN",
        "port",
        "sel*",
        "\\",
        "^",
        "$",
        " ",
        "[]",
        '".*"',
        '"(a+)+"',
        "a",
    ]
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Corpus:
    folder = tmp_path_factory.mktemp("properties")
    (folder / "a.txt").write_text(
        "The port of Selka reopened. Councillor Mira Baranli said that the bridge would wait."
    )
    project = discursus.open_project(folder / "p", create=True)
    project.ingest([folder / "a.txt"])
    project.annotate()
    return Corpus.of(project)


@SETTINGS
@given(st.lists(CQP_PIECES, max_size=12).map("".join) | st.text(max_size=40))
def test_any_query_gives_lines_or_a_named_error(corpus, query):
    try:
        lines = corpus.kwic(query)
    except DiscursusError as error:
        assert str(error)
    else:
        assert set(lines.columns) >= {"doc", "start", "end"}


DOCUMENTS = pd.DataFrame(
    {
        "id": [1, 2, 3],
        "name": ["a.txt", "b.txt", "c.txt"],
        "date": ["2015-05-01", None, "2019"],
        "outlet": ["North Ledger", "South Courier", None],
        "meta": [{"country": "VAR"}, {}, {"country": "MER", "n": 3}],
    }
)
WHERE_PIECES = st.sampled_from(
    [
        "year",
        "outlet",
        "country",
        "n",
        "name",
        "=",
        "!=",
        ">=",
        "<",
        "~",
        "in",
        "(",
        ")",
        ",",
        "and",
        "or",
        "not",
        "'North Ledger'",
        "'(a+)+$'",
        "2015",
        "3.5",
        '"x"',
        "'",
        " ",
        "[",
        "]",
    ]
)


@SETTINGS
@given(st.lists(WHERE_PIECES, max_size=10).map(" ".join) | st.text(max_size=30))
def test_any_where_filter_selects_documents_or_is_refused(where):
    try:
        kept = select_documents(DOCUMENTS, where)
    except DiscursusError as error:
        assert str(error)
    else:
        assert set(kept.name) <= set(DOCUMENTS.name)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
ALLOWED = (str, bool, int, float, list)


def _check_clean(fields: dict) -> None:
    kept, refused = clean_metadata(fields)
    for key, value in kept.items():
        assert isinstance(key, str) and isinstance(value, ALLOWED)
        if isinstance(value, list):
            assert all(isinstance(item, str | bool | int | float) for item in value)
    assert all(isinstance(line, str) for line in refused)
    normalized = normalize_metadata(kept)
    json.dumps(normalized, allow_nan=True)  # storable


@SETTINGS
@given(st.dictionaries(st.text(max_size=10), JSON_VALUES, max_size=6))
def test_any_json_or_yaml_sidecar_is_read_or_refused_and_its_values_checked(fields):
    for name, data in (
        ("x.meta.json", json.dumps(fields).encode()),
        ("x.meta.yaml", yaml.safe_dump(fields, allow_unicode=True).encode()),
    ):
        try:
            parsed = parse_sidecar(data, name)
        except InputError as error:
            assert error.reason
            continue
        _check_clean(parsed)


@SETTINGS
@given(st.binary(max_size=300) | st.text(max_size=200).map(str.encode))
def test_any_bytes_as_a_sidecar_or_metadata_table_give_fields_or_a_reason(data):
    for name in ("x.meta.json", "x.meta.yaml"):
        try:
            parsed = parse_sidecar(data, name)
        except InputError as error:
            assert error.reason
        else:
            _check_clean(parsed)
    table = parse_metadata_table(data, "metadata.csv")
    assert table.problem is None or table.problem
    for fields in table.rows.values():
        _check_clean(fields)


ISO_LIKE = st.tuples(
    st.integers(0, 9999), st.integers(0, 13), st.integers(0, 32), st.sampled_from([1, 2, 3])
).map(lambda t: "-".join([f"{t[0]:04d}", f"{t[1]:02d}", f"{t[2]:02d}"][: t[3]]))


@SETTINGS
@given(ISO_LIKE | st.text(max_size=30) | st.dates().map(str) | st.integers().map(str))
def test_a_date_is_a_real_day_or_none(value):
    found = normalize_date(value)
    if found is not None:
        parts = [int(part) for part in found.split("-")]
        dt.date(parts[0], *(parts[1:] + [1, 1])[:2])  # a real calendar day
        assert parts[0] >= 1
