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
import re
from dataclasses import dataclass, field

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


def _subtree_span(token: Token, exclude: set[int] | None = None) -> tuple[int, int]:
    tokens = [t for t in token.subtree if not exclude or t.i not in exclude] or [token]
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _source_span(
    subject: Token, cue: Token | None = None, text: str | None = None
) -> tuple[int, int]:
    """The subject's noun phrase with its appositions and relative clauses, as PolNeAR marks it."""
    # "critics who say that": the source is "critics", not the clause the cue heads
    # (and wherever the parser hung the cue inside the subject, the cue's clause is not in it)
    in_cue = (
        {t.i for t in cue.subtree}
        if cue is not None and (cue.head == subject or cue in subject.subtree)
        else set()
    )
    # "Trump, speaking to veterans, said": the participle clause is not part of the source
    cut = in_cue | {
        t.i
        for child in subject.children
        if child.dep_ in {"acl", "advcl"} and child.tag_ in {"VBG", "VBN"} and child.i > subject.i
        for t in child.subtree
    }
    start, end = _subtree_span(subject, cut)
    if cue is not None and in_cue and subject.i < cue.i:
        end = min(end, cue.idx)  # the source ends where the cue begins
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
    for index in range(subject.idx, end):
        if text[index] in '“«„"':
            end = index
            break
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


def _subject(verb: Token, inherit: bool = False) -> Token | None:
    """The subject of ``verb``; with ``inherit``, a participle or infinitive without one takes
    the subject of the verb it hangs from ("X tweeted, saying that ...")."""
    found = _own_subject(verb)
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
            return _own_subject(ancestor)
    return None


