"""The domain model: what a city's planning documents say, as frozen ``attrs`` values.

Everything here is a value: built once by a parser, never changed. Conversion to tables happens at the
edge, in :mod:`munigoals.tables`. Every fact that a researcher may cite carries a :class:`Span`
(document and lines) so that it can be found again in the source.
"""

from __future__ import annotations

import bisect
import datetime as dt
import enum
import re
from typing import Any, TypeVar

import attrs

from munigoals.japanese import Direction, YearKind
from munigoals.quantities import Comparator, Frequency, Quantity, Target

_T = TypeVar("_T", bound=attrs.AttrsInstance)

__all__ = [
    "Action",
    "ActionTarget",
    "ActorRole",
    "Comparator",
    "Direction",
    "Document",
    "Frequency",
    "Indicator",
    "IndicatorKind",
    "KnownDocument",
    "Municipality",
    "ParseIssue",
    "ParseResult",
    "PlaceKind",
    "Plan",
    "PlanKind",
    "Policy",
    "PopulationFigure",
    "Provenance",
    "Quantity",
    "Section",
    "SectionKind",
    "Severity",
    "Span",
    "Target",
    "ValueKind",
    "YearKind",
    "cite_place",
    "evolved",
    "municipality_code_check_digit",
]


def municipality_code_check_digit(first_five: str) -> int:
    """Return the JIS X 0402 check digit for the first five digits of a municipality code.

    The digits are weighted 6, 5, 4, 3, 2; the check digit is the last digit of 11 minus the
    remainder of their sum divided by 11.
    """
    if not re.fullmatch(r"\d{5}", first_five):
        raise ValueError(f"expected five digits, got {first_five!r}")
    total = sum(int(d) * w for d, w in zip(first_five, (6, 5, 4, 3, 2), strict=True))
    return (11 - total % 11) % 10


