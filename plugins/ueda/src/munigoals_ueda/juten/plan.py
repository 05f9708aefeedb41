"""What Ueda's 重点目標一覧表 layouts share: one side of a sheet as a plan."""

from __future__ import annotations

from collections.abc import Iterable

from munigoals.sdk import DocumentReader, Plan, PlanKind, Policy

__all__ = ["ichiran_plan"]


def ichiran_plan(
    reader: DocumentReader, department: str | None, year: int | None, label: str, policies: Iterable[Policy]
) -> Plan:
    """One side of a 重点目標一覧表 (``label``: 達成状況 or 期限・数値目標等) as a plan of ``year``."""
    when = f"{year}年度" if year else "年度不明"
    return Plan(
        municipality=reader.municipality,
        kind=PlanKind.PRIORITY_GOALS,
        title=f"{department or ''} 重点目標一覧表 ({when}, {label})".strip(),
        document=reader.document,
        fiscal_years=(year, year) if year else None,
        department=department,
        policies=tuple(policies),
    )
