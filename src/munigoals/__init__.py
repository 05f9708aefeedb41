"""munigoals: compare the goals that Japanese municipalities set themselves.

City readers are plugins; see :mod:`munigoals.hookspecs`. A plugin implements hooks with
:data:`hookimpl`::

    from munigoals import DocumentFormat, Municipality, hookimpl

    @hookimpl
    def munigoals_municipality() -> Municipality:
        return Municipality("ueda", "上田市", "Ueda", "202037", "長野県")

Names are loaded when first used, so that ``munigoals --help`` does not load Polars or Altair.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "ParseRun": "munigoals.api",
    "bundled_tables": "munigoals.api",
    "parse": "munigoals.api",
    "ConceptMapping": "munigoals.concepts",
    "MunigoalsError": "munigoals.errors",
    "City": "munigoals.plugins",
    "DocumentFormat": "munigoals.plugins",
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

__all__ = [*sorted(_EXPORTS), "__version__", "api"]


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("munigoals")
        except PackageNotFoundError:  # a source tree that is not installed
            return "0.0.0"
    if name == "api":
        return importlib.import_module("munigoals.api")
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'munigoals' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
