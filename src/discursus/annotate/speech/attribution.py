"""Reported speech in a parsed document: content, cue and source of each attribution.

Works on a spaCy ``Doc`` (tokens, sentences, dependencies, entities) and the quoted spans of
``marks.find_quotes``. Three routes find an attribution:

- a cue verb with a subject and a complement ("X said that ...", "..., X warned", "X denied
  the report"), scored by the cue lexicon;
- cue phrases and nouns: "according to X", "in the words of X", "X's remark that ...";
- a quotation that no cue claimed, given to the cue or speaker next to it ("X said:" before it,
  "he added." after it) or, inside one paragraph, to the speaker of the quote before it.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from dataclasses import dataclass, field
from functools import cached_property

from spacy.tokens import Doc, Span, Token

from discursus.annotate.speech.cue_model import MIN_CANDIDATE_SCORE, accept_cue, cue_features
from discursus.annotate.speech.cues import REJECTING_FRAMES, SPEECH_NOUNS, cue_score
from discursus.annotate.speech.marks import QuotedSpan, find_quotes

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
COMPLEMENT_DEPS = ("ccomp", "dobj", "xcomp", "attr", "oprd")
# a cue verb's lexicon score must reach this for the verb alone to make an attribution
CUE_THRESHOLD = 0.35
_QUOTE_CHARS = "\"“”«»„‘’‚‹›'"
_EDGE_PUNCT = " \t\n,;:—–-" + _QUOTE_CHARS
_COMMA_PARTICIPLE = re.compile(r",\s+(?:\w+ly\s+)?\w+ing\b")
_SIGNATURE = re.compile(
    r"[^\S\n]*(?P<dash>[―—–]|--)[^\S\n]*(?P<name>[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,3})"
)
_REPORTING_PREPOSITIONS = frozenset("about of on for against over to".split())
_BARE_OBJECTS = frozenset(
    "this that it what which nothing something anything everything so".split()
)
# a quotation this short, inside a sentence, is a scare quote or a title, not reported speech
MIN_QUOTE_WORDS = 4
MAX_SOURCE_CHARS = 300
# "according to X, citing Y, quoting Z": links read after an "according to"
MAX_CHAIN_LINKS = 8
# "X said, added, noted and warned": verbs a subject is shared along
MAX_CONJUNCTS = 12
# an attribution inside this many others is not kept (see _without_deep_nesting)
MAX_NESTING = 3
# a cue for a quotation that no verb claimed is looked for this many tokens either side of it
NEARBY_CUE_TOKENS = 40
_OPENING_MARK = re.compile('[“«„"]')
_SPACES = " \t\n\r\f\v"
_COLON_TRAIL = " \t\n" + _QUOTE_CHARS


@dataclass
class Attribution:
    """One attribution; all offsets are ``str`` indices into the document text."""

    start: int
    end: int
    kind: str  # direct | indirect | mixed
    cue_span: tuple[int, int] | None
    source_span: tuple[int, int] | None
    fragments: list[tuple[int, int]] = field(default_factory=list)
    endorsed: bool | None = None
    chain: list[tuple[int, int]] = field(default_factory=list)
    source_token: int | None = None  # head token of the source mention
    continues: bool = False  # a quotation that goes on with the speaker before it
    features: dict[str, float] | None = None  # set only when collecting training candidates

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


def _trim(text: str, start: int, end: int, strip: str = _EDGE_PUNCT) -> tuple[int, int]:
    while start < end and text[start] in strip:
        start += 1
    while end > start and text[end - 1] in strip:
        end -= 1
    return start, end


# Token index ranges (first, last), inclusive. A subtree is read from its edges, which spaCy
# keeps for every token: walking ``Token.subtree`` costs its depth per token, so on a chain of
# nested clauses ("he said he said ...") every cue would cost the square of the text.
Ranges = list[tuple[int, int]]


def _edges(token: Token) -> tuple[int, int]:
    return token.left_edge.i, token.right_edge.i


def _within(outer: Token, inner: Token) -> bool:
    """Whether ``inner`` is in the subtree of ``outer``."""
    return outer.left_edge.i <= inner.i <= outer.right_edge.i


def _first_kept(first: int, last: int, cut: Ranges) -> int:
    i, moved = first, True
    while moved and i <= last:
        moved = False
        for lo, hi in cut:
            if lo <= i <= hi:
                i, moved = hi + 1, True
    return i


def _last_kept(first: int, last: int, cut: Ranges) -> int:
    i, moved = last, True
    while moved and i >= first:
        moved = False
        for lo, hi in cut:
            if lo <= i <= hi:
                i, moved = lo - 1, True
    return i


def _token_span(doc: Doc, first: int, last: int) -> tuple[int, int]:
    return doc[first].idx, doc[last].idx + len(doc[last])


def _subtree_span(token: Token, cut: Ranges = ()) -> tuple[int, int]:
    """Character span of ``token``'s subtree, less the token ranges in ``cut`` at its ends."""
    lo, hi = _edges(token)
    first, last = _first_kept(lo, hi, cut), _last_kept(lo, hi, cut)
    if first > last:
        first = last = token.i
    return _token_span(token.doc, first, last)


