"""The hooks a plugin may implement: the extension points that provide behaviour.

A plugin is a module with functions decorated by :data:`munigoals.sdk.hookimpl`, exposed through the
``munigoals`` entry-point group of its distribution (the entry-point name is the city's slug)::

    [project.entry-points.munigoals]
    mycity = "munigoals_mycity"

What a **city** is, is no hook but one value: ``CITY = sdk.City(...)`` in the plugin's module (its
municipality, documents, population, concept mappings, bundled data and the layouts it uses, which may
be another plugin's); its own layouts are the specs in ``layouts/`` beside the module. The hooks are for
what no value can say: **layouts written as code** that any city can use, and **block readers** for the
named block kinds a spec uses. A plugin that still implements one of the hooks that used to return a
city's constants (``munigoals_municipality``, ``munigoals_documents``...) fails to load, saying so.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from collections.abc import Mapping

    from munigoals.layouts import Layout
    from munigoals.specs import BlockReader

hookspec = pluggy.HookspecMarker("munigoals")


@hookspec
def munigoals_layouts() -> Sequence[Layout]:
    """The document layouts written as code that this plugin can read, for any city whose documents
    come in them (a layout a spec can say is a spec in ``layouts/``, not this hook).

    :returns: :class:`munigoals.sdk.Layout` values, each with a name unique across plugins
        (``<plugin>.<layout>``), a ``sniff(head) -> float`` confidence between 0 and 1 and a
        ``read(text, document, municipality)`` that returns a :class:`munigoals.sdk.ParseResult`.
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
