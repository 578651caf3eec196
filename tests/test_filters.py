"""The --where metadata filter: parsed, never pasted into SQL or evaluated as code."""

from __future__ import annotations

import pytest

from discursus.analysis.filters import FilterError, parse_filter, select_documents


def names(project, where):
    return sorted(select_documents(project.documents(), where)["name"])


def test_metadata_comparisons_on_the_sample_corpus(sample_project):
    assert names(sample_project, "speaker = 'Daria Kessel' and genre = speech") == [
        "01_kessel_corridor_launch.txt",
        "11_kessel_parliament.txt",
    ]
    assert names(sample_project, "year >= 2024 or date < '2023-03-15'") == [
        "01_kessel_corridor_launch.txt",
        "13_rezavand_interview_translated.txt",
    ]
    assert names(sample_project, "format = 'csv' and not speaker ~ 'Front$'") == [
        "statement-consortium",
        "statement-trade-ministry",
    ]
    # a key of the other metadata (from a sidecar or metadata.csv)
    genres = set(select_documents(sample_project.documents(), "genre in (speech, sermon)")["name"])
    assert "01_kessel_corridor_launch.txt" in genres and "03_rezavand_sermon.txt" in genres


def test_or_binds_looser_than_and():
    tree = parse_filter("a = 1 or b = 2 and c = 3")
    assert tree.op == "or" and tree.operands[1].op == "and"


@pytest.mark.parametrize(
    "where",
    [
        "year >= 2015; DROP TABLE documents",  # not SQL: ';' is not part of the language
        "__import__('os').system('true')",
        "speaker = ",
        "(year > 1",
        "speaker ~ '('",
    ],
)
def test_what_does_not_parse_is_refused_with_a_reason(where):
    with pytest.raises(FilterError):
        parse_filter(where)


def test_unknown_field_names_the_known_ones(sample_project):
    with pytest.raises(FilterError, match="no field 'colour'"):
        select_documents(sample_project.documents(), "colour = 'red'")


def test_rows_within_the_spans_of_their_document():
    import pandas as pd

    from discursus.analysis.filters import rows_within

    spans = pd.DataFrame({"doc": ["a", "a", "a", "b"], "start": [10, 15, 40, 0],
                          "end": [20, 25, 50, 5]})  # fmt: skip
    rows = pd.DataFrame({
        "doc": ["a", "a", "a", "a", "a", "b", "c"],
        "start": [0, 24, 25, 30, 45, 4, 0],
        "end": [10, 30, 40, 41, 60, 9, 100],
        "id": ["before", "into the merged 10-25", "between", "reaches 40", "inside",
               "b's", "c has no span"],
    })  # fmt: skip
    # a row that only touches a span (ends where it starts) is not inside it
    assert rows_within(rows, spans).id.tolist() == [
        "into the merged 10-25", "reaches 40", "inside", "b's"]  # fmt: skip
    assert rows_within(rows, spans.iloc[:0]).empty