def _own_subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "nsubjpass":
            # "X is called Y": in a passive the source is the agent ("by the minister")
            agents = [a for a in verb.children if a.dep_ == "agent"]
            objects = [o for a in agents for o in a.children if o.dep_ == "pobj"]
            return objects[0] if objects else None
        if child.dep_ in SUBJECT_DEPS:
            if child.tag_ in {"WP", "WDT"} and verb.dep_ == "relcl":
                # "critics who say that ...": the relative pronoun stands for its noun
                return verb.head
            return child
    # "X said and added that ...": the second verb shares the first one's subject
    if verb.dep_ == "conj" and verb.head.pos_ in {"VERB", "AUX"}:
        if _coordinated_cue(verb):
            # "X said it was opposed and warned ...": the parser hung "warned" on the
            # reported clause; its subject is the reporter's
            return _own_subject(verb.head.head)
        return _own_subject(verb.head)
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
        self.found: list[Attribution] = []
        self.claimed_quotes: set[int] = set()

    # -- helpers -----------------------------------------------------------------------------
    def _quote_index_within(self, start: int, end: int) -> list[int]:
        """Indices of the quotations inside [start, end] (marks may sit just outside)."""
        found = []
        for i in range(bisect.bisect_left(self.quote_opens, start - 1), len(self.quotes)):
            quote = self.quotes[i]
            if quote.open_at > end + 1:
                break
            if quote.close_at <= end + 1 and quote.end > quote.start:
                found.append(i)
        return found

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
        if cue is not None and "\n\n" in self.text[start:end]:
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
            gap = self.text[end : cue[0]] if cue[0] >= end else self.text[cue[1] : start]
            if "\n\n" in gap and not gap.rstrip(" \t\n" + _QUOTE_CHARS).endswith(":"):
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
        quoted = sum(self.quotes[i].end - self.quotes[i].start for i in inside)
        kind = "indirect"
        fragments: list[tuple[int, int]] = []
        if inside:
            self.claimed_quotes.update(inside)
            bare = len(self.text[start:end].strip(_EDGE_PUNCT))
            if quoted >= 0.9 * bare:
                kind = "direct"
                start, end = self.quotes[inside[0]].start, self.quotes[inside[-1]].end
                start, end = _trim(self.text, start, end, " \t\n")
                if len(inside) > 1:
                    fragments = [
                        _trim(self.text, self.quotes[i].start, self.quotes[i].end, " \t\n")
                        for i in inside
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
            if token.lower_ in {"citing", "quoting"} and any(
                t.lower_ == "according" for t in token.doc[token.sent.start : token.i]
            ):
                continue  # a link of an "according to" chain, read by according_to()
            score = cue_score(token.lemma_)
            rejecting = _rejecting(token)
            if score < MIN_CANDIDATE_SCORE and not rejecting:
                continue
            subject = _subject(token.head if rejecting else token, inherit=True)
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
        exclude = {t.i for t in subject.subtree} - {t.i for t in verb.subtree} if subject else set()
        if complement is not None:
            if subject is None:
                return None
            exclude = exclude | {
                t.i for c in complement.children if _coordinated_cue(c) for t in c.subtree
            }
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
                inside = {t.i for t in verb.subtree}
                clause = [t for t in verb.head.subtree if t.i not in inside]
                if len(clause) >= 3:
                    return (clause[0].idx, clause[-1].idx + len(clause[-1].text)), "inside"
            for prep in verb.children:
                if prep.dep_ == "prep" and prep.lower_ in _REPORTING_PREPOSITIONS:
                    objects = [c for c in prep.children if c.dep_ in {"pobj", "pcomp"}]
                    if objects:
                        return _subtree_span(objects[0], exclude), f"prep:{prep.lower_}"
            return None
        return None

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
            sent = token.sent
            phrase_tokens = {t.i for t in source.subtree} | {token.i, to.i}
            rest = [
                t
                for t in sent
                if t.i not in phrase_tokens
                and not t.is_punct
                and "\n" not in self.text[min(t.idx, token.idx) : max(t.idx, token.idx)]
            ]
            if not rest:
                continue
            chain_links = self._citing_chain(source)
            # the whole "citing ..." phrase, wherever the parser hung its object
            cut = {t.i for link in chain_links for t in (*link[0].subtree, *link[1].subtree)}
            rest = [t for t in rest if t.i not in cut]
            if not rest:
                continue
            content = (rest[0].idx, rest[-1].idx + len(rest[-1].text))
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

    def _citing_chain(self, source: Token) -> list[tuple[Token, Token]]:
        """('citing', object) links after an 'according to' source, innermost last."""
        links = []
        sent = source.sent
        for token in sent:
            if token.lower_ in {"citing", "quoting"} and token.i > source.i:
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
        sent = words.sent
        phrase = {t.i for t in source.subtree} | {words.i, words.i - 1, words.i - 2, words.i + 1}
        rest = [t for t in sent if t.i not in phrase and not t.is_punct]
        if not rest:
            return
        content = (rest[0].idx, rest[-1].idx + len(rest[-1].text))
        cue_start = self.doc[words.i - 2].idx
        found = self._make(content, (cue_start, words.idx + len(words.text) + 3), source)
        if found is not None:
            found.source_span = _source_span(source, text=self.text)

    def unclaimed_quotes(self) -> None:
        """Quotations no cue took: give each to the speaker next to it."""
        for index, quote in enumerate(self.quotes):
            if index in self.claimed_quotes or quote.end <= quote.start:
                continue
            span = self.doc.char_span(quote.start, quote.end, alignment_mode="expand")
            if span is None:
                continue
            sent = span[0].sent
            words = quote.words(self.text)
            # "“It’s over,” she said." opens its sentence; a short quote inside one is a scare
            # quote or a title
            opens_sentence = quote.open_at <= sent.start_char + 1
            if words < MIN_QUOTE_WORDS and not opens_sentence:
                continue
            if words < 2:
                continue
            cue, subject = self._nearby_cue(quote, sent)
            if cue is None and subject is None:
                previous = self._previous_speaker(quote)
                if previous is not None:
                    attribution = self._make((quote.start, quote.end), None, None)
                    if attribution is not None:
                        attribution.source_span = previous.source_span
                        attribution.source_token = previous.source_token
                        attribution.kind = "direct"
                        attribution.continues = True
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
                continue
            attribution = self._make((quote.start, quote.end), cue, subject)
            if attribution is not None:
                attribution.kind = "direct"

    def _nearby_cue(
        self, quote: QuotedSpan, sent: Span
    ) -> tuple[tuple[int, int] | None, Token | None]:
        """A speech verb in the quote's sentence, outside the quote, or in the sentence before
        ending with a colon, or a short "he said." sentence right after."""
        doc = self.doc
        # '“...” ― Esther Tapia': a dash and a name after the quotation (vox pops, epigraphs)
        signed = _SIGNATURE.match(self.text, quote.close_at + 1)
        if signed:
            name = doc.char_span(signed.start("name"), signed.end("name"), alignment_mode="expand")
            if name is not None:
                return (signed.start("dash"), signed.end("dash")), name.root
        candidates: list[Span] = [sent]
        if sent.start > 0:
            before = doc[sent.start - 1].sent
            if before.text.rstrip().endswith(":"):
                candidates.append(before)
        if sent.end < len(doc):
            after = doc[sent.end].sent
            if len(after) <= 8:
                candidates.append(after)
            elif after.start_char - quote.close_at <= 2:
                # '“... votes?” Trump said, looking out on the crowd.': the split fell between
                # the quotation and its cue, which opens the next sentence
                candidates.append(after[:5])
        for candidate in candidates:
            for token in candidate:
                if quote.open_at <= token.idx <= quote.close_at:
                    continue
                between = (
                    self.text[quote.close_at : token.idx]
                    if token.idx > quote.close_at
                    else self.text[token.idx : quote.open_at]
                )
                if "\n" in between and not candidate.text.rstrip().endswith(":"):
                    continue  # a sentence the parser ran over a paragraph break
                if token.pos_ == "VERB" and cue_score(token.lemma_) >= CUE_THRESHOLD:
                    subject = _subject(token)
                    if subject is not None and not (quote.open_at <= subject.idx <= quote.close_at):
                        return (token.idx, token.idx + len(token.text)), subject
        return None, None

    def _previous_speaker(self, quote: QuotedSpan) -> Attribution | None:
        """Within one paragraph, a quotation with no cue continues the speaker before it."""
        paragraph_start = self.text.rfind("\n", 0, quote.open_at) + 1
        best = None
        for attribution in self.found:
            if paragraph_start <= attribution.start < quote.open_at and (
                attribution.source_span is not None
            ):
                if best is None or attribution.start > best.start:
                    best = attribution
        return best

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
        by_cue: dict[tuple[int, int] | None, list[Attribution]] = {}
        for attribution in sorted(self.found, key=lambda a: (a.start, -(a.end - a.start))):
            same_cue = by_cue.setdefault(attribution.cue_span, [])
            if not any(
                k.start <= attribution.start < k.end and attribution.end <= k.end for k in same_cue
            ):
                kept.append(attribution)
                same_cue.append(attribution)
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
    return extractor.found
