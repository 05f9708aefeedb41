"""The hooks a plugin implements. Each hook is called once per plugin.

A plugin is a module with functions decorated by :data:`munigoals.sdk.hookimpl`, exposed through the
``munigoals`` entry-point group of its distribution (the entry-point name is the city's slug)::

    [project.entry-points.munigoals]
    mycity = "munigoals_mycity"

A **city plugin** says which municipality it is for and which layouts its documents come in; a plugin
may also provide **layouts** that any city can use (a city of the same prefecture whose plans share a
format names that layout and writes no reader at all).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from collections.abc import Mapping

    from munigoals.layouts import Layout
    from munigoals.model import KnownDocument, Municipality, PopulationFigure
    from munigoals.registry import Concept, ConceptMapping
    from munigoals.specs import BlockReader

hookspec = pluggy.HookspecMarker("munigoals")


@hookspec
def munigoals_municipality() -> Municipality:
    """The municipality this plugin is for (a plugin that only provides layouts returns ``None``).

    :returns: a :class:`munigoals.sdk.Municipality` with a unique slug and a valid code.
    """
    raise NotImplementedError


@hookspec
def munigoals_layouts() -> Sequence[Layout]:
    """The document layouts this plugin can read, for any city whose documents come in them.

    :returns: :class:`munigoals.sdk.Layout` values, each with a name unique across plugins
        (``<plugin>.<layout>``), a ``sniff(head) -> float`` confidence between 0 and 1 and a
        ``read(text, document, municipality)`` that returns a :class:`munigoals.sdk.ParseResult`.
    """
    raise NotImplementedError


@hookspec
def munigoals_city_layouts() -> Sequence[str]:
    """The names of the layouts this city's documents come in: its own, or another plugin's.

    Without this hook, a city's documents come in the layouts its plugin provides.

    :returns: layout names (``suzaka.sogo-keikaku-shisaku``).
    """
    raise NotImplementedError


@hookspec
def munigoals_concepts() -> Sequence[ConceptMapping | Concept]:
    """How this city's indicators map onto the comparison concepts, and the concepts it adds (may be
    empty).

    :returns: :class:`munigoals.sdk.ConceptMapping` values that add to or refine the core registry's
        rules (for this city), and :class:`munigoals.sdk.Concept` values for measures no core concept
        covers: id, names ja/en, unit, polarity, topics (``tags``), a definition and its ``source``.
        Such a concept's id is namespaced by the plugin (``oyabe.book_loans``), its rules apply to this
        city, and any plugin may map onto it by that id; an id defined twice is an error naming both.
    """
    raise NotImplementedError


@hookspec
def munigoals_bundled_data() -> Path | None:
    """Where the facts this plugin ships stand: a folder of ``<table>.jsonl`` files, one per table.

    :returns: the folder, or ``None`` when the plugin ships no data.
    """
    raise NotImplementedError


@hookspec
def munigoals_population() -> Sequence[PopulationFigure]:
    """The city's population figures, each with its reference date and source (for per-capita figures).

    :returns: :class:`munigoals.sdk.PopulationFigure` values (may be empty).
    """
    raise NotImplementedError


@hookspec
def munigoals_documents() -> Sequence[KnownDocument]:
    """The city's documents the plugin knows, for citations: title (stated or described), publisher,
    plan kind and period, fiscal years, and URL where known, matched by the SHA-256 of the text (and by
    file name as a fallback).

    :returns: :class:`munigoals.sdk.KnownDocument` values (may be empty).
    """
    raise NotImplementedError


@hookspec
def munigoals_block_readers(kinds: tuple[str, ...]) -> Mapping[str, BlockReader]:
    """Readers of named block kinds, for layout specs that name them (``kind = "..."`` in a block).

    Called when a spec is loaded that names block kinds the core does not read, with those kinds; every
    plugin may answer for the kinds it reads (behaviour no spec can say: Suzaka's ◇ interleaving, say).
    A block reader is ``reader(lines, options, document_reader) -> indicators``
    (:data:`munigoals.specs.BlockReader`).

    :param kinds: the block kinds the spec names.
    :returns: kind -> reader, for the kinds this plugin reads (others are left out).
    """
    raise NotImplementedError
