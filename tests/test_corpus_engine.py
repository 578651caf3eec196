"""The corpus engine on three short documents whose counts were worked out by hand.

Positions (tokens without whitespace) per document: a.txt 40 tokens, 33 words (7 punctuation
marks); b.txt 20 tokens, 16 words; c.txt 13 tokens, 11 words; 73 tokens in all.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from typer.testing import CliRunner

import discursus
from discursus.analysis.corpus import Corpus
from discursus.analysis.query import QueryError, find, parse_query
from discursus.cli import app

TEXTS = {
    "a.txt": (
        "The resistance movement rejected the new order. Resistance to the old order grew in "
        'the north.\n\nMinister Anna Poll said: "We build a cultural alliance and an alliance '
        'of ports." The ports resisted.\n'
    ),
    "b.txt": "Trade grew in the south. The port of Velm opened. Trade and ports, trade and jobs.\n",
    "c.txt": "Resistance is a duty. The order of the day is trade.\n",
}
METADATA = (
    "file,date,outlet\n"
    "a.txt,2015-05-01,North Ledger\n"
    "b.txt,2019-02-11,South Courier\n"
    "c.txt,2019-09-30,North Ledger\n"
)


@pytest.fixture(scope="module")
def small_project(tmp_path_factory) -> discursus.Project:
    folder = tmp_path_factory.mktemp("small")
    corpus = folder / "corpus"
    corpus.mkdir()
    for name, text in TEXTS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    (corpus / "metadata.csv").write_text(METADATA, encoding="utf-8")
    project = discursus.open_project(folder / "project", create=True)
    project.ingest([corpus])
    project.annotate()
    return project


@pytest.fixture(scope="module")
def corpus(small_project) -> Corpus:
    return Corpus.of(small_project)


def texts_of(corpus: Corpus, query: str) -> list[str]:
    lines = corpus.kwic(query)
    return [TEXTS[row.doc][row.start : row.end] for row in lines.itertuples()]


def test_annotate_builds_the_index(small_project):
    index = small_project.index()
    assert index.n_tokens == 73
    assert index.doc_names == ["a.txt", "b.txt", "c.txt"]
    assert np.diff(index.doc_bounds).tolist() == [40, 20, 13]
    assert (small_project.path / "index" / "manifest.json").exists()


def test_cqp_sequence_with_a_gap(corpus):
    query = '[lemma="resist.*" & pos="NOUN"] []{0,3} "order"'
    # "resistance movement rejected the new order" has four tokens between: one too many;
    # "Resistance is a duty. The order" crosses a sentence
    assert texts_of(corpus, query) == ["Resistance to the old order"]
    assert texts_of(corpus, query.replace("{0,3}", "{0,4}")) == [
        "resistance movement rejected the new order",
        "Resistance to the old order",
    ]


def test_optional_and_repeated_tokens_match_once_per_phrase(corpus):
    assert texts_of(corpus, '[pos="DET"]? [pos="ADJ"]* "alliance"') == [
        "a cultural alliance",
        "an alliance",
    ]


def test_matches_never_cross_a_sentence(corpus):
    # "north." and "Minister" are neighbours in the index, but not in one sentence
    assert texts_of(corpus, '"north" "." "Minister"') == []
    assert texts_of(corpus, '"duty" []* "order"') == []


def test_simple_queries_ignore_case_and_take_wildcards(corpus):
    assert texts_of(corpus, "resist*") == ["resistance", "Resistance", "resisted", "Resistance"]
    assert len(corpus.kwic('"trade"')) == 2  # CQP strings keep case
    assert len(corpus.kwic('"trade"%c')) == 4
    assert len(corpus.kwic('[lemma="port"]')) == 4
    assert texts_of(corpus, '[pos="NOUN" & lemma!="port" & word="p.*"]') == []


@pytest.mark.parametrize(
    "query, reason",
    [
        ("[lemma=", "expected a quoted value"),
        ('[colour="red"]', "no attribute 'colour'"),
        ('"x"{3,1}', "maximum is below the minimum"),
        ('[lemma="("]', "bad regular expression"),
        ("   ", "empty"),
    ],
)
def test_queries_that_do_not_parse_say_why(query, reason):
    with pytest.raises(QueryError, match=reason):
        parse_query(query)


def test_kwic_lines_carry_offsets_and_context(corpus):
    lines = corpus.kwic("order", left=3, right=2)
    first = lines.iloc[0]
    assert (first.doc, first.start, first.end) == ("a.txt", 41, 46)
    assert (first.left, first.node, first.right) == ("rejected the new", "order", ". Resistance")
    assert (lines.iloc[-1].doc, lines.iloc[-1].left) == ("c.txt", "duty. The")
    # the context stops where the document does
    assert corpus.kwic("order", right=10).iloc[-1].right == "of the day is trade."
    # L2 is "the", "the", "." : c.txt first, ties in corpus order
    assert corpus.kwic("order", sort="L2").doc.tolist() == ["c.txt", "a.txt", "a.txt"]
    assert corpus.kwic("order", sort="L2", limit=1).doc.tolist() == ["c.txt"]


def test_sub_corpora_by_metadata_and_by_speaker(small_project):
    assert Corpus.of(small_project, where="year >= 2019").kwic("order").doc.tolist() == ["c.txt"]
    ledger = Corpus.of(small_project, where="outlet = 'North Ledger'")
    assert ledger.kwic("trade").doc.tolist() == ["c.txt"]
    poll = Corpus.of(small_project, speaker="anna poll")
    # "ports" inside her quotation, not "The ports resisted" after it
    assert poll.kwic("ports").start.tolist() == [170]
    assert len(poll.kwic("alliance")) == 2
    assert len(Corpus.of(small_project, speaker="Nobody Known").kwic("alliance")) == 0


def test_collocates_count_window_positions(corpus):
    # "trade" at b0, b12, b16, c11; one token to the right: grew, and, and, "." -> R1 = 4
    table = corpus.collocates("trade", left=0, right=1, min_frequency=1, min_collocate_frequency=1)
    row = table.set_index("collocate").loc["and"]
    assert (row.frequency, row.collocate_frequency) == (2, 3)  # "and" thrice in 73 tokens
    assert row.expected == pytest.approx(4 * 3 / 73)
    assert row.mi == pytest.approx(math.log2(2 / (12 / 73)))
    measures = pytest.importorskip("nltk.metrics").BigramAssocMeasures
    assert row.ll == pytest.approx(measures.likelihood_ratio(2, (4, 3), 73), rel=1e-9)
    assert "." not in table.collocate.tolist()  # counted, not listed
    wider = corpus.collocates("trade", left=1, right=1, min_frequency=1, min_collocate_frequency=1)
    assert wider.attrs["window_tokens"] == 7  # b0 opens its document: no left neighbour


def test_collocate_counts_equal_nltk_bigram_finder(corpus):
    collocations = pytest.importorskip("nltk.collocations")
    index = corpus.index
    documents = [
        index.strings("lower", np.arange(index.doc_bounds[d], index.doc_bounds[d + 1]))
        for d in range(len(index.doc_ids))
    ]
    finder = collocations.BigramCollocationFinder.from_documents(documents)
    table = corpus.collocates(
        "the", left=0, right=1, min_frequency=1, min_collocate_frequency=1, punctuation=True
    )
    for row in table.itertuples():
        assert row.frequency == finder.ngram_fd[("the", row.collocate)]
        assert row.collocate_frequency == finder.word_fd[row.collocate]


def test_keywords_against_another_group_and_against_the_rest(corpus):
    table = corpus.keywords(
        "outlet = 'North Ledger'", "outlet = 'South Courier'", min_frequency=1, limit=None
    )
    row = table.set_index("word").loc["resistance"]
    # 3 of 44 target words, 0 of 16 reference words: E1 = 44 * 3 / 60 = 2.2
    assert (row.target, row.reference) == (3, 0)
    assert row.ll == pytest.approx(2 * 3 * math.log(3 / 2.2))
    assert row.log_ratio == pytest.approx(math.log2((3 / 44) / (0.5 / 16)))
    assert table.attrs == {"target_words": 44, "reference_words": 16}
    rest = corpus.keywords("outlet = 'North Ledger'", "rest", min_frequency=1, limit=None)
    assert rest.set_index("word").loc["resistance"].ll == pytest.approx(row.ll)
    each = corpus.keywords_by("outlet", min_frequency=2, limit=None)
    assert set(each.group) == {"North Ledger", "South Courier"}
    assert "trade" in each[each.group == "South Courier"].word.tolist()


def test_keywords_against_general_english(corpus):
    table = corpus.keywords(reference="general", min_frequency=2, limit=None)
    words = table.word.tolist()
    # "the" is 9 of these 60 words (15%, three times general English) but far less key
    assert words.index("resistance") < words.index("the")
    from wordfreq import get_frequency_dict

    row = table.set_index("word").loc["resistance"]
    assert row.target == 3
    assert row.reference == round(get_frequency_dict("en")["resistance"] * 1_000_000_000)
    assert table.attrs == {"target_words": 60, "reference_words": 1_000_000_000}


def test_ngrams_stay_inside_sentences_and_skip_punctuation(corpus):
    table = corpus.ngrams(2, min_frequency=1, limit=None).set_index("ngram")
    assert table.loc["trade and"].frequency == 2 and table.loc["trade and"].documents == 1
    assert "ports trade" not in table.index  # a comma stands between them
    assert "north minister" not in table.index


def test_dispersion_and_trend(corpus):
    row = corpus.dispersion(["resistance"], by="doc").iloc[0]
    # counts 2, 0, 1 in parts of 33, 16 and 11 words
    expected_dp = 0.5 * (abs(2 / 3 - 33 / 60) + abs(0 - 16 / 60) + abs(1 / 3 - 11 / 60))
    assert (row.frequency, row.range, row.parts) == (3, 2, 3)
    assert row.dp == pytest.approx(expected_dp)
    assert row.dp_norm == pytest.approx(expected_dp / (1 - 11 / 60))
    trend = corpus.trend(["resistance"], by="year")
    assert trend.group.tolist() == ["2015", "2019"]
    assert trend.frequency.tolist() == [2, 1] and trend.words.tolist() == [33, 27]
    assert trend.per_million.tolist() == pytest.approx([2 / 33 * 1e6, 1 / 27 * 1e6])


def test_index_follows_the_documents(small_project, tmp_path):
    project = discursus.open_project(tmp_path / "project", create=True)
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "c.txt").write_text(TEXTS["c.txt"], encoding="utf-8")
    project.ingest([folder])
    project.annotate()
    assert project.index().n_tokens == 13
    (folder / "b.txt").write_text(TEXTS["b.txt"], encoding="utf-8")
    project.ingest([folder])
    project.annotate()
    index = project.index()
    assert index.n_tokens == 33 and len(find(index, "trade")) == 4
    # two shards, read back in document and token order whatever order they come in
    assert index.doc_names == ["c.txt", "b.txt"] and index.span_text(0, 3) == "Resistance is a"
    assert index.span_text(13, 16) == "Trade grew in"
    # an index that is missing (a project from before it existed) is built by annotate,
    # never by a reader
    import shutil

    shutil.rmtree(project.path / "index")
    with pytest.raises(discursus.ProjectError, match="build it with: discursus annotate"):
        project.index()
    assert project.annotate().annotated == 0
    assert project.index().n_tokens == 33


runner = CliRunner()


def test_cli_kwic_and_collocates(small_project):
    path = str(small_project.path)
    result = runner.invoke(app, ["kwic", "order", "-p", path, "-f", "jsonl", "-c", "2,2"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["doc"], r["start"], r["end"]) for r in rows] == [
        ("a.txt", 41, 46),
        ("a.txt", 70, 75),
        ("c.txt", 26, 31),
    ]
    table = runner.invoke(app, ["kwic", "order", "-p", path, "--where", "year >= 2019"])
    assert table.exit_code == 0 and "c.txt" in table.stdout and "a.txt" not in table.stdout
    bad = runner.invoke(app, ["kwic", '[lemma="x"', "-p", path])
    assert bad.exit_code == 2 and "expected ']'" in bad.output
    measure = runner.invoke(app, ["collocates", "trade", "-p", path, "-m", "zscore"])
    assert measure.exit_code == 2 and "measures: ll, mi" in measure.output
    keywords = runner.invoke(app, ["keywords", "-p", path, "--each", "outlet", "-f", "csv"])
    assert keywords.exit_code == 0 and keywords.stdout.startswith("group,word,target")
    # one meaning per option: --by is the parts documents fall into, never a token layer
    assert runner.invoke(app, ["ngrams", "-p", path, "--by", "lemma"]).exit_code == 2
    layer = runner.invoke(app, ["ngrams", "-p", path, "--layer", "colour"])
    assert layer.exit_code == 2 and "no layer 'colour'; layers: word, lower" in layer.output
    chart = small_project.path.parent / "trend.html"
    drawn = runner.invoke(app, ["trend", "resistance", "-p", path, "--chart", str(chart)])
    assert drawn.exit_code == 0 and "2015" in drawn.stdout
    page = chart.read_text(encoding="utf-8")
    assert "Plotly.newPlot" in page and "<script src=" not in page  # nothing fetched
    one_part = ["dispersion", "order", "-p", path, "--by", "year", "--where", "year >= 2019"]
    refused = runner.invoke(app, one_part)
    assert refused.exit_code == 2 and "at least two parts" in refused.output


def test_a_regular_expression_that_backtracks_without_end_is_refused(small_project, monkeypatch):
    from discursus import patterns

    # "(a|aa)+b" on forty a's tries every way to split them: about 10^8 paths
    with pytest.raises(patterns.PatternError, match=r"took more than 0.2 s and was stopped"):
        patterns.fullmatching("(a|aa)+b", ["a" * 40], seconds=0.2)
    with pytest.raises(patterns.PatternError, match=r"took more than 0.2 s"):
        patterns.searching("^(a|aa)+b", [None, "a" * 40], seconds=0.2)
    # through the commands, with the limit made small enough for any pattern to reach it
    monkeypatch.setattr(patterns, "PATTERN_SECONDS", 0.0)
    path = str(small_project.path)
    query = runner.invoke(app, ["kwic", '[word="res.*"]', "-p", path])
    assert query.exit_code == 2
    assert "the regular expression 'res.*' took more than 0 s and was stopped" in query.output
    where = runner.invoke(app, ["kwic", "order", "-p", path, "--where", "outlet ~ 'North'"])
    assert where.exit_code == 2 and "'North' took more than 0 s" in where.output
