"""The plugin host: finds plugins, checks them, and keeps going when one of them is broken.

Built-in and external cities are loaded alike, from the ``munigoals`` entry-point group. A city is a
plugin with a ``CITY`` attribute that is an :class:`munigoals.sdk.City` (its module's, or for a plugin
registered in-process, its class's or instance's); hooks are for behaviour only (layouts written as
code, block readers). A plugin that fails to import, whose ``CITY`` is no ``sdk.City`` or cannot be
read, whose hooks raise (even ``SystemExit``) or return something invalid, that implements a hook
munigoals does not have (such as the constant hooks a city used to be described by), or whose
entry-point name is claimed by two distributions, is recorded as a :class:`PluginFailure` naming it and
why; every other plugin keeps working (``munigoals cities`` shows both, ``munigoals cities --check``
exits 1). Layouts are shared: a city names the layouts its documents come in, which may be another
plugin's. Each plugin is read once per host, so loading is linear in the plugins.
"""

from __future__ import annotations

import functools
import importlib
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs
import pluggy

from munigoals import hookspecs
from munigoals.cache import EntryPointRecord, code_stamp, installed
from munigoals.errors import MunigoalsError
from munigoals.layouts import Layout
from munigoals.model import KnownDocument, Municipality, PlaceKind, PopulationFigure
from munigoals.registry import Concept, ConceptMapping, ConceptRegistry, load_registry, plugin_concept
from munigoals.specs import BlockReader, load_spec, specs_in
from munigoals.specs import City as CityValue

__all__ = [
    "ENTRY_POINT_GROUP",
    "PREFECTURES",
    "City",
    "PluginFailure",
    "PluginHost",
    "city_names",
    "default_host",
    "hookimpl",
    "host_for",
    "resolve_cities",
    "spec_folder",
    "trial_host",
]

ENTRY_POINT_GROUP = "munigoals"
hookimpl = pluggy.HookimplMarker("munigoals")


@attrs.frozen
class City:
    """A loaded, validated city plugin.

    Attributes:
        municipality: Its municipality.
        plugin_name: The name it was registered under (its entry-point name).
        layouts: The layouts its documents come in (its own or another plugin's).
        concepts: Its concept mappings.
        data_dir: Folder of its bundled tables, or ``None``.
        version: Version of the distribution that provides it, where known.
        population: Its population figures.
        documents: The documents it knows, for citations.
        concept_definitions: The concepts it contributes (namespaced ``<plugin>.<id>``).
        plans: Its plans by title and period (``City.plans``), for documents no known document names.
    """

    municipality: Municipality
    plugin_name: str
    layouts: tuple[Layout, ...]
    concepts: tuple[ConceptMapping, ...] = ()
    data_dir: Path | None = None
    version: str | None = None
    population: tuple[PopulationFigure, ...] = ()
    documents: tuple[KnownDocument, ...] = ()
    concept_definitions: tuple[Concept, ...] = ()
    plans: tuple[tuple[str, tuple[int, int]], ...] = ()

    @property
    def slug(self) -> str:
        """The municipality's slug."""
        return self.municipality.slug


@attrs.frozen
class PluginFailure:
    """A plugin that could not be used, and why.

    Attributes:
        name: Entry-point or registration name.
        reason: One line saying what went wrong.
    """

    name: str
    reason: str


def one_line(exc: BaseException) -> str:
    """An exception as one line: its type and message."""
    text = " ".join(str(exc).split()) or "(no message)"
    return f"{type(exc).__name__}: {text}"


#: The argument-less hooks a city was once described by; a ``CITY = sdk.City(...)`` value says it all.
_REMOVED_HOOKS = frozenset(
    {
        "munigoals_municipality",
        "munigoals_city_layouts",
        "munigoals_concepts",
        "munigoals_bundled_data",
        "munigoals_population",
        "munigoals_documents",
    }
)


