"""munigoals: compare the goals that Japanese municipalities set themselves.

City readers are plugins; see :mod:`munigoals.hookspecs`. A plugin implements hooks with
:data:`hookimpl`::

    from munigoals import DocumentFormat, Municipality, hookimpl

    @hookimpl
    def munigoals_municipality() -> Municipality:
        return Municipality("ueda", "上田市", "Ueda", "202037", "長野県")
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("munigoals")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

from munigoals.api import ParseRun, bundled_tables, parse
from munigoals.concepts import ConceptMapping
from munigoals.errors import MunigoalsError
from munigoals.model import (
    Action,
    ActionTarget,
    ActorRole,
    Comparator,
    Document,
    Indicator,
    Municipality,
    ParseIssue,
    ParseResult,
    Plan,
    PlanKind,
    Policy,
    PopulationFigure,
    Quantity,
    Section,
    Severity,
    Span,
    Target,
)
from munigoals.plugins import City, DocumentFormat, PluginHost, default_host, hookimpl

__all__ = [
    "Action",
    "ActionTarget",
    "ActorRole",
    "City",
    "Comparator",
    "ConceptMapping",
    "Document",
    "DocumentFormat",
    "Indicator",
    "Municipality",
    "MunigoalsError",
    "ParseIssue",
    "ParseResult",
    "ParseRun",
    "Plan",
    "PlanKind",
    "PluginHost",
    "Policy",
    "PopulationFigure",
    "Quantity",
    "Section",
    "Severity",
    "Span",
    "Target",
    "__version__",
    "bundled_tables",
    "default_host",
    "hookimpl",
    "parse",
]