def _minus(outer: tuple[int, int], inner: tuple[int, int]) -> Ranges:
    """The range ``outer`` without ``inner``: zero, one or two ranges."""
    (a, b), (c, d) = outer, inner
    if d < a or c > b:
        return [outer]
    return [r for r in ((a, c - 1), (d + 1, b)) if r[0] <= r[1]]


def _source_span(
    subject: Token, cue: Token | None = None, text: str | None = None
) -> tuple[int, int]:
    """The subject's noun phrase with its appositions and relative clauses, as PolNeAR marks it."""
    # "critics who say that": the source is "critics", not the clause the cue heads
    # (and wherever the parser hung the cue inside the subject, the cue's clause is not in it)
    in_cue = (
        [_edges(cue)] if cue is not None and (cue.head == subject or _within(subject, cue)) else []
    )
    # "Trump, speaking to veterans, said": the participle clause is not part of the source
    cut = in_cue + [
        _edges(child)
        for child in subject.children
        if child.dep_ in {"acl", "advcl"} and child.tag_ in {"VBG", "VBN"} and child.i > subject.i
    ]
    start, end = _subtree_span(subject, cut)
    if cue is not None and in_cue and subject.i < cue.i:
        end = min(end, cue.idx)  # the source ends where the cue begins
    # no source mention is this long (PolNeAR's longest is 218 characters): the bound keeps
    # the scans below short on a text the parser made one endless phrase of
    start = max(start, subject.idx - MAX_SOURCE_CHARS)
    end = min(end, subject.idx + len(subject.text) + MAX_SOURCE_CHARS)
    if text is None:
        text = subject.doc.text  # builds the string: callers in a loop pass it
    # a heading the parser ran into the sentence is not part of the source
    # and nor is a parenthesis closed before it: "(Quran, 16:125), Bagheri stated"
    limit = max(subject.idx, cue.idx) if cue is not None else subject.idx
    boundary = max(text.rfind("\n", start, limit), text.rfind(")", start, subject.idx))
    if 0 <= boundary and boundary + 1 < end:
        start = boundary + 1
    if text[start] == "(":
        # "(Quran, 16:125), Seyed Bagheri stated": a reference before the name
        closing = text.find(")", start, end)
        if closing >= 0:
            start = closing + 1
    # "the opposition leader, “Partnership ...”": the quotation is not part of the source
    opening = _OPENING_MARK.search(text, subject.idx, end)
    if opening:
        end = opening.start()
    # "Trump, speaking to a veterans group, said": however the participle was parsed
    participle = _COMMA_PARTICIPLE.search(text, subject.idx, end)
    if participle:
        end = participle.start()
    start, end = _trim(text, start, end)
    if start >= end:
        # the cuts above met: the subject's own word is the mention
        return subject.idx, subject.idx + len(subject.text)
    return start, end


def is_cue_candidate(token: Token) -> bool:
    """A verb with a subject and something it reports: the shape every verb cue has."""
    if token.pos_ not in {"VERB", "AUX"}:
        return False
    deps = {child.dep_ for child in token.children}
    return bool(deps & SUBJECT_DEPS) and bool(deps & set(COMPLEMENT_DEPS))


def subject_children(doc: Doc) -> dict[int, Token]:
    """For each token, its first child that is a subject (nsubj, nsubjpass, csubj): read in one
    pass, so no verb walks its children again (a verb with thousands of conjuncts has them)."""
    found: dict[int, Token] = {}
    for token in doc:
        if token.dep_ in SUBJECT_DEPS or token.dep_ == "nsubjpass":
            head = token.head.i
            if head != token.i and head not in found:
                found[head] = token
    return found


