"""Who a source mention is: names, titles, roles and pronouns resolved to one actor per person.

Within a document, "Foreign Minister Anna Kessel", "Ms Kessel", "Kessel", "the minister" and a
later "she" are one actor, "Anna Kessel", with those aliases and the role "foreign minister".
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from discursus.annotate.voices import THE_SPEAKER

# Words that precede a name as a title or honorific; they become a role, not part of the name.
HONORIFICS = frozenset(
    """mr mr. mrs mrs. ms ms. miss dr dr. prof prof. professor sir dame lord lady his her h.e h.e.
    eminence excellency highness majesty holiness honourable honorable hon hon. grand ayatollah
    hojatoleslam hojjatoleslam hojjat hujjat hujjatul al-islam ol-eslam sheikh shaikh imam
    mullah mufti rabbi reverend rev rev. father
    pope cardinal bishop archbishop saint st st. sayyid seyyed seyed haji hajj""".split()
)
# clerical titles of several words, which leave no name when they stand alone
_TITLE_ONLY = re.compile(
    r"(?:hojj?at(?:ol)?[- ]?(?:al[- ])?[ei]slam|hujjat[- ]al[- ]islam|ayatollah|grand ayatollah|"
    r"sheikh|imam|seyy?e?d)(?:\s+(?:wa|wal)[- ]?(?:al[- ])?muslim(?:een|in))?",
    re.IGNORECASE,
)
ROLE_WORDS = frozenset(
    """president vice prime minister secretary foreign interior defence defense finance trade
    deputy senator sen. sen representative rep. rep governor gov. gov mayor chair chairman
    chairwoman chairperson speaker leader spokesman spokeswoman spokesperson ambassador envoy
    general gen. colonel col. admiral commander chief director head ceo founder king queen
    prince princess emir sultan cleric ayatollah judge justice attorney prosecutor adviser
    advisor official candidate nominee fellow professor editor correspondent analyst
    economist lawmaker mp minister-president chancellor premier commissioner leader head
    scholar researcher author writer member lecturer dean rector teacher officer manager
    delegate coordinator secretary-general""".split()
)
# role nouns that describe a kind of person, not an office: "the senior cleric" may be the
# cleric just named with another title; "the president" is only the one named president
KIND_OF_PERSON = frozenset(
    """cleric scholar official politician diplomat activist academic expert author writer
    veteran""".split()
)
# nouns that name a person or a people's role, beyond ROLE_WORDS; a source whose head is a
# common noun outside them and without a person's ending is no person ("experience has shown")
PERSON_NOUNS = frozenset(
    """person people man woman men women child children citizen resident witness victim
    worker student farmer soldier doctor lawyer nurse engineer observer participant
    colleague friend father mother son daughter brother sister husband wife family neighbour
    neighbor owner voter protester protestor refugee survivor patient pilot driver
    priest preacher source sources insider aide staffer critic diplomat academic expert
    pundit ally rival enemy skeptic sceptic partisan elder youth""".split()
)
_PERSON_ENDINGS = ("er", "or", "ist", "ian", "ant", "ent", "ee", "ess", "man", "woman")
_NOT_PEOPLE = frozenset(
    """paper letter order number water power matter border computer corner chapter quarter
    character danger answer disaster register layer cancer center centre theatre theater
    filter factor error mirror sector vector tenor rigor rigour honor honour labor labour
    favor favour humor humour color colour moment government agreement argument movement
    statement development environment element event content percent component document
    comment judgment judgement treatment investment management parliament experiment
    instrument department settlement payment equipment achievement commitment""".split()
)
ORGANIZATION_NOUNS = frozenset(
    """ministry office agency department government administration committee council party
    parliament assembly court commission campaign company firm bank union association
    institute center centre foundation university newspaper network station embassy army
    police service bureau board organization organisation coalition alliance movement
    front group team cabinet senate congress house""".split()
)
DOCUMENT_NOUNS = frozenset(
    """report study survey poll statement letter memo document paper article editorial
    analysis review book communique communiqué resolution law bill text declaration data
    record records filing complaint lawsuit order ruling transcript email emails ad agenda
    charter convention treaty protocol covenant accord programme program plan strategy
    constitution""".split()
)
# last words of a newspaper's or an agency's name, which the tagger may call a person
MEDIA_WORDS = frozenset(
    """gazette times post news daily journal herald tribune echo press review telegraph
    chronicle observer guardian courier agency mail standard star monitor""".split()
)
SCRIPTURE_NOUNS = frozenset("quran koran bible verse verses surah scripture gospel torah".split())
PERSON_PRONOUNS = frozenset("he she him her his hers i me my".split())
FIRST_PERSON = frozenset("i me my".split())
GROUP_PRONOUNS = frozenset("they them their theirs we us our ours".split())


@dataclass
class Actor:
    name: str
    type: str  # person | organization | group | document | scripture | unknown
    aliases: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    last_seen: int = -1  # char offset of its latest mention, for pronouns and roles
    named: bool = False  # introduced by a name (an entity), so a pronoun may stand for it

    def key_tokens(self) -> list[str]:
        return _name_tokens(self.name)


def _name_tokens(name: str) -> list[str]:
    return [t for t in re.findall(r"[\w'’.-]+", name.lower()) if t not in HONORIFICS]


def strip_titles(span: Span) -> tuple[str, str]:
    """('Anna Kessel', 'foreign minister') from 'Foreign Minister Anna Kessel'.

    >>> from discursus.annotate.pipeline import load_pipeline
    >>> doc = load_pipeline()("His Eminence Grand Ayatollah Reza Rezavand spoke.")
    >>> strip_titles(doc[0:6])
    ('Reza Rezavand', 'grand ayatollah')
    """
    tokens = list(span)
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    if tokens and tokens[-1].lower_ in {"'s", "’s"}:
        tokens.pop()
    role: list[str] = []
    while len(tokens) > 1 and (
        tokens[0].lower_ in HONORIFICS
        or tokens[0].lower_ in ROLE_WORDS
        or tokens[0].lower_ in {"the", "a", "an", "of", "al"}
        or not tokens[0].is_title
    ):
        token = tokens.pop(0)
        if token.lower_ not in HONORIFICS and token.lower_ not in ROLE_WORDS:
            continue
        if token.lower_ not in {"the", "a", "an", "his", "her"} and token.lower_ not in {
            "mr",
            "mr.",
            "mrs",
            "mrs.",
            "ms",
            "ms.",
            "dr",
            "dr.",
            "eminence",
            "excellency",
        }:
            role.append(token.lower_)
    name = "".join(t.text_with_ws for t in tokens).strip()
    return name, " ".join(role)


def _np_role(token: Token) -> str:
    """'the senior cleric' -> 'senior cleric'; 'the chair of the committee' -> 'chair of the
    committee'."""
    # the subtree read from its edges, a few words either side: a role is a short phrase
    lo = max(token.left_edge.i, token.i - 12)
    hi = min(token.right_edge.i, token.i + 12)
    words = [t for t in token.doc[lo : hi + 1] if t.dep_ not in {"det", "poss", "punct", "case"}]
    words = [t for t in words if t.i >= token.i or t.dep_ in {"amod", "compound"}]
    return " ".join(t.lower_ for t in words if not t.is_punct).strip()