class PluginHost:
    """Holds the plugin manager and the cities that loaded.

    Use :func:`default_host` for the installed plugins. Tests build their own host with
    :meth:`only` (no installed entry points) and :meth:`register` fake cities in-process.
    """

    def __init__(self, *, load_entry_points: bool = True, names: Iterable[str] | None = None) -> None:
        self.pm = pluggy.PluginManager("munigoals")
        self.pm.add_hookspecs(hookspecs)
        self._failures: list[PluginFailure] = []
        self._versions: dict[str, str] = {}
        #: The entry-point names loaded (``None``: all); worker processes load the same.
        self.names: tuple[str, ...] | None = tuple(sorted(names)) if names is not None else None
        #: Whether the plugins are exactly the installed ones, so that worker processes can load them too.
        self.from_entry_points = load_entry_points
        if load_entry_points:
            self._load_entry_points(set(names) if names is not None else None)

    def _load_entry_points(self, names: set[str] | None) -> None:
        by_name: dict[str, list[EntryPointRecord]] = {}
        for ep in installed(ENTRY_POINT_GROUP).entry_points:
            by_name.setdefault(ep.name, []).append(ep)
        for name, eps in by_name.items():
            if names is not None and name not in names:
                continue
            distributions = sorted({ep.distribution or ep.value for ep in eps})
            if len(distributions) > 1:
                self._failures.append(
                    PluginFailure(
                        name,
                        f"the entry-point name {name!r} is claimed by {' and '.join(distributions)}: "
                        "neither is loaded; uninstall one",
                    )
                )
                continue
            ep = eps[0]
            if self.pm.get_plugin(name) is not None or self.pm.is_blocked(name):
                continue
            try:
                plugin = _load(ep.value)
            except (
                BaseException
            ) as exc:  # a broken plugin (even one calling sys.exit) must not stop the others
                if isinstance(exc, KeyboardInterrupt):
                    raise
                self._failures.append(PluginFailure(name, f"failed to import {ep.value}: {one_line(exc)}"))
                continue
            reason = self._admit(plugin, name)
            if reason is not None:
                self._failures.append(PluginFailure(name, reason))
                continue
            if ep.version is not None:
                self._versions[name] = ep.version
        self.__dict__.pop("_loaded", None)

    @classmethod
    def only(cls, **plugins: object) -> PluginHost:
        """A host with just these plugins (name=module), no installed entry points: for tests, and
        for building one city's data without the others."""
        host = cls(load_entry_points=False)
        for name, plugin in plugins.items():
            host.register(plugin, name)
        return host

    def register(self, plugin: object, name: str) -> None:
        """Register a plugin object or module under ``name``; one that cannot be (a hook munigoals does
        not have, say) is recorded as a failure, as an installed one is."""
        self.from_entry_points = False
        reason = self._admit(plugin, name)
        if reason is not None:
            self._failures.append(PluginFailure(name, reason))
        self.__dict__.pop("_loaded", None)
        self.__dict__.pop("_known", None)

    def unregister(self, name: str) -> None:
        """Remove the plugin registered under ``name`` (or the failure recorded for it)."""
        self._failures = [failure for failure in self._failures if failure.name != name]
        if self.pm.get_plugin(name) is not None:
            self.pm.unregister(name=name)
        self.__dict__.pop("_loaded", None)
        self.__dict__.pop("_known", None)

    def _admit(self, plugin: object, name: str) -> str | None:
        """Register ``plugin``; why it cannot be, if it cannot (then it is not registered).

        pluggy takes a ``munigoals_*`` function no hook specifies and only refuses it at
        ``check_pending``, for every plugin at once: here such a plugin alone fails, and one that still
        implements a constant hook is told to describe its city as a value.
        """
        try:
            self.pm.register(plugin, name=name)
        except Exception as exc:
            return f"failed to register: {one_line(exc)}"
        unknown = sorted(
            caller.name
            for caller in self.pm.get_hookcallers(plugin) or ()
            if caller.spec is None
            and (
                caller.name in _REMOVED_HOOKS
                or any(impl.plugin is plugin and not impl.optionalhook for impl in caller.get_hookimpls())
            )
        )
        if not unknown:
            return None
        self.pm.unregister(plugin)
        removed = [hook for hook in unknown if hook in _REMOVED_HOOKS]
        if removed:
            return (
                f"implements {', '.join(removed)}, which munigoals no longer calls: a city is one value, "
                "describe it as CITY = sdk.City(...) in the plugin's module and remove the hook "
                "(docs: Add a city)"
            )
        known = ", ".join(sorted(n for n in dir(hookspecs) if n.startswith("munigoals_")))
        return f"implements {', '.join(unknown)}, which is no munigoals hook (the hooks are {known})"

    @functools.cached_property
    def _loaded(
        self,
    ) -> tuple[tuple[City, ...], tuple[PluginFailure, ...], dict[str, Layout], dict[str, str]]:
        failures = list(self._failures)
        plugins = [(name, plugin) for name, plugin in self.pm.list_name_plugin() if plugin is not None]
        # the one hook every plugin is asked once, by name: indexed once, so loading stays linear
        code_layouts = {
            impl.plugin_name: impl.function for impl in self.pm.hook.munigoals_layouts.get_hookimpls()
        }

        # first every layout, for a city may use another plugin's
        layouts: dict[str, Layout] = {}
        provider: dict[str, str] = {}
        own: dict[str, tuple[Layout, ...]] = {}
        values: dict[str, CityValue | None] = {}
        for name, plugin in plugins:
            try:
                value = _city_of(plugin)
                provided = _code_layouts(code_layouts[name]()) if name in code_layouts else ()
                if getattr(plugin, "__file__", None):  # an in-process object has no folder of specs
                    provided += tuple(
                        spec.layout() for spec in specs_in(spec_folder(plugin), self.block_readers)
                    )
                clash = next((lay.name for lay in provided if lay.name in layouts), None)
                if clash:
                    raise MunigoalsError(f"layout name {clash!r} is already provided by {provider[clash]!r}")
            except (Exception, SystemExit) as exc:
                failures.append(PluginFailure(name, one_line(exc)))
                continue
            own[name], values[name] = provided, value
            for layout in provided:
                layouts[layout.name] = layout
                provider[layout.name] = name

        cities: list[City] = []
        seen_slugs: dict[str, str] = {}
        for name, _plugin in plugins:
            value = values.get(name)
            if value is None:
                continue  # failed above, or not a city (a plugin that provides layouts, say)
            try:
                city = self._city_value(name, value, own[name], layouts)
            except (Exception, SystemExit) as exc:
                failures.append(PluginFailure(name, one_line(exc)))
                continue
            if city.slug in seen_slugs:
                failures.append(
                    PluginFailure(
                        name, f"city slug {city.slug!r} is already provided by {seen_slugs[city.slug]!r}"
                    )
                )
                continue
            seen_slugs[city.slug] = name
            cities.append(city)
        # one municipality, one reader: two plugins claiming one code (or one name in one prefecture)
        # both fail, naming each other, for nothing can tell which one reads that city's plans
        claims: dict[tuple[str, ...], list[City]] = {}
        for city in cities:
            m = city.municipality
            claims.setdefault(("code", m.code), []).append(city)
            claims.setdefault(("name", m.prefecture, m.name_ja), []).append(city)
        clashing: dict[str, str] = {}
        for key, claimants in claims.items():
            if len(claimants) > 1 and self.from_entry_points:  # installed ones (a test composes its own)
                what = f"code {key[1]}" if key[0] == "code" else f"{key[2]} ({key[1]})"
                names = " and ".join(sorted(repr(c.plugin_name) for c in claimants))
                for city in claimants:
                    clashing.setdefault(city.plugin_name, f"plugins {names} both claim {what}; uninstall one")
        failures += [PluginFailure(name, reason) for name, reason in clashing.items()]
        cities = [city for city in cities if city.plugin_name not in clashing]
        return tuple(sorted(cities, key=lambda c: c.slug)), tuple(failures), layouts, provider

    def concept_registry(self, path: Path | None = None) -> ConceptRegistry:
        """The concept registry (bundled, or ``path``) with the concepts and rules of every city loaded."""
        return load_registry(
            path,
            extra=[rule for city in self.cities for rule in city.concepts],
            contributed=[concept for city in self.cities for concept in city.concept_definitions],
        )

    def _city_value(
        self, name: str, value: CityValue, provided: tuple[Layout, ...], layouts: dict[str, Layout]
    ) -> City:
        """The loaded city of a plugin's ``CITY`` value: the layouts it names exist, its population is
        its own, its data folder is one (the value checked its own fields' types when it was made)."""
        unknown = [n for n in value.layouts if n not in layouts]
        if unknown:
            raise MunigoalsError(f"CITY names layouts no plugin provides: {', '.join(unknown)}")
        city_layouts = tuple(layouts[n] for n in dict.fromkeys(value.layouts)) if value.layouts else provided
        slug = value.municipality.slug
        for figure in value.population:
            if figure.city != slug:
                raise MunigoalsError("CITY's population figures must be for its own city")
        if value.data_dir is not None and not Path(value.data_dir).is_dir():
            raise MunigoalsError(f"CITY names the data folder {value.data_dir}, which is not a folder")
        concepts, defined = _city_concepts(name, slug, value.concepts)
        data_dir = Path(value.data_dir) if value.data_dir is not None else None
        return City(
            value.municipality,
            name,
            city_layouts,
            concepts,
            data_dir,
            self._versions.get(name),
            value.population,
            value.documents,
            defined,
            value.plans,
        )

    def block_readers(self, kinds: tuple[str, ...]) -> dict[str, BlockReader]:
        """The readers the plugins offer for the named block ``kinds`` (hook ``munigoals_block_readers``).

        Raises:
            MunigoalsError: when two plugins read the same kind, or a reader is not callable.
        """
        readers: dict[str, BlockReader] = {}
        for answer in self.pm.hook.munigoals_block_readers(kinds=kinds):
            for kind, reader in dict(answer or {}).items():
                if kind not in kinds:
                    continue
                if not callable(reader):
                    raise MunigoalsError(f"munigoals_block_readers gave {kind!r} a {type(reader).__name__}")
                if kind in readers:
                    raise MunigoalsError(f"two plugins read blocks of kind {kind!r}")
                readers[kind] = reader
        return readers

    @property
    def cities(self) -> tuple[City, ...]:
        """The cities that loaded and validated, by slug."""
        return self._loaded[0]

    @property
    def failures(self) -> tuple[PluginFailure, ...]:
        """Plugins that failed to import, register or validate."""
        return self._loaded[1]

    def sources(self) -> list[Path] | None:
        """The files the loaded plugins answer from: each plugin's module (the folder of its package)
        and each city's bundled tables, in order; ``None`` when a plugin is an object with no module
        file (one made in-process), whose answers no file can vouch for."""
        out: list[Path] = []
        for _name, plugin in self.pm.list_name_plugin():
            if plugin is None:
                continue
            module = plugin if hasattr(plugin, "__file__") else sys.modules.get(type(plugin).__module__)
            name = getattr(module, "__name__", "")
            top = sys.modules.get(name.split(".")[0]) if name else None  # the whole package it is in
            file = getattr(top, "__file__", None) or getattr(module, "__file__", None)
            if not file:
                return None
            path = Path(file)
            out.append(path.parent if path.name == "__init__.py" else path)
        out += [city.data_dir for city in self.cities if city.data_dir is not None]
        return out

    def code_stamp(self) -> str | None:
        """One name for all the code a result of these plugins comes from: :func:`munigoals.cache.code_stamp`
        of munigoals' own package, each plugin's files and each city's tables, with the folders of
        installed packages; ``None`` for plugins composed in-process, which no file vouches for.

        Taken once a process, when first asked: this process (and the workers it forks) runs the code
        it imported then, so a file edited later must not name what the old code reads."""
        sources = self.sources()
        if sources is None or not self.from_entry_points:
            return None
        key = tuple(map(str, sources))
        if key not in _CODE_STAMPS:
            _CODE_STAMPS[key] = code_stamp([Path(__file__).parent, *sources])
        return _CODE_STAMPS[key]

    @property
    def layouts(self) -> dict[str, Layout]:
        """Every layout the plugins provide, by name."""
        return self._loaded[2]

    def provider(self, layout: str) -> str:
        """The name of the plugin that provides ``layout``."""
        return self._loaded[3].get(layout, "?")

    def known_document(self, sha256: str = "", file_name: str = "") -> tuple[City, KnownDocument] | None:
        """The city and entry of a document a plugin knows: by the SHA-256 of its text, else by name."""
        index: dict[str, tuple[City, KnownDocument]] = self.__dict__.get("_known") or {}
        if not index:
            for city in self.cities:
                for known in city.documents:
                    index.setdefault(f"sha:{known.sha256}", (city, known))
                    index.setdefault(f"name:{known.file_name}", (city, known))
            self.__dict__["_known"] = index
        return index.get(f"sha:{sha256}") or index.get(f"name:{file_name}")

    def city(self, slug: str) -> City:
        """The city with ``slug``, or with that municipality code, Japanese name (上田市, or 上田) or
        English name (Ueda, any case).

        Raises:
            MunigoalsError: naming the known cities when there is none with that slug.
        """
        for city in self.cities:
            if city.slug == slug:
                return city
        for city in self.cities:
            if slug.strip().casefold() in city_names(city.municipality):
                return city
        known = (
            ", ".join(
                f"{c.slug} ({c.municipality.name_ja}, {c.municipality.name_en}, {c.municipality.code})"
                for c in self.cities
            )
            or "none installed"
        )
        failed = [f.name for f in self.failures if f.name == slug]
        hint = f" (the plugin {slug!r} failed to load: run 'munigoals cities --check')" if failed else ""
        raise MunigoalsError(f"unknown city {slug!r}{hint}; known cities: {known}")

    def slugs(self, names: Iterable[str] | None) -> tuple[str, ...]:
        """The slugs of the cities ``names`` names (slugs, codes, Japanese or English names), in order
        and once each; a name no city has is kept, for :meth:`city` to refuse."""
        out: list[str] = []
        for name in names or ():
            try:
                out.append(self.city(name).slug)
            except MunigoalsError:
                out.append(name)
        return tuple(dict.fromkeys(out))

    def select(self, slugs: Iterable[str] | None) -> tuple[City, ...]:
        """The cities named by ``slugs`` (all cities when empty or ``None``)."""
        slugs = list(slugs or ())
        if not slugs:
            return self.cities
        chosen = {city.slug: city for city in (self.city(slug) for slug in slugs)}  # each city once
        return tuple(chosen.values())

    def layouts_of(self, slugs: Sequence[str] | None = None) -> dict[str, tuple[Layout, list[City]]]:
        """The layouts the selected cities' documents come in, each with the cities that use it."""
        out: dict[str, tuple[Layout, list[City]]] = {}
        for city in self.select(slugs):
            for layout in city.layouts:
                out.setdefault(layout.name, (layout, []))[1].append(city)
        return out

    def failure_note(self) -> str:
        """A short note naming the plugins that failed to load (empty when none did)."""
        if not self.failures:
            return ""
        names = ", ".join(sorted({f.name for f in self.failures}))
        return f" (plugins that failed to load: {names}; run 'munigoals cities --check')"


