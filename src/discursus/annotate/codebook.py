"""Codebooks: the codes a researcher attaches to passages, and how to find them.

A codebook is YAML or JSON: a name and a tree of codes, each with a description, a colour, a
memo and, optionally, rules that find it: ``keywords`` (words and phrases, any case),
``lemmas`` (a word in any of its forms), ``patterns`` (spaCy Matcher patterns, a list of
token descriptions each), ``dependency_patterns`` (spaCy DependencyMatcher patterns: tokens
joined by their grammatical relations) and ``examples`` (passages, for the example coder)::

    name: World order
    codes:
      - name: anti-hegemony
        description: Opposition to the dominance of one power.
        color: "#c0504d"
        keywords: [hegemony, unipolar world]
        lemmas: [dominate]
        codes:
          - name: sanctions
            patterns: [[{LOWER: unilateral}, {LOWER: sanctions}]]

:func:`load_codebook` reads one and says, for every problem, the file, the line, what is
wrong and how to fix it. Its ``version`` is a hash of its content, and each code has its own
(``Code.version``), so a change shows which codes it touches.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from discursus.errors import DiscursusError

MAX_CODEBOOK_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 8
CODE_KEYS = (
    "name", "description", "color", "memo", "keywords", "lemmas", "patterns",
    "dependency_patterns", "examples",
)  # fmt: skip
TOP_KEYS = ("name", "description", "codes")
_COLOR = re.compile(r"#[0-9a-fA-F]{6}")


class CodebookError(DiscursusError):
    """A codebook that cannot be used; ``problems`` lists every one, each naming its line."""

    def __init__(self, source: str, problems: list[str]) -> None:
        super().__init__(f"{source}: {len(problems)} problem(s)\n" + "\n".join(problems))
        self.source = source
        self.problems = problems


@dataclass(frozen=True)
class Code:
    """One code: ``path`` is its place in the tree ("anti-hegemony/sanctions")."""

    name: str
    path: str
    parent: str | None
    description: str = ""
    color: str | None = None
    memo: str = ""
    keywords: tuple[str, ...] = ()
    lemmas: tuple[str, ...] = ()
    patterns: tuple[tuple[dict, ...], ...] = ()
    examples: tuple[str, ...] = ()
    # spaCy DependencyMatcher patterns: token descriptions joined by their relations
    dependency_patterns: tuple[tuple[dict, ...], ...] = ()

    @property
    def has_rules(self) -> bool:
        return bool(
            self.keywords or self.lemmas or self.patterns or self.examples
            or self.dependency_patterns
        )  # fmt: skip

    @property
    def version(self) -> str:
        """A hash of what finds this code: changes to it mark its codings stale."""
        rules: dict[str, Any] = {
            "keywords": self.keywords,
            "lemmas": self.lemmas,
            "patterns": self.patterns,
        }
        # only when given: the versions of codes without them stay as they were
        if self.examples:
            rules["examples"] = self.examples
        if self.dependency_patterns:
            rules["dependency_patterns"] = self.dependency_patterns
        return _digest(rules)


@dataclass(frozen=True)
class Codebook:
    name: str
    codes: tuple[Code, ...]
    description: str = ""
    source: str = ""
    data: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def version(self) -> str:
        return _digest(self.data)

    def code(self, name: str) -> Code:
        for code in self.codes:
            if code.name == name or code.path == name:
                return code
        known = ", ".join(c.name for c in self.codes)
        raise DiscursusError(f"no code {name!r} in codebook {self.name!r}; codes: {known}")

    def to_dict(self) -> dict[str, Any]:
        """The codebook as it was read (plain JSON values), to store or pass on."""
        return self.data


def _digest(value: Any) -> str:
    encoded = json.dumps(value, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()[:12]


class _Loader(yaml.SafeLoader):
    """YAML without aliases (a codebook is someone's file: no billion laughs)."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in a codebook", event.start_mark
            )
        return super().compose_node(parent, index)


def _plain(node, loader: _Loader, lines: dict[int, int]) -> Any:
    """The node as plain values; ``lines`` maps id(value) of each mapping and list to its
    line (1-based), so problems can name it."""
    if isinstance(node, yaml.MappingNode):
        value: Any = {}
        for key, item in node.value:
            value[str(loader.construct_object(key))] = _plain(item, loader, lines)
    elif isinstance(node, yaml.SequenceNode):
        value = [_plain(item, loader, lines) for item in node.value]
    else:
        value = loader.construct_object(node)
    lines[id(value)] = node.start_mark.line + 1
    return value


