"""``ueda.juten-ichiran-pdf``: Ueda's 重点目標一覧表 as PDF text. The sheet puts one year's goals with
their 達成状況 (results) beside the next year's goals with their 期限・数値目標等 (deadlines and numeric
targets); the PDF text interleaves its columns line by line. This reader gives two plans, one per year,
and relies only on what the text itself shows:

- A page starts with the header (``重点目標一覧表 担当部局名 …``, which names the department) and the two
  years (``【平成30年度重点目標】 【令和元度重点目標】``): the first is the results year, the second the
  targets year.
- The targets year's 期限・数値目標等 column comes first, one block per goal after ``期限・数値目標等``,
  in goal order: the k-th block is goal k. A block ends at the next block, at a goal title, or where a
  line holds several cells (the columns merge again).
- Goal titles stand on lines of their own. A title followed by the column labels
  (``具体的な重点取組項目…``) is a targets-year goal; a title standing alone is a results-year goal. A lone
  digit printed just before a title (or before a goal's first ① item) is its number. Where no number is
  printed beside a title, the title is paired with its block **by content** (shared words with the
  block, the goal's items and the results-year goal of the same title), never by position, and the row
  says so in ``note``; a pair the words cannot decide is reported, not guessed.
- Every other line interleaves the three columns 具体的な重点取組項目 (results year) | 達成状況・達成度 |
  具体的な重点取組項目 (targets year); cells are separated by a space (cell text uses ideographic
  spaces). A line of exactly three cells is separated; a ① in the first column starts the next
  results-year goal. A line of fewer cells is separated where its marks tell the columns: a 達成状況
  bullet printed at the margin (the item columns indent theirs), or an item the sheet states again
  beside a result it states once (``_IchiranPdf._told_apart``).
- A page whose first block starts at ① starts a goal: what stands before its first results-year goal
  is that goal's (the goal-number cell spans the goal's rows; the text puts those above its middle
  before the number and title).
- A targets-year item alone on its line goes to the goal of its page whose words it clearly shares,
  never to a goal by position (``_IchiranPdf._untold``). Any other line cannot be put into columns
  with certainty: it is reported with its line, and text after it that continues a cell is kept with
  its goal but not tied to an item.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter

import attrs

from munigoals.sdk import (
    CIRCLED,
    CIRCLED_START,
    CUT_END,
    GAP,
    GLUED,
    OFFICE,
    Action,
    ActionTarget,
    DocumentReader,
    Indicator,
    ParseResult,
    Plan,
    Policy,
    Section,
    SectionKind,
    Tally,
    circled_number,
    compact_text,
    count_numbers,
    deadlines,
    extract_targets,
    item_office,
    join_pieces,
    lazy_compile,
    normalize,
    parse_fiscal_year,
    reported_results,
    tally_note,
    word_results,
)
from munigoals_ueda.juten.plan import ichiran_plan

__all__ = ["LAYOUT", "NAME", "sniff_ichiran_pdf", "split_cells"]

NAME = "ueda.juten-ichiran-pdf"


def sniff_ichiran_pdf(head: str) -> float:
    """Confidence that ``text`` is a 重点目標一覧表 as PDF text (no tabs)."""
    if "\t" in head:
        return 0.0
    score = 0.0
    if "重点目標一覧表" in head:
        score += 0.4
    if re.search(r"【(平成|令和)\S*重点目標】", head):
        score += 0.3
    if "期限・数値目標等" in head or "達成状況・達成度" in head:
        score += 0.3
    return min(score, 1.0)


_FULLWIDTH_DIGIT = lazy_compile(r"^\s*([0-9０-９])\s*$")
_LABELS = ("具体的な重点取組項目(箇条書き)", "具体的な重点取組項目", "達成状況・達成度")
_ENUMERATOR = lazy_compile(r"^[(（][0-9０-９]+[)）]")
_OPEN, _CLOSE = "(（「", ")）」"


def _unbalanced(text: str) -> int:
    return sum(text.count(c) for c in _OPEN) - sum(text.count(c) for c in _CLOSE)


def split_cells(raw: str) -> list[str | None]:
    """The cells of an interleaved line, left to right; ``None`` first where the line starts with a
    gap (its first column is empty).

    Cells are separated by an ASCII space. A piece starts a cell where it begins with an ideographic
    space (or follows one), a circled number, ``・`` or ``(1)``; other pieces continue the cell before
    them where they are short (7 characters at most), open with a bracket, close a bracket the cell
    left open, or follow a lone circled number. A cell of no words (a bullet and a ditto mark ``〃``)
    is continued by the next piece, whatever it starts with. Cell text keeps its own ideographic
    spaces.
    """
    return [cell.text if cell else None for cell in _split(raw)]


@attrs.define
class _Cell:
    text: str
    #: it begins with ``・`` at the margin: no indent (ideographic space, or more than one ASCII
    #: space) before the bullet
    margin_bullet: bool = False
    #: it starts a cell by a mark (an indent, a circled number, ``・``, ``(1)``), not only by being
    #: too long to go on the cell before it
    marked: bool = True


def _margin_result(cell: _Cell) -> bool:
    """Whether ``cell`` is a 達成状況 bullet by its mark: the sheet indents the bullets of its item
    columns (``　・中央地域での…``) and prints those of its 達成状況 column at the margin
    (``・西部まちづくりの会設立``)."""
    return cell.margin_bullet


_WORDLESS = lazy_compile(r"[・〃\u3000 ]*")


def _wordless(text: str) -> bool:
    """Whether a cell holds no words, only a bullet and a ditto mark (``・　　〃``: the same words as
    the bullet above it): such a cell does not end there, the next piece goes on it."""
    return bool(_WORDLESS.fullmatch(text))


def _split(raw: str) -> list[_Cell | None]:
    """:func:`split_cells`, each cell saying whether it begins with a bullet at the margin."""
    text = raw.rstrip()
    lead = len(text) - len(text.lstrip(" "))
    cells: list[_Cell] = []
    indent = False
    spaces = lead + 1  # ASCII spaces before the piece: the line's lead, else one separator
    for piece in text.split(" "):
        if not piece:
            spaces += 1
            continue
        if not piece.strip("\u3000"):
            indent = True
            spaces = 1
            continue
        body = piece.strip("\u3000")
        margin = piece[0] == "・" and not indent and spaces <= 1
        starts = (
            indent
            or piece.startswith("\u3000")
            or body[0] in CIRCLED
            or body[0] == "・"
            or bool(_ENUMERATOR.match(body))
        )
        indent = False
        spaces = 1
        continues = bool(cells) and (
            body[0] in "(（"
            or _unbalanced(body) < 0
            or len(body) <= 7
            or cells[-1].text in CIRCLED
            or _unbalanced(cells[-1].text) > 0
        )
        if cells and (_wordless(cells[-1].text) or (not starts and continues)):
            cells[-1].text += " " + body
        else:
            cells.append(_Cell(body, margin, starts or not cells))
    return ([None] if lead >= 2 and cells else []) + list(cells)


_NOT_IN_BIGRAMS = lazy_compile(r"[\s\d①-⑳・、。,.:()「」~～〃]")


def _bigrams(text: str) -> set[str]:
    compact = _NOT_IN_BIGRAMS.sub("", normalize(text))
    return {compact[i : i + 2] for i in range(len(compact) - 1)}


def _pair_by_content(
    left: dict[int, str], right: dict[int, str], weight: dict[str, float]
) -> tuple[dict[int, int], set[int]]:
    """Pair keys of ``left`` with keys of ``right`` by the words their texts share (character bigrams,
    rarer ones weighing more), best pair first, each pair clearly ahead of the next-best for both sides
    (1.5 times). Where one of each is left, they pair by elimination (returned in the second value).
    What the words cannot decide stays unpaired."""
    grams = {("l", k): _bigrams(v) for k, v in left.items()} | {
        ("r", k): _bigrams(v) for k, v in right.items()
    }

    def score(a: int, b: int) -> float:
        return sum(weight.get(g, 0.0) for g in grams[("l", a)] & grams[("r", b)])

    pairs: dict[int, int] = {}
    by_elimination: set[int] = set()
    todo_l, todo_r = set(left), set(right)
    while todo_l and todo_r:
        if len(todo_l) == 1 and len(todo_r) == 1:
            (a,), (b,) = todo_l, todo_r
            pairs[a] = b
            by_elimination.add(a)
            break
        scores = {(a, b): score(a, b) for a in todo_l for b in todo_r}
        (a, b), best = max(scores.items(), key=lambda item: (item[1], -item[0][0], -item[0][1]))
        runner_up = max(
            [s for (x, y), s in scores.items() if (x == a) != (y == b)],
            default=0.0,
        )
        if best <= 0 or best < 1.5 * runner_up:
            break
        pairs[a] = b
        todo_l.discard(a)
        todo_r.discard(b)
    return pairs, by_elimination


# a 期限 block's line that is a schedule (6月:イオン会場): its months are when, not by when
_SCHEDULE = lazy_compile(r"^\d{1,2}\s*月\s*:")
# a verb's stem at a line's end (…を図り), and what only goes on a verb at a line's start (ながら…)
_VERB_STEM_END = lazy_compile(r"[をにがで][\u4e00-\u9fff]+[りきしみちいえびぎ]$")
_GOES_ON_A_VERB = lazy_compile(r"^(?:ながら|つつ)")
# what a line of a result ends on where it says what was done (…へ参加(1月), …を実施)
_DONE = lazy_compile(r"(?:参加|出席|開催|実施|設置|締結|策定|発行|発信|配布|支援)\s*(?:\([^()]*\))?$")
# a verb that goes on at a piece's end (…を支援し、), and a verbal noun that starts one (締結(H31.1.24))
_GOES_ON_AFTER = lazy_compile(r"[\u4e00-\u9fff](?:し|して)、$")
_VERBAL_NOUN_START = lazy_compile(r"^[\u4e00-\u9fff]{2}(?:\(|（|した|しました|\s|$)")
# a result cut where its count would follow (see _IchiranPdf._counts_cut_off), and the rest of it
_COUNT_CUT_PARTICLE = lazy_compile(r"[へに]$")  # …全体会へ
_COUNT_REST_COUNT = lazy_compile(r"^\d[\d,.]*\s*[^\d\s.,]")  # 2回参加
_COUNT_REST_NAMED = lazy_compile(r"^[\u4e00-\u9fff\u30a0-\u30ffー]+\d")  # 研修会7回
_LISTED_NOUN = lazy_compile(r"^[\u4e00-\u9fff\u30a0-\u30ffー]+$")


def _count_cut(text: str) -> str | None:
    """How a result cell is cut where a count would follow: ``"count"`` after a particle
    (``…全体会へ``), ``"named"`` after a listed thing without its count (``講演会4回、女性団体``)."""
    norm = normalize(text).strip()
    if _COUNT_CUT_PARTICLE.search(norm) and count_numbers(norm):
        return "count"
    *before, last = re.split(r"[、,]", norm)
    if before and _LISTED_NOUN.match(last.strip()) and count_numbers(before[-1]):
        return "named"
    return None


def _count_rest(text: str) -> str | None:
    """The shape of a cell that can go on a result cut before its count (:func:`_count_cut`)."""
    if text.startswith(("・", "(", "（", *CIRCLED)):
        return None
    if _COUNT_REST_COUNT.match(text):
        return "count"
    if _COUNT_REST_NAMED.match(text):
        return "named"
    return None


# a meeting named by its kind alone (総会1回、理事会3回), and a body an item names in quotes
_MEETING = lazy_compile(
    r"(?:総会|理事会|役員会|幹事会|評議員会|運営委員会)(?![\u4e00-\u9fff\u30a0-\u30ffー])"
)
_QUOTED_BODY = lazy_compile(r"「([^「」]*(?:会|協会|協議会|委員会|連合会|団体))」")


def _of_the_body(found: list[Indicator], item: str) -> list[Indicator]:
    """Results named by a kind of meeting alone (``総会 1回``, ``理事会 3回開催``) are the meetings of the
    one body their item names in quotes (``「上田市多文化共生推進協会」を核とした…``): a 総会 is always
    some body's. Where the item names no such body, or several, the name stays: whose is not told."""
    bodies = set(_QUOTED_BODY.findall(normalize(item)))
    if len(bodies) != 1:
        return found
    (body,) = bodies
    return [
        attrs.evolve(i, name=f"{body} {i.name}") if _MEETING.match(i.name) and body not in i.name else i
        for i in found
    ]


