"""Comparison concepts: what an indicator measures, so that cities can be put side by side."""

from __future__ import annotations

import re

import attrs

__all__ = ["MATCH_KINDS", "ConceptMapping"]

#: How well an indicator matches a concept.
MATCH_KINDS = ("exact", "proxy", "related")


def _valid_pattern(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"{attribute.name} is not a regular expression: {exc}") from exc


@attrs.frozen
class ConceptMapping:
    """A rule that maps a city's indicators onto a concept.

    Attributes:
        concept: Concept id (``sns_followers``).
        pattern: Regular expression searched in the NFKC-normalised indicator name.
        match: ``exact``, ``proxy`` or ``related``.
        note: Why, in words a researcher can cite (what the city's indicator counts).
    """

    concept: str
    pattern: str = attrs.field(validator=_valid_pattern)
    match: str = attrs.field(validator=attrs.validators.in_(MATCH_KINDS))
    note: str = ""