def read_codebook_data(text: str, source: str) -> tuple[Any, dict[int, int]]:
    """The parsed file (JSON is read as the YAML it is a subset of) and the lines of its parts."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{source}:{mark.line + 1}" if mark else source
        reason = getattr(exc, "problem", None) or str(exc)
        raise CodebookError(source, [f"{where}: not valid YAML or JSON: {reason}"]) from None
    finally:
        loader.dispose()
    lines: dict[int, int] = {}
    if node is None:
        return None, lines
    return _plain(node, loader, lines), lines


def load_codebook(path: str | Path) -> Codebook:
    """The codebook in the YAML or JSON file ``path``; every problem at once, by line."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CodebookError(str(path), [f"{path}: cannot read: {exc.strerror or exc}"]) from None
    if len(data) > MAX_CODEBOOK_BYTES:
        raise CodebookError(
            str(path), [f"{path}: {len(data):,} bytes, over the {MAX_CODEBOOK_BYTES:,} limit"]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CodebookError(str(path), [f"{path}: not UTF-8 ({exc.reason})"]) from None
    return parse_codebook(text, str(path))


def parse_codebook(text: str, source: str = "codebook") -> Codebook:
    """The codebook in ``text`` (YAML or JSON)."""
    value, lines = read_codebook_data(text, source)
    return codebook_from_data(value, source, lines)


def codebook_from_data(
    value: Any, source: str = "codebook", lines: dict[int, int] | None = None
) -> Codebook:
    """A codebook from plain values (as :meth:`Codebook.to_dict` gives), checked."""
    lines = lines or {}
    problems: list[str] = []

    def at(obj: Any, fallback: Any = None) -> str:
        line = lines.get(id(obj)) or lines.get(id(fallback))
        return f"{source}:{line}" if line else source

    if not isinstance(value, dict):
        raise CodebookError(
            source,
            [f"{at(value)}: a codebook is a mapping with 'name' and 'codes'; found "
             f"{type(value).__name__}"],
        )  # fmt: skip
    _unknown_keys(value, TOP_KEYS, "the codebook", at(value), problems)
    name = value.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append(f"{at(value)}: the codebook needs a 'name' (text)")
        name = ""
    codes_value = value.get("codes")
    codes: list[Code] = []
    places: dict[tuple[str, int], str] = {}  # (code name, pattern number or 0) -> file:line
    if not isinstance(codes_value, list) or not codes_value:
        problems.append(
            f"{at(value)}: 'codes' must be a list of codes, each with a 'name'; add at least one"
        )
    else:
        _read_codes(codes_value, None, 1, codes, problems, at, places)
    seen: set[str] = set()
    for index, code in enumerate(codes):
        if code.name in seen:
            where = places.get((code.name, -index - 1), source)
            problems.append(
                f"{where}: code {code.name!r} is named twice; give each code its own name"
            )
        seen.add(code.name)
    problems += _check_patterns(codes, places, source)
    if problems:
        raise CodebookError(source, problems)
    return Codebook(name.strip(), tuple(codes), str(value.get("description") or ""), source, value)


def _unknown_keys(value: dict, allowed: tuple[str, ...], what: str, where: str, problems) -> None:
    for key in value:
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            problems.append(
                f"{where}: {what}: unknown key {key!r}; {hint}keys: {', '.join(allowed)}"
            )


def _strings(value: Any, key: str, label: str, where: str, problems: list[str]) -> tuple:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(f"{where}: {label}: '{key}' must be a list of non-empty texts")
        return ()
    return tuple(v.strip() for v in value)


_PATTERN_HELP = {
    "patterns": "spaCy Matcher patterns, each a list of token descriptions such as "
    "[{LOWER: global}, {LOWER: south}]",
    "dependency_patterns": "spaCy DependencyMatcher patterns, each a list of token "
    "descriptions such as [{RIGHT_ID: verb, RIGHT_ATTRS: {LEMMA: impose}}, {LEFT_ID: verb, "
    "REL_OP: '>', RIGHT_ID: object, RIGHT_ATTRS: {DEP: dobj, LEMMA: sanction}}]",
}


def _patterns(item: dict, key: str, where: str, label: str, problems: list[str]) -> list:
    """The code's patterns under ``key`` if they are lists of token descriptions (spaCy
    checks them further), else none and a problem that shows what they look like."""
    patterns = item.get(key) or []
    if isinstance(patterns, list) and all(
        isinstance(p, list) and p and all(isinstance(t, dict) for t in p) for p in patterns
    ):
        return patterns
    problems.append(f"{where}: {label}: '{key}' must be a list of {_PATTERN_HELP[key]}")
    return []


def _read_codes(
    items, parent: Code | None, depth: int, codes: list[Code], problems, at, places
) -> None:
    if depth > MAX_DEPTH:
        problems.append(f"{at(items)}: codes nested deeper than {MAX_DEPTH} levels")
        return
    for item in items:
        where = at(item, items)
        if not isinstance(item, dict):
            problems.append(f"{where}: a code is a mapping with at least a 'name'")
            continue
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            problems.append(f"{where}: a code needs a 'name' (text)")
            continue
        name = name.strip()
        label = f"code {name!r}"
        _unknown_keys(item, (*CODE_KEYS, "codes"), label, where, problems)
        color = item.get("color")
        if color is not None and not (isinstance(color, str) and _COLOR.fullmatch(color)):
            problems.append(f"{where}: {label}: color {color!r} is not like '#c0504d'")
            color = None
        patterns = _patterns(item, "patterns", where, label, problems)
        dependency = _patterns(item, "dependency_patterns", where, label, problems)
        path = f"{parent.path}/{name}" if parent else name
        places[(name, -len(codes) - 1)] = where
        for number, pattern in enumerate(patterns, 1):
            places[(name, number)] = at(pattern, item)
        for number, pattern in enumerate(dependency, 1):
            places[(name, f"dependency:{number}")] = at(pattern, item)
        code = Code(
            name,
            path,
            parent.name if parent else None,
            str(item.get("description") or ""),
            color,
            str(item.get("memo") or ""),
            _strings(item.get("keywords"), "keywords", label, where, problems),
            _strings(item.get("lemmas"), "lemmas", label, where, problems),
            tuple(tuple(token for token in pattern) for pattern in patterns),
            _strings(item.get("examples"), "examples", label, where, problems),
            tuple(tuple(token for token in pattern) for pattern in dependency),
        )
        codes.append(code)
        children = item.get("codes")
        if children is not None:
            if not isinstance(children, list):
                problems.append(f"{where}: {label}: 'codes' must be a list of codes")
            else:
                _read_codes(children, code, depth + 1, codes, problems, at, places)


def _check_patterns(codes: list[Code], places: dict, source: str) -> list[str]:
    """Every Matcher and DependencyMatcher pattern checked by spaCy's own schema."""
    if not any(code.patterns or code.dependency_patterns for code in codes):
        return []
    from spacy.matcher import DependencyMatcher, Matcher
    from spacy.vocab import Vocab

    matcher = Matcher(Vocab(), validate=True)
    dependency = DependencyMatcher(Vocab(), validate=True)
    problems = []
    for code in codes:
        for number, pattern in enumerate(code.dependency_patterns, 1):
            try:
                dependency.add(f"check-{code.name}-{number}", [list(pattern)])
            except (ValueError, KeyError, TypeError) as exc:
                reason = " ".join(str(exc).split())[:300]
                where = places.get((code.name, f"dependency:{number}"), source)
                problems.append(
                    f"{where}: code {code.name!r}: dependency pattern {number} is not a spaCy "
                    f"DependencyMatcher pattern: {reason}; see "
                    "https://spacy.io/usage/rule-based-matching#dependencymatcher"
                )
    for code in codes:
        for number, pattern in enumerate(code.patterns, 1):
            try:
                matcher.add(f"check-{code.name}-{number}", [list(pattern)])
            except (ValueError, KeyError, TypeError) as exc:
                reason = " ".join(str(exc).split())[:300]
                where = places.get((code.name, number), source)
                problems.append(
                    f"{where}: code {code.name!r}: pattern {number} is not a spaCy Matcher "
                    f"pattern: {reason}; see https://spacy.io/usage/rule-based-matching"
                )
    return problems


# -- editing a codebook: each returns a new one, checked; the old one is not changed ----------

RULE_KEYS = ("keywords", "lemmas", "patterns", "dependency_patterns", "examples")


def _copy(codebook: Codebook) -> dict[str, Any]:
    return json.loads(json.dumps(codebook.to_dict()))


def _walk(items: list[dict]):
    """Every code's mapping with the list it stands in."""
    for item in items:
        yield item, items
        yield from _walk(item.get("codes") or [])


def _item(data: dict[str, Any], name: str) -> tuple[dict, list]:
    for item, siblings in _walk(data.get("codes") or []):
        if str(item.get("name", "")).strip() == name:
            return item, siblings
    known = ", ".join(str(i.get("name")) for i, _ in _walk(data.get("codes") or []))
    raise DiscursusError(f"no code {name!r} in the codebook; codes: {known}")


def _checked(data: dict[str, Any], source: str) -> Codebook:
    return codebook_from_data(data, source)


def renamed_code(codebook: Codebook, old: str, new: str) -> Codebook:
    """``codebook`` with the code ``old`` called ``new`` (its rules and children kept)."""
    data = _copy(codebook)
    item, _ = _item(data, old)
    item["name"] = new
    return _checked(data, codebook.source)


def merged_codes(codebook: Codebook, source: str, target: str) -> Codebook:
    """``codebook`` with the code ``source`` folded into ``target``: its rules, examples and
    sub-codes go to ``target``, its memo is appended to ``target``'s."""
    if source == target:
        raise DiscursusError(f"cannot merge {source!r} into itself")
    data = _copy(codebook)
    item, siblings = _item(data, source)
    into, _ = _item(data, target)
    if any(child is into for child, _ in _walk(item.get("codes") or [])):
        raise DiscursusError(f"{target!r} is a sub-code of {source!r}: merge it the other way")
    for key in RULE_KEYS:
        extra = item.get(key) or []
        extra = [extra] if isinstance(extra, str) else extra
        have = into.get(key) or []
        have = [have] if isinstance(have, str) else have
        if extra:
            into[key] = have + [value for value in extra if value not in have]
    if item.get("memo"):
        into["memo"] = "\n\n".join(filter(None, [into.get("memo"), item["memo"]]))
    if item.get("codes"):
        into["codes"] = (into.get("codes") or []) + item["codes"]
    siblings.remove(item)
    return _checked(data, codebook.source)


def with_code(
    codebook: Codebook,
    name: str,
    *,
    parent: str | None = None,
    take_from: str | None = None,
    rules: list[str] = (),
    description: str = "",
) -> Codebook:
    """``codebook`` with a new code ``name`` (under ``parent``, or at the top); ``rules`` (as
    codings name them: ``keyword:WORD``, ``lemma:WORD``) are moved to it from ``take_from``."""
    data = _copy(codebook)
    if any(str(i.get("name", "")).strip() == name for i, _ in _walk(data.get("codes") or [])):
        raise DiscursusError(f"the codebook already has a code {name!r}")
    new: dict[str, Any] = {"name": name}
    if description:
        new["description"] = description
    if rules:
        if take_from is None:
            raise DiscursusError("say which code the rules are taken from")
        donor, _ = _item(data, take_from)
        for rule in rules:
            kind, _, value = rule.partition(":")
            key = {"keyword": "keywords", "lemma": "lemmas"}.get(kind)
            values = donor.get(key) or [] if key else []
            values = [values] if isinstance(values, str) else values
            if key is None or value not in values:
                raise DiscursusError(
                    f"code {take_from!r} has no rule {rule!r}; its rules: "
                    + ", ".join(
                        f"{k[:-1]}:{v}" for k in ("keywords", "lemmas") for v in donor.get(k) or []
                    )
                )
            donor[key] = [v for v in values if v != value]
            new.setdefault(key, []).append(value)
    if parent is None:
        data.setdefault("codes", []).append(new)
    else:
        into, _ = _item(data, parent)
        into.setdefault("codes", []).append(new)
    return _checked(data, codebook.source)


def with_codes(
    codebook: Codebook | None, items: list[dict[str, Any]], name: str = "codebook"
) -> tuple[Codebook | None, int]:
    """``codebook`` (None: a new one called ``name``) with the codes of ``items`` (codebook
    data) it lacks, by name, added where they stand in their tree; a code it has keeps its
    rules. Returns it and how many codes were added."""
    data: dict[str, Any] = _copy(codebook) if codebook else {"name": name, "codes": []}
    have: dict[str, dict] = {str(i.get("name", "")).strip(): i for i, _ in _walk(data["codes"])}
    added = 0

    def add(new_items: list[dict], into: list[dict]) -> None:
        nonlocal added
        for item in new_items:
            target = have.get(item["name"])
            if target is None:
                target = {k: v for k, v in item.items() if k != "codes"}
                into.append(target)
                have[item["name"]] = target
                added += 1
            if item.get("codes"):
                add(item["codes"], target.setdefault("codes", []))

    add(items, data["codes"])
    if not data["codes"]:
        return None, 0
    return _checked(data, codebook.source if codebook else name), added
