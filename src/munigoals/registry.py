"""Comparison concepts: what an indicator measures, so that cities can be put side by side.

The registry is a data file (``data/concepts.json``, checked against ``data/concepts.schema.json``):
each concept has an id, Japanese and English labels, a unit, a polarity, a definition and match rules.
City plugins add or refine rules through the ``concepts`` of their ``CITY`` value (a plugin knows what
its own indicators count). Alignment gives each indicator at most one concept, with a ``match`` of
``exact`` / ``proxy`` / ``related`` and a note a researcher can cite.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

import attrs

from munigoals.cache import validated
from munigoals.errors import MunigoalsError
from munigoals.japanese import normalize
from munigoals.patterns import any_of
from munigoals.quantities import Comparator

__all__ = [
    "MATCH_KINDS",
    "POLARITIES",
    "Alignment",
    "Concept",
    "ConceptMapping",
    "ConceptRegistry",
    "Reference",
    "load_registry",
    "plugin_concept",
]

#: How well an indicator matches a concept.
MATCH_KINDS = ("exact", "proxy", "related")
#: Which way is better.
POLARITIES = ("higher_is_better", "lower_is_better", "within_band")


def _valid_pattern(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"{attribute.name} is not a regular expression: {exc}") from exc


@attrs.frozen
class ConceptMapping:
    """A rule that maps indicators onto a concept.

    Attributes:
        concept: Concept id (``sns_followers``).
        pattern: Regular expression searched in the NFKC-normalised indicator name.
        match: ``exact``, ``proxy`` or ``related``.
        note: Why, in words a researcher can cite (what the city's indicator counts), in English.
        city: The city slug the rule is for; ``None`` for every city. Rules from a plugin's ``CITY``
            value are for that plugin's city.
        note_ja: The same note in Japanese, for Japanese charts (a chart without it says so).
    """

    concept: str
    pattern: str = attrs.field(validator=_valid_pattern)
    match: str = attrs.field(validator=attrs.validators.in_(MATCH_KINDS))
    note: str = ""
    city: str | None = None
    note_ja: str = ""


@attrs.frozen
class Reference:
    """A value the law sets for a concept (the 早期健全化基準 of a financial ratio), with its source.

    Attributes:
        value: The value.
        comparator: How the measure must stand to it (``lt``: stay under it; a registry file that
            writes the symbol, ``<``, is read the same).
        label_ja: Japanese name (早期健全化基準).
        label_en: English name.
        source: Where it is stated, citable.
    """

    value: float
    comparator: str = attrs.field(converter=lambda c: Comparator.read(str(c)).value)
    label_ja: str
    label_en: str
    source: str


@attrs.frozen
class Concept:
    """A measure that several cities' indicators can be compared on.

    Attributes:
        id: Identifier (``real_debt_service_ratio``).
        label_ja: Japanese label.
        label_en: English label.
        unit: Unit of the concept.
        polarity: ``higher_is_better``, ``lower_is_better`` or ``within_band``.
        definition: What it measures, and how definitions differ between cities.
        series: Whether several indicators of one city may be one series of this concept.
        rules: Registry rules (for every city unless a rule names one).
        reference: A value the law sets for the measure, where there is one.
        tags: Topics (``finance``, ``participation``, ``digital`` …), to narrow a comparison.
        source: Where the definition comes from, citable (a statute, a survey, a national statistic).
        origin: Who defines the concept: ``munigoals`` (the core registry) or the plugin that
            contributes it (its id is then ``<plugin>.<id>``).
    """

    id: str
    label_ja: str
    label_en: str
    unit: str
    polarity: str = attrs.field(validator=attrs.validators.in_(POLARITIES))
    definition: str
    series: bool = False
    rules: tuple[ConceptMapping, ...] = ()
    reference: Reference | None = None
    tags: tuple[str, ...] = ()
    source: str | None = None
    origin: str = "munigoals"


#: Who defines the core registry's concepts.
CORE_ORIGIN = "munigoals"
_PLUGIN_CONCEPT_ID = re.compile(r"[a-z][a-z0-9_]*")


def plugin_concept(plugin: str, concept: Concept) -> Concept:
    """A concept a plugin contributes, namespaced by the plugin (``oyabe.library_visits``) unless
    its id already is.

    Raises:
        MunigoalsError: for an id that is not lower-case ASCII, or namespaced by another plugin.
    """
    prefix, dot, rest = concept.id.rpartition(".")
    if dot and prefix != plugin:
        raise MunigoalsError(
            f"plugin {plugin!r} contributes concept {concept.id!r}, namespaced by another plugin; "
            f"name it {plugin}.{rest}"
        )
    local = rest if dot else concept.id
    if not _PLUGIN_CONCEPT_ID.fullmatch(local):
        raise MunigoalsError(
            f"plugin {plugin!r} contributes concept {concept.id!r}: ids are lower-case ASCII"
        )
    return attrs.evolve(concept, id=f"{plugin}.{local}", origin=plugin)


@attrs.frozen
class Alignment:
    """The concept an indicator was aligned to.

    Attributes:
        concept: The concept.
        match: ``exact``, ``proxy`` or ``related``.
        note: Why, citable (English).
        note_ja: The same in Japanese (empty where the rule gives none).
    """

    concept: Concept
    match: str
    note: str
    note_ja: str = ""


_SCHEMA = "concepts.schema.json"
_DATA = "concepts.json"


def _read_bytes(name: str) -> bytes:
    # beside the module, as the layout-spec schema is (importlib.resources costs more than the read)
    return (Path(__file__).parent / "data" / name).read_bytes()


def load_registry(
    path: Path | None = None, extra: Iterable[ConceptMapping] = (), contributed: Iterable[Concept] = ()
) -> ConceptRegistry:
    """Load the registry (the bundled one, or ``path``), add the concepts plugins contribute
    (``contributed``, already namespaced: :func:`plugin_concept`) and plugin rules.

    Raises:
        MunigoalsError: when the file does not follow the schema, a concept is defined twice (naming
            both definers), or a rule names an unknown concept.
    """
    try:
        raw = path.read_bytes() if path else _read_bytes(_DATA)
        data = json.loads(raw.decode("utf-8"))
        schema = _read_bytes(_SCHEMA)
    except (OSError, ValueError) as exc:
        raise MunigoalsError(f"concept registry {path or _DATA} cannot be read: {exc}") from exc

    def check() -> None:
        import jsonschema  # only on a registry not validated before: importing it costs a start-up

        try:
            jsonschema.validate(data, json.loads(schema))
        except jsonschema.ValidationError as exc:
            raise MunigoalsError(
                f"concept registry {path or _DATA} does not follow the schema: {exc.message}"
            ) from exc

    validated("concepts", raw, schema, check)
    concepts = []
    for item in data["concepts"]:  # type: ignore[index]
        rules = tuple(ConceptMapping(item["id"], **rule) for rule in item.get("rules", []))
        fields = {k: v for k, v in item.items() if k not in ("rules", "reference", "tags")}
        reference = Reference(**item["reference"]) if "reference" in item else None
        tags = tuple(item.get("tags", ()))
        concepts.append(Concept(**fields, rules=rules, reference=reference, tags=tags))
    return ConceptRegistry([*concepts, *contributed], extra)


class ConceptRegistry:
    """The concepts, and the rules that align indicators to them."""

    def __init__(self, concepts: Sequence[Concept], extra: Iterable[ConceptMapping] = ()) -> None:
        self.concepts: dict[str, Concept] = {}
        for concept in concepts:
            if concept.id in self.concepts:
                first = self.concepts[concept.id].origin
                raise MunigoalsError(
                    f"concept {concept.id!r} is defined twice: by {first!r} and by {concept.origin!r}"
                )
            self.concepts[concept.id] = concept
        self.city_rules: list[ConceptMapping] = []
        for rule in extra:
            if rule.concept not in self.concepts:
                known = ", ".join(self.concepts)
                raise MunigoalsError(
                    f"a concept mapping names unknown concept {rule.concept!r}; known: {known}"
                )
            self.city_rules.append(rule)
        # indexed once, so that each city's rules are found without scanning every city's
        self._own: dict[str | None, list[tuple[int, ConceptMapping]]] = {}
        for k, rule in enumerate(self.city_rules):
            self._own.setdefault(rule.city, []).append((k, rule))
        self._general = [rule for concept in self.concepts.values() for rule in concept.rules]
        self._cache: dict[str, list[tuple[re.Pattern[str], ConceptMapping]]] = {}
        self._any: dict[str, Callable[[str], re.Match[str] | None]] = {}

    def tagged(self, topic: str) -> list[str]:
        """The ids of the concepts with tag ``topic``.

        Raises:
            MunigoalsError: naming the known topics when none has it.
        """
        ids = [c.id for c in self.concepts.values() if topic in c.tags]
        if not ids:
            known = ", ".join(sorted({t for c in self.concepts.values() for t in c.tags}))
            raise MunigoalsError(f"no concept has the topic {topic!r}; topics: {known}", exit_code=2)
        return ids

    def __getitem__(self, concept_id: str) -> Concept:
        try:
            return self.concepts[concept_id]
        except KeyError:
            known = ", ".join(self.concepts)
            raise MunigoalsError(f"unknown concept {concept_id!r}; known concepts: {known}") from None

    def rules_for(self, city: str) -> list[ConceptMapping]:
        """Rules in the order they are tried: the city's own first, then the registry's."""
        return [rule for _, rule in self._compiled(city)]

    def _compiled(self, city: str) -> list[tuple[re.Pattern[str], ConceptMapping]]:
        """The rules for ``city``, compiled once: alignment is linear in the rows, whatever the cities."""
        if city not in self._cache:
            own = sorted([*self._own.get(None, []), *self._own.get(city, [])], key=lambda item: item[0])
            general = [r for r in self._general if r.city in (None, city)]
            self._cache[city] = [(re.compile(r.pattern), r) for r in [*(rule for _, rule in own), *general]]
            self._any[city] = any_of(tuple(pattern for pattern, _ in self._cache[city]))
        return self._cache[city]

    def align(self, city: str, name: str) -> Alignment | None:
        """The first rule whose pattern is found in ``name`` decides; ``None`` when none matches."""
        norm = normalize(name)
        rules = self._compiled(city)
        if self._any[city](norm) is None:  # most names match no rule: one search says so
            return None
        for pattern, rule in rules:
            if pattern.search(norm):
                return Alignment(self.concepts[rule.concept], rule.match, rule.note, rule.note_ja)
        return None

    def align_all(self, rows: Iterable[Mapping[str, object]]) -> tuple[list[Alignment | None], list[str]]:
        """Align rows with ``city`` and ``name``; return the alignments and warnings.

        Two different indicators of one city never share a concept unless the concept is a series:
        the first keeps it, the others are left unaligned and a warning says so.
        """
        out: list[Alignment | None] = []
        warnings: list[str] = []
        taken: dict[tuple[str, str], str] = {}
        for row in rows:
            city, name = str(row["city"]), str(row["name"])
            alignment = self.align(city, name)
            if alignment is not None and not alignment.concept.series:
                key = (city, alignment.concept.id)
                holder = taken.setdefault(key, name)
                if holder != name:
                    warnings.append(
                        f"{city}: {name!r} also matches {alignment.concept.id}, already held by {holder!r}; "
                        "left unaligned (mark the concept as a series if they are one)"
                    )
                    alignment = None
            out.append(alignment)
        return out, warnings
