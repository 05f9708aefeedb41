"""The hooks a city plugin implements. Each hook is called once per plugin.

A city plugin is a module (or object) with functions decorated by :data:`munigoals.hookimpl`, exposed
through the ``munigoals`` entry-point group of its distribution::

    [project.entry-points.munigoals]
    mycity = "munigoals_mycity"
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from munigoals.concepts import ConceptMapping
    from munigoals.model import Municipality, PopulationFigure
    from munigoals.plugins import DocumentFormat

hookspec = pluggy.HookspecMarker("munigoals")


@hookspec
def munigoals_municipality() -> Municipality:
    """The municipality this plugin is for.

    :returns: a :class:`munigoals.model.Municipality` with a unique slug and a valid code.
    """
    raise NotImplementedError


@hookspec
def munigoals_formats() -> Sequence[DocumentFormat]:
    """The document layouts this plugin reads.

    :returns: :class:`munigoals.plugins.DocumentFormat` values, each with a name unique across plugins,
        a ``sniff(text) -> float`` confidence between 0 and 1 and a ``parse(text, document)`` that
        returns a :class:`munigoals.model.ParseResult`.
    """
    raise NotImplementedError


@hookspec
def munigoals_concepts() -> Sequence[ConceptMapping]:
    """How this city's indicators map onto the comparison concepts (may be empty).

    :returns: :class:`munigoals.concepts.ConceptMapping` values that add to or refine the core registry.
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

    :returns: :class:`munigoals.model.PopulationFigure` values (may be empty).
    """
    raise NotImplementedError