def _valid_code(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not re.fullmatch(r"\d{6}", value):
        raise ValueError(f"{attribute.name} must be six digits (全国地方公共団体コード), got {value!r}")
    if municipality_code_check_digit(value[:5]) != int(value[5]):
        raise ValueError(f"{attribute.name} {value!r} fails the JIS X 0402 check digit")


def _valid_slug(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not re.fullmatch(r"[a-z][a-z0-9_-]*", value):
        raise ValueError(f"{attribute.name} must be lower-case ASCII (e.g. 'ueda'), got {value!r}")


class PlaceKind(enum.StrEnum):
    """What kind of place sets the goals: a municipality (市町村) or a prefecture (都道府県)."""

    MUNICIPALITY = "municipality"
    PREFECTURE = "prefecture"


@attrs.frozen
class Municipality:
    """A place that sets itself goals: a Japanese municipality, or a prefecture, as a plugin describes it.

    Attributes:
        slug: Short lower-case ASCII name used on the command line and in tables (``ueda``).
        name_ja: Japanese name (上田市, 長野県).
        name_en: English name (Ueda, Nagano Prefecture).
        code: Six-digit 全国地方公共団体コード with its JIS X 0402 check digit (202037; a prefecture's
            code is its two-digit number, 000 and the check digit: 長野県 200000).
        prefecture: Japanese name of the prefecture (長野県; for a prefecture, its own name).
        kind: :class:`PlaceKind`: ``municipality`` (the default) or ``prefecture``.
    """

    slug: str = attrs.field(validator=_valid_slug)
    name_ja: str = attrs.field(validator=attrs.validators.min_len(1))
    name_en: str = attrs.field(validator=attrs.validators.min_len(1))
    code: str = attrs.field(validator=_valid_code)
    prefecture: str = attrs.field(validator=attrs.validators.min_len(1))
    kind: PlaceKind = attrs.field(default=PlaceKind.MUNICIPALITY, converter=PlaceKind)

    def __attrs_post_init__(self) -> None:
        is_prefecture_code = self.code[2:5] == "000"
        if self.kind == PlaceKind.PREFECTURE and not is_prefecture_code:
            raise ValueError(f"a prefecture's code is PP000C (長野県 200000), got {self.code!r}")
        if self.kind == PlaceKind.MUNICIPALITY and is_prefecture_code:
            raise ValueError(f"code {self.code!r} is a prefecture's: say kind='prefecture'")
        if self.kind == PlaceKind.PREFECTURE and self.prefecture != self.name_ja:
            raise ValueError(f"a prefecture's prefecture is itself ({self.name_ja}), got {self.prefecture!r}")

    @property
    def prefecture_code(self) -> str:
        """The code of the prefecture the place is in (its first two digits, 000 and the check digit)."""
        first = self.code[:2] + "000"
        return first + str(municipality_code_check_digit(first))


@attrs.frozen
class Document:
    """A source document as it was read.

    Attributes:
        id: Stable identifier: the file name.
        path: Path as given by the user.
        sha256: Hex digest of the bytes read, so a citation names exactly one version.
        encoding: Encoding the bytes were decoded with (``utf-8``, ``utf-8-sig``, ``cp932`` …).
        format: Name of the layout that read it (``suzaka.sogo-keikaku-shisaku``).
        text_sha256: Hex digest of the text (UTF-8, LF): the same for a Shift_JIS or CRLF copy.
        pages: For a PDF or a workbook, the first line of the text that each page (sheet) starts on;
            empty for text.
        page_numbers: The page (a sheet's position in its workbook) of each entry of ``pages``.
        sheets: The sheet name of each entry of ``pages``, for workbooks.
    """

    id: str
    path: str
    sha256: str
    encoding: str
    format: str = ""
    text_sha256: str = ""
    pages: tuple[int, ...] = ()
    page_numbers: tuple[int, ...] = ()
    sheets: tuple[str, ...] = ()

    def place(self, line: int) -> tuple[int | None, int, str | None]:
        """Where text line ``line`` stands in the published file: its page (``None`` for text), its
        line on that page (a sheet's row), and its sheet (``None`` but for workbooks)."""
        if not self.pages:
            return None, line, None
        k = max(bisect.bisect_right(self.pages, line) - 1, 0)
        return self.page_numbers[k], line - self.pages[k] + 1, self.sheets[k] if self.sheets else None

    def cite(self, line: int) -> str:
        """``line`` as a citation says it: ``p. 12, line 5``, ``sheet 令和3年度, row 7`` or ``line 5``."""
        page, on_page, sheet = self.place(line)
        return cite_place(on_page, page, sheet)


def evolved(instance: _T, **changes: Any) -> _T:
    """``attrs.evolve(instance, **changes)``, or ``instance`` itself where each change is the value it
    holds already (of the same type): readers set a unit or a text that most rows have already, and a
    frozen value need not be copied to stay the same."""
    for name, value in changes.items():
        held = getattr(instance, name)
        if held is not value and (type(held) is not type(value) or held != value):
            # mypy's attrs plugin takes no type variable here, even one bound to AttrsInstance
            return attrs.evolve(instance, **changes)  # type: ignore[misc]
    return instance


def cite_place(line: int, page: int | None = None, sheet: str | None = None) -> str:
    """Where a row stands, as a citation says it, from a table's ``line``, ``page`` and ``sheet``:
    ``sheet 令和3年度, row 7`` (a workbook: the line is the sheet's row), ``p. 12, line 5`` (a PDF:
    the line on its page) or ``line 5`` (text)."""
    if sheet is not None:
        return f"sheet {sheet}, row {line}"
    if page is not None:
        return f"p. {page}, line {line}"
    return f"line {line}"


@attrs.frozen
class Span:
    """Where a fact stands: a document and its first and last line (1-based, inclusive).

    Attributes:
        document: The document id (file name).
        first_line: First line of the fact.
        last_line: Last line of the fact (equal to ``first_line`` for one line).
    """

    document: str
    first_line: int
    last_line: int

    def __attrs_post_init__(self) -> None:  # one check, not two validators: spans are many
        if self.first_line < 1:
            raise ValueError(f"first_line must be 1 or more, got {self.first_line}")
        if self.last_line < self.first_line:
            raise ValueError(f"last_line {self.last_line} is before first_line {self.first_line}")

    @classmethod
    def line(cls, document: str, line: int) -> Span:
        """A span of one line."""
        return cls(document, line, line)

    def __str__(self) -> str:
        if self.first_line == self.last_line:
            return f"{self.document}:{self.first_line}"
        return f"{self.document}:{self.first_line}-{self.last_line}"


class IndicatorKind(enum.StrEnum):
    """What kind of indicator a document lists: 成果指標, プロセス指標, or a series of values it reports
    (an observed series, such as yearly shares in a sheet's 現況・課題) without a target."""

    OUTCOME = "outcome"
    PROCESS = "process"
    OBSERVED = "observed"


class Provenance(enum.StrEnum):
    """Where an indicator's values come from: stated in the document, or derived by the reader from
    what it states (said in a footnote)."""

    STATED = "stated"
    DERIVED = "derived"


class SectionKind(enum.StrEnum):
    """What a section holds: text about the policy, or the measures the plan will take (基本施策,
    主な取組内容), which become rows of the ``measures`` table."""

    TEXT = "text"
    MEASURES = "measures"


class PlanKind(enum.StrEnum):
    """What kind of plan a document holds."""

    COMPREHENSIVE = "comprehensive_plan"  # 総合計画 (基本構想・基本計画)
    PRIORITY_GOALS = "priority_goals"  # 重点目標
    OTHER = "other"


class ValueKind(enum.StrEnum):
    """What a number a plan states is, in the ``values`` table: a baseline (現状値・策定時), an interim
    target (中間目標, 目安値), the (final) target, an actual result (実績), a projection (見込: an
    estimate, not a result), a planned number (予定), a mid-year result (中間報告), or a part of a
    result stated in parts without a total (``1回 + 4回``: each part its row, never summed)."""

    BASELINE = "baseline"
    INTERIM_TARGET = "interim_target"
    TARGET = "target"
    ACTUAL = "actual"
    PROJECTION = "projection"
    PLANNED = "planned"
    MID_YEAR = "mid_year"
    ACTUAL_PART = "actual_part"
    MID_YEAR_PART = "mid_year_part"


class Severity(enum.StrEnum):
    """How serious a parse issue is: a note loses nothing (a file given twice, read once), a warning
    keeps the rest, an error means facts were lost. ``--strict`` fails on warnings and errors."""

    NOTE = "note"
    WARNING = "warning"
    ERROR = "error"


@attrs.frozen
class Indicator:
    """An indicator (指標) with its baseline and target.

    Attributes:
        name: Name, NFKC-normalised, whitespace collapsed, unit bracket and footnote marks removed.
        kind: :class:`IndicatorKind`, or ``None`` where the document does not say.
        category: 指標の種類 as written (統計指標, 市民取組指標, 市民意識指標), or ``None``.
        unit: Unit, from the name's bracket or the values.
        baseline: Baseline value (現状値・基準値), or ``None``.
        target: The final target (目標値), or ``None``.
        actuals: Values reported later (実績).
        footnotes: Footnotes and glossary marks attached to the indicator.
        span: Where the indicator's row stands.
        concept: Id of the comparison concept it was aligned to, if any.
        provenance: :class:`Provenance`: stated by the document, or derived from what it states.
        interim_targets: Targets on the way to the final one (中間目標, 目安値), in year order.
        projections: Values the document estimates, not results (見込).
        direction: The way the document says the indicator is to go (増加を目指す …), where it says.
        code: The indicator's own number or code as the document prints it, if any.
        policy_code: The code of the policy the row names, where the row prints one (小矢部市's
            主要施策コード 11102 beside each 成果指標).
        observation_kind: For an observed value a report or a context cell states: ``result`` (what
            was done), ``context`` (the situation, 現況・課題) or ``plan`` (予定, 見込: not a result).
    """

    name: str = attrs.field(validator=attrs.validators.min_len(1))
    kind: IndicatorKind | None
    category: str | None
    unit: str | None
    baseline: Quantity | None
    target: Target | None
    span: Span
    actuals: tuple[Quantity, ...] = ()
    footnotes: tuple[str, ...] = ()
    concept: str | None = None
    provenance: Provenance = Provenance.STATED
    interim_targets: tuple[Target, ...] = ()
    projections: tuple[Quantity, ...] = ()
    direction: Direction | None = None
    code: str | None = None
    policy_code: str | None = None

    def targets(self) -> tuple[tuple[ValueKind, Target], ...]:
        """Every target, interim ones first, each with its kind."""
        final = ((ValueKind.TARGET, self.target),) if self.target is not None else ()
        return tuple((ValueKind.INTERIM_TARGET, t) for t in self.interim_targets) + final

    @property
    def actual_kind(self) -> ValueKind:
        """What the values in ``actuals`` are: results, or numbers a report says are planned."""
        return ValueKind.PLANNED if self.observation_kind == "plan" else ValueKind.ACTUAL

    def stated_values(self) -> tuple[tuple[ValueKind, Quantity | Target], ...]:
        """Every value the indicator's row states, each with its kind: baseline, targets, actuals,
        projections (the rows of the ``values`` table)."""
        base = ((ValueKind.BASELINE, self.baseline),) if self.baseline is not None else ()
        return (
            base
            + self.targets()
            + tuple((self.actual_kind, q) for q in self.actuals)
            + tuple((ValueKind.PROJECTION, q) for q in self.projections)
        )

    observation_kind: str | None = None


@attrs.frozen
class ActorRole:
    """What a plan expects of one actor (各主体に期待される役割).

    Attributes:
        actor: The actor as written (市民, 自治会・活動団体など).
        actor_group: Normalised group for comparison: ``citizens``, ``businesses``, ``community_groups``,
            ``educators``, ``government`` or ``other``.
        statements: Each expected role, one statement each.
        span: Where the actor's row stands.
    """

    actor: str
    actor_group: str
    statements: tuple[str, ...]
    span: Span


@attrs.frozen
class ActionTarget:
    """A numeric target of an action, with its result where the report states one.

    Attributes:
        item: What is counted (``空き家バンクの物件及び利用者登録``).
        target: The target.
        actual: The reported result, or ``None`` where it is not stated or cannot be matched.
        achieved: ``True`` / ``False`` where it can be judged, else ``None``.
        span: Where the target's number stands, where it is not the action's first line.
        actual_status: What the year-end report says: ``reported``, ``cancelled`` (中止, 未実施, 見送り),
            ``postponed`` (延期), or ``None`` where it says nothing of this target.
        mid: The mid-year (中間報告) result, where stated.
        mid_status: What the mid-year report says (as ``actual_status``).
        parts: A year-end result stated in parts without a total (``セミナー参加1回、相談会開催4回``):
            the parts as stated, never summed.
        mid_parts: The same for the mid-year report.
        kind: ``level``, ``ceiling``, ``floor`` or ``change`` (``30品の増``, ``10%削減``), by
            :mod:`munigoals.metrics`.
        direction: ``increase`` or ``decrease`` where the target's own words after its number say the
            way (``10件に削減``, ``10%削減``: decrease; ``30品の増``: increase), else ``None``; ``achieved``
            is judged by it.
    """

    item: str
    target: Target
    actual: Quantity | None = None
    achieved: bool | None = None
    span: Span | None = None
    actual_status: str | None = None
    mid: Quantity | None = None
    mid_status: str | None = None
    parts: tuple[Quantity, ...] = ()
    mid_parts: tuple[Quantity, ...] = ()
    kind: str | None = None
    direction: Direction | None = None


@attrs.frozen
class Action:
    """An action item (取組項目) of a priority goal, numbered ①②….

    Attributes:
        number: The action's number (1 for ①).
        text: What is to be done.
        deadline: 期間・期限 as written.
        target_text: 数値目標 as written.
        mid_report: 中間報告 as written.
        final_report: 期末報告 as written.
        targets: Numeric targets parsed from ``target_text``.
        span: Where the action stands.
        text_line: The line of ``text`` where the document prints it apart from the rest of the
            action (a 重点目標一覧表 in PDF text: the 取組項目 in one column, 期限 and targets in another).
    """

    number: int
    text: str
    span: Span
    deadline: str | None = None
    target_text: str | None = None
    mid_report: str | None = None
    final_report: str | None = None
    targets: tuple[ActionTarget, ...] = ()
    text_line: int | None = None


@attrs.frozen
class Section:
    """A free-text section of a policy (現状と課題, 施策の取組方針 …), one item per entry.

    Attributes:
        name: Heading as written, normalised.
        items: The section's items, normalised.
        span: Where the section stands.
        kind: :class:`SectionKind`: ``measures`` for what the plan will do (the ``measures`` table).
        item_lines: The line each item starts on, where the reader knows it.
    """

    name: str
    items: tuple[str, ...]
    span: Span
    kind: SectionKind = SectionKind.TEXT
    item_lines: tuple[int, ...] = ()


@attrs.frozen
class Policy:
    """A policy unit: a 施策, a 節, or one priority goal.

    Attributes:
        id: Identifier as the document writes it (``35``, ``1-1-1``, ``1``).
        title: Title, normalised.
        span: Where the policy stands.
        parent: Path of the levels above it, outermost first (``("第1編 …", "第1章 …")``).
        priority: 優先順位 where the document gives one.
        department: Department(s) responsible where the document says.
        indicators: Its indicators.
        roles: Its roles of actors.
        actions: Its action items.
        sections: Its free-text sections.
        note: What a reader should know about how the policy was read (a number or title that the
            document does not print beside it, and how it was inferred).
        code: The policy's code where the document prints one apart from its id (主要施策コード).
    """

    id: str
    title: str
    span: Span
    parent: tuple[str, ...] = ()
    priority: int | None = None
    department: str | None = None
    indicators: tuple[Indicator, ...] = ()
    roles: tuple[ActorRole, ...] = ()
    actions: tuple[Action, ...] = ()
    sections: tuple[Section, ...] = ()
    note: str | None = None
    code: str | None = None

    def section(self, name: str) -> Section | None:
        """The first section whose name is ``name``, or ``None``."""
        return next((s for s in self.sections if s.name == name), None)


@attrs.frozen
class Plan:
    """A plan as one document presents it.

    Attributes:
        municipality: The municipality whose plan it is.
        kind: :class:`PlanKind`.
        title: Title, normalised.
        document: The document it was read from.
        fiscal_years: First and last western fiscal year the plan covers, where known.
        department: Department that owns it, where one does.
        policies: Its policies in document order.
    """

    municipality: Municipality
    kind: PlanKind
    title: str
    document: Document
    fiscal_years: tuple[int, int] | None = None
    department: str | None = None
    policies: tuple[Policy, ...] = ()

    @property
    def fiscal_year(self) -> int | None:
        """The first fiscal year the plan covers."""
        return self.fiscal_years[0] if self.fiscal_years else None


@attrs.frozen
class ParseIssue:
    """Something a parser could not read: kept, with its place, never dropped silently.

    Attributes:
        severity: :class:`Severity`.
        message: What was not understood.
        span: Where.
    """

    severity: Severity
    message: str
    span: Span

    def __str__(self) -> str:
        return f"{self.span}: {self.severity}: {self.message}"


@attrs.frozen
class ParseResult:
    """What a format's parser returns: plans, and the issues met on the way.

    Attributes:
        plans: The plans read.
        issues: Lines that could not be read.
    """

    plans: tuple[Plan, ...] = ()
    issues: tuple[ParseIssue, ...] = ()


@attrs.frozen
class KnownDocument:
    """A document a city plugin knows, for citations: what it is, by whom, for which years.

    Attributes:
        file_name: The file name it is distributed under (a fallback when the text differs).
        sha256: Hex SHA-256 of its text (UTF-8, LF line ends), whatever encoding a copy is in.
        title: Its title, as stated in the document or as described (see ``title_stated``).
        title_stated: ``True`` where the document states the title, ``False`` where it is described.
        publisher: Who publishes it (the city, and the department where known).
        plan_kind: :class:`PlanKind`.
        period: First and last fiscal year the plan covers, where known.
        fiscal_years: The fiscal years its facts are for (a results year and a goals year …).
        published: Date of publication, where known.
        url: Where it is published, where known (never guessed).
    """

    file_name: str
    sha256: str
    title: str
    title_stated: bool
    publisher: str
    plan_kind: PlanKind
    period: tuple[int, int] | None = None
    fiscal_years: tuple[int, ...] = ()
    published: dt.date | None = None
    url: str | None = None


@attrs.frozen
class PopulationFigure:
    """A municipality's population at a reference date, with where the figure comes from.

    Attributes:
        city: City slug.
        population: Number of residents.
        reference_date: The date the figure refers to.
        source: The source, citable (``住民基本台帳 …``).
    """

    city: str
    population: int = attrs.field(validator=attrs.validators.gt(0))
    reference_date: dt.date
    source: str = attrs.field(validator=attrs.validators.min_len(1))
