"""The plugin host: finds city plugins, checks them, and keeps going when one of them is broken.

Built-in and external cities are loaded alike, from the ``munigoals`` entry-point group. A plugin that
fails to import, or whose hooks return something invalid, is recorded as a :class:`PluginFailure` with
its reason; every other plugin keeps working (``munigoals cities`` shows both).
"""

from __future__ import annotations

import functools
import importlib.metadata
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs
import pluggy

from munigoals import hookspecs
from munigoals.concepts import ConceptMapping
from munigoals.errors import MunigoalsError
from munigoals.model import Document, Municipality, ParseResult, PopulationFigure

__all__ = [
    "ENTRY_POINT_GROUP",
    "City",
    "DocumentFormat",
    "PluginFailure",
    "PluginHost",
    "default_host",
    "hookimpl",
]

ENTRY_POINT_GROUP = "munigoals"
hookimpl = pluggy.HookimplMarker("munigoals")


@attrs.frozen
class DocumentFormat:
    """A document layout a city plugin reads.

    Attributes:
        name: Unique name, by convention ``<city>.<layout>`` (``suzaka.sogo-keikaku-shisaku``).
        description: One line saying which documents have this layout.
        sniff: ``sniff(text) -> float``: confidence from 0 (not this layout) to 1 (surely this layout).
        parse: ``parse(text, document) -> ParseResult``.
    """

    name: str
    description: str
    sniff: Callable[[str], float]
    parse: Callable[[str, Document], ParseResult]


@attrs.frozen
class City:
    """A loaded, validated city plugin.

    Attributes:
        municipality: Its municipality.
        plugin_name: The name it was registered under (its entry-point name).
        formats: The layouts it reads.
        concepts: Its concept mappings.
        data_dir: Folder of its bundled tables, or ``None``.
        version: Version of the distribution that provides it, where known.
        population: Its population figures.
    """

    municipality: Municipality
    plugin_name: str
    formats: tuple[DocumentFormat, ...]
    concepts: tuple[ConceptMapping, ...] = ()
    data_dir: Path | None = None
    version: str | None = None
    population: tuple[PopulationFigure, ...] = ()

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


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or "(no message)"
    return f"{type(exc).__name__}: {text}"


