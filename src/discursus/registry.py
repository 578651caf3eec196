"""The registry of components: annotators, readers, analyses, importers and exporters.

Each registers under a name with a version, what it ``requires`` and what it ``produces``.
The registries are spaCy's ``catalogue`` registries with entry points, so another package adds
a component by naming it in its own metadata, e.g. in its ``pyproject.toml``::

    [project.entry-points.discursus_annotators]
    sentiment = "my_package.sentiment:component"

where ``component`` is a :class:`Component` (or the function :func:`annotator` decorated).

An annotator is a pure function of a document and its config:
``func(item: AnnotatorInput, config: dict) -> {table name: [row, ...]}``, where ``item`` holds
the text, the parse (when it requires ``"parse"``) and the rows of the components it requires.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import import_module
from types import MappingProxyType
from typing import Any

import catalogue

from discursus.errors import ConfigError
from discursus.tablespec import TableSpec

KINDS = ("annotator", "reader", "analysis", "importer", "exporter")
PARSE = "parse"  # the spaCy parse: run once per document, before every annotator that needs it

# each kind's registry; another package adds to it under the entry-point group
# "discursus_<plural>" (discursus_annotators, discursus_analyses, ...)
PLURALS = {kind: "analyses" if kind == "analysis" else f"{kind}s" for kind in KINDS}
_registries = {
    kind: catalogue.create("discursus", PLURALS[kind], entry_points=True) for kind in KINDS
}

# the package's own components, imported when a registry is first read
_BUILTIN = {
    "annotator": (
        "discursus.annotate.components.parse",
        "discursus.annotate.components.citations",
        "discursus.annotate.components.speech",
        "discursus.annotate.components.codes",
        "discursus.annotate.components.targets",
        "discursus.annotate.components.stance",
        "discursus.annotate.components.frames",
        "discursus.annotate.components.techniques",
        "discursus.annotate.components.equivalences",
        "discursus.annotate.components.antagonisms",
        "discursus.annotate.components.presentations",
    ),
    "reader": ("discursus.ingest.formats", "discursus.ingest.sources"),
    "analysis": ("discursus.analysis.catalog",),
    "importer": ("discursus.exchange.components",),
    "exporter": ("discursus.report.exporters", "discursus.exchange.components"),
}


@dataclass(frozen=True)
class Component:
    """A registered piece of work. ``version`` changes whenever its output for the same input
    may change (code, rules, or a learned artefact it loads); ``config`` holds its defaults,
    and a run's settings for it are hashed into its freshness."""

    name: str
    kind: str
    version: str
    func: Callable[..., Any]
    requires: tuple[str, ...] = ()
    produces: tuple[TableSpec, ...] = ()
    config: Mapping[str, Any] = field(default_factory=dict)
    label: str = ""  # how problems name it ("reported speech"); the name if empty
    description: str = ""
    # what the code calling it must know (a reader's suffixes and shape)
    traits: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"component {self.name!r}: kind {self.kind!r} is not one of {KINDS}")
        if not self.description:
            object.__setattr__(self, "description", first_sentence(self.func.__doc__))
        object.__setattr__(self, "config", MappingProxyType(dict(self.config)))
        object.__setattr__(self, "traits", MappingProxyType(dict(self.traits)))
        object.__setattr__(self, "requires", tuple(self.requires))
        object.__setattr__(self, "produces", tuple(self.produces))

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        # the name a decorator bound stays usable as the function it registered
        return self.func(*args, **kwargs)

    @property
    def title(self) -> str:
        return self.label or self.name

    @property
    def table_names(self) -> tuple[str, ...]:
        return tuple(spec.name for spec in self.produces if isinstance(spec, TableSpec))

    def settings(self, overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Its config with a run's ``overrides``; an unknown key is refused by name."""
        overrides = dict(overrides or {})
        unknown = sorted(set(overrides) - set(self.config))
        if unknown:
            known = ", ".join(sorted(self.config)) or "none"
            raise ConfigError(
                f"{self.kind} {self.name!r} has no setting {', '.join(map(repr, unknown))}; "
                f"its settings: {known}"
            )
        return {**self.config, **overrides}


def first_sentence(text: str | None) -> str:
    """The first sentence of a docstring, on one line."""
    paragraph = " ".join((text or "").strip().split("\n\n")[0].split())
    match = re.search(r"(?<=[a-z)]\.)\s", paragraph)
    return paragraph[: match.start()] if match else paragraph


def config_hash(settings: Mapping[str, Any]) -> str:
    """A short, stable hash of a component's settings."""
    encoded = json.dumps(dict(settings), sort_keys=True, default=str).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()[:16]


def register(component: Component) -> Component:
    """Add ``component`` to the registry of its kind (a later one of the same name wins)."""
    _registries[component.kind].register(component.name, func=component)
    return component


@contextmanager
def registered(component: Component) -> Iterator[Component]:
    """``component`` registered for the block only (a name it shadows comes back after)."""
    registry = _registries[component.kind]
    before = registry.get_all().get(component.name)
    register(component)
    try:
        yield component
    finally:
        if before is not None:
            register(before)
        else:
            catalogue._remove(("discursus", PLURALS[component.kind], component.name))


def annotator(
    name: str,
    *,
    version: str,
    requires: Iterable[str] = (),
    produces: Iterable[TableSpec] = (),
    config: Mapping[str, Any] | None = None,
    label: str = "",
    traits: Mapping[str, Any] | None = None,
) -> Callable[[Callable], Component]:
    """Register the decorated function as an annotator; the name is bound to its Component.
    ``traits["on_index"]``: a function of an :class:`~discursus.annotate.records.IndexInput`
    and the settings that gives the same rows for many documents at once from the token
    index (or None when it cannot), run instead where only this annotator is stale."""

    def decorate(func: Callable) -> Component:
        return register(
            Component(
                name,
                "annotator",
                version,
                func,
                tuple(requires),
                tuple(produces),
                config or {},
                label,
                traits=traits or {},
            )
        )

    return decorate


_loaded: set[str] = set()


def _load_builtin(kind: str) -> None:
    if kind in _loaded:
        return
    _loaded.add(kind)
    for module in _BUILTIN[kind]:
        import_module(module)


def components(kind: str) -> dict[str, Component]:
    """Every registered component of ``kind``, by name (the package's, then entry points)."""
    if kind not in KINDS:
        raise ConfigError(f"unknown component kind {kind!r}; kinds: {', '.join(KINDS)}")
    _load_builtin(kind)
    found = _registries[kind].get_all()
    bad = [name for name, value in found.items() if not isinstance(value, Component)]
    if bad:
        raise ConfigError(f"registered {kind}s {bad} are not discursus Components")
    return dict(sorted(found.items()))


def get(kind: str, name: str) -> Component:
    """The component ``name`` of ``kind``; an unknown name lists the known ones."""
    known = components(kind)
    if name not in known:
        raise ConfigError(f"no {kind} {name!r}; registered {kind}s: {', '.join(known) or 'none'}")
    return known[name]


def pipeline(
    names: Iterable[str] | None = None, settings: Mapping[str, Mapping[str, Any]] | None = None
) -> list[Component]:
    """The annotators ``names`` (all registered ones if None) with everything they require,
    in an order where each comes after its requirements. A requirement no registered
    annotator provides, or a cycle, is refused before anything runs, naming the missing
    piece. An annotator whose requirements depend on its ``settings``
    (``traits["requires_for"]``) requires them too."""
    registered = dict(components("annotator"))
    for name, component in list(registered.items()):
        extra = component.traits.get("requires_for")
        if extra is not None:
            more = tuple(extra(component.settings((settings or {}).get(name))))
            if more:
                requires = tuple(dict.fromkeys((*component.requires, *more)))
                registered[name] = dataclasses.replace(component, requires=requires)
    wanted = list(registered) if names is None else list(dict.fromkeys(names))
    for name in wanted:
        if name not in registered:
            raise ConfigError(
                f"no annotator {name!r}; registered annotators: {', '.join(registered)}"
            )
    wanted.sort(key=lambda name: name != PARSE)  # the parse first, the rest as given
    ordered: list[Component] = []
    state: dict[str, str] = {}

    def visit(name: str, path: tuple[str, ...]) -> None:
        if state.get(name) == "done":
            return
        if state.get(name) == "visiting":
            raise ConfigError(f"annotators require each other in a cycle: {' -> '.join(path)}")
        if name not in registered:
            raise ConfigError(
                f"annotator {path[-2]!r} requires {name!r}, which no registered annotator "
                f"provides (registered: {', '.join(registered)}); install the package that "
                "provides it"
            )
        state[name] = "visiting"
        for requirement in registered[name].requires:
            visit(requirement, (*path, requirement))
        state[name] = "done"
        ordered.append(registered[name])

    for name in wanted:
        visit(name, (name,))
    return ordered


def dependents(name: str) -> tuple[str, ...]:
    """The annotators that read ``name``'s rows, directly or through another, in pipeline
    order: what must run again when its output changes."""
    ordered = pipeline()
    found: set[str] = {name}
    for component in ordered:
        if found & set(component.requires):
            found.add(component.name)
    return tuple(c.name for c in ordered if c.name in found and c.name != name)


def table_specs() -> dict[str, TableSpec]:
    """Every table the registered annotators produce, by name; two producing one is refused."""
    specs: dict[str, TableSpec] = {}
    owner: dict[str, str] = {}
    for component in components("annotator").values():
        for spec in component.produces:
            if spec.name in specs and owner[spec.name] != component.name:
                raise ConfigError(
                    f"annotators {owner[spec.name]!r} and {component.name!r} both produce "
                    f"table {spec.name!r}"
                )
            specs[spec.name] = spec
            owner[spec.name] = component.name
    return specs


def producer_of(table: str) -> Component:
    """The annotator that writes ``table``."""
    for component in components("annotator").values():
        if table in component.table_names:
            return component
    raise ConfigError(f"no registered annotator produces table {table!r}")
