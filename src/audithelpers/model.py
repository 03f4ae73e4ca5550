"""The ingested disclosure: plain data, no parsing logic."""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any


if TYPE_CHECKING:   # pandas is imported where a DataFrame is built, not by every command
    import pandas as pd


@dataclass(frozen=True)
class Part:
    """One file of a disclosure published as several files, and where its lines start."""

    path: str
    sha256: str
    first_line: int      # 1-based line of the combined text where this file begins
    first_page: int      # page of the combined text where this file begins


@dataclass(frozen=True)
class Source:
    """A decoded document: original lines, normalised lines and page of each line."""

    path: str
    sha256: str
    encoding: str
    lines: tuple[str, ...]
    norm: tuple[str, ...]
    pages: tuple[int, ...] = field(default=())
    origin: str = "text"     # "pdf" / "html": converted, one paragraph a line (layout decided the breaks)
    parts: tuple[Part, ...] = field(default=())   # several files read as one disclosure

    def line(self, number: int) -> str:
        """The original text of 1-based line ``number``."""
        return self.lines[number - 1]

    def __len__(self) -> int:
        return len(self.lines)

    def where(self, number: int) -> tuple[str, int, int | None]:
        """(file, line in that file, page in that file) of a line of the combined text."""
        page = self.pages[number - 1] if self.pages and 0 < number <= len(self.pages) else None
        part = next((p for p in reversed(self.parts) if p.first_line <= number), None)
        if part is None:
            return self.path, number, page
        return part.path, number - part.first_line + 1, (page - part.first_page + 1) if page else None


@dataclass
class Heading:
    line: int
    level: int          # 0 part (第一部分), 1 一、, 2 （一）, 3 1、
    marker: str
    text: str


@dataclass
class Paragraph:
    """A narrative paragraph rejoined from one or more source lines."""

    text: str
    starts: list[tuple[int, int]]   # (offset in text, source line) for each joined piece
    section: str                    # heading path, e.g. "第二部分 > 三、支出预算总体情况说明"

    @property
    def lines(self) -> list[int]:
        return [line for _, line in self.starts]

    def line_at(self, offset: int) -> int:
        """Source line of the character at ``offset``."""
        line = self.starts[0][1]
        for start, number in self.starts:
            if start > offset:
                break
            line = number
        return line


@dataclass(frozen=True)
class Fact:
    """One figure the narrative states (ingest.facts), tied to its source lines.

    ``kind``: ``amount`` (a figure of the year), ``change`` (比上年 增加/减少 …), ``prior`` (last year's figure,
    printed as such), ``count`` (people, vehicles …). ``subject`` is the canonical quantity named (收入总计,
    基本支出, 功能科目 for an item explanation whose path is ``item`` …), ``raw_subject`` the words as printed.
    """

    fact: str                           # F001 …, in reading order
    kind: str
    subject: str
    item: str | None                    # 类名/款名/项名 of an item explanation
    value: Decimal | None
    unit: str
    share_pct: Decimal | None           # "占 X%": the share stated
    share_of: str | None                # … of which quantity
    share_of_value: Decimal | None      # … whose figure is this
    direction: str | None               # 增加 / 减少 / 持平 of a change
    change_pct: Decimal | None
    compared_year: int | None           # the year a change is stated against, when printed
    reason: str | None                  # the reason given for a change
    line: int                           # the line of the figure
    lines: tuple[int, ...]              # every line of the figure, its share and its base
    canonical: bool                     # False when the subject is raw text, not a known quantity
    raw_subject: str
    section: str                        # heading path of its paragraph
    sentence: str
    derived: bool = False               # last year's figure computed from a change (not printed): never exported

    @property
    def figure(self) -> Decimal:
        """The value of a fact that states one (every amount does; a change may give only its percentage)."""
        if self.value is None:
            raise ValueError(f"fact {self.fact} (line {self.line}, {self.kind} {self.subject}) states no figure")
        return self.value


#: The columns of ``Disclosure.facts`` and facts.csv, in order.
FACT_COLUMNS = tuple(f.name for f in fields(Fact) if f.name != "derived")


@dataclass
class ContentsEntry:
    line: int
    text: str
    kind: str | None     # table kind when the entry names a table


#: A table's data row: its canonical columns (Decimal amounts, None where absent) and its source ``line``.
Row = dict[str, Any]
#: An amount cell that is not a number: (line, column, text as printed).
UnparsedCell = tuple[int, str, str]
#: A row identity read from a header tree: (total column, part columns).
HeaderSum = tuple[str, tuple[str, ...]]


@dataclass(frozen=True)
class PerformanceFields:
    """What an overall performance-target table (整体绩效目标表) states besides its rows:
    the department it names and its budget figures, each (amount, line) where printed."""

    department: str | None = None
    department_line: int | None = None
    budget_total: tuple[Decimal, int] | None = None   # 预算总额
    basic: tuple[Decimal, int] | None = None          # 基本支出
    project: tuple[Decimal, int] | None = None        # 项目支出
    government_funds: tuple[Decimal, int] | None = None   # 政府预算资金

    def figure(self, key: str) -> tuple[Decimal, int] | None:
        """The (amount, line) of ``budget_total``, ``basic``, ``project`` or ``government_funds``."""
        value: tuple[Decimal, int] | None = getattr(self, key)
        return value