#: The code stamp of each set of plugin files this process has asked for (:meth:`PluginHost.code_stamp`).
_CODE_STAMPS: dict[tuple[str, ...], str | None] = {}


def city_names(municipality: Municipality) -> set[str]:
    """What a city may be called by (case-folded): slug, code, Japanese name with and without its
    市/町/村, English name."""
    ja = municipality.name_ja
    names = {municipality.slug, municipality.code, ja, municipality.name_en}
    if len(ja) > 1 and ja[-1] in "市町村区":
        names.add(ja[:-1])
    return {name.casefold() for name in names}


def resolve_cities(names: Sequence[str] | None) -> tuple[str, ...]:
    """``--city`` values as slugs: a slug as it is; a code or a Japanese or English name through the
    installed plugins (loading them all only when a value is not a slug)."""
    if not names:
        return ()
    host = host_for(tuple(sorted(set(names))))
    if all(any(city.slug == name for city in host.cities) for name in names):
        return tuple(dict.fromkeys(names))
    return default_host().slugs(names)


def _city_concepts(
    plugin: str, slug: str, answers: Sequence[object]
) -> tuple[tuple[ConceptMapping, ...], tuple[Concept, ...]]:
    """A city's concept mappings (for its own city) and the concepts it defines (namespaced by the
    plugin, their rules for its own city), from what its City value gives.

    Raises:
        MunigoalsError: for a value that is neither, or a concept id that cannot be the plugin's.
    """
    for answer in answers:
        if not isinstance(answer, (ConceptMapping, Concept)):
            raise MunigoalsError(
                f"concepts must be ConceptMapping or Concept values, not {type(answer).__name__}"
            )
    defined = tuple(plugin_concept(plugin, c) for c in answers if isinstance(c, Concept))
    renamed = {c.id.removeprefix(f"{plugin}."): c.id for c in defined}
    mappings = tuple(
        attrs.evolve(m, city=m.city or slug, concept=renamed.get(m.concept, m.concept))
        for m in answers
        if isinstance(m, ConceptMapping)
    )
    rules = tuple(
        attrs.evolve(rule, concept=c.id, city=rule.city or slug) for c in defined for rule in c.rules
    )
    return mappings + rules, tuple(attrs.evolve(c, rules=()) for c in defined)


