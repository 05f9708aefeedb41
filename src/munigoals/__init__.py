"""munigoals: compare the goals that Japanese municipalities set themselves.

For researchers, the command line's verbs as functions (each returns Polars DataFrames, or an Altair
chart that displays in a notebook and saves offline)::

    import munigoals

    munigoals.compare(topic="finance")          # munigoals compare --topic finance
    munigoals.table("indicators", cities=["suzaka"])
    munigoals.parse(["plan.txt"]).tables["indicators"]
    munigoals.series("convenience_store_certificates", cities=["ueda"])
    munigoals.concepts(search="公債")
    munigoals.chart(["real_debt_service_ratio"]).save("debt.html")
    munigoals.cite("real_debt_service_ratio", fmt="bibtex")

For city plugins: :mod:`munigoals.sdk`, the one module a plugin imports; a city is one value::

    from munigoals import sdk

    CITY = sdk.City(sdk.Municipality("ueda", "上田市", "Ueda", "202037", "長野県"))

Names are loaded when first used, so that ``munigoals --help`` does not load Polars or Altair; type
checkers see them through the imports below.
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # not typing's: importing typing is a cost ``munigoals --help`` need not pay
if TYPE_CHECKING:
    from typing import Any

    from munigoals import api, sdk
    from munigoals.api import (
        ParseRun,
        bundled_tables,
        chart,
        cite,
        compare,
        concepts,
        export,
        parse,
        series,
        table,
        unmatched,
    )
    from munigoals.errors import MunigoalsError
    from munigoals.layouts import DocumentReader, Layout
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
    from munigoals.plugins import City, PluginHost, default_host, hookimpl
    from munigoals.registry import ConceptMapping

_EXPORTS = {
    **{
        name: "munigoals.api"
        for name in (
            "ParseRun", "bundled_tables", "chart", "cite", "compare", "concepts", "export", "parse", "series",
            "table", "unmatched",
        )
    },
    "ConceptMapping": "munigoals.registry",
    "MunigoalsError": "munigoals.errors",
    "DocumentReader": "munigoals.layouts",
    "Layout": "munigoals.layouts",
    "City": "munigoals.plugins",
    "PluginHost": "munigoals.plugins",
    "default_host": "munigoals.plugins",
    "hookimpl": "munigoals.plugins",
    **{
        name: "munigoals.model"
        for name in (
            "Action", "ActionTarget", "ActorRole", "Comparator", "Document", "Indicator", "Municipality",
            "ParseIssue", "ParseResult", "Plan", "PlanKind", "Policy", "PopulationFigure", "Quantity",
            "Section", "Severity", "Span", "Target",
        )
    },
}  # fmt: skip
_MODULES = ("api", "sdk")

__all__ = [*sorted(_EXPORTS), "__version__", *_MODULES]


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("munigoals")
        except PackageNotFoundError:  # a source tree that is not installed
            return "0.0.0"
    if name in _MODULES:
        return importlib.import_module(f"munigoals.{name}")
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'munigoals' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