def _is_total_label(text: Any) -> bool:
    return bool(text) and "".join(str(text).split()).rstrip(":：") in {"合计", "总计"}


@dataclass
class Table:
    kind: str
    title: str
    title_line: int
    first_line: int
    last_line: int
    unit: str | None
    unit_line: int | None
    department: str | None
    department_line: int | None
    header: list[tuple[int, list[str]]]
    columns: list[str]                  # ``line`` (+ ``code``, ``level``) and the canonical columns
    records: list[dict[str, Any]]       # one dict per data row: Decimal amounts, None when absent
    notes: list[tuple[int, str]] = field(default_factory=list)
    layout: str = "header"              # "standard" or "header": how columns were mapped
    amount_columns: list[str] = field(default_factory=list)   # the canonical columns holding amounts
    unparsed: list[UnparsedCell] = field(default_factory=list)   # amount cells that are not numbers
    width: int = 0                      # number of columns read
    sums: list[HeaderSum] = field(default_factory=list)   # row identities from the header tree
    performance: PerformanceFields | None = None   # a key-value (performance-target) table's fields
    kind_by: str = "title"              # how the kind was decided: title, structure, or title and structure
    structure_kind: str | None = None   # the kind its structure names where that rules the title's kind out

    def total_row(self) -> dict[str, Any] | None:
        """The grand-total row: level 合计, a 合计/总计 label, or the unlabelled first row of a project table."""
        if "level" in self.columns:
            hit = next((r for r in self.records if r["level"] == "合计"), None)
            if hit is not None:
                return hit
        text_cols = [c for c in self.columns if c not in self.amount_columns and c not in {"line", "code", "level"}]
        for row in self.records:
            if any(_is_total_label(row[c]) for c in text_cols):
                return row
        if self.kind in {"three_public", "final_three_public"} and len(self.records) == 1:
            return self.records[0]   # the 三公 table is one row of totals
        if self.kind in {"projects", "project_performance"} and self.records:
            first = self.records[0]
            label_cols = [c for c in ("类型", "项目名称") if c in first]
            if all(not first[c] for c in label_cols) or first.get("项目编码", "") and not first.get("项目名称"):
                return first
        return None

    def total(self, column: str) -> Decimal | None:
        row = self.total_row()
        value = row.get(column) if row else None
        return value if isinstance(value, Decimal) else None

    @cached_property
    def data(self) -> pd.DataFrame:
        """The rows as a DataFrame (built on first use)."""
        import pandas as pd

        return pd.DataFrame.from_records(self.records, columns=self.columns)

    @property
    def empty(self) -> bool:
        """True when no cell of the table holds a figure."""
        cols = self.amount_columns
        return not any(isinstance(r.get(c), Decimal) for r in self.records for c in cols)


#: A budget table kind -> the final-accounts kind whose columns name the same quantities (ingest.finals).
FINAL_OF = {"summary": "final_summary", "fiscal_summary": "final_fiscal_summary", "general_budget": "final_general",
            "expenditure": "final_expenditure", "revenue": "final_revenue", "fund_budget": "final_fund",
            "state_capital": "final_state_capital"}


@dataclass
class Disclosure:
    source: Source
    department: str | None
    department_line: int | None
    year: int | None
    year_line: int | None
    date: str | None
    contents: list[ContentsEntry]
    headings: list[Heading]
    paragraphs: list[Paragraph]
    tables: list[Table]
    fact_records: list[Fact]             # the narrative's figures, typed (``facts`` is them as a DataFrame)
    names: list[dict[str, Any]]          # department name as printed: place, line, name
    document_kind: str = "budget"        # "budget" (预算), "final" (决算) or "unclear" (ingest.doctype)
    department_from: str = "cover"       # where the department was read: "cover", or "tables" for a disclosure
    #                                      printed without a cover (the name its tables print)

    @cached_property
    def facts(self) -> pd.DataFrame:
        """The facts as a DataFrame for people and notebooks (built on first use)."""
        import pandas as pd

        records = [{c: list(f.lines) if c == "lines" else getattr(f, c) for c in FACT_COLUMNS}
                   for f in self.fact_records]
        frame = pd.DataFrame(records, columns=list(FACT_COLUMNS))
        frame["compared_year"] = frame["compared_year"].astype("Int64")
        return frame

    def table(self, kind: str) -> Table | None:
        """The first table of a kind, or None."""
        return next((t for t in self.tables if t.kind == kind), None)

    def counterpart(self, kind: str) -> Table | None:
        """The table of a budget ``kind``, or in final accounts the final-accounts table that states the
        same quantities under the same column names (收支总表 → 收入支出决算总表 …)."""
        return self.table(kind) or (self.table(FINAL_OF[kind]) if kind in FINAL_OF else None)

    @property
    def kinds(self) -> list[str]:
        return [t.kind for t in self.tables]