_NO_CITY = object()


def _city_of(plugin: object) -> CityValue | None:
    """A plugin's ``CITY`` value; ``None`` for a plugin that has none (one that provides layouts).

    Raises:
        MunigoalsError: for a ``CITY`` that is not an ``sdk.City`` (and whatever reading it raises).
    """
    value = getattr(plugin, "CITY", _NO_CITY)
    if value is _NO_CITY:
        return None
    if not isinstance(value, CityValue):
        raise MunigoalsError(
            f"CITY is a {type(value).__name__}, not an sdk.City: describe the city as CITY = sdk.City(...)"
        )
    return value


def _code_layouts(answer: object) -> tuple[Layout, ...]:
    """What a ``munigoals_layouts`` hook returned, as layouts.

    Raises:
        MunigoalsError: for an answer that is not a sequence of :class:`Layout` values.
    """
    if answer is None:
        return ()
    if not isinstance(answer, Iterable) or isinstance(answer, str | bytes | Layout):
        raise MunigoalsError(f"munigoals_layouts returned {type(answer).__name__}, not a list of Layout")
    layouts = tuple(answer)
    for layout in layouts:
        if not isinstance(layout, Layout):
            raise MunigoalsError(f"munigoals_layouts returned {type(layout).__name__}, not Layout")
    return layouts