class PluginHost:
    """Holds the plugin manager and the cities that loaded.

    Use :func:`default_host` for the installed plugins. Tests build their own host with
    :meth:`only` (no installed entry points) and :meth:`register` fake cities in-process.
    """

    def __init__(self, *, load_entry_points: bool = True) -> None:
        self.pm = pluggy.PluginManager("munigoals")
        self.pm.add_hookspecs(hookspecs)
        self._failures: list[PluginFailure] = []
        self._versions: dict[str, str] = {}
        if load_entry_points:
            self._load_entry_points()
        self.pm.check_pending()

    def _load_entry_points(self) -> None:
        for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
            if self.pm.get_plugin(ep.name) is not None or self.pm.is_blocked(ep.name):
                continue
            try:
                plugin = ep.load()
            except Exception as exc:  # a broken plugin must not stop the others
                self._failures.append(
                    PluginFailure(ep.name, f"failed to import {ep.value}: {_one_line(exc)}")
                )
                continue
            try:
                self.pm.register(plugin, name=ep.name)
            except Exception as exc:
                self._failures.append(PluginFailure(ep.name, f"failed to register: {_one_line(exc)}"))
                continue
            if ep.dist is not None:
                self._versions[ep.name] = ep.dist.version
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
        """Register a plugin object or module under ``name``."""
        self.pm.register(plugin, name=name)
        self.pm.check_pending()
        self.__dict__.pop("_loaded", None)

    def unregister(self, name: str) -> None:
        """Remove the plugin registered under ``name``."""
        self.pm.unregister(name=name)
        self.__dict__.pop("_loaded", None)

    @functools.cached_property
    def _loaded(self) -> tuple[tuple[City, ...], tuple[PluginFailure, ...]]:
        cities: list[City] = []
        failures = list(self._failures)
        seen_slugs: dict[str, str] = {}
        seen_formats: dict[str, str] = {}
        for name, plugin in self.pm.list_name_plugin():
            if plugin is None:
                continue
            try:
                city = self._validate(name, plugin)
            except Exception as exc:
                failures.append(PluginFailure(name, _one_line(exc)))
                continue
            if city is None:
                continue
            if city.slug in seen_slugs:
                failures.append(
                    PluginFailure(
                        name, f"city slug {city.slug!r} is already provided by {seen_slugs[city.slug]!r}"
                    )
                )
                continue
            clash = next((f.name for f in city.formats if f.name in seen_formats), None)
            if clash:
                failures.append(
                    PluginFailure(
                        name, f"format name {clash!r} is already provided by {seen_formats[clash]!r}"
                    )
                )
                continue
            seen_slugs[city.slug] = name
            seen_formats.update({f.name: name for f in city.formats})
            cities.append(city)
        return tuple(sorted(cities, key=lambda c: c.slug)), tuple(failures)

    def _call(self, hook_name: str, plugin: object) -> Any:
        hook = getattr(self.pm.hook, hook_name)
        impls = [impl for impl in hook.get_hookimpls() if impl.plugin is plugin]
        if not impls:
            return None
        return impls[0].function()

    def _validate(self, name: str, plugin: object) -> City | None:
        municipality = self._call("munigoals_municipality", plugin)
        if municipality is None:
            return None  # not a city plugin (e.g. a helper registered for other hooks)
        if not isinstance(municipality, Municipality):
            raise MunigoalsError(
                f"munigoals_municipality returned {type(municipality).__name__}, not Municipality"
            )
        formats = tuple(self._call("munigoals_formats", plugin) or ())
        for fmt in formats:
            if not isinstance(fmt, DocumentFormat):
                raise MunigoalsError(f"munigoals_formats returned {type(fmt).__name__}, not DocumentFormat")
        concepts = tuple(self._call("munigoals_concepts", plugin) or ())
        for mapping in concepts:
            if not isinstance(mapping, ConceptMapping):
                raise MunigoalsError(
                    f"munigoals_concepts returned {type(mapping).__name__}, not ConceptMapping"
                )
        # a plugin's rules are for its own city
        concepts = tuple(attrs.evolve(m, city=m.city or municipality.slug) for m in concepts)
        population = tuple(self._call("munigoals_population", plugin) or ())
        for figure in population:
            if not isinstance(figure, PopulationFigure) or figure.city != municipality.slug:
                raise MunigoalsError(
                    "munigoals_population must return PopulationFigure values for its own city"
                )
        data_dir = self._call("munigoals_bundled_data", plugin)
        if data_dir is not None:
            data_dir = Path(data_dir)
            if not data_dir.is_dir():
                raise MunigoalsError(f"munigoals_bundled_data names {data_dir}, which is not a folder")
        return City(municipality, name, formats, concepts, data_dir, self._versions.get(name), population)

    @property
    def cities(self) -> tuple[City, ...]:
        """The cities that loaded and validated, by slug."""
        return self._loaded[0]

    @property
    def failures(self) -> tuple[PluginFailure, ...]:
        """Plugins that failed to import, register or validate."""
        return self._loaded[1]

    def city(self, slug: str) -> City:
        """The city with ``slug``.

        Raises:
            MunigoalsError: naming the known cities when there is none with that slug.
        """
        for city in self.cities:
            if city.slug == slug:
                return city
        known = ", ".join(c.slug for c in self.cities) or "none installed"
        failed = [f.name for f in self.failures if f.name == slug]
        hint = f" (the plugin {slug!r} failed to load: run 'munigoals cities')" if failed else ""
        raise MunigoalsError(f"unknown city {slug!r}{hint}; known cities: {known}")

    def select(self, slugs: Iterable[str] | None) -> tuple[City, ...]:
        """The cities named by ``slugs`` (all cities when empty or ``None``)."""
        slugs = list(slugs or ())
        if not slugs:
            return self.cities
        return tuple(self.city(slug) for slug in dict.fromkeys(slugs))

    def formats(self, slugs: Sequence[str] | None = None) -> list[tuple[City, DocumentFormat]]:
        """Every (city, format) pair of the selected cities."""
        return [(city, fmt) for city in self.select(slugs) for fmt in city.formats]


@functools.cache
def default_host() -> PluginHost:
    """The host of the installed plugins (entry points), loaded once per process."""
    return PluginHost()
