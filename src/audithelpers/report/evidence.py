"""The evidence as an image: the page region a finding cites, rendered from the PDF, its figures outlined.

For a PDF disclosure, each finding that cites lines gets one PNG: for each page it cites (at
most ``MAX_BANDS``), a full-width band around the cited table row or paragraph, with the
cited figures (the finding's actual and expected amounts as printed, or the text it quotes)
outlined in red; on a page where no cited line holds any of them, the cited lines themselves
are outlined. A line is found from the text the reader extracted for it (``source.txt``):
pypdfium2's text layer of the page (an independent reader of the same characters) is
searched for it, whitespace and NFKC forms ignored; a table row is the one band of the
page holding most of its cells. A line found nowhere, or found in two places, is not
located: a finding none of whose lines is located gets no image and is listed in
``not_located`` (an outline drawn in the wrong place would be worse than none).

Each PDF is opened once and each page read and rendered once; the PNG bytes depend only on
the inputs (no metadata, fixed scale and palette). The narrative links each image
(``report.narrate.evidence_lines``) and the report inlines it (``report.render.with_evidence``).
"""
from __future__ import annotations

import ctypes
import dataclasses
import hashlib
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..amounts import UNIT_FACTORS, decimals, parse_amount
from ..model import Disclosure
from ..reconcile.finding import Finding

#: Pixels per PDF point (144 dpi): figures of a 6.5-point table cell stay legible.
SCALE = 2.0
#: Points shown above and below the outlined boxes.
MARGIN = 30.0
#: Points: the tallest band one page contributes (a long paragraph is cut around its figures).
MAX_BAND = 320.0
#: Pages one image shows at most (a finding citing more shows its first located ones).
MAX_BANDS = 3
#: Cited lines of one finding looked for at most (a finding may cite dozens).
MAX_LINES = 40
#: Points of padding around an outlined box, and the outline width in pixels.
PAD = 1.5
OUTLINE = 3
RED = (220, 20, 20)
#: zlib level of the PNG: 9 is 3 times slower for a few per cent fewer bytes.
COMPRESS = 6
#: Pixels of grey between the strips of two pages.
GAP = 6
#: The shortest text (characters, whitespace removed) a paragraph is located by.
MIN_ANCHOR = 4
#: Characters of a paragraph's beginning searched for; it must occur once on the page.
ANCHOR = 40

Box = tuple[float, float, float, float]     # left, bottom, right, top in PDF points
_QUOTE = re.compile(r"「([^「」]{4,60})」")
_MONEY = re.compile(r"^[≤≥约]?(-?\d[\d,]*(?:\.\d+)?)(亿元|万元|元|%)?$")
_FIGURE_CHARS = set("0123456789.,")


@dataclass(frozen=True)
class Band:
    """One page's strip of an image: rows ``top``..``bottom`` of the page rendered at SCALE,
    shown from row ``y`` of the image down."""

    page: int          # the page as findings number it (of the whole disclosure)
    top: int
    bottom: int
    y: int


@dataclass(frozen=True)
class Evidence:
    """What ``evidence_images`` made: an image per finding located, and those it could not place."""

    images: dict[str, Path] = field(default_factory=dict)
    bands: dict[str, tuple[Band, ...]] = field(default_factory=dict)  # where each image's strips come from
    not_located: list[str] = field(default_factory=list)
    over_limit: list[str] = field(default_factory=list)               # not tried: max_images reached

    def save(self, path: str | Path) -> Path:
        """Write this record as JSON beside the images (``load_evidence`` reads it back)."""
        import json

        path = Path(path)
        images = {i: {"file": p.name, "bands": [dataclasses.astuple(b) for b in self.bands[i]]}
                  for i, p in self.images.items()}
        record = {"images": images, "not_located": self.not_located, "over_limit": self.over_limit}
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return path