_DITTO_SHAPE = lazy_compile(r"([^\s・〃()]+)\s*\(([^()]*)\)(.*)")


def _ditto_named(found: list[Indicator], pieces: list[tuple[int, str]]) -> list[Indicator]:
    """Name the numbers of a bullet that starts with a ditto mark (``・〃(B地区)を8回開催``: the same
    words as the bullet above it) by those words: the bullet above is the one other bullet of the
    result written the same way (``・A検討会(C地区)を3回開催``: words, a bracket, then the same words
    after it but for the number). Where no bullet or several are written so, the name keeps the mark."""
    words: dict[int, str] = {}  # line -> the words its mark stands for, and its own bracket
    for line, text in pieces:
        norm = normalize(text)
        if "〃" not in norm or ")" not in norm:
            continue
        own = re.search(r"\(([^()]*)\)", norm)  # its own bracket: 〃(B地区) is B地区's
        tail = re.sub(r"\d+", "#", norm[norm.rindex(")") + 1 :]).strip()
        above = {
            m.group(1)
            for other, other_text in pieces
            if other != line
            and (m := _DITTO_SHAPE.search(normalize(other_text))) is not None
            and re.sub(r"\d+", "#", m.group(3)).strip() == tail
        }
        if len(above) == 1:
            words[line] = above.pop() + (f"({own.group(1).strip()})" if own else "")
    if not words:
        return found
    lines = [line for line, _ in pieces]

    def of(indicator: Indicator) -> str | None:
        """The words the mark in ``indicator``'s name stands for: its own line's, else (an aside in
        brackets named by the bullet before it: ``(H31設立予定)``) the line before it's."""
        line = indicator.span.first_line
        if line in words:
            return words[line]
        before = [k for k in lines if k < line]
        return words.get(before[-1]) if before else None

    out = []
    for i in found:
        stands = of(i) if "〃" in i.name else None
        out.append(attrs.evolve(i, name=" ".join(i.name.replace("〃", stands).split())) if stands else i)
    return out


@attrs.define
class _Title:
    no: int
    page: int
    text: str
    headed: bool
    number: int | None = None


@attrs.define
class _Block:
    page: int
    lines: list[tuple[int, str]] = attrs.Factory(list)


@attrs.define
class _Item:
    """One numbered item of a column: its text pieces and their lines."""

    number: int | None
    texts: list[str] = attrs.Factory(list)
    lines: list[int] = attrs.Factory(list)

    @property
    def text(self) -> str:
        return join_pieces(self.texts).strip()


_Items = dict[int | None, _Item]


def _merge(items: list[_Item]) -> _Item | None:
    if not items:
        return None
    merged = _Item(None)
    for item in items:
        prefix = f"{CIRCLED[item.number - 1]} " if item.number else ""
        merged.texts.extend(prefix + text for text in item.texts)
        merged.lines.extend(item.lines)
    return merged


def _pieces(items: _Items, no: int) -> list[str]:
    """The pieces of text ``items`` hold from line ``no``."""
    return [
        t for item in items.values() for line, t in zip(item.lines, item.texts, strict=True) if line == no
    ]


def _move(source: _Items, target: _Items, lines: set[int], number: int) -> None:
    """Move the pieces of ``lines`` from ``source`` to ``target``'s item ``number``, after its own
    pieces (sub-items after the item's words, as the sheet prints them)."""
    taken: list[tuple[int, str]] = []
    for key, item in list(source.items()):
        kept = [(no, t) for no, t in zip(item.lines, item.texts, strict=True) if no not in lines]
        taken += [(no, t) for no, t in zip(item.lines, item.texts, strict=True) if no in lines]
        item.lines[:], item.texts[:] = [no for no, _ in kept], [t for _, t in kept]
        if not item.lines:
            del source[key]
    if not taken:
        return
    item = target.setdefault(number, _Item(number))
    item.lines.extend(no for no, _ in sorted(taken))
    item.texts.extend(t for _, t in sorted(taken))


@attrs.define
class _PastGoal:
    """A results-year goal: its ① line, its items and its results (``None``: not tied to an item)."""

    page: int
    first: int
    items: _Items = attrs.Factory(dict)
    results: _Items = attrs.Factory(dict)

    def content(self) -> str:
        return " ".join(i.text for i in (*self.items.values(), *self.results.values()))


@attrs.define
class _Page:
    number: int
    first: int
    digits: list[tuple[int, int]] = attrs.Factory(list)