# how many named mentions back a pronoun is looked up
_LOOK_BACK = 60


class ActorIndex:
    """The actors of one document, built while reading it in order."""

    def __init__(self, doc: Doc, body_end: int | None = None):
        self.doc = doc
        self.actors: list[Actor] = []
        # name words -> actors, so a name is looked up among those sharing a word with it
        self._by_token: dict[str, list[Actor]] = {}
        self._keys: dict[int, frozenset[str]] = {}
        self._order: dict[int, int] = {}
        self._by_phrase: dict[tuple[str, str], Actor] = {}  # actors named by a noun phrase
        self._by_entity: dict[int, Actor] = {}
        self._entity_start: dict[int, int] = {}  # token index -> start of its entity
        # named mentions in text order: (offset, actor, is a subject), for pronouns
        self._mentions: list[tuple[int, Actor, bool]] = []
        for ent in _relabelled_entities(doc, body_end):
            if ent.label_ in {"PERSON", "ORG", "NORP"}:
                actor = self._add_entity(ent)
                self._by_entity[ent.start] = actor
                self._roles_near(ent, actor)
                for i in range(ent.start, ent.end):
                    self._entity_start[i] = ent.start
                subject = ent.root.dep_ in {"nsubj", "nsubjpass"}
                self._mentions.append((ent.start_char, actor, subject))
        self._mention_offsets = [offset for offset, _, _ in self._mentions]

    def _add_actor(self, actor: Actor) -> Actor:
        self._order[id(actor)] = len(self.actors)
        self.actors.append(actor)
        self._index_name(actor)
        return actor

    def _index_name(self, actor: Actor) -> None:
        keys = frozenset(actor.key_tokens())
        self._keys[id(actor)] = keys
        for key in keys:
            self._by_token.setdefault(key, []).append(actor)

    def _find_by_name(self, tokens: list[str], person: bool) -> Actor | None:
        """The latest actor whose name holds these words or is held by them (people)."""
        if not tokens:
            return None
        wanted = set(tokens)
        sharing = {id(a): a for key in wanted for a in self._by_token.get(key, [])}
        for actor in sorted(sharing.values(), key=lambda a: -self._order[id(a)]):
            if (actor.type == "person") != person:
                continue
            have = self._keys[id(actor)]
            if wanted <= have or (person and have <= wanted and len(have) >= 1):
                return actor
        return None

    def _add_entity(self, ent: Span) -> Actor:
        person = ent.label_ == "PERSON"
        name, role = strip_titles(ent) if person else (_org_name(ent), "")
        tokens = _name_tokens(name)
        actor = self._find_by_name(tokens, person)
        if actor is None and not person:
            # the tagger calls a surname an organization now and then ("Rezavand said")
            known = self._find_by_name(tokens, True)
            if known is not None and set(tokens) <= self._keys[id(known)]:
                return known
        if actor is None:
            actor = self._add_actor(Actor(name, "person" if person else "organization", named=True))
        elif len(tokens) > len(self._keys[id(actor)]):
            # a fuller form of a name seen before becomes the canonical name
            actor.aliases.add(actor.name)
            actor.name = name
            self._index_name(actor)
        if ent.text.strip() != actor.name and not any(q in ent.text for q in '"“”«»„'):
            actor.aliases.add(ent.text.strip())
        if name != actor.name:
            actor.aliases.add(name)
        if role:
            actor.roles.add(role)
        # honorifics/titles written before the entity ("Foreign Minister" + "Anna Kessel")
        i = ent.start - 1
        while i >= 0 and (
            (
                (self.doc[i].lower_ in ROLE_WORDS or self.doc[i].lower_ in HONORIFICS)
                and self.doc[i].is_title
            )
            # "Secretary-General": a hyphen between two title words
            or (self.doc[i].text == "-" and i > 0 and self.doc[i - 1].lower_ in ROLE_WORDS)
        ):
            i -= 1
        if i + 1 < ent.start and person:
            actor.roles.add(self.doc[i + 1 : ent.start].text.lower().replace(" - ", "-"))
            actor.aliases.add(self.doc[i + 1 : ent.end].text)
        return actor

    def _roles_near(self, ent: Span, actor: Actor) -> None:
        """'Anna Kessel, the foreign minister,' and 'the foreign minister, Anna Kessel,'."""
        root = ent.root
        nouns = [c for c in root.children if c.dep_ == "appos"]
        if root.dep_ == "appos":
            nouns.append(root.head)
        for noun in nouns:
            # only a role noun makes a role: "the foreign minister", "leader of the Front"
            if noun.lower_ in ROLE_WORDS and noun.ent_type_ == "":
                role = _np_role(noun)
                if "\n" not in role and len(role.split()) <= 8:
                    actor.roles.add(role)

    # -- resolution --------------------------------------------------------------------------
    def resolve(
        self, token: Token, span_text: str, quoted: bool = False
    ) -> tuple[Actor | None, str]:
        """The actor a source mention (head ``token``) stands for, and the source type;
        ``quoted``: the mention stands inside a quotation (its "I" is the one quoted)."""
        lower = token.lower_
        if lower in FIRST_PERSON and not quoted:
            return self._the_speaker(token), "person"
        if token.ent_type_ in {"GPE", "LOC"} and token.pos_ == "PROPN":
            # a state speaks as an institution: "Mali reaffirms that ..."
            return self._named(span_text, "organization", token), "organization"
        if token.ent_type_ in {"PERSON", "ORG", "NORP"}:
            start = self._entity_start.get(token.i)
            if start is not None:
                actor = self._by_entity.get(start)
                if actor is not None:
                    actor.last_seen = token.idx
                    return actor, actor.type
        if lower in PERSON_PRONOUNS:
            actor = self._recent(token.idx, "person")
            return actor, "person"
        if lower in GROUP_PRONOUNS:
            return None, "group"
        lemma = token.lemma_.lower()
        if lower in SCRIPTURE_NOUNS or lemma in SCRIPTURE_NOUNS:
            return self._named(span_text, "scripture", token), "scripture"
        if lemma in DOCUMENT_NOUNS:
            return self._named(span_text, "document", token), "document"
        if lemma in ORGANIZATION_NOUNS:
            return self._named(span_text, "organization", token), "organization"
        if lemma in ROLE_WORDS or lower in ROLE_WORDS or token.pos_ == "NOUN":
            named = self._named_inside(token)
            if named is not None:  # "the great scholar Andrei Solvik": the name speaks
                named.last_seen = token.idx
                return named, named.type
            if not _names_a_person(token):
                # "historical experience has shown": a source, no actor
                return None, "unknown"
            if token.tag_ in {"NNS", "NNPS"}:
                return self._named(span_text, "group", token), "group"
            role_actor = self._by_role(token)
            definite = any(c.lower_ == "the" for c in token.children)
            if role_actor is None and definite and lemma in KIND_OF_PERSON:
                # "the senior cleric" after a named cleric: the person last in subject
                # position, if a title or role came with the name
                recent = self._recent(token.idx, "person")
                if recent is not None and recent.roles:
                    role_actor = recent
            if role_actor is not None:
                role_actor.last_seen = token.idx
                role_actor.aliases.add(span_text)
                return role_actor, role_actor.type
            return self._named(span_text, "person", token), "person"
        if token.pos_ == "PROPN":
            return self._named(span_text, "person", token), "person"
        return None, "unknown"

    def _the_speaker(self, token: Token) -> Actor:
        actor = self._by_phrase.get((THE_SPEAKER, "person"))
        if actor is None:
            actor = self._by_phrase[(THE_SPEAKER, "person")] = self._add_actor(
                Actor(THE_SPEAKER, "person")
            )
        actor.last_seen = token.idx
        return actor

    def _named_inside(self, token: Token) -> Actor | None:
        """The person named in a source's noun phrase, in apposition or as its last word."""
        for child in token.children:
            if child.dep_ in {"appos", "compound", "npadvmod"} and child.ent_type_ == "PERSON":
                start = self._entity_start.get(child.i)
                if start is not None and start in self._by_entity:
                    return self._by_entity[start]
        return None

    def _recent(self, before: int, kind: str) -> Actor | None:
        """The named actor of ``kind`` a pronoun at ``before`` most likely stands for: the
        latest one that was a subject or a source (news text keeps its speaker as subject),
        else the latest one mentioned at all."""
        best = fallback = None
        best_at = -1
        # only the mentions just before the pronoun: it refers back a little way, and the
        # search stays short however long the document
        end = bisect.bisect_left(self._mention_offsets, before)
        for offset, actor, subject in reversed(self._mentions[max(0, end - _LOOK_BACK) : end]):
            if actor.type != kind:
                continue
            if fallback is None:
                fallback = actor
            if subject:
                best, best_at = actor, offset
                break
        for actor in self.actors:
            if actor.type == kind and actor.named and best_at < actor.last_seen < before:
                best, best_at = actor, actor.last_seen
        return best or fallback

    def _by_role(self, token: Token) -> Actor | None:
        words = set(_np_role(token).split())
        head = token.lower_
        candidates = [a for a in self.actors if any(head in role.split() for role in a.roles)]
        if not candidates:
            return None
        # the actor whose role shares most words, the latest mentioned on ties
        return max(
            candidates,
            key=lambda a: (max(len(words & set(r.split())) for r in a.roles), a.last_seen),
        )

    def _named(self, text: str, kind: str, token: Token) -> Actor:
        name = _clean_np(text)
        key = (name.lower(), kind)
        actor = self._by_phrase.get(key)
        if actor is None:
            actor = self._by_phrase[key] = self._add_actor(Actor(name, kind))
        actor.last_seen = token.idx
        return actor