def load_evidence(path: str | Path) -> Evidence:
    """The record ``Evidence.save`` wrote (image paths resolved against its folder)."""
    import json

    path = Path(path)
    record = json.loads(path.read_text(encoding="utf-8"))
    images = record["images"]
    return Evidence(images={i: path.parent / v["file"] for i, v in images.items()},
                    bands={i: tuple(Band(*b) for b in v["bands"]) for i, v in images.items()},
                    not_located=list(record["not_located"]), over_limit=list(record["over_limit"]))


@dataclass
class _PageText:
    """A page's characters as one string without whitespace (NFKC), and each one's box."""

    compact: str
    boxes: list[Box]
    gap_before: list[bool]      # whitespace, or a wide space, before the character


def _normalise(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _page_text(textpage: Any) -> _PageText:
    chars: list[str] = []
    boxes: list[Box] = []
    gaps: list[bool] = []
    gap = True
    import pypdfium2.raw as raw

    for index in range(textpage.count_chars()):
        code = raw.FPDFText_GetUnicode(textpage.raw, index)
        text = _normalise(chr(code)) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else ""
        if not text:
            gap = True
            continue
        box = textpage.get_charbox(index)
        if boxes and not gap:
            last = boxes[-1]
            height = max(box[3] - box[1], last[3] - last[1], 1.0)
            gap = box[0] - last[2] > height or abs((box[1] + box[3]) - (last[1] + last[3])) > 1.5 * height
        for char in text:    # a ligature or a compatibility form may fold to several characters
            chars.append(char)
            boxes.append(box)
            gaps.append(gap)
            gap = False
    return _PageText("".join(chars), boxes, gaps)


def _occurrences(page: _PageText, needle: str, start: int = 0, end: int | None = None,
                 whole: bool = True) -> list[tuple[int, int]]:
    """(start, end) of each occurrence of ``needle`` in ``page.compact[start:end]``; a figure
    only where it stands alone (no digit run on into it on either side), unless not ``whole``."""
    end = len(page.compact) if end is None else end
    if not needle:
        return []
    figure = whole and (needle[0] in _FIGURE_CHARS or needle[-1] in _FIGURE_CHARS)
    out = []
    at = page.compact.find(needle, start, end)
    while at >= 0:
        stop = at + len(needle)
        if not figure or (_bounded(page, at) and _bounded(page, stop)):
            out.append((at, stop))
        at = page.compact.find(needle, at + 1, end)
    return out


def _bounded(page: _PageText, at: int) -> bool:
    """No figure runs across position ``at`` (a gap, an edge, or a non-figure character on one side)."""
    if at <= 0 or at >= len(page.compact) or page.gap_before[at]:
        return True
    return page.compact[at - 1] not in _FIGURE_CHARS or page.compact[at] not in _FIGURE_CHARS


def _rects(page: _PageText, start: int, end: int) -> list[Box]:
    """The boxes of characters ``start``..``end``, one per visual line they run over."""
    out: list[Box] = []
    for box in page.boxes[start:end]:
        if out:
            left, bottom, right, top = out[-1]
            height = max(top - bottom, box[3] - box[1], 1.0)
            if abs((box[1] + box[3]) - (bottom + top)) <= 1.5 * height and box[0] >= left - height:
                out[-1] = (min(left, box[0]), min(bottom, box[1]), max(right, box[2]), max(top, box[3]))
                continue
        out.append(box)
    return out


def _span(rects: Sequence[Box]) -> tuple[float, float]:
    return min(r[1] for r in rects), max(r[3] for r in rects)


def locate_paragraph(page: _PageText, text: str) -> tuple[int, int] | None:
    """Where a paragraph (or the part of it on this page) is: its beginning occurs once on the page."""
    wanted = _normalise(text)
    anchor = wanted[:ANCHOR]
    if len(anchor) < MIN_ANCHOR:
        return None
    hits = _occurrences(page, anchor, whole=False)   # the beginning of a text: may end inside a figure
    if len(hits) != 1:
        return None
    start, end = hits[0]
    while end < len(page.compact) and end - start < len(wanted) and page.compact[end] == wanted[end - start]:
        end += 1
    return start, end


def locate_row(page: _PageText, cells: Sequence[str]) -> dict[int, tuple[int, int]] | None:
    """Where each cell of a table row is: the one band of the page holding most of the row's cells.

    A cell may occur many times on the page (a figure repeated in another row); the row is the
    height at which most cells have an occurrence. None when fewer than two cells (or fewer
    than half of them) meet there, or when another band holds as many.
    """
    wanted = {n: text for n, c in enumerate(cells) for text in [_normalise(c)] if text}
    found = {text: [(o, _span(_rects(page, *o))) for o in _occurrences(page, text)] for text in set(wanted.values())}
    heights = sorted({round((lo + hi) / 2, 1) for hits in found.values() for _, (lo, hi) in hits})
    best: dict[int, tuple[int, int]] = {}
    rival = False
    for y in heights:
        row = _row_at(page, wanted, found, y)
        if len(row) > len(best):
            best, rival = row, False
        elif len(row) == len(best) and row != best and not _same_band(page, row, best):
            rival = True
    if rival or len(best) < max(2, math.ceil(len(wanted) / 2)):
        return None
    return best


_Hits = dict[str, list[tuple[tuple[int, int], tuple[float, float]]]]   # text: (occurrence, its height span)


def _row_at(page: _PageText, wanted: dict[int, str], found: _Hits, y: float) -> dict[int, tuple[int, int]]:
    """The cells with an occurrence at height ``y``: equal cells of a row taken left to right; a
    cell whose text occurs a different number of times at that height than the row holds it is left out."""
    row: dict[int, tuple[int, int]] = {}
    for text, hits in found.items():
        here = sorted((o for o, (lo, hi) in hits if lo - 1 <= y <= hi + 1), key=lambda o: page.boxes[o[0]][0])
        numbers = [n for n, t in wanted.items() if t == text]
        if here and len(here) == len(numbers):
            row.update(zip(numbers, here, strict=True))
    return dict(sorted(row.items()))


def _same_band(page: _PageText, one: dict[int, tuple[int, int]], other: dict[int, tuple[int, int]]) -> bool:
    """Two sets of occurrences on one line of the page (overlapping heights)."""
    lo1, hi1 = _span([r for o in one.values() for r in _rects(page, *o)])
    lo2, hi2 = _span([r for o in other.values() for r in _rects(page, *o)])
    return lo1 < hi2 and lo2 < hi1


@dataclass(frozen=True)
class _Targets:
    """What a finding points at: texts as printed (normalised) and amounts (value, unit, tolerance)."""

    texts: tuple[str, ...]
    amounts: tuple[tuple[Decimal, str, Decimal], ...]


def targets(finding: Finding) -> _Targets:
    """The figures and quotes of a finding: its actual and expected values, the text it quotes."""
    texts: list[str] = []
    amounts: list[tuple[Decimal, str, Decimal]] = []
    for value in (finding.actual, finding.expected):
        text = _normalise(value or "")
        match = _MONEY.match(text)
        if not match:
            if text:
                texts.append(text)
            continue
        number, unit = match.group(1), match.group(2)
        texts.append(number)
        if unit in UNIT_FACTORS:
            amount = Decimal(number.replace(",", ""))
            amounts.append((amount, unit, Decimal(5) * Decimal(10) ** (-decimals(amount) - 1)))
    quotes = {_normalise(q) for q in _QUOTE.findall(finding.message)}
    texts += sorted(q for q in quotes if not any(q != other and q in other for other in quotes))   # the longest
    return _Targets(tuple(dict.fromkeys(t for t in texts if t)), tuple(amounts))


def _cell_matches(cell: str, wanted: _Targets, unit: str | None) -> bool:
    """A table cell printing one of the finding's texts, or one of its amounts (in the table's unit)."""
    text = _normalise(cell)
    if text in wanted.texts:
        return True
    value = parse_amount(text)
    if not isinstance(value, Decimal):
        return False
    for amount, target_unit, tol in wanted.amounts:
        factor = UNIT_FACTORS[target_unit]
        cell_yuan = value * (UNIT_FACTORS[unit] if unit in UNIT_FACTORS else factor)
        if abs(cell_yuan - amount * factor) <= tol * factor:
            return True
    return False


def locate_line(page: _PageText, text: str, wanted: _Targets, unit: str | None) -> tuple[list[Box], list[Box]] | None:
    """(boxes to outline, boxes of the whole line) of one source line on its page, or None.

    The boxes to outline are the finding's figures within the line (a cell printing one of
    them, a word of a paragraph or of a cell): none when the line holds none of them.
    """
    if "\t" in text:
        cells = text.split("\t")
        row = locate_row(page, cells)
        if row is None:
            return None
        line = [r for o in row.values() for r in _rects(page, *o)]
        equal = {n for n in row if _cell_matches(cells[n], wanted, unit)}
        spans = [row[n] for n in equal] + _words(page, wanted, [o for n, o in row.items() if n not in equal])
    else:
        span = locate_paragraph(page, text)
        if span is None:
            return None
        line = _rects(page, *span)
        spans = _words(page, wanted, [span])
    return [r for o in spans for r in _rects(page, *o)], line


def _words(page: _PageText, wanted: _Targets, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The finding's texts (of three characters or more, or figures) printed within these spans;
    of two overlapping, the one inside the other (「国资国资」 within a quote of its sentence)."""
    words = [t for t in wanted.texts if len(t) >= 3 or "." in t]
    hits = sorted({o for start, end in spans for t in words for o in _occurrences(page, t, start, end)})
    return [o for o in hits if not any(p != o and o[0] <= p[0] and p[1] <= o[1] for p in hits)]


def _union(boxes: Sequence[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


class _Pages:
    """The PDFs of a disclosure, each opened once; each page's text read and each page rendered once."""

    def __init__(self, paths: Sequence[Path], disclosure: Disclosure) -> None:
        import pypdfium2 as pdfium

        self.source = disclosure.source
        parts = [p.path for p in self.source.parts] or [self.source.path]
        files = {part: Path(path) for part, path in zip(parts, paths, strict=False)}
        self.documents = {part: pdfium.PdfDocument(str(path)) for part, path in files.items()
                          if path.suffix.lower() == ".pdf"}
        self.pages: dict[tuple[str, int], Any] = {}
        self.texts: dict[tuple[str, int], _PageText] = {}

    def where(self, line: int) -> tuple[str, int] | None:
        """(file, page in that file) of a line of the disclosure, when that file is a PDF we have."""
        part, _, page = self.source.where(line)
        if part not in self.documents or page is None or not 0 < page <= len(self.documents[part]):
            return None
        return part, page

    def page(self, key: tuple[str, int]) -> Any:
        if key not in self.pages:
            self.pages[key] = self.documents[key[0]][key[1] - 1]
        return self.pages[key]

    def text(self, key: tuple[str, int]) -> _PageText:
        if key not in self.texts:
            textpage = self.page(key).get_textpage()
            self.texts[key] = _page_text(textpage)
            textpage.close()
        return self.texts[key]

    def render(self, key: tuple[str, int]) -> Any:
        """The page rendered at SCALE (RGB)."""
        return self.page(key).render(scale=SCALE).to_pil().convert("RGB")

    def to_pixels(self, key: tuple[str, int], size: tuple[int, int], box: Box) -> tuple[int, int, int, int]:
        """A box in PDF points as (left, top, right, bottom) pixels of the page rendered at ``size``."""
        import pypdfium2.raw as raw

        width, height = size
        corners = []
        for x, y in ((box[0], box[1]), (box[2], box[3])):
            dx, dy = ctypes.c_int(), ctypes.c_int()
            raw.FPDF_PageToDevice(self.page(key).raw, 0, 0, width, height, 0, x, y, ctypes.byref(dx), ctypes.byref(dy))
            corners.append((dx.value, dy.value))
        (x0, y0), (x1, y1) = corners
        return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)

    def close(self) -> None:
        for page in self.pages.values():
            page.close()
        for document in self.documents.values():
            document.close()


def _table_units(disclosure: Disclosure) -> dict[int, str | None]:
    return {n: t.unit for t in disclosure.tables for n in range(t.first_line, t.last_line + 1)}


_Found = tuple[list[Box], list[Box]]     # boxes to outline, boxes of the cited lines


def _located(pages: _Pages, disclosure: Disclosure, finding: Finding,
             units: dict[int, str | None]) -> dict[tuple[str, int], _Found]:
    """Per page, in the order cited: the boxes to outline and the boxes of the cited lines found there.

    On a page where some cited line holds the finding's figures, those figures are outlined;
    on a page where none does, the cited lines themselves (a table row as one box). At most
    MAX_BANDS pages: those with figures first, then the first cited.
    """
    wanted = targets(finding)
    found: dict[tuple[str, int], tuple[list[Box], list[Box], list[Box]]] = {}
    for line in finding.lines[:MAX_LINES]:
        key = pages.where(line)
        located = None if key is None else locate_line(pages.text(key), disclosure.source.line(line),
                                                       wanted, units.get(line))
        if key is None or located is None:
            continue
        marked, whole, lines = found.setdefault(key, ([], [], []))
        marked += located[0]
        whole += located[1]
        lines += [_union(located[1])] if "\t" in disclosure.source.line(line) else located[1]
    chosen = sorted(found, key=lambda k: not found[k][0])[:MAX_BANDS]
    return {k: (found[k][0] or found[k][2], found[k][1]) for k in found if k in chosen}


def _band(pages: _Pages, key: tuple[str, int], page: Any, marked: list[Box], whole: list[Box]) -> tuple[Any, int]:
    """The full-width band of the rendered ``page`` around the boxes, the marked ones outlined in
    red, as a palette image; and its top row."""
    from PIL import Image, ImageDraw

    pad = PAD * SCALE
    boxes = [pages.to_pixels(key, page.size, b) for b in marked]
    tallest = MAX_BAND * SCALE
    margin = MARGIN * SCALE
    context = boxes + [pages.to_pixels(key, page.size, b) for b in whole]
    top, bottom = min(b[1] for b in context) - margin, max(b[3] for b in context) + margin
    if bottom - top > tallest:   # the outlined figures, and as much of the line as fits
        top = min(b[1] for b in boxes) - margin
        bottom = min(max(b[3] for b in boxes) + margin, top + tallest)
    top, bottom = max(0, int(top)), min(page.height, int(math.ceil(bottom)))
    band = page.crop((0, top, page.width, bottom))
    draw = ImageDraw.Draw(band)
    for x0, y0, x1, y1 in boxes:
        draw.rectangle((x0 - pad - OUTLINE, y0 - top - pad - OUTLINE, x1 + pad + OUTLINE, y1 - top + pad + OUTLINE),
                       outline=RED, width=OUTLINE)
    return band.quantize(palette=_palette(), dither=Image.Dither.NONE), top


#: The fixed palette of the PNGs: web-safe colours, a grey ramp and the outline's red (same colours on every run).
_COLOURS = ([(r, g, b) for r in range(0, 256, 51) for g in range(0, 256, 51) for b in range(0, 256, 51)]
            + [(v, v, v) for v in range(6, 256, 7) if v % 51] + [RED])[:256]
#: The rule between two pages' strips.
_GREY = _COLOURS.index((153, 153, 153))


def _palette() -> Any:
    from PIL import Image

    flat = [c for colour in _COLOURS for c in colour]
    image = Image.new("P", (1, 1))
    image.putpalette(flat + [0] * (768 - len(flat)))
    return image


def _compose(bands: list[Any]) -> tuple[Any, list[int]]:
    """The bands (palette images) one above the other, a grey rule between pages; and the row each starts at."""
    from PIL import Image

    width = max(b.width for b in bands)
    height = sum(b.height for b in bands) + GAP * (len(bands) - 1)
    out = Image.new("P", (width, height), _GREY)
    out.putpalette(_palette().getpalette())
    rows = []
    y = 0
    for band in bands:
        out.paste(band, (0, y))
        rows.append(y)
        y += band.height + GAP
    return out, rows


def file_name(finding_id: str) -> str:
    """A short, stable file name for a finding's image (ids can be long and hold # and @)."""
    rule = re.sub(r"[^\w.-]", "_", finding_id.split("@", 1)[0])
    return f"{rule}-{hashlib.sha256(finding_id.encode('utf-8')).hexdigest()[:12]}.png"


def as_finding(item: Finding | dict[str, Any]) -> Finding:
    """A finding, or one as findings.json holds it (``Finding.to_dict``), as a Finding with the same id."""
    if isinstance(item, Finding):
        return item
    seq = int(item["id"].rsplit("#", 1)[1]) if "#" in item["id"] else 0
    return Finding(rule=item["rule"], severity=item["severity"], message=item["message"], lines=tuple(item["lines"]),
                   expected=item.get("expected"), actual=item.get("actual"), pages=tuple(item.get("pages", ())),
                   seq=seq)


def evidence_images(pdf_path: str | Path | Sequence[str | Path], disclosure: Disclosure,
                    findings: Iterable[Finding | dict[str, Any]], out_dir: str | Path,
                    max_images: int = 30) -> Evidence:
    """An image of the cited page region for each finding that cites lines of a PDF page
    (findings as Finding objects, or as dicts from findings.json).

    ``pdf_path``: the PDF, or the files of a disclosure published as several (in the order
    read; files that are no PDF are passed over). At most ``max_images`` findings are tried;
    the rest are listed in ``over_limit``. Images are written to ``out_dir`` (``file_name``).
    """
    paths = [Path(pdf_path)] if isinstance(pdf_path, (str, Path)) else [Path(p) for p in pdf_path]
    result = Evidence()
    pages = _Pages(paths, disclosure)
    try:
        plans = _plan(pages, disclosure, [as_finding(f) for f in findings], max_images, result)
        strips = _cut(pages, plans)
        for finding, located in plans:
            bands = [strips[finding.id, key] for key in located]
            image, rows = _compose([strip for strip, _ in bands])
            Path(out_dir).mkdir(parents=True, exist_ok=True)
            path = Path(out_dir) / file_name(finding.id)
            image.save(path, format="PNG", optimize=False, compress_level=COMPRESS)
            result.images[finding.id] = path
            result.bands[finding.id] = tuple(
                Band(_combined_page(disclosure, finding, key, pages), top, top + strip.height, y)
                for key, (strip, top), y in zip(located, bands, rows, strict=True))
    finally:
        pages.close()
    return result


def _plan(pages: _Pages, disclosure: Disclosure, findings: list[Finding], max_images: int,
          result: Evidence) -> list[tuple[Finding, dict[tuple[str, int], _Found]]]:
    """The findings to draw and what each outlines on which page; the others noted in ``result``."""
    units = _table_units(disclosure)
    plans: list[tuple[Finding, dict[tuple[str, int], _Found]]] = []
    for finding in findings:
        if not any(pages.where(n) for n in finding.lines):
            continue
        if len(plans) + len(result.not_located) >= max_images:
            result.over_limit.append(finding.id)
            continue
        located = {k: v for k, v in _located(pages, disclosure, finding, units).items() if v[0]}
        if located:
            plans.append((finding, located))
        else:
            result.not_located.append(finding.id)
    return plans


def _cut(pages: _Pages, plans: list[tuple[Finding, dict[tuple[str, int], _Found]]]) -> dict[tuple[str, Any], Any]:
    """Every strip the plans need, each page rendered once and let go before the next."""
    needed: dict[tuple[str, int], list[tuple[Finding, _Found]]] = {}
    for finding, located in plans:
        for key, boxes in located.items():
            needed.setdefault(key, []).append((finding, boxes))
    strips = {}
    for key, uses in needed.items():
        page = pages.render(key)
        for finding, boxes in uses:
            strips[finding.id, key] = _band(pages, key, page, *boxes)
    return strips


def _combined_page(disclosure: Disclosure, finding: Finding, key: tuple[str, int], pages: _Pages) -> int:
    """The page of the disclosure (as findings number them) of a (file, page) the finding cites."""
    line = next(n for n in finding.lines if pages.where(n) == key)
    return disclosure.source.pages[line - 1]
