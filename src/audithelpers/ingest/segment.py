"""Segmentation: cover, contents, headings, paragraphs and table regions.

Works on the normalised lines of a :class:`~audithelpers.read.text.Source`; every
piece keeps the 1-based numbers of the source lines it came from.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .kinds import classify_title
from ..model import ContentsEntry, Heading, Paragraph
from ..read.text import Source

CN_NUM = "一二三四五六七八九十百零〇"
PART = re.compile(rf"^\s*第[{CN_NUM}\d]+部分")
LEVEL1 = re.compile(rf"^\s*[{CN_NUM}]+\s*、")
LEVEL2 = re.compile(rf"^\s*\(\s*[{CN_NUM}]+\s*\)")
LEVEL3 = re.compile(r"^\s*\d{1,2}\s*[、.](?!\d)")
ANNEX = re.compile(r"^\s*(附件|附表)\s*\d*\s*[:、]?")
NOTE = re.compile(r"^\s*(注|备注|说明)\s*\d*\s*[:：]")
META = re.compile(r"^\s*(部门名称|单位名称|编制单位|编制部门|预算单位|预算部门|主管部门|部门|单位|金额单位)\s*[:：]"
                  r"|^\s*\(?\s*(?:19|20)\d{2}\s*\(?\s*年度?\s*\)?\s*$"   # 2026年度, (2026年), 2026(年度)
                  r"|^\s*单位\s*[:：]?\s*(万元|元|亿元)\s*$")
TERMINAL = ("。", "!", "?", ";", "！", "？", "；")
CONTENTS = re.compile(r"^\s*目\s*录\s*$")
LEADERS = re.compile(r"\s*(?:[.…·・\-—_]\s*){3,}\s*\d*\s*$")
NO_PUNCT = re.compile(r"^[^,.;:!?，。；：！？、]+$")


@dataclass
class Region:
    """Lines of a table: its title (if any) and the lines up to the next narrative."""

    kind: str | None
    title: str | None
    title_line: int | None
    lines: list[int] = field(default_factory=list)


@dataclass
class Segments:
    cover: list[int]
    contents: list[ContentsEntry]
    headings: list[Heading]
    paragraphs: list[Paragraph]
    regions: list[Region]
    body_start: int


def is_table_line(text: str) -> bool:
    return "\t" in text and any(cell.strip() for cell in text.split("\t"))


def heading_level(text: str) -> tuple[int, str] | None:
    """(level, marker) when the line is a heading; long list items are paragraphs."""
    stripped = text.strip()
    for level, pattern in ((0, PART), (1, LEVEL1), (2, LEVEL2), (3, LEVEL3)):
        match = pattern.match(stripped)
        if not match:
            continue
        if level == 0:
            return level, match.group(0).strip()
        rest = stripped[match.end():]
        short = len(stripped) <= 40 and not any(p in rest for p in ",;，；")
        if short and (not stripped.endswith("。") or len(stripped) <= 14) and not any(
                p in rest[:-1] for p in ":："):
            return level, match.group(0).strip()
        return None
    annex = ANNEX.match(stripped)
    if annex and len(stripped) <= 40:
        return 0, annex.group(1)
    return None


def _leading_marker(text: str) -> str | None:
    for pattern in (PART, LEVEL1, LEVEL2, LEVEL3):
        match = pattern.match(text.strip())
        if match:
            return re.sub(r"\s+", "", match.group(0))
    return None


def _contents(norm: tuple[str, ...], department: str | None) -> tuple[int | None, list[ContentsEntry], int]:
    """Find the 目录 block; returns (its line, entries, first body line index)."""
    start = next((i for i, text in enumerate(norm[:200]) if CONTENTS.match(text)), None)
    if start is None:
        return None, [], 0
    entries: list[ContentsEntry] = []
    first_marker = None
    leaders = False
    i = start + 1
    while i < len(norm):
        raw = norm[i].strip()
        if not raw:
            i += 1
            continue
        text = LEADERS.sub("", raw).strip()   # dot leaders and page numbers
        has_leaders = text != raw
        marker = _leading_marker(text)
        if entries and marker and marker == first_marker:
            break
        if is_table_line(norm[i]) or "。" in text or len(text) > 60 or (leaders and not has_leaders):
            break
        if not entries:
            first_marker = marker
            leaders = has_leaders
        entries.append(ContentsEntry(line=i + 1, text=text, kind=classify_title(text, department)))
        i += 1
    return start + 1, entries, i


def _title_ahead(norm: tuple[str, ...], i: int) -> bool:
    """True when a table follows line index ``i`` within a few lines."""
    seen = 0
    for j in range(i + 1, min(len(norm), i + 12)):
        text = norm[j].strip()
        if not text:
            continue
        if is_table_line(norm[j]) or META.match(text):
            return True
        seen += 1
        if seen > 2:
            return False
    return False


def _ends_block(para: Paragraph) -> bool:
    """A short title-like paragraph (no punctuation) does not run on into the next line."""
    return len(para.text) <= 30 and bool(NO_PUNCT.match(para.text))


def cover_lines(norm: tuple[str, ...], stop: int) -> list[int]:
    """1-based numbers of the non-empty lines before ``stop`` (at most 12)."""
    return [i + 1 for i in range(min(stop, len(norm))) if norm[i].strip()][:12]


def _cover_stop(norm: tuple[str, ...], department: str | None) -> int:
    """Index of the first line after the cover: the contents, else the first heading or table."""
    contents = next((i for i, text in enumerate(norm[:200]) if CONTENTS.match(text)), None)
    if contents is not None:
        return contents
    return next((i for i, t in enumerate(norm) if heading_level(t) or is_table_line(t)
                 or classify_title(t, department)), len(norm))


def find_cover(norm: tuple[str, ...]) -> list[int]:
    """Line numbers of the cover block (department, year, date)."""
    return cover_lines(norm, _cover_stop(norm, None))


def _join_continued(regions: list[Region], norm: tuple[str, ...], department: str | None) -> list[Region]:
    """A table printed on several pages under its repeated title is one table."""
    from .kinds import title_core

    out: list[Region] = []
    for region in regions:
        prev = out[-1] if out else None
        if (prev is not None and region.kind == prev.kind and region.kind != "unknown" and region.title
                and prev.title and title_core(region.title, department) == title_core(prev.title, department)
                and region.title_line is not None and region.title_line - prev.lines[-1] <= 8
                and all(not norm[n].strip() or META.match(norm[n].strip())
                        for n in range(prev.lines[-1], region.title_line - 1))):
            prev.lines += region.lines
            continue
        rows = [n for n in region.lines if is_table_line(norm[n - 1])]   # not its 单位/部门 lines
        if (prev is not None and region.kind == "unknown" and prev.kind != "unknown" and rows
                and region.lines[0] - prev.lines[-1] <= 6 and not any(META.match(norm[n - 1].strip())
                                                                      for n in region.lines[:1])
                and _same_shape(norm[rows[0] - 1], norm[prev.lines[-1] - 1])):
            # a table going on over a page, with a stray line of a cell between: the same table
            prev.lines += [n for n in range(prev.lines[-1] + 1, region.lines[0]) if norm[n - 1].strip()
                           and is_table_line(norm[n - 1])] + region.lines
            continue
        out.append(region)
    return out


def _same_shape(a: str, b: str) -> bool:
    """Two table lines of one table: as many cells, or (a page repeating no merged cells on
    its left) as many cells from the first filled one on, at least four."""
    if a.count("\t") == b.count("\t"):
        return True
    filled = [line.split("\t") for line in (a, b)]
    rests = [len(cells) - next((k for k, c in enumerate(cells) if c.strip()), len(cells)) for cells in filled]
    return rests[0] == rests[1] >= 4


def _kind_by_header(header: str, title: str | None) -> str:
    """The kind of a table introduced by a sentence rather than a title, from its header row:
    project performance targets (a 绩效目标/绩效指标 column beside project names), a list of the
    department's budget units (单位名称 and no figures); else unknown."""
    words = re.sub(r"\s", "", header)
    if re.search(r"绩效(?:目标|指标)", words) and "项目" in words + (title or ""):
        return "project_performance"
    if "单位名称" in words and not re.search(r"金额|合计|预算|支出|收入|万元", words):
        return "units"   # the budget units a department is made of (序号 | 单位名称)
    return "unknown"