def _subject(
    verb: Token, inherit: bool = False, subjects: dict[int, Token] | None = None
) -> Token | None:
    """The subject of ``verb``; with ``inherit``, a participle or infinitive without one takes
    the subject of the verb it hangs from ("X tweeted, saying that ...")."""
    if subjects is None:
        subjects = subject_children(verb.doc)
    found = _own_subject(verb, subjects)
    if found is not None or not inherit:
        return found
    ancestor = verb
    for _ in range(3):
        if ancestor.dep_ not in {"advcl", "pcomp", "xcomp", "conj", "prep"} or (
            ancestor.head.i == ancestor.i
        ):
            return None
        ancestor = ancestor.head
        if ancestor.pos_ in {"VERB", "AUX"}:
            return _own_subject(ancestor, subjects)
    return None


def _own_subject(verb: Token, subjects: dict[int, Token], depth: int = 0) -> Token | None:
    child = subjects.get(verb.i)
    if child is not None:
        if child.dep_ == "nsubjpass":
            # "X is called Y": in a passive the source is the agent ("by the minister")
            agents = [a for a in verb.children if a.dep_ == "agent"]
            objects = [o for a in agents for o in a.children if o.dep_ == "pobj"]
            return objects[0] if objects else None
        if child.tag_ in {"WP", "WDT"} and verb.dep_ == "relcl":
            # "critics who say that ...": the relative pronoun stands for its noun
            return verb.head
        return child
    # "X said and added that ...": the second verb shares the first one's subject
    if depth < MAX_CONJUNCTS and verb.dep_ == "conj" and verb.head.pos_ in {"VERB", "AUX"}:
        if _coordinated_cue(verb):
            # "X said it was opposed and warned ...": the parser hung "warned" on the
            # reported clause; its subject is the reporter's
            return _own_subject(verb.head.head, subjects, depth + 1)
        return _own_subject(verb.head, subjects, depth + 1)
    return None


def _coordinated_cue(verb: Token) -> bool:
    """A reporting verb coordinated with the clause another cue reports."""
    return (
        verb.dep_ == "conj"
        and verb.head.dep_ == "ccomp"
        and cue_score(verb.lemma_) >= 0.5
        and cue_score(verb.head.head.lemma_) >= 0.5
        and not any(c.dep_ in SUBJECT_DEPS for c in verb.children)
    )


def _complement(verb: Token) -> Token | None:
    children = list(verb.children)
    for dep in COMPLEMENT_DEPS:
        for child in children:
            if child.dep_ == dep:
                return child
    return None


def _rejecting(verb: Token) -> bool:
    """'critics would have us believe that ...': the frame voices a claim to reject it."""
    for head_lemma, verb_lemma in REJECTING_FRAMES:
        if verb.lemma_ == verb_lemma and verb.head.lemma_ == head_lemma:
            return True
    return False