def _load(value: str) -> object:
    """The object an entry point's ``module:attribute`` names, as ``EntryPoint.load`` finds it (written
    here because the index of installed entry points is read without importing importlib.metadata)."""
    module, _, attribute = value.partition("[")[0].partition(":")
    found: object = importlib.import_module(module.strip())
    for part in filter(None, attribute.strip().split(".")):
        found = getattr(found, part)
    return found


def spec_folder(plugin: object) -> Path:
    """Where a plugin's layout specs stand: ``layouts/`` beside its module."""
    return Path(getattr(plugin, "__file__", None) or ".").parent / "layouts"


@functools.cache
def default_host() -> PluginHost:
    """The host of the installed plugins (entry points), loaded once per process."""
    return PluginHost()


def host_for(names: tuple[str, ...] | None) -> PluginHost:
    """A host of the installed plugins named (``--city``): only those are imported. Falls back to
    every plugin when a named city uses another plugin's layout or is not installed (so that the
    error names what is)."""
    if not names:
        return default_host()
    host = _named_host(names)
    if all(any(city.slug == name for city in host.cities) for name in names):
        return host
    return default_host()


@functools.cache
def _named_host(names: tuple[str, ...]) -> PluginHost:
    return PluginHost(names=names)


#: The prefectures in the order of their codes (01 北海道 … 47 沖縄県): the first two digits of a
#: 全国地方公共団体コード.
PREFECTURES = (
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県",
    "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県",
    "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県",
    "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県",
    "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
)  # fmt: skip