class _Segmenter:
    """One pass over the body's lines: the open table region, the open paragraph, the heading path."""

    def __init__(self, source: Source, department: str | None) -> None:
        self.source, self.norm, self.department = source, source.norm, department
        self.headings: list[Heading] = []
        self.paragraphs: list[Paragraph] = []
        self.regions: list[Region] = []
        self.path: dict[int, str] = {}
        self.region: Region | None = None
        self.para: Paragraph | None = None
        self.part_open: Heading | None = None
        self.last_text_line: tuple[int, str] | None = None

    def run(self, body: int) -> None:
        """Read every line from ``body`` (0-based) on."""
        for i in range(body, len(self.norm)):
            self.line(i)
        self.close_para()

    def close_para(self) -> None:
        if self.para is not None:
            self.paragraphs.append(self.para)
            self.para = None

    def line(self, i: int) -> None:
        """One line: a table region's, a table's start or title, a heading, or paragraph text."""
        text = self.norm[i]
        stripped = text.strip()
        number = i + 1
        if not stripped:
            return
        if self.region is not None:
            if self._in_region(i, text, stripped):
                self.region.lines.append(number)
                return
            self.region = None
        if (self._table_start(text, number) or self._table_title(i, stripped, number)
                or self._heading(stripped, number) or self._part_title_line(stripped, number)):
            return
        self.part_open = None
        if self._pdf_heading(stripped, number):
            return
        self._paragraph_line(stripped, number)

    def _in_region(self, i: int, text: str, stripped: str) -> bool:
        """A line of the open table region: a row, a unit or note line, or a note running on."""
        assert self.region is not None
        if is_table_line(text) or META.match(stripped) or NOTE.match(stripped):
            return True
        # a note that runs on over several lines; not a line with a table's unit or header lines after it (the title
        # of the next table, whatever its words)
        return bool(self.region.lines and NOTE.match(self.norm[self.region.lines[-1] - 1].strip()) and not (
            heading_level(stripped) or classify_title(stripped, self.department) or self._titles_a_table(i)))

    def _titles_a_table(self, i: int) -> bool:
        """The next non-blank line after line ``i`` (0-based) is a table's unit, department or header line."""
        after = next((t for t in self.norm[i + 1:i + 4] if t.strip()), "")
        return bool(after) and (is_table_line(after) or bool(META.match(after.strip())))

    def _table_start(self, text: str, number: int) -> bool:
        """A table row with no title before it: a region titled by the last text line."""
        if not is_table_line(text):
            return False
        self.close_para()
        self.part_open = None
        last = self.last_text_line
        title, title_line = (last[1], last[0]) if last else (None, None)
        meta: list[int] = []
        while title is not None and title_line is not None and META.match(title) and len(meta) < 3:
            meta.insert(0, title_line)   # "单位：万元" above the rows: part of the table, the title is above it
            above = next((n for n in range(title_line - 1, max(0, title_line - 4), -1)
                          if self.norm[n - 1].strip()), None)
            if above is None or is_table_line(self.norm[above - 1]):
                title, title_line = None, None
                break
            title, title_line = self.norm[above - 1].strip(), above
        self.region = Region(kind=_kind_by_header(text, title), title=title, title_line=title_line,
                             lines=[*meta, number])
        self.regions.append(self.region)
        return True

    def _table_title(self, i: int, stripped: str, number: int) -> bool:
        """A known table's title with its table ahead."""
        kind = classify_title(stripped, self.department)
        if not (kind and _title_ahead(self.norm, i)):
            return False
        self.close_para()
        self.part_open = None
        self.region = Region(kind=kind, title=stripped, title_line=number)
        self.regions.append(self.region)
        return True

    def _heading(self, stripped: str, number: int) -> bool:
        """A numbered heading (or a part title): it sets the heading path."""
        level = heading_level(stripped)
        if level is None:
            return False
        self.close_para()
        heading = Heading(line=number, level=level[0], marker=level[1], text=stripped)
        self.headings.append(heading)
        self.path[level[0]] = stripped
        for deeper in [k for k in self.path if k > level[0]]:
            del self.path[deeper]
        self.part_open = heading if level[0] == 0 else None
        self.last_text_line = (number, stripped)
        return True

    def _part_title_line(self, stripped: str, number: int) -> bool:
        """A part title printed over several short lines: this line goes on with it."""
        part = self.part_open
        if part is None or len(stripped) > 40 or any(p in stripped for p in "。,;，；"):
            return False
        part.text = f"{part.text} {stripped}"
        self.path[0] = part.text
        self.last_text_line = (number, stripped)
        return True

    def _pdf_heading(self, stripped: str, number: int) -> bool:
        """A short unpunctuated line of a PDF after a finished paragraph: an unnumbered heading."""
        para = self.para
        if not (self.source.origin == "pdf" and len(stripped) <= 30 and NO_PUNCT.match(stripped)
                and not re.search(r"\d", stripped[-1:])
                and (para is None or para.text.rstrip().endswith(TERMINAL) or _ends_block(para))):
            return False
        self.close_para()
        self.headings.append(Heading(line=number, level=0, marker="", text=stripped))
        self.path.clear()
        self.path[0] = stripped
        self.last_text_line = (number, stripped)
        return True

    def _paragraph_line(self, stripped: str, number: int) -> None:
        """Text: it goes on the open paragraph unless that one ended or this starts a new one."""
        section = " > ".join(self.path[k] for k in sorted(self.path))
        para = self.para
        if (para is not None and not para.text.rstrip().endswith(TERMINAL)
                and not _leading_marker(stripped)):
            para.starts.append((len(para.text), number))
            para.text += stripped
        else:
            self.close_para()
            self.para = Paragraph(text=stripped, starts=[(0, number)], section=section)
        self.last_text_line = (number, stripped)


def segment(source: Source, department: str | None = None) -> Segments:
    """Cover, contents, headings, paragraphs and table regions of a line-numbered source."""
    norm = source.norm
    contents_line, contents, body = _contents(norm, department)
    cover_stop = _cover_stop(norm, department)
    if contents_line is None:
        body = cover_stop
    cover = cover_lines(norm, cover_stop)
    if contents_line is None:
        body = max(body, cover[-1] if cover else 0)
    s = _Segmenter(source, department)
    s.run(body)
    regions = _join_continued([r for r in s.regions if r.lines], norm, department)   # a bare title stays text
    return Segments(cover=cover, contents=contents, headings=s.headings, paragraphs=s.paragraphs,
                    regions=regions, body_start=body + 1)