def _names_a_person(token: Token) -> bool:
    """Whether a common noun at the head of a source can be a person: a role, a person noun,
    or a word with a person's ending that is not a thing's."""
    lemma = token.lemma_.lower()
    if lemma in ROLE_WORDS or lemma in PERSON_NOUNS or token.lower_ in PERSON_NOUNS:
        return True
    if lemma in _NOT_PEOPLE or len(lemma) < 5:
        return False
    return lemma.endswith(_PERSON_ENDINGS)


def _relabelled_entities(doc: Doc, body_end: int | None) -> list[Span]:
    """The document's names, with the tagger's usual slips mended: scripture references and
    cut-off titles dropped, newspapers and parties it calls people made organisations, and
    people it calls organisations made people: when the name reads like one ("Nadia Coric,
    who ...", "Varga (2019a)") or shares its words with a person named elsewhere."""
    kept: list[Span] = []
    for ent in doc.ents:  # Doc.ents builds its spans anew on every access: read it once
        if body_end is not None and ent.start_char >= body_end:
            break  # the reference list names authors, not speakers
        # "Matthew 5:9", "Surah Ar-Ra'd": references the tagger took for names
        if any(ch.isdigit() for ch in ent.text) or ent[0].lower_ in SCRIPTURE_NOUNS:
            continue
        if ent.label_ == "PERSON" and _TITLE_ONLY.fullmatch(ent.text.strip()):
            continue  # "Hojjat al-Islam": a title the tagger cut off from the name
        if ent.label_ == "PERSON" and ent[-1].lower_ in MEDIA_WORDS | ORGANIZATION_NOUNS:
            ent = Span(doc, ent.start, ent.end, label="ORG")  # "Harbour Gazette", "... Front"
        elif ent.label_ == "ORG" and _looks_like_a_name(ent):
            ent = Span(doc, ent.start, ent.end, label="PERSON")  # "Nadia Coric, who runs it"
        kept.append(ent)
    people = [frozenset(_name_tokens(e.text)) for e in kept if e.label_ == "PERSON"]
    for index, ent in enumerate(kept):
        if ent.label_ != "ORG" or not _plain_name(ent):
            continue
        words = frozenset(_name_tokens(ent.text))
        if words and any(words <= person or person <= words for person in people if person):
            kept[index] = Span(doc, ent.start, ent.end, label="PERSON")
    return kept