class _Trial:
    """A city whose documents are read with one spec that no package holds yet (``parse --layout``):
    its ``CITY`` value, and the spec's layout as its own."""

    def __init__(self, city: CityValue, layout: Layout) -> None:
        self.CITY, self._layout = city, layout

    @hookimpl
    def munigoals_layouts(self) -> list[Layout]:
        return [self._layout]


def trial_host(spec: Path, city: str) -> PluginHost:
    """A host holding one city, ``city`` (an installed city's slug or code, or any valid 6-digit code),
    that reads its documents with the spec at ``spec`` alone.

    Raises:
        MunigoalsError: for a spec that is not valid (naming the file and key), or a city that is
            neither installed nor a valid code.
    """
    installed = default_host()
    layout = load_spec(spec, installed.block_readers).layout()
    known = next((c for c in installed.cities if city in (c.slug, c.municipality.code)), None)
    if known is not None:
        municipality, documents = known.municipality, known.documents
    else:
        code = city.strip()
        number = int(code[:2]) if len(code) == 6 and code.isdigit() else 0
        try:
            if not 1 <= number <= len(PREFECTURES):
                raise ValueError(
                    "a code is 6 digits, its first two a prefecture's number, 01 to 47"
                    if number == 0 and not (len(code) == 6 and code.isdigit())
                    else f"its first two digits, {code[:2]}, are no prefecture's number (01 to 47)"
                )
            prefecture = PREFECTURES[number - 1]
            if code[2:5] == "000":  # a prefecture (長野県 200000): a place too, itself its prefecture
                municipality = Municipality(
                    f"c{code}", prefecture, code, code, prefecture, kind=PlaceKind.PREFECTURE
                )
            else:
                municipality = Municipality(f"c{code}", code, code, code, prefecture)
        except ValueError as exc:
            raise MunigoalsError(
                f"--city {city!r} is no installed city and no valid 全国地方公共団体コード ({exc}); "
                "give a 6-digit code with its check digit (162094) or an installed city's slug"
            ) from None
        documents = ()
    host = PluginHost(load_entry_points=False)
    host.register(_Trial(CityValue(municipality, documents=documents), layout), municipality.slug)
    return host