class _IchiranPdf(DocumentReader):
    def read(self) -> ParseResult:
        self.department: str | None = None
        self.years: list[int] = []
        self.pages: list[_Page] = []
        self.titles: list[_Title] = []
        self.blocks: list[_Block] = []
        self.past: list[_PastGoal] = []
        self.next_items: dict[int, _Items] = {}  # headed title line -> its items
        self.cell_lines: list[tuple[int, int, list[_Cell | None]]] = []
        self.unread: set[int] = set()  # lines whose columns could not be told apart
        self.untold: list[tuple[int, int, list[_Cell | None]]] = []  # those lines, read at the end
        self.tally = Tally()
        self._bigram_weights: dict[str, float] | None = None
        self._with_text: list[int] | None = None  # the lines with text (see _around)
        self._scan()
        if len(self.years) < 2:
            self.issue(1, "the two fiscal years (【平成30年度重点目標】 【令和元度重点目標】) were not found")
        self._columns()
        self._rows_above_the_next_number()
        past_titles = self._past_titles()
        self._untold(past_titles)
        past = self._past_plan(past_titles)
        upcoming = self._next_plan(past_titles)
        tally_note(self, self.tally, "達成状況 cells and in lines not put into columns")
        return ParseResult((past, upcoming), tuple(self.issues))

    # -- pass 1: what each line is ----------------------------------------------------------------------

    def _next_nonempty(self, index: int) -> str:
        for k in range(index + 1, len(self.lines)):
            if self.lines[k].norm:
                return self.lines[k].norm
        return ""

    @staticmethod
    def _is_labels(norm: str) -> bool:
        rest = norm.replace(" ", "")
        while rest:
            for label in _LABELS:
                if rest.startswith(label):
                    rest = rest[len(label) :]
                    break
            else:
                return False
        return True

    @staticmethod
    def _is_title(raw: str, norm: str) -> bool:
        """A goal title stands alone at the start of a line: no bullet, no number, no gap, no 。."""
        if raw[:1] in (" ", "\u3000", "\t") or re.match(rf"^[{CIRCLED}・(（【\d\-]", raw):
            return False
        if "。" in norm or " " in norm or not 8 <= len(norm) <= 60:
            return False
        return not any(word in norm for word in ("重点目標", "具体的", "達成状況", "期限"))

    def _scan(self) -> None:
        in_block = False
        page = _Page(0, 1)  # what stands before the first header
        self.pages.append(page)
        for index, line in enumerate(self.lines):
            no, raw, norm = line.no, line.raw, line.norm
            if not norm:
                continue
            if "重点目標一覧表" in norm:
                page = _Page(len(self.pages), no)
                self.pages.append(page)
                in_block = False
                if m := re.search(r"担当部局名\s*(\S+)", norm):
                    self.department = self.department or m.group(1)
                continue
            if re.fullmatch(r"(【[^】]*重点目標】\s*)+", norm):
                for m in re.finditer(r"【([^】]*)】", norm):
                    year = parse_fiscal_year(m.group(1).replace("元度", "元年度"))
                    if year is not None and year not in self.years:
                        self.years.append(year)
                continue
            if m := _FULLWIDTH_DIGIT.match(raw):
                page.digits.append((no, int(normalize(m.group(1)))))
                in_block = False
                continue
            if norm == "期限・数値目標等":
                self.blocks.append(_Block(page.number))
                in_block = True
                continue
            if norm.replace(" ", "") in ("重点目標重点目標", "重点目標"):
                in_block = False
                continue
            if self._is_labels(norm):
                continue
            headed = self._is_labels(self._next_nonempty(index))
            if self._is_title(raw, norm) and (headed or not in_block):
                self.titles.append(_Title(no, page.number, norm, headed))
                in_block = False
                continue
            cells = _split(raw)
            if in_block and len([c for c in cells if c]) == 1:
                self.blocks[-1].lines.append((no, norm))
                continue
            in_block = False  # the columns merge again: the block has ended
            self.cell_lines.append((no, page.number, cells))
        for title in self.titles:
            page_digits = next((p.digits for p in self.pages if p.number == title.page), [])
            before = [n for line, n in page_digits if 0 < title.no - line <= 3]
            title.number = before[-1] if before else None

    # -- pass 2: the interleaved columns ---------------------------------------------------------------

    def _columns(self) -> None:
        """Put the cells of each line into their columns (:meth:`_told_apart`); report every line whose
        columns cannot be told.

        A cell that starts with a circled number is that item of its column. In the 達成状況 column, a
        cell that does not (a wrapped line, a ``・`` sub-item) goes on the result above it where no
        line between them holds a circled number or a goal title (nothing there could have started
        another result): a result is whole, all its bullets. Elsewhere (and where such a line stands
        between, or the line's columns were told apart by its marks rather than by three cells) the
        cell is kept with its goal but tied to no item: the PDF text does not keep a column's lines in
        order (an item's second line can come before its first), so the item before it in the text is
        not necessarily its item. On a page that starts a goal (:meth:`_opens_with_goal`), the cells of
        the lines before its first results-year goal are that goal's; lines whose columns are not told
        are read last (:meth:`_untold`)."""
        goal: _PastGoal | None = None
        page = 0
        opens = False
        pending: list[tuple[int, str | None, str | None]] = []  # lines before the page's first goal
        for no, page_no, cells in self.cell_lines:
            if page_no != page:
                self._report_pending(pending)
                page, goal = page_no, None
                opens = self._opens_with_goal(page_no)
            columns, by_marks = self._told_apart(no, page_no, cells, goal)
            if columns is None:
                self.unread.add(no)
                self.untold.append((no, page_no, cells))
                continue
            first, result, upcoming = (normalize(c) if c else None for c in columns)
            unplaced: list[str] = []
            again: list[str] = []
            if first:
                m = CIRCLED_START.match(first)
                if m and circled_number(m.group(1)) == 1:
                    goal = _PastGoal(page_no, no)
                    self.past.append(goal)
                    self._place_pending(goal, pending)
            if goal is None and opens and (first or result):
                pending.append((no, first, result))  # the page's first goal's: placed once it starts
                first = result = None
            if first:
                self._place(goal.items if goal else None, first, no, unplaced, again)
            if result:
                if by_marks:  # a line of fewer cells: the result above it need not be its result
                    self._place(goal.results if goal else None, result, no, unplaced, again)
                else:
                    self._place_result(goal.results if goal else None, result, no, unplaced, again)
            if upcoming:
                heading = self._heading_before(page_no, no)
                if heading is None and opens:  # before the page's first title: the first goal's
                    heading = next((t for t in self.titles if t.headed and t.page == page_no), None)
                items = self.next_items.setdefault(heading.no, {}) if heading else None
                self._place(items, upcoming, no, unplaced, again)
            if unplaced:
                self._not_placed(no, unplaced, "no goal before it on this page")
            if again:
                self._not_placed(
                    no,
                    again,
                    "its goal holds an item of that number already: of which goal it is is not told",
                )
        self._report_pending(pending)

    def _rows_above_the_next_number(self) -> None:
        """Sub-items before a goal's number that are that goal's: the goal-number cell spans the goal's
        rows and the PDF text puts the rows above its middle before the number, title and ① line (as
        :meth:`_opens_with_goal` says of a page's first goal). Lines after a goal's last numbered line
        and before the next goal's number, from the first whose item cell is a ``・`` sub-item on, go to
        the next goal where their item words share clearly more with one of its items than with any item
        of the goal they stand in (``・基本理念を浸透・周知するための職員研修…`` before goal 2's
        ``①自治基本条例の基本理念「参加と協働」の具体化``): under that item, with their results and their
        targets-year cells."""
        weights = self._weights()
        for goal, after in zip(self.past, self.past[1:], strict=False):
            digits = [no for no, _ in self.pages[goal.page].digits if goal.first < no < after.first]
            numbered = [
                i.lines[0] for i in (*goal.items.values(), *goal.results.values()) if i.number and i.lines
            ]
            if goal.page != after.page or not digits or not numbered:
                continue
            tail = sorted(
                {no for i in goal.items.values() for no in i.lines if max(numbered) < no < digits[-1]}
            )
            starts = [no for no in tail if any(t.startswith("・") for t in _pieces(goal.items, no))]
            run = {no for no in tail if starts and no >= starts[0]}
            if not run:
                continue
            grams = _bigrams(" ".join(t for no in sorted(run) for t in _pieces(goal.items, no)))

            def shared(items: _Items, grams: set[str] = grams, run: set[int] = run) -> dict[int, float]:
                return {
                    number: sum(weights.get(g, 0.0) for g in grams & _bigrams(" ".join(
                        t for no, t in zip(item.lines, item.texts, strict=True) if no not in run)))
                    for number, item in items.items() if number is not None
                }  # fmt: skip

            here, there = shared(goal.items), shared(after.items)
            best = max(there, key=lambda k: there[k], default=None)
            if best is None or there[best] <= 1.5 * max(here.values(), default=0.0):
                continue
            heading = self._heading_before(goal.page, digits[-1])
            later = next(
                (t for t in self.titles if t.headed and t.page == goal.page and t.no > digits[-1]), None
            )
            moves = [(goal.items, after.items), (goal.results, after.results)]
            if heading is not None and later is not None:
                moves.append((self.next_items.get(heading.no, {}), self.next_items.setdefault(later.no, {})))
            for source, target in moves:
                _move(source, target, run, best)

    def _not_placed(self, no: int, unplaced: list[str], why: str) -> None:
        numbers = self._reported_numbers(unplaced)
        stated = f" ({numbers} stated number(s) with it)" if numbers else ""
        self.issue(no, f"cell not placed ({why}){stated}: " + " | ".join(u[:40] for u in unplaced))

    def _opens_with_goal(self, page_no: int) -> bool:
        """Whether the page starts a goal: its first 期限・数値目標等 block starts at ①, so no goal
        goes on from the page before. The sheet's goal-number cell spans the goal's rows, and the PDF
        text puts the rows above its middle before the goal's number, title and ① line: on such a
        page, what stands before the first results-year goal's ① line is that goal's."""
        block = next((b for b in self.blocks if b.page == page_no), None)
        m = CIRCLED_START.match(block.lines[0][1]) if block and block.lines else None
        return m is not None and circled_number(m.group(1)) == 1

    def _place_pending(self, goal: _PastGoal, pending: list[tuple[int, str | None, str | None]]) -> None:
        """File the cells of the lines before the page's first goal in that goal: under their circled
        number, else tied to no item (no result stands above them)."""
        for no, first, result in pending:
            if first:
                self._place(goal.items, first, no, [])
            if result:
                self._place(goal.results, result, no, [])
        pending.clear()

    def _report_pending(self, pending: list[tuple[int, str | None, str | None]]) -> None:
        for no, first, result in pending:
            cells = [c for c in (first, result) if c]
            self._not_placed(no, cells, "no results-year goal starts on this page")
        pending.clear()

    def _untold(self, past_titles: dict[int, tuple[str, str | None]]) -> None:
        """Read what the marks of the lines whose columns were not told still say, and report the rest.

        A line whose last cell starts with a circled number and is alone, or repeats word for word an
        item of a results-year goal of the page (the sheet carries an item over, and each year states
        it once: the copy is the targets-year one), is an item of the goal of the page whose words it
        shares (:meth:`_items_by_content`); the other cells of its line are reported."""
        lone: dict[int, tuple[int, int, str, bool]] = {}  # line -> page, number, text, a copy
        for no, page_no, cells in self.untold:
            present = [c for c in cells if c]
            last = normalize(present[-1].text) if present else ""
            m = CIRCLED_START.match(last)
            copy = bool(m) and self._copy_of_past_item(page_no, last)
            if m and (len(present) == 1 or copy):
                lone[no] = (page_no, circled_number(m.group(1)), last, copy)
        placed = self._items_by_content(lone, past_titles)
        self._cut_items_go_on(placed)
        self._between_items_of_a_goal(placed)
        counts = self._counts_cut_off(placed)
        beside = self._rest_beside_an_item(placed)
        beside |= self._item_and_result_of_a_number_no_block_holds(placed)
        beside |= self._verb_goes_on(placed, counts | beside)
        beside |= self._office_lines_by_content(placed, past_titles, counts | beside)
        rests = self._rests_in_the_goal(placed, counts | beside)
        beside |= {no for no, whole in rests.items() if whole}
        counts |= {no for no, whole in rests.items() if not whole}
        for no, _page, cells in self.untold:
            present = [c for c in cells if c]
            if no in placed:
                self.unread.discard(no)
                present = present[:-1]
                told = "its last cell is read as a targets-year item; for the rest, "
            else:
                told = ""
            if no in counts:
                self.unread.discard(no)
                present = present[1:]
                told = "its first cell is read as the rest of a result; for the rest, " if present else ""
            if no in beside:
                self.unread.discard(no)
                continue
            if not present:
                continue
            shown = " | ".join(normalize(c.text) for c in present)
            numbers = self._reported_numbers([c.text for c in present])
            stated = f", {numbers} stated number(s) with it" if numbers else ""
            self.issue(
                no,
                f"{told}columns cannot be told apart ({shown.count(' | ') + 1} cells), not read{stated}: "
                f"{shown[:60]}",
            )

    def _cut_items_go_on(self, placed: dict[int, tuple[_Items, _Item]]) -> None:
        """A lone item line filed by its words that is cut mid-sentence (``…証明書取得の``) goes on with
        the line right after it where that is a lone cell with no mark (``疑似体験の実施``): the item's
        words cannot end where its line does, and no other line stands between."""
        lone_cells = {no: cells for no, _page, cells in self.untold if len([c for c in cells if c]) == 1}
        for no, (items, item) in list(placed.items()):
            if len([c for c in lone_cells.get(no, []) if c]) != 1 or not CUT_END.search(item.texts[-1]):
                continue
            after = self._around(no)[1]
            cell = next((c for c in lone_cells.get(after, []) if c), None)
            if not after or after in placed or cell is None:
                continue
            text = normalize(cell.text)
            if text.startswith(("・", *CIRCLED)) or _ENUMERATOR.match(text):
                continue
            item.texts.append(text)
            item.lines.append(after)
            placed[after] = (items, item)

    def _rest_beside_an_item(self, placed: dict[int, tuple[_Items, _Item]]) -> set[int]:
        """A line of two cells right after a result cut mid-sentence (``・広報うえだの配布が…月1回に``),
        the first without a mark and the second an item (``変更することを決定 ④新たな補助制度の確立``):
        the first goes on with the result (nothing between could have started another), the second is
        the targets-year item of its number (the 達成状況 column stands left of the targets-year one, and
        an item starts with its number). Returns the lines read so."""
        read: set[int] = set()
        for no, page_no, cells in self.untold:
            present = [c for c in cells if c]
            if no in placed or len(present) != 2 or present[0] is not cells[0]:
                continue
            rest, item = (normalize(c.text).strip() for c in present)
            if not CIRCLED_START.match(item) or _count_rest(rest) or rest.startswith(("・", "(", *CIRCLED)):
                continue
            above = self._around(no)[0]
            cut = [
                (result, k)
                for goal in self.past
                if goal.page == page_no
                for result in goal.results.values()
                for k, line in enumerate(result.lines)
                if line == above and CUT_END.search(normalize(result.texts[k]).rstrip())
            ]
            heading = self._heading_before(page_no, no)
            if len(cut) != 1 or heading is None:
                continue
            (result, k) = cut[0]
            unplaced: list[str] = []
            again: list[str] = []
            items = self.next_items.setdefault(heading.no, {})
            self._place(items, item, no, unplaced, again)
            if unplaced or again:
                continue
            result.texts.insert(k + 1, GLUED + rest)  # …月1回に / 変更することを決定: one sentence
            result.lines.insert(k + 1, no)
            read.add(no)
        return read

    def _item_and_result_of_a_number_no_block_holds(
        self, placed: dict[int, tuple[_Items, _Item]]
    ) -> set[int]:
        """A line of two cells of one circled number (``④…のあり方を検討 ④…新たな補助制度については、``)
        whose second cell cannot be an item of the targets-year goal above it: that goal's 期限・数値目標等
        block lists no item of the number (each item has its line there), or the goal holds it already.
        The two are then the results-year item and its result (the 達成状況 column stands between), of the
        results-year goal the line stands in, where that goal holds neither and its items so far are the
        numbers before it (the cell goes on its sequence). A lone cell without a mark on the next line goes
        on a result cut mid-sentence (nothing between could have started another). Returns the lines read."""
        read: set[int] = set()
        lone = {
            no: normalize(present[0].text).strip()
            for no, _page, cells in self.untold
            if len(present := [c for c in cells if c]) == 1 and no not in placed and present[0] is cells[0]
        }
        for no, page_no, cells in self.untold:
            present = [c for c in cells if c]
            if no in placed or len(present) != 2 or present[0] is not cells[0]:
                continue
            item, result = (normalize(c.text).strip() for c in present)
            mi, mr = CIRCLED_START.match(item), CIRCLED_START.match(result)
            if not (mi and mr and mi.group(1) == mr.group(1)):
                continue
            number = circled_number(mi.group(1))
            heading = self._heading_before(page_no, no)
            stands = self._goal_in_force(page_no, no)
            goal = self.past[stands] if stands is not None else None
            if heading is None or heading.number is None or goal is None or heading.number > len(self.blocks):
                continue
            block = self.blocks[heading.number - 1]
            listed = {
                circled_number(m.group(1)) for _, text in block.lines if (m := CIRCLED_START.match(text))
            }
            if number in listed and number not in self.next_items.get(heading.no, {}):
                continue  # it can be that goal's item
            held = {k for k in goal.items if k is not None}
            if number in goal.results or held != set(range(1, number)):
                continue
            self._place(goal.items, item, no, [])
            self._place(goal.results, result, no, [])
            read.add(no)
            after = self._around(no)[1]
            rest = lone.get(after)
            if rest and CUT_END.search(result) and not rest.startswith(("・", "(", *CIRCLED)):
                goal.results[number].texts.append(rest)
                goal.results[number].lines.append(after)
                read.add(after)
        return read

    def _office_lines_by_content(
        self,
        placed: dict[int, tuple[_Items, _Item]],
        past_titles: dict[int, tuple[str, str | None]],
        read: set[int],
    ) -> set[int]:
        """A lone cell without a mark, or with an indented bullet (an item column's), that ends with
        an office in brackets (``…への支援(豊殿地域自治センター)``) is the last line of an item: the
        sheet closes the items of a goal done by several offices with the office that does each. It
        is kept with the goal of its page whose words it clearly shares (a targets-year goal: its
        title and items; a results-year goal: its title, items and results; four bigrams or more, 1.5
        times ahead of every other), tied to no item: which item it ends is not told. Returns the
        lines read so."""
        weights = self._weights()
        past_by_title = self._past_by_title(past_titles)
        out: set[int] = set()
        for no, page_no, cells in self.untold:
            present = [c for c in cells if c]
            if no in placed or no in read or len(present) != 1 or present[0].margin_bullet:
                continue  # a margin bullet is a 達成状況 one: an item column indents its bullets
            text = normalize(present[0].text).strip()
            if text.startswith(("(", *CIRCLED)) or _ENUMERATOR.match(text) or not OFFICE.search(text):
                continue
            grams = _bigrams(OFFICE.sub("", text))
            goals: list[tuple[str, _Items]] = [
                (
                    " ".join(
                        [
                            t.text,
                            past_by_title.get(t.text, ""),
                            *(i.text for i in self.next_items.get(t.no, {}).values()),
                        ]
                    ),
                    self.next_items.setdefault(t.no, {}),
                )
                for t in self.titles
                if t.headed and t.page == page_no
            ] + [
                (f"{past_titles.get(k, ('', None))[0]} {goal.content()}", goal.items)
                for k, goal in enumerate(self.past)
                if goal.page == page_no
            ]
            scores: list[tuple[float, int, _Items]] = []  # weight shared, bigrams shared, the goal's items
            for words, items in goals:
                shared = grams & _bigrams(words)
                scores.append((sum(weights.get(g, 0.0) for g in shared), len(shared), items))
            scores.sort(key=lambda score: -score[0])
            if not scores or scores[0][1] < 4 or (len(scores) > 1 and scores[0][0] < 1.5 * scores[1][0]):
                continue  # words shared by chance (によ, よる) or by two goals alike: not told
            self._place(scores[0][2], text, no, [])
            out.add(no)
        return out

    def _rests_in_the_goal(self, placed: dict[int, tuple[_Items, _Item]], read: set[int]) -> dict[int, bool]:
        """A result cut before its verb (``…協定を``) or after a verb that goes on (``…を支援し、``), and
        the one cell of the goal the line stands in shaped as its rest: a verbal noun for the first
        (``締結(H31.1.24)``), words that end on what was done for the second (``地域の魅力を発信(小冊子
        川西の桜発行)``). The rest is the first cell of a line whose columns were not told, without a
        mark; the goal is the results-year goal whose lines it stands among. Joined only where the goal
        holds one such cut and one such rest of the shape. Returns the lines read, each with whether
        the whole line was (a second cell stays reported)."""
        cuts: dict[tuple[int, str], list[tuple[_Item, int]]] = {}
        for k, goal in enumerate(self.past):
            for result in goal.results.values():
                for at, text in enumerate(result.texts):
                    norm = normalize(text.removeprefix(GLUED)).rstrip()
                    after = result.texts[at + 1] if at + 1 < len(result.texts) else None
                    if after is not None and not normalize(after).lstrip().startswith(("・", *CIRCLED)):
                        continue  # the piece goes on already
                    shape = (
                        "object" if norm.endswith("を") else "verb" if _GOES_ON_AFTER.search(norm) else None
                    )
                    if shape:
                        cuts.setdefault((k, shape), []).append((result, at))
        rests: dict[tuple[int, str], list[tuple[int, str, bool]]] = {}
        for no, page_no, cells in self.untold:
            present = [c for c in cells if c]
            if not present or no in placed or no in read or (present[0] is not cells[0] and len(present) > 1):
                continue
            text = normalize(present[0].text).strip()
            if text.startswith(("・", "(", *CIRCLED)) or _ENUMERATOR.match(text):
                continue
            stands = self._goal_in_force(page_no, no)
            shape = "object" if _VERBAL_NOUN_START.match(text) else "verb" if _DONE.search(text) else None
            if stands is not None and shape:
                rests.setdefault((stands, shape), []).append((no, text, len(present) == 1))
        out: dict[int, bool] = {}
        joins: list[tuple[int, int, _Item, int, str]] = []
        for key, found in rests.items():
            if len(found) == 1 and len(cuts.get(key, [])) == 1:
                (no, text, whole), ((result, at),) = found[0], cuts[key]
                joins.append((id(result), at, result, no, text))
                out[no] = whole
        for _id, at, result, no, text in sorted(
            joins, key=lambda j: (j[0], -j[1])
        ):  # last first: places hold
            result.texts.insert(at + 1, GLUED + text)
            result.lines.insert(at + 1, no)
        return out

    def _verb_goes_on(self, placed: dict[int, tuple[_Items, _Item]], read: set[int]) -> set[int]:
        """A result that ends on a verb's stem (``…との整合性を図り``) and the one lone cell of its page
        that starts with what only goes on a verb (``ながら検討を進めた``): one sentence, cut by the PDF
        text's lines; joined where the page holds one of each. Returns the lines read so."""
        out: set[int] = set()
        for page in self.pages:
            cut = [
                result
                for goal in self.past
                if goal.page == page.number
                for result in goal.results.values()
                if result.texts and _VERB_STEM_END.search(normalize(result.texts[-1]).rstrip())
            ]
            rests = [
                (no, text)
                for no, page_no, cells in self.untold
                if page_no == page.number
                and no not in placed
                and no not in read
                and len(present := [c for c in cells if c]) == 1
                and present[0] is cells[0]
                and _GOES_ON_A_VERB.match(text := normalize(present[0].text).strip())
            ]
            if len(cut) == 1 and len(rests) == 1:
                (no, text), (result,) = rests[0], cut
                result.texts.append(GLUED + text)
                result.lines.append(no)
                out.add(no)
        return out

    def _counts_cut_off(self, placed: dict[int, tuple[_Items, _Item]]) -> set[int]:
        """A result cut where its count would follow, and the one cell of its page that goes on with
        that count: one sentence, the result's; the PDF text prints a cell's lines apart, its rest can
        come before it. Two cuts are told, each with its own shape of rest:

        - a result ending in a particle that a count completes (``…全体会へ``) and a cell that starts
          with the count (``2回参加``);
        - a result whose last listed thing has no count though the things before it have one
          (``市民フェスティバル1回、講演会4回、女性団体``) and a cell that starts with a noun and its
          count (``研修会7回``: the thing's name goes on, then its count).

        The cell is the first of a line whose columns were not told, without a mark; only where its
        page holds one such result and one such cell of the shape is it joined. Returns the lines
        whose first cell went on a result."""
        cuts: dict[tuple[int, str], list[_Item]] = {}
        for goal in self.past:
            for key, item in goal.results.items():
                if key is not None and item.texts and (shape := _count_cut(item.texts[-1])):
                    cuts.setdefault((goal.page, shape), []).append(item)
        rests: dict[tuple[int, str], list[tuple[int, str]]] = {}
        for no, page_no, cells in self.untold:
            present = [c for c in cells if c]
            if not present or (no in placed and len(present) == 1) or present[0] is not cells[0]:
                continue
            text = normalize(present[0].text).strip()
            if shape := _count_rest(text):
                rests.setdefault((page_no, shape), []).append((no, text))
        joined: set[int] = set()
        for where, found in rests.items():
            items = cuts.get(where, [])
            if len(found) == 1 and len(items) == 1:
                (no, text), (item,) = found[0], items
                item.texts.append(GLUED + text)
                item.lines.append(no)
                joined.add(no)
                if (after := self._next_line_of_the_cell(no, placed)) is not None:
                    item.texts.append(normalize(after[1]).strip())
                    item.lines.append(after[0])
                    joined.add(after[0])
        return joined

    def _next_line_of_the_cell(
        self, no: int, placed: dict[int, tuple[_Items, _Item]]
    ) -> tuple[int, str] | None:
        """The line right after ``no`` where it is a lone cell without a mark, indented as ``no`` is
        and ending on what was done (``2回参加`` / ``首長会議へ参加(1月)``): the next line of the same
        cell (nothing between, the same indent: no other column's)."""
        after = self._around(no)[1]
        if not after or after in placed:
            return None
        cells = next((c for n, _page, c in self.untold if n == after), None)
        present = [c for c in cells or [] if c]
        if len(present) != 1 or present[0] is not (cells or [None])[0]:
            return None
        raw, here = self.line(after).raw, self.line(no).raw
        indent = len(raw) - len(raw.lstrip())
        if raw[:indent] != here[: len(here) - len(here.lstrip())]:
            return None
        text = normalize(present[0].text).strip()
        if text.startswith(("・", "(", *CIRCLED)) or count_numbers(text) or not _DONE.search(text):
            return None
        return after, text

    def _between_items_of_a_goal(self, placed: dict[int, tuple[_Items, _Item]]) -> None:
        """A lone cell with no mark whose lines right before and after it are lone items filed in one
        goal (``①…交付率の向上`` / ``毎月1回は予約制による…`` / ``②…キャンペーンを実施``) is of that goal's
        column: the text keeps a run of one column's lone lines together. Which item it goes on is
        not told: it is kept with the goal, tied to no item."""
        lone = {
            no: normalize(present[0].text)
            for no, _page, cells in self.untold
            if len(present := [c for c in cells if c]) == 1
        }
        for no, text in lone.items():
            if no in placed or text.startswith(("・", *CIRCLED)) or _ENUMERATOR.match(text):
                continue
            before, after = self._around(no)
            if before in placed and after in placed and placed[before][0] is placed[after][0]:
                items = placed[before][0]
                self._place(items, text, no, [])
                placed[no] = (items, items[None])

    def _around(self, no: int) -> tuple[int, int]:
        """The lines with text right before and right after line ``no`` (0 where there is none)."""
        if self._with_text is None:
            self._with_text = [k for k in range(1, len(self.lines) + 1) if self.line(k).norm]
        lines = self._with_text
        at = bisect.bisect_left(lines, no)
        after = bisect.bisect_right(lines, no)
        return (lines[at - 1] if at else 0, lines[after] if after < len(lines) else 0)

    def _heading_before(self, page_no: int, no: int) -> _Title | None:
        """The targets-year goal whose title stands last before line ``no`` on its page."""
        return next((t for t in reversed(self.titles) if t.headed and t.page == page_no and t.no < no), None)

    def _goal_in_force(self, page_no: int, no: int) -> int | None:
        """The results-year goal (its index) whose lines line ``no`` stands among: the last of its page
        to start before it."""
        return next((k for k in range(len(self.past) - 1, -1, -1) if self.past[k].page == page_no
                     and self.past[k].first < no), None)  # fmt: skip

    def _copy_of_past_item(self, page_no: int, text: str) -> bool:
        """Whether a results-year goal of the page holds ``text`` as an item, word for word."""
        m = CIRCLED_START.match(text)
        if m is None:
            return False
        number, needle = circled_number(m.group(1)), compact_text(m.group(2))
        return any(
            item.texts and compact_text(item.texts[0]) == needle
            for goal in self.past
            if goal.page == page_no and (item := goal.items.get(number)) is not None
        )

    def _items_by_content(
        self, lone: dict[int, tuple[int, int, str, bool]], past_titles: dict[int, tuple[str, str | None]]
    ) -> dict[int, tuple[_Items, _Item]]:
        """File lone item lines (line -> page, number, text, a copy) under the goal of their page they
        share words with: a targets-year goal (its title, the results-year goal of the same title, its
        items) or, where the line is no copy, a results-year goal (its title, items and results); only
        a goal without an item of that number yet. Best pair first, each clearly ahead (1.5 times) of
        every other pair of the line and of the goal's number; a line the words cannot decide stays
        unread. Returns the lines filed, and the goal's items and the item each went to."""
        weights = self._weights()
        past_by_title = self._past_by_title(past_titles)
        placed: dict[int, tuple[_Items, _Item]] = {}
        todo = dict(lone)
        while todo:
            scores: dict[tuple[int, str, int], float] = {}
            for no, (page_no, number, text, copy) in todo.items():
                grams = _bigrams(text)

                def shared(content: str, grams: set[str] = grams) -> float:
                    return sum(weights.get(g, 0.0) for g in grams & _bigrams(content))

                for t in self.titles:
                    items = self.next_items.get(t.no, {})
                    if t.headed and t.page == page_no and number not in items:
                        words = [t.text, past_by_title.get(t.text, ""), *(i.text for i in items.values())]
                        scores[(no, "next", t.no)] = shared(" ".join(words))
                for k, goal in enumerate(self.past):
                    if not copy and goal.page == page_no and number not in goal.items:
                        scores[(no, "past", k)] = shared(
                            f"{past_titles.get(k, ('', None))[0]} {goal.content()}"
                        )
            if not scores:
                break
            (no, side, key), best = max(scores.items(), key=lambda item: (item[1], -item[0][0]))
            number = todo[no][1]
            runner_up = max(
                [
                    s
                    for (n, sd, ky), s in scores.items()
                    if (n == no) != ((sd, ky) == (side, key) and todo[n][1] == number)
                ],
                default=0.0,
            )
            if best <= 0 or best < 1.5 * runner_up:
                break
            _page, number, text, _copy = todo.pop(no)
            items = self.next_items.setdefault(key, {}) if side == "next" else self.past[key].items
            self._place(items, text, no, [])
            placed[no] = (items, items[number])
        return placed

    def _past_by_title(self, past_titles: dict[int, tuple[str, str | None]]) -> dict[str, str]:
        """The words of the results-year goals, by title."""
        out: dict[str, str] = {}
        for k, goal in enumerate(self.past):
            title = past_titles.get(k, ("", None))[0]
            if title:
                out[title] = out.get(title, "") + " " + goal.content()
        return out

    def _reported_numbers(self, texts: list[str]) -> int:
        """Count the numbers stated in ``texts`` as read and reported (their line gets an issue)."""
        numbers = count_numbers(" ".join(texts))
        self.tally.read += numbers
        self.tally.reported += numbers
        return numbers

    def _told_apart(
        self, no: int, page_no: int, cells: list[_Cell | None], goal: _PastGoal | None
    ) -> tuple[list[str | None] | None, bool]:
        """The line's three columns (results-year item, 達成状況, targets-year item; ``None`` where
        empty), and whether they were told by the cells' marks rather than by their number; ``None``
        where the line does not show them. The cells of a line stand in column order, left to right.

        - Three cells: one in each column.
        - A 達成状況 bullet (:func:`_margin_result`) fixes its column, 達成状況: a cell before it is
          the results-year item, one after it the targets-year item (no column stands right of
          that). A line of two such bullets, or of more cells, is not told.
        - Four cells, the first two of the same circled number (an item and its result), the third
          starting a cell only by its length and the fourth by its mark: three columns hold no four
          cells, so the third goes on the result.
        - Two cells with the same circled number, the first repeating word for word a cell of
          another line of the sheet (:meth:`_repeated`) and the second repeating none: the sheet
          carries an item over from year to year, so an item's other year's copy stands elsewhere,
          and a year's result is stated once. The first is then an item, and the results-year one
          (no column stands right of the targets-year one); the second is its result, where the goal
          has no result of that number yet.
        """
        if len(cells) == 3:
            return [c.text if c else None for c in cells], False
        if not cells or cells[0] is None:
            return None, False
        present = [c for c in cells if c is not None]
        bullets = [k for k, c in enumerate(present) if _margin_result(c)]
        if len(bullets) == 1 and len(present) <= 2:
            if len(present) == 1:
                return [None, present[0].text, None], True
            if bullets[0] == 0:
                return [None, present[0].text, present[1].text], True
            return [present[0].text, present[1].text, None], True
        if len(present) == 4 and cells[0] is not None:
            first, second, third, fourth = present
            m1, m2 = CIRCLED_START.match(normalize(first.text)), CIRCLED_START.match(normalize(second.text))
            if m1 and m2 and m1.group(1) == m2.group(1) and not third.marked and fourth.marked:
                return [first.text, f"{second.text} {third.text}", fourth.text], False
        if len(present) == 2 and not bullets:
            item, result = (normalize(c.text) for c in present)
            mi, mr = CIRCLED_START.match(item), CIRCLED_START.match(result)
            if (
                mi
                and mr
                and mi.group(1) == mr.group(1)
                and (
                    mr.group(1) == CIRCLED[0]
                    or (goal is not None and circled_number(mr.group(1)) not in goal.results)
                )
                and self._repeated(no, item)
                and not self._repeated(no, result)
            ):
                return [present[0].text, present[1].text, None], True
        return None, False

    def _repeated(self, no: int, text: str) -> bool:
        """Whether a cell of another line of the sheet (no 期限・数値目標等 block) holds ``text`` word
        for word (the same circled number, the same words). Any page: a goal carried over to the next
        year can stand on another page there."""
        needle = compact_text(text)
        return any(
            compact_text(c.text) == needle
            for other, _page, cells in self.cell_lines
            if other != no
            for c in cells
            if c is not None
        )

    @staticmethod
    def _place(
        items: _Items | None, text: str, no: int, unplaced: list[str], again: list[str] | None = None
    ) -> None:
        """File ``text`` under its circled number, else under ``None`` (the goal's, tied to no item).
        A goal states each number once: a second cell of a number it holds goes in ``again``, not on
        the first (it is of some other goal)."""
        if items is None:
            unplaced.append(text)
            return
        m = CIRCLED_START.match(text)
        number = circled_number(m.group(1)) if m else None
        if number is not None and number in items and again is not None:
            again.append(text)
            return
        item = items.setdefault(number, _Item(number))
        item.texts.append(m.group(2).strip() if m else text)
        item.lines.append(no)

    def _place_result(
        self, items: _Items | None, text: str, no: int, unplaced: list[str], again: list[str]
    ) -> None:
        """File a 達成状況 cell: under its circled number; a cell without one goes on the result whose
        line is the column's last before it (``③「少年補導員」の選出区分を地区連単位に見直し、`` /
        ``66人の削減を行った``; ``①8地域10組織の活動を支援`` / ``・西部まちづくりの会設立``) where no line
        between them could have started another item; else it is tied to no item. A cell that
        continues its result past a line that could not be read says so (``…``): words are missing."""
        if items is None or CIRCLED_START.match(text) or not items:
            self._place(items, text, no, unplaced, again)
            return
        last = max(items.values(), key=lambda i: i.lines[-1] if i.lines else 0)
        if last.number is None or not last.lines or not self._nothing_starts_between(last.lines[-1], no):
            self._place(items, text, no, unplaced)
            return
        gap = any(line in self.unread for line in range(last.lines[-1] + 1, no))
        last.texts.append((GAP if gap else "") + text)
        last.lines.append(no)

    def _nothing_starts_between(self, after: int, before: int) -> bool:
        """Whether no line between ``after`` and ``before`` holds a circled number, a goal title or a
        page's header: nothing there could have started another item."""
        titles = {t.no for t in self.titles}
        for no in range(after + 1, before):
            norm = self.line(no).norm
            if no in titles or any(c in norm for c in CIRCLED) or "重点目標" in norm:
                return False
        return True

    # -- titles and numbers -----------------------------------------------------------------------------

    def _weights(self) -> dict[str, float]:
        """How rare each bigram of the document's lines is (made once a document: only read)."""
        if self._bigram_weights is None:
            texts = [line.norm for line in self.lines if line.norm]  # each line normalised once, as read
            counts: Counter[str] = Counter()
            for text in texts:
                counts.update(_bigrams(text))
            self._bigram_weights = {g: math.log(len(texts) / n) for g, n in counts.items()}
        return self._bigram_weights

    def _past_titles(self) -> dict[int, tuple[str, str | None]]:
        """Results-year goal (index in ``self.past``) -> (title, note)."""
        weights = self._weights()
        out: dict[int, tuple[str, str | None]] = {}
        for page in self.pages:
            goals = {k: g.content() for k, g in enumerate(self.past) if g.page == page.number}
            titles: dict[int, str] = {}
            for t in self.titles:
                if t.page == page.number and not t.headed and t.text not in titles.values():
                    titles[t.no] = t.text
            pairs, eliminated = _pair_by_content(goals, titles, weights)
            for k in goals:
                if k in pairs:
                    how = (
                        "by elimination"
                        if k in eliminated
                        else "by the words it shares with the goal's items"
                    )
                    out[k] = (
                        titles[pairs[k]],
                        f"title paired {how}: the PDF text prints titles apart from items",
                    )
                else:
                    self.issue(
                        self.past[k].first, "results-year goal: its title could not be told from its items"
                    )
                    out[k] = ("", "title not stated beside the goal's items and not decidable from them")
        return out

    def _past_ids(self) -> list[tuple[str, str | None]]:
        ids: list[tuple[str, str | None]] = []
        for k, goal in enumerate(self.past):
            page = next(p for p in self.pages if p.number == goal.page)
            previous = max((g.first for g in self.past[:k] if g.page == goal.page), default=page.first)
            printed = [n for line, n in page.digits if previous < line < goal.first]
            if printed:
                ids.append((str(printed[-1]), None))
            else:
                ids.append(
                    (
                        f"?{k + 1}",
                        f"the PDF text prints no number beside this goal; ?{k + 1} is its place in the text",
                    )
                )
        return ids

    # -- the two plans ----------------------------------------------------------------------------------

    def _past_plan(self, titles: dict[int, tuple[str, str | None]]) -> Plan:
        year = self.years[0] if self.years else None
        policies = []
        for k, ((goal_id, id_note), goal) in enumerate(zip(self._past_ids(), self.past, strict=True)):
            self._rest_of_a_cut_result(goal)
            title, title_note = titles.get(k, ("", None))
            actions = []
            indicators: list[Indicator] = []
            for number, item in sorted((n, i) for n, i in goal.items.items() if n is not None):
                result = goal.results.get(number)
                cited = [*item.lines, *(result.lines if result else ())]  # the item's and its result's
                actions.append(
                    Action(
                        number=number,
                        text=item.text,
                        span=self.span(min(cited), max(cited)),
                        final_report=result.text if result else None,
                    )
                )
            for key, reported in sorted(goal.results.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)):
                of = goal.items.get(key) if key is not None else None
                name = of.text if of else (title or f"goal {goal_id}")
                where = f"goal {goal_id} result {CIRCLED[key - 1] if key else '(not tied to an item)'}"
                pieces = list(zip(reported.lines, reported.texts, strict=True))
                if key is None:  # lines tied to no item need not follow each other: each on its own
                    for group in self._sentences(pieces):
                        (line, text), last = group[0], group[-1][0]
                        if len(group) == 1:
                            found = reported_results(
                                self, text, name, where, year, line, line, tally=self.tally
                            )
                        else:
                            found = reported_results(
                                self, "", name, where, year, line, last, group, self.tally
                            )
                        indicators.extend(found)
                        indicators.extend(word_results(self, group, where, year, self.tally))
                else:  # one item's lines read as one text, each number citing its own line
                    first, last = reported.lines[0], reported.lines[-1]
                    found = reported_results(self, "", name, where, year, first, last, pieces, self.tally)
                    indicators.extend(_of_the_body(_ditto_named(found, pieces), of.text if of else ""))
                    in_words = word_results(self, pieces, where, year, self.tally)
                    indicators.extend(_ditto_named(in_words, pieces))
            note = "; ".join(n for n in (id_note, title_note) if n) or None
            loose_results = [i for n, i in goal.results.items() if n is None or n not in goal.items]
            policies.append(
                Policy(
                    id=goal_id,
                    title=title,
                    span=self.span(goal.first),
                    department=self.department,
                    actions=tuple(actions),
                    indicators=tuple(self._told_whose(indicators)),
                    sections=self._loose(goal.items.get(None), SectionKind.MEASURES)
                    + self._loose(_merge(loose_results), SectionKind.TEXT),
                    note=note,
                )
            )
        return ichiran_plan(self, self.department, year, "達成状況", policies)

    def _rest_of_a_cut_result(self, goal: _PastGoal) -> None:
        """A result of an item cut after its object (``④「広報うえだ」から抜粋した多言語版広報うえだを``)
        and the goal's one result cell tied to no item that goes on with a verb and has no object or
        subject of its own (``毎月発行(549部)し、…へ配布``: no bullet, no mark, no を・は・が before its
        first 、): one sentence, the item's result; the PDF text prints a cell's lines apart. Where
        the goal holds several cut results, or several such cells, which goes with which is not told:
        nothing is joined."""
        loose = goal.results.get(None)
        cut = [
            item
            for key, item in goal.results.items()
            if key is not None and item.texts and normalize(item.texts[-1]).rstrip().endswith("を")
        ]
        if loose is None or len(cut) != 1:
            return
        rests = [
            k
            for k, text in enumerate(loose.texts)
            if not (norm := normalize(text).strip()).startswith(("・", GAP.strip(), *CIRCLED))
            and not _ENUMERATOR.match(norm)
            and count_numbers(norm)
            and not re.search(r"[をはが]", re.split(r"[、。]", norm, maxsplit=1)[0])
        ]
        if len(rests) != 1:
            return
        (k,) = rests
        cut[0].texts.append(loose.texts.pop(k))
        cut[0].lines.append(loose.lines.pop(k))
        if not loose.texts:
            del goal.results[None]

    def _told_whose(self, indicators: list[Indicator]) -> list[Indicator]:
        """Observations of one goal that share a name (``わがまち魅力アップ応援事業``, three times): each
        is named with the office its line names in brackets at the end of an item cell
        (``…への支援(塩田地域自治センター)``: the sheet says in its items which office does the work,
        and a result beside it is that office's), else the office that ends the item cell above it,
        where no line between them starts another item (:meth:`_office_above`). One whose line names
        no office, or several, and has none above it, keeps its name: whose it is is not told."""
        counts = Counter(i.name for i in indicators)
        out = []
        for i in indicators:
            line = i.span.first_line
            office = (self._office(line) or self._office_above(line)) if counts[i.name] > 1 else None
            out.append(attrs.evolve(i, name=f"{i.name} ({office})") if office else i)
        return out

    def _office_above(self, no: int) -> str | None:
        """The office that ends an item cell on the nearest line above ``no`` naming one, where ``no``
        starts with its result (a 達成状況 bullet at the margin: the line holds no item words of its
        own), no line from there to ``no`` holds a circled number (nothing between started another
        item), and no goal title or page header stands between."""
        first = next((c for c in _split(self.line(no).raw) if c is not None), None)
        if first is None or not first.margin_bullet:
            return None
        for above in range(no - 1, 0, -1):
            norm = self.line(above).norm
            if not norm:
                continue
            if office := self._office(above):
                return office
            if any(c in norm for c in CIRCLED) or "重点目標" in norm or above in self._title_lines():
                return None
        return None

    def _title_lines(self) -> set[int]:
        return {t.no for t in self.titles}

    def _office(self, no: int) -> str | None:
        """The one office a line's cells name in brackets at their end (``(川西地域自治センター)``)."""
        offices = {
            office
            for cell in _split(self.line(no).raw)
            if cell is not None and (office := item_office(cell.text)) is not None
        }
        return offices.pop() if len(offices) == 1 else None

    def _sentences(self, pieces: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
        """Cells tied to no item, each on its own but where one is cut mid-sentence (``…地域活動を``)
        and the line right after it (nothing between could start another item) goes on without a
        bullet (``支援``): those are one sentence, one result."""
        groups: list[list[tuple[int, str]]] = []
        for line, text in pieces:
            if groups and text.startswith(GLUED):  # the rest of the piece before it, wherever it stands
                groups[-1].append((line, text))
                continue
            if groups:
                before, before_text = groups[-1][-1]
                if (
                    CUT_END.search(normalize(before_text).rstrip())
                    and not normalize(text).lstrip().startswith(("・", *CIRCLED))
                    and before < line
                    and all(not self.line(no).norm for no in range(before + 1, line))
                ):
                    groups[-1].append((line, text))
                    continue
            groups.append([(line, text)])
        return groups

    def _loose(self, item: _Item | None, kind: SectionKind) -> tuple[Section, ...]:
        """Cells kept with their goal but tied to no item, as a section citing each cell's line."""
        if item is None or not item.texts:
            return ()
        name = "具体的な重点取組項目" if kind == SectionKind.MEASURES else "達成状況・達成度"
        return (
            Section(
                name=f"{name} (not tied to an item)",
                items=tuple(item.texts),
                span=self.span(min(item.lines), max(item.lines)),
                kind=kind,
                item_lines=tuple(item.lines),
            ),
        )

    def _next_plan(self, past_titles: dict[int, tuple[str, str | None]]) -> Plan:
        year = self.years[1] if len(self.years) > 1 else None
        weights = self._weights()
        headed = [t for t in self.titles if t.headed]
        paired: dict[int, tuple[_Title, str | None]] = {}  # block index -> title, note
        for t in headed:
            if t.number is not None and 1 <= t.number <= len(self.blocks):
                paired[t.number - 1] = (t, None)
        past_by_title = self._past_by_title(past_titles)
        for page in self.pages:
            blocks = {
                k: " ".join(text for _, text in b.lines)
                for k, b in enumerate(self.blocks)
                if b.page == page.number and k not in paired
            }
            free = {
                t.no: " ".join(
                    [
                        t.text,
                        past_by_title.get(t.text, ""),
                        *(i.text for i in self.next_items.get(t.no, {}).values()),
                    ]
                )
                for t in headed
                if t.page == page.number and t.no not in {p.no for p, _ in paired.values()}
            }
            pairs, eliminated = _pair_by_content(blocks, free, weights)
            for k, title_no in pairs.items():
                how = "by elimination" if k in eliminated else "by content"
                paired[k] = (
                    next(t for t in headed if t.no == title_no),
                    f"the PDF text prints the number apart from the title: goal {k + 1} is the {k + 1}th "
                    f"期限・数値目標等 block, and the title was paired with it {how}",
                )
        policies = []
        for k, block in enumerate(self.blocks):
            heading, note = paired.get(k, (None, None))
            first = block.lines[0][0] if block.lines else 1
            if heading is None:
                self.issue(
                    first, f"goal {k + 1}: which title its 期限・数値目標等 belongs to is not decidable"
                )
                note = "title not decidable from the PDF text"
            items = self.next_items.get(heading.no, {}) if heading else {}
            actions = self._block_actions(block.lines, year, items)
            policies.append(
                Policy(
                    id=str(k + 1),
                    title=heading.text if heading else "",
                    span=self.span(heading.no if heading else first),
                    department=self.department,
                    actions=actions,
                    sections=self._loose(items.get(None), SectionKind.MEASURES),
                    note=note,
                )
            )
        for t in headed:
            if all(p.no != t.no for p, _ in paired.values()):
                for item in self.next_items.get(t.no, {}).values():
                    for line in item.lines:
                        self.issue(
                            line, f"item of the goal {t.text[:20]}…, which no block could be paired with"
                        )
                self.issue(
                    t.no, f"goal title without a 期限・数値目標等 block that could be paired: {t.text[:30]}"
                )
        return ichiran_plan(self, self.department, year, "期限・数値目標等", policies)

    def _block_actions(
        self, block: list[tuple[int, str]], year: int | None, items: _Items
    ) -> tuple[Action, ...]:
        """The actions of a 期限・数値目標等 block, each with its 取組項目 where the items column gave it."""
        actions: list[tuple[int, int, list[str], list[int]]] = []
        for no, text in block:
            m = CIRCLED_START.match(text)
            if m:
                actions.append((circled_number(m.group(1)), no, [m.group(2).strip()], [no]))
            elif actions:
                actions[-1][2].append(text)
                actions[-1][3].append(no)
            else:
                self.issue(no, f"line of a 期限・数値目標等 block before its first ① not placed: {text[:40]}")
        out = []
        for number, no, lines, numbers in actions:
            head, colon, after = lines[0].partition(":")
            deadline_re = r"^(年度末まで|\d+月[~～]\d+月|\d+月\S*|通年|随時)(.*)$"
            after_deadline = re.match(deadline_re, after.strip()) if colon else None
            if after_deadline:  # 移住・定住の推進:4月～3月 -> item, deadline
                text, deadline = head.strip(), after_deadline.group(1)
                rest = [after_deadline.group(2).removeprefix("に").strip()]
            else:
                lead = re.match(r"^(年度末まで|\d+月[~～]\d+月|\d+月[上中下]旬|通年|随時)(.*)$", lines[0])
                if lead and not lead.group(2).startswith(":"):
                    deadline, remainder = lead.group(1), lead.group(2).removeprefix("に").strip()
                elif _SCHEDULE.match(lines[0]):  # 6月:イオン会場: a schedule, the whole line the target text
                    deadline, remainder = None, lines[0]
                else:  # the months its items state, where any (…の実施(8月実施予定))
                    deadline, remainder = deadlines(" ".join(lines)), lines[0]
                text, rest = "", [remainder]
            rest = [r for r in rest if r]
            placed = [(no, r) for r in rest] + list(zip(numbers[1:], lines[1:], strict=True))
            target_text = " ".join([*rest, *lines[1:]]).strip() or None
            targets: tuple[ActionTarget, ...] = tuple(
                attrs.evolve(found, span=self.span(line))
                for line, piece in placed
                for found in extract_targets(piece, None, year)
            )
            item = items.get(number)
            text_line = None
            if item is not None:  # the 取組項目 stands in another column: it cites its first line
                text, text_line = item.text, min(item.lines)  # sub-items printed above its head too
            out.append(
                Action(
                    number=number,
                    text=text,
                    span=self.span(no, numbers[-1]),
                    text_line=text_line,
                    deadline=deadline,
                    target_text=target_text,
                    targets=targets,
                )
            )
        for key, extra in items.items():
            if key is not None and key not in {a.number for a in out}:
                out.append(
                    Action(
                        number=key, text=extra.text, span=self.span(extra.lines[0]), text_line=extra.lines[0]
                    )
                )
        return tuple(sorted(out, key=lambda a: a.number))


LAYOUT = _IchiranPdf.layout(
    NAME,
    "上田市 重点目標一覧表 as PDF text (interleaved columns): both years' goals, results and numeric targets",
    sniff_ichiran_pdf,
    markers=("重点目標一覧表",),
)
