"""Helpers the tests share: the seed text and variants made from it."""
from __future__ import annotations

import functools
import re
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "xinxiang-hongqi-zwfw-bureau-2022-budget.txt"


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def seed_lines() -> list[str]:
    return seed_text().split("\n")


def find_line(text: str, needle: str, start: int = 1) -> int:
    """1-based number of the first line at or after ``start`` containing ``needle``."""
    for number, line in enumerate(text.split("\n"), 1):
        if number >= start and needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


def block(text: str, title: str) -> tuple[int, int]:
    """0-based [start, end) of the table block that starts at the body title ``title``."""
    lines = text.split("\n")
    start = max(i for i, line in enumerate(lines) if line.strip() == title)
    end = start + 1
    while end < len(lines):
        line = lines[end]
        if line.strip() and "\t" not in line and not re.match(r"^\s*(部门名称|单位|注|备注|\()", line):
            break
        end += 1
    return start, end


def move_table(text: str, title: str, before: str) -> str:
    """Move the body table titled ``title`` to just before the body title ``before``."""
    lines = text.split("\n")
    start, end = block(text, title)
    chunk = lines[start:end]
    rest = lines[:start] + lines[end:]
    target = max(i for i, line in enumerate(rest) if line.strip() == before)
    return "\n".join(rest[:target] + chunk + rest[target:])


def to_yuan(text: str, title: str) -> str:
    """Re-express one table in 元 (amounts × 10000, printed with two decimals)."""
    lines = text.split("\n")
    start, end = block(text, title)
    for i in range(start, end):
        if re.search(r"单位\s*[:：]\s*万元", lines[i]):
            lines[i] = re.sub(r"万元", "元", lines[i])
            continue
        if "\t" in lines[i]:
            cells = lines[i].split("\t")
            cells = [format((Decimal(c) * 10000).quantize(Decimal("0.01")), "f")
                     if re.fullmatch(r"\d+\.\d+", c.strip()) else c for c in cells]
            lines[i] = "\t".join(cells)
    return "\n".join(lines)


def reflow(text: str, width: int = 23) -> str:
    """Break every long narrative line every ``width`` characters, with blank lines between."""
    out = []
    for line in text.split("\n"):
        if "\t" in line or len(line) <= 60:
            out.append(line)
            continue
        pieces = [line[i:i + width] for i in range(0, len(line), width)]
        out.append("\n\n".join(pieces))
    return "\n".join(out)


def check_well_formed(d) -> None:
    """What every consumer of a Disclosure relies on, whatever the input was: each cited line
    exists; each table row sits on a table line whose cells hold the row's figures; the
    reconciler runs and cites only lines that exist."""
    from decimal import Decimal as D

    from audithelpers.amounts import parse_amount
    from audithelpers.reconcile import reconcile

    n = len(d.source)
    assert n == len(d.source.norm) and (not d.source.pages or len(d.source.pages) == n)
    ok = lambda line: isinstance(line, int) and 1 <= line <= n  # noqa: E731
    for table in d.tables:
        assert ok(table.first_line) and ok(table.last_line) and table.first_line <= table.last_line, table.title
        for record in table.records:
            line = record["line"]
            assert table.first_line <= line <= table.last_line, (table.title, line)
            cells = {parse_amount(c) for c in d.source.norm[line - 1].split("\t")}
            for column in table.amount_columns:
                value = record.get(column)
                if isinstance(value, D):
                    assert value in cells, (table.title, line, column, value)
    for _, fact in d.facts.iterrows():
        assert ok(fact["line"]) and fact["line"] in fact["lines"] and all(map(ok, fact["lines"]))
    for para in d.paragraphs:
        assert all(map(ok, para.lines))
    for finding in reconcile(d):          # a missing item may cite no line; a cited line exists
        assert all(map(ok, finding.lines)), finding


CORPUS = ROOT / "data" / "corpus"


@functools.lru_cache(maxsize=None)
def _corpus_lines(name: str) -> tuple[str, ...]:
    from audithelpers.read.text import read_source

    return read_source(CORPUS / name).lines


def corpus_lines(name: str) -> list[str]:
    """The numbered lines of a corpus document as read (each document read once per test process),
    a fresh list to edit."""
    return list(_corpus_lines(name))


def ingest_lines(lines: list[str]):
    """A disclosure of edited lines, read as a text document."""
    from audithelpers.ingest.build import ingest_source
    from audithelpers.read.text import read_bytes

    return ingest_source(read_bytes("\n".join(lines).encode("utf-8"), "doc.txt"))


def line_index(lines: list[str], needle: str) -> int:
    """The index of the first line holding ``needle``."""
    return next(i for i, text in enumerate(lines) if needle in text)


def hostile_pdf(content: bytes, pages: int = 1) -> bytes:
    """A valid PDF of ``pages`` pages sharing one Flate-compressed content stream ``content``, for hostile
    documents: a decompression bomb, a page of millions of drawing operations, thousands of pages."""
    import zlib

    stream = zlib.compress(content, 1)
    kids = " ".join(f"{4 + n} 0 R" for n in range(pages)).encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [" + kids + b"] /Count "
               + str(pages).encode() + b" >>",
               b"<< /Filter /FlateDecode /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream
               + b"\nendstream"]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R /Resources << >> >>"] * pages
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def make_fact(**fields):
    """A narrative Fact for a test: the fields given, the rest empty (a fact of line 1)."""
    from audithelpers.model import Fact

    empty = {"fact": "F001", "kind": "amount", "subject": "", "item": None, "value": None, "unit": "万元",
             "share_pct": None, "share_of": None, "share_of_value": None, "direction": None, "change_pct": None,
             "compared_year": None, "reason": None, "line": 1, "lines": (1,), "canonical": True, "raw_subject": "",
             "section": "", "sentence": ""}
    return Fact(**{**empty, **fields})