class _Extractor:
    def __init__(
        self, doc: Doc, quotes: list[QuotedSpan], collect: bool = False, text: str | None = None
    ):
        # collect: keep every candidate with its features (for training the cue model)
        self.collect = collect
        self.doc = doc
        self.text = doc.text if text is None else text
        self.quotes = quotes
        self.quote_opens = [q.open_at for q in quotes]
        self.quote_closes = [q.close_at for q in quotes]
        # characters quoted before each quotation, so the quoted share of a span is a lookup
        self.quoted_before = [0]
        for quote in quotes:
            self.quoted_before.append(self.quoted_before[-1] + max(0, quote.end - quote.start))
        self.found: list[Attribution] = []
        self.claimed: Ranges = []  # quotation index ranges a cue took
        # Everything below is read once, so that no candidate scans the text or its sentence.
        self.newlines = [m.start() for m in re.finditer("\n", self.text)]
        self.breaks = [m.start() for m in re.finditer("\n\n", self.text)]
        self.sents = list(doc.sents)
        self.sent_of = [0] * len(doc)
        for index, sent in enumerate(self.sents):
            self.sent_of[sent.start : sent.end] = [index] * (sent.end - sent.start)
        self.subjects = subject_children(doc)

    # What only some routes read is built on first use: most documents have no "according to".
    @cached_property
    def first_according(self) -> dict[int, int]:
        """For each sentence with an "according", the index of its first one."""
        found: dict[int, int] = {}
        for token in self.doc:
            if token.lower_ == "according":
                found.setdefault(self.sent_of[token.i], token.i)
        return found

    @cached_property
    def chain_verbs(self) -> list[int]:
        return [t.i for t in self.doc if t.lower_ in {"citing", "quoting"}]

    @cached_property
    def starts(self) -> list[int]:
        return [t.idx for t in self.doc]

    @cached_property
    def next_word(self) -> list[int]:
        """For each token, the first token from it on that is not punctuation."""
        found = [len(self.doc)] * (len(self.doc) + 1)
        for token in reversed(self.doc):
            found[token.i] = found[token.i + 1] if token.is_punct else token.i
        return found

    @cached_property
    def previous_word(self) -> list[int]:
        """For each token, the last token up to it that is not punctuation."""
        found = [-1] * len(self.doc)
        for token in self.doc:
            before = found[token.i - 1] if token.i else -1
            found[token.i] = before if token.is_punct else token.i
        return found

    # -- helpers -----------------------------------------------------------------------------
    def _sent(self, token: Token) -> Span:
        return self.sents[self.sent_of[token.i]]

    def _has_newline(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` holds a line break."""
        i = bisect.bisect_left(self.newlines, start)
        return i < len(self.newlines) and self.newlines[i] < end

    def _has_break(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` holds a paragraph break (a blank line)."""
        i = bisect.bisect_left(self.breaks, start)
        return i < len(self.breaks) and self.breaks[i] + 2 <= end

    def _quote_index_within(self, start: int, end: int) -> range:
        """Indices of the quotations inside [start, end] (marks may sit just outside); empty
        quotations among them count for nothing."""
        first = bisect.bisect_left(self.quote_opens, start - 1)
        last = bisect.bisect_right(self.quote_closes, end + 1)
        return range(first, max(first, last))

    def _quoted_chars(self, inside: range) -> int:
        return self.quoted_before[inside.stop] - self.quoted_before[inside.start]

    def _quote_before(self, start: int) -> QuotedSpan | None:
        """The quotation whose text begins at or before ``start`` last (quotations do not
        overlap, so it is the only one that can hold a span beginning there)."""
        index = bisect.bisect_right(self.quote_opens, start) - 1
        if index < 0 or self.quotes[index].start > start:
            return None
        return self.quotes[index]

    def _make(
        self,
        content: tuple[int, int],
        cue: tuple[int, int] | None,
        subject: Token | None,
        cue_token: Token | None = None,
        **extra,
    ) -> Attribution | None:
        start, end = _trim(self.text, *content)
        if end - start < 2:
            return None
        if cue is not None and self._has_break(start, end):
            # the parser ran a heading or the next paragraph into the clause: keep the
            # cue's own paragraph (quotes over several paragraphs come back just below)
            before = self.text.rfind("\n\n", start, cue[0])
            after = self.text.find("\n\n", cue[1], end)
            start = before + 2 if before >= 0 else start
            end = after if after >= 0 else end
            start, end = _trim(self.text, start, end)
            if end - start < 2:
                return None
        if cue is not None:
            gap = (end, cue[0]) if cue[0] >= end else (cue[1], start)
            if self._has_break(*gap) and not self._ends_with_colon(*gap):
                return None  # the cue is in another paragraph: the parser joined the two
            # '“A. B,” he said': the parser gives only B to the cue; the quotation is the content
            quote = self._quote_before(start)
            if (
                quote is not None
                and end <= quote.end
                and not (quote.open_at <= cue[0] <= quote.close_at)
            ):
                start, end = quote.start, quote.end
        inside = self._quote_index_within(start, end)
        quoted = self._quoted_chars(inside)
        kind = "indirect"
        fragments: list[tuple[int, int]] = []
        if inside:
            self.claimed.append((inside.start, inside.stop - 1))
            bare_start, bare_end = _trim(self.text, start, end)
            bare = bare_end - bare_start
            if quoted >= 0.9 * bare:
                kind = "direct"
                start, end = self.quotes[inside[0]].start, self.quotes[inside[-1]].end
                start, end = _trim(self.text, start, end, " \t\n")
                if len(inside) > 1:
                    fragments = [
                        _trim(self.text, self.quotes[i].start, self.quotes[i].end, " \t\n")
                        for i in inside
                        if self.quotes[i].end > self.quotes[i].start
                    ]
            elif quoted > 0:
                kind = "mixed"
        source_span = _source_span(subject, cue_token, self.text) if subject is not None else None
        if cue_token is not None and subject is not None and subject.i == cue_token.head.i:
            # "critics who say": the mention is "who"; the speaker is still "critics"
            relative = [c for c in cue_token.children if c.tag_ in {"WP", "WDT"}]
            if relative and cue_token.dep_ == "relcl":
                source_span = (relative[0].idx, relative[0].idx + len(relative[0].text))
        attribution = Attribution(
            start,
            end,
            kind,
            cue,
            source_span,
            fragments,
            source_token=subject.i if subject is not None else None,
            **extra,
        )
        self.found.append(attribution)
        return attribution

    # -- routes ------------------------------------------------------------------------------
    def verb_cues(self) -> None:
        for token in self.doc:
            if token.pos_ not in {"VERB", "AUX"} or token.lower_ == "according":
                continue
            if (
                token.lower_ in {"citing", "quoting"}
                and self.first_according.get(self.sent_of[token.i], token.i) < token.i
            ):
                continue  # a link of an "according to" chain, read by according_to()
            score = cue_score(token.lemma_)
            rejecting = _rejecting(token)
            if score < MIN_CANDIDATE_SCORE and not rejecting:
                continue
            subject = _subject(token.head if rejecting else token, True, self.subjects)
            complement = _complement(token)
            if (
                complement is not None
                and complement.dep_ == "dobj"
                and (complement.lower_ in _BARE_OBJECTS)
            ):
                # "said this", "did it": nothing reported worth a row
                continue
            found = self._content(token, complement, subject)
            if found is None:
                continue
            content, route = found
            features = cue_features(
                token, subject, route, content, self.quotes, self.text, self.quote_opens
            )
            if not rejecting and not self.collect and not accept_cue(features, score):
                continue
            cue = (token.idx, token.idx + len(token.text))
            if rejecting:
                cue = (token.head.idx, cue[1])
            attribution = self._make(
                content,
                cue,
                subject,
                token,
                endorsed=False if rejecting else None,
            )
            if attribution is not None and self.collect:
                attribution.features = features

    def _content(
        self, verb: Token, complement: Token | None, subject: Token | None
    ) -> tuple[tuple[int, int], str] | None:
        """What a cue verb reports: its complement; else an object of a preposition ("warned
        of a crisis"); else, for a cue set in the clause it reports ("The plan, he said, is
        sound"), that clause."""
        exclude = _minus(_edges(subject), _edges(verb)) if subject is not None else []
        if complement is not None:
            if subject is None:
                return None
            exclude = exclude + [_edges(c) for c in complement.children if _coordinated_cue(c)]
            content = _subtree_span(complement, exclude)
            for other in verb.children:
                # "called Trump a liar", "described X as Y", "accused X of Y"
                extends = other.dep_ in COMPLEMENT_DEPS or other.dep_ == "prep"
                if (
                    complement.dep_ == "dobj"
                    and other is not complement
                    and extends
                    and (other.i > complement.i)
                ):
                    start, end = _subtree_span(other, exclude)
                    content = (min(content[0], start), max(content[1], end))
            return content, complement.dep_
        if subject is not None and subject.dep_ in {"nsubj", "csubj"}:
            if (
                verb.dep_ in {"parataxis", "ccomp"}
                and verb.head.pos_ in {"VERB", "AUX"}
                and (verb.head.i != verb.i)
            ):
                inside = _edges(verb)
                lo, hi = _edges(verb.head)
                first, last = _first_kept(lo, hi, [inside]), _last_kept(lo, hi, [inside])
                if (hi - lo + 1) - (inside[1] - inside[0] + 1) >= 3 and first <= last:
                    return _token_span(self.doc, first, last), "inside"
            for prep in verb.children:
                if prep.dep_ == "prep" and prep.lower_ in _REPORTING_PREPOSITIONS:
                    objects = [c for c in prep.children if c.dep_ in {"pobj", "pcomp"}]
                    if objects:
                        return _subtree_span(objects[0], exclude), f"prep:{prep.lower_}"
            return None
        return None

    def _line_tokens(self, sent: Span, token: Token) -> tuple[int, int]:
        """The first and last token of ``sent`` on the same line as ``token``."""
        i = bisect.bisect_left(self.newlines, token.idx)
        before = self.newlines[i - 1] if i > 0 else -1
        after = self.newlines[i] if i < len(self.newlines) else len(self.text)
        first = max(sent.start, bisect.bisect_right(self.starts, before))
        last = min(sent.end - 1, bisect.bisect_right(self.starts, after) - 1)
        return first, last

    def _first_word(self, first: int, last: int, cut: Ranges) -> int | None:
        """The first token in [first, last] that is not punctuation nor in ``cut``."""
        i = first
        while i <= last:
            i = self.next_word[i]
            kept = _first_kept(i, last, cut)
            if kept == i:
                break
            i = kept
        return i if i <= last else None

    def _last_word(self, first: int, last: int, cut: Ranges) -> int | None:
        i = last
        while i >= first:
            i = self.previous_word[i]
            kept = _last_kept(first, i, cut)
            if kept == i:
                break
            i = kept
        return i if i >= first else None

    def _words_span(self, first: int, last: int, cut: Ranges) -> tuple[int, int] | None:
        """From the first to the last word in [first, last] outside ``cut``."""
        start = self._first_word(first, last, cut)
        if start is None:
            return None
        return _token_span(self.doc, start, self._last_word(start, last, cut))

    def according_to(self) -> None:
        for token in self.doc:
            if token.lower_ != "according" or token.i + 2 >= len(self.doc):
                continue
            to = self.doc[token.i + 1]
            if to.lower_ != "to":
                continue
            objects = [c for c in to.children if c.dep_ == "pobj"]
            if not objects:
                continue
            source = objects[0]
            sent = self._sent(token)
            chain_links = self._citing_chain(source, sent)
            # the whole "citing ..." phrase, wherever the parser hung its object
            cut = [r for link in chain_links for r in (_edges(link[0]), _edges(link[1]))]
            phrase = [_edges(source), (token.i, to.i)]
            # what the phrase is attached to: the rest of its sentence, on its own line
            content = self._words_span(*self._line_tokens(sent, token), phrase + cut)
            if content is None:
                continue
            cue = (token.idx, to.idx + len(to.text))
            subject_span = _trim(self.text, *_subtree_span(source, cut))
            found = self._make(content, cue, None)
            if found is None:
                continue
            found.source_span = subject_span
            found.source_token = source.i
            found.chain = [
                _trim(self.text, *_subtree_span(link[1])) for link in reversed(chain_links)
            ]
            if found.chain:
                # "according to the office, citing the agency": the agency speaks
                found.chain = [subject_span, *found.chain[:-1]]
                last = chain_links[0][1]
                found.source_span = _trim(self.text, *_subtree_span(last))
                found.source_token = last.i

    def _citing_chain(self, source: Token, sent: Span) -> list[tuple[Token, Token]]:
        """('citing', object) links after an 'according to' source, innermost last."""
        links = []
        first = bisect.bisect_right(self.chain_verbs, source.i)
        for i in self.chain_verbs[first : first + MAX_CHAIN_LINKS]:
            if i >= sent.end:
                break
            token = self.doc[i]
            # "citing the agency", "quoting from IQNA"
            objects = [c for c in token.children if c.dep_ in {"dobj", "pobj"}] + [
                o
                for prep in token.children
                if prep.dep_ == "prep" and prep.lower_ == "from"
                for o in prep.children
                if o.dep_ == "pobj"
            ]
            if objects:
                links.append((token, objects[0]))
        return list(reversed(links))

    def noun_cues(self) -> None:
        """'his remark that ...', 'in the words of X, ...'"""
        for token in self.doc:
            if token.lower_ == "words" and token.i >= 2 and self.doc[token.i - 2].lower_ == "in":
                of = token.i + 1 < len(self.doc) and self.doc[token.i + 1]
                if of and of.lower_ == "of":
                    objects = [c for c in of.children if c.dep_ == "pobj"]
                    if objects:
                        self._words_of(token, objects[0])
                continue
            if token.pos_ != "NOUN" or token.lower_ not in SPEECH_NOUNS:
                continue
            clauses = [c for c in token.children if c.dep_ in {"acl", "ccomp", "appos"}]
            clauses = [
                c
                for c in clauses
                if any(g.lower_ == "that" and g.dep_ == "mark" for g in c.children)
            ]
            if not clauses:
                continue
            owners = [c for c in token.children if c.dep_ == "poss"]
            owner = owners[0] if owners else None
            self._make(
                _subtree_span(clauses[0]),
                (token.idx, token.idx + len(token.text)),
                owner,
            )

    def _words_of(self, words: Token, source: Token) -> None:
        sent = self._sent(words)
        phrase = [_edges(source), (words.i - 2, words.i + 1)]
        content = self._words_span(sent.start, sent.end - 1, phrase)
        if content is None:
            return
        cue_start = self.doc[words.i - 2].idx
        found = self._make(content, (cue_start, words.idx + len(words.text) + 3), source)
        if found is not None:
            found.source_span = _source_span(source, text=self.text)

    def unclaimed_quotes(self) -> None:
        """Quotations no cue took: give each to the speaker next to it."""
        claimed = self._claimed_flags()
        self._sourced = sorted(
            ((a.start, -seq), a) for seq, a in enumerate(self.found) if a.source_span is not None
        )
        self._sourced_keys = [key for key, _ in self._sourced]
        self._order = itertools.count(len(self.found))
        for index, quote in enumerate(self.quotes):
            if claimed[index] or quote.end <= quote.start:
                continue
            span = self.doc.char_span(quote.start, quote.end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            sent = self._sent(span[0])
            words = quote.words(self.text)
            # "“It’s over,” she said." opens its sentence; a short quote inside one is a scare
            # quote or a title
            opens_sentence = quote.open_at <= sent.start_char + 1
            if words < MIN_QUOTE_WORDS and not opens_sentence:
                continue
            if words < 2:
                continue
            cue, subject = self._nearby_cue(quote, sent, span)
            if cue is None and subject is None:
                previous = self._previous_speaker(quote)
                if previous is not None:
                    attribution = self._make((quote.start, quote.end), None, None)
                    if attribution is not None:
                        attribution.source_span = previous.source_span
                        attribution.source_token = previous.source_token
                        attribution.kind = "direct"
                        attribution.continues = True
                        self._remember(attribution)
                    continue
                if words < MIN_QUOTE_WORDS + 2:
                    continue
            lead = self.text[max(0, quote.open_at - 6) : quote.open_at].rstrip().lower()
            if cue is not None and lead.endswith(" that"):
                # 'a message that “communities are standing up”': the that-clause, quoted
                that = self.text.rfind("that", 0, quote.open_at)
                attribution = self._make((that, quote.close_at + 1), cue, subject)
                if attribution is not None:
                    attribution.kind = "mixed"
                    self._remember(attribution)
                continue
            attribution = self._make((quote.start, quote.end), cue, subject)
            if attribution is not None:
                attribution.kind = "direct"
                self._remember(attribution)

    def _claimed_flags(self) -> list[bool]:
        """For each quotation, whether a cue took it."""
        marks = [0] * (len(self.quotes) + 1)
        for first, last in self.claimed:
            marks[first] += 1
            marks[last + 1] -= 1
        flags, depth = [], 0
        for mark in marks[:-1]:
            depth += mark
            flags.append(depth > 0)
        return flags

    def _remember(self, attribution: Attribution) -> None:
        """Keep an attribution made while quotations are read, for ``_previous_speaker``."""
        if attribution.source_span is None:
            return
        key = (attribution.start, -next(self._order))
        at = bisect.bisect_left(self._sourced_keys, key)
        self._sourced_keys.insert(at, key)
        self._sourced.insert(at, (key, attribution))

    def _nearby_cue(
        self, quote: QuotedSpan, sent: Span, quoted: Span
    ) -> tuple[tuple[int, int] | None, Token | None]:
        """A speech verb in the quote's sentence, outside the quote and near it, or in the
        sentence before ending with a colon, or a short "he said." sentence right after."""
        doc = self.doc
        # '“...” ― Esther Tapia': a dash and a name after the quotation (vox pops, epigraphs)
        signed = _SIGNATURE.match(self.text, quote.close_at + 1)
        if signed:
            name = doc.char_span(signed.start("name"), signed.end("name"), alignment_mode="expand")
            if name is not None:
                return (signed.start("dash"), signed.end("dash")), name.root
        near = doc[
            max(sent.start, quoted.start - NEARBY_CUE_TOKENS) : min(
                sent.end, quoted.end + NEARBY_CUE_TOKENS
            )
        ]
        candidates: list[Span] = [near]
        colon = {id(near): self._ends_with_colon(sent.start_char, sent.end_char, _SPACES)}
        if sent.start > 0:
            before = self._sent(doc[sent.start - 1])
            if self._ends_with_colon(before.start_char, before.end_char, _SPACES):
                before = before[-NEARBY_CUE_TOKENS:]
                candidates.append(before)
                colon[id(before)] = True
        if sent.end < len(doc):
            after = self._sent(doc[sent.end])
            if len(after) <= 8:
                candidates.append(after)
            elif after.start_char - quote.close_at <= 2:
                # '“... votes?” Trump said, looking out on the crowd.': the split fell between
                # the quotation and its cue, which opens the next sentence
                after = after[:5]
                candidates.append(after)
            colon[id(after)] = self._ends_with_colon(after.start_char, after.end_char, _SPACES)
        for candidate in candidates:
            for token in candidate:
                if quote.open_at <= token.idx <= quote.close_at:
                    continue
                between = (
                    (quote.close_at, token.idx)
                    if token.idx > quote.close_at
                    else (token.idx, quote.open_at)
                )
                if not colon[id(candidate)] and self._has_newline(*between):
                    continue  # a sentence the parser ran over a paragraph break
                if token.pos_ == "VERB" and cue_score(token.lemma_) >= CUE_THRESHOLD:
                    subject = _subject(token, subjects=self.subjects)
                    if subject is not None and not (quote.open_at <= subject.idx <= quote.close_at):
                        return (token.idx, token.idx + len(token.text)), subject
        return None, None

    def _ends_with_colon(self, start: int, end: int, trail: str = _COLON_TRAIL) -> bool:
        """Whether ``text[start:end]`` ends with a colon, less the ``trail`` characters
        (spaces and quotation marks)."""
        i = end - 1
        while i >= start and self.text[i] in trail:
            i -= 1
        return i >= start and self.text[i] == ":"

    def _previous_speaker(self, quote: QuotedSpan) -> Attribution | None:
        """Within one paragraph, a quotation with no cue continues the speaker before it: the
        attribution with a source that begins last before it (the first made, on ties)."""
        line = bisect.bisect_left(self.newlines, quote.open_at)
        paragraph_start = self.newlines[line - 1] + 1 if line > 0 else 0
        at = bisect.bisect_left(self._sourced_keys, (quote.open_at, -math.inf)) - 1
        if at < 0 or self._sourced_keys[at][0] < paragraph_start:
            return None
        return self._sourced[at][1]

    def merge_split_quotes(self) -> None:
        """'“A,” he said, “B.”': one attribution with two fragments."""
        self.found.sort(key=lambda a: a.start)
        merged: list[Attribution] = []
        for attribution in self.found:
            previous = merged[-1] if merged else None
            if (
                previous is not None
                and previous.kind == "direct"
                and attribution.kind == "direct"
                and "\n" not in self.text[previous.end : attribution.start]
                and (
                    (
                        attribution.cue_span in (None, previous.cue_span)
                        and previous.cue_span is not None
                        and previous.end <= previous.cue_span[0] <= attribution.start
                        and attribution.start - previous.end < 80
                    )
                    # '"A," said X. "B."': the quote goes on, one attribution
                    or (attribution.continues and attribution.start - previous.end < 600)
                )
            ):
                previous.fragments = (previous.fragments or [previous.span]) + (
                    attribution.fragments or [attribution.span]
                )
                previous.end = attribution.end
                continue
            merged.append(attribution)
        self.found = merged

    def dedupe(self) -> None:
        """Two routes may find the same content: keep the first (longest cue evidence)."""
        kept: list[Attribution] = []
        # in start order, one is inside a kept one of its cue when one of those ends after it
        furthest: dict[tuple[int, int] | None, int] = {}
        for attribution in sorted(self.found, key=lambda a: (a.start, -(a.end - a.start))):
            if furthest.get(attribution.cue_span, -1) < attribution.end:
                kept.append(attribution)
                furthest[attribution.cue_span] = attribution.end
        self.found = kept


def verb_candidates(doc: Doc) -> list[Attribution]:
    """Every verb-cue candidate with its features, before the cue model decides (training)."""
    extractor = _Extractor(doc, find_quotes(doc.text), collect=True)
    extractor.verb_cues()
    return extractor.found


def find_attributions(
    doc: Doc, quotes: list[QuotedSpan] | None = None, text: str | None = None
) -> list[Attribution]:
    """All attributions in ``doc``, in text order.

    >>> from discursus.annotate.pipeline import load_pipeline
    >>> doc = load_pipeline()("The minister said that the border would stay open.")
    >>> [(doc.text[a.start:a.end], a.kind) for a in find_attributions(doc)]
    [('that the border would stay open', 'indirect')]
    """
    text = doc.text if text is None else text  # Doc.text is built anew on each access
    if quotes is None:
        quotes = find_quotes(text)
    extractor = _Extractor(doc, quotes, text=text)
    extractor.verb_cues()
    extractor.according_to()
    extractor.noun_cues()
    extractor.unclaimed_quotes()
    extractor.dedupe()
    extractor.merge_split_quotes()
    return _without_deep_nesting(extractor.found)


def _without_deep_nesting(found: list[Attribution]) -> list[Attribution]:
    """Attributions inside fewer than ``MAX_NESTING`` others ("A said that B claimed that C
    reported ..."): deeper ones come only from text the parser made one endless clause of, and
    every one of them would repeat the rest of that text."""
    kept: list[Attribution] = []
    ends: list[int] = []  # ends of the attributions begun so far that may still enclose one
    for attribution in sorted(found, key=lambda a: (a.start, -(a.end - a.start))):
        del ends[: bisect.bisect_right(ends, attribution.start)]
        if len(ends) - bisect.bisect_left(ends, attribution.end) < MAX_NESTING:
            kept.append(attribution)
        bisect.insort(ends, attribution.end)
    kept.sort(key=lambda a: a.start)
    return kept