def _plain_name(ent: Span) -> bool:
    """Capitalised proper nouns, none of them an organisation's word."""
    words = [t for t in ent if not t.is_punct]
    lowered = {t.lower_ for t in words}
    return (
        0 < len(words) <= 3
        and all(t.is_title and t.pos_ == "PROPN" for t in words)
        and not lowered & (ORGANIZATION_NOUNS | MEDIA_WORDS | {"consortium", "ministry", "front"})
    )


def _looks_like_a_name(ent: Span) -> bool:
    """Two or three capitalised words, none of them an organisation's word, and speaking as a
    person does (a relative 'who' or an apposition after it): the tagger's ORG for a person."""
    if not _plain_name(ent):
        return False
    after = ent.doc[ent.end : ent.end + 2]
    if len(after) == 2 and after[0].text == "(" and after[1].text[:4].isdigit():
        return True  # "Varga (2019a) argued": an author
    return (
        len(ent) >= 2
        and len(after) == 2
        and after[0].text == ","
        and after[1].lower_ in {"who", "a", "the"}
    )


def _org_name(ent: Span) -> str:
    tokens = [t for t in ent if not t.is_punct]
    if tokens and tokens[0].lower_ == "the":
        tokens = tokens[1:]
    if tokens and tokens[-1].lower_ in {"'s", "’s"}:
        tokens = tokens[:-1]
    return "".join(t.text_with_ws for t in tokens).strip() or ent.text


def _clean_np(text: str) -> str:
    text = re.sub(r"^(the|a|an)\s+", "", text.strip(), flags=re.IGNORECASE)
    text = re.split(r",\s", text)[0]
    return text.strip(" ,;:")
