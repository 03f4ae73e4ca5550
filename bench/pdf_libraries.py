"""Compare PDF extraction libraries on the development corpus (data/corpus/*.pdf).

Libraries and calls measured (default settings throughout):
  pdfplumber  page.find_tables() + table.extract(), page.extract_text()
  PyMuPDF     page.find_tables() + table.extract(), page.get_text()
  pypdfium2   page.get_textpage().get_text_bounded()   (text only, no table finder)

Per PDF: wall seconds to open the file and process every page (tables + text),
tables found, non-empty cells, whether MANIFEST.csv's headline_total is found in
a table cell and in the page text, the share of 1-2 character text lines, whether
a 收入总计/收入合计 label is present in the text, and (for pages ruled only by curves)
how many such pages get at least one table.

Usage (any venv with pdfplumber, pymupdf and pypdfium2):
    python bench/pdf_libraries.py [--runs N] [--json OUT.json] [--md OUT.md] [--only SUBSTR]
Timing is the median of N runs (default 1); all other figures come from the first run.
"""
from __future__ import annotations

import argparse
import csv
import inspect
import json
import platform
import re
import statistics
import sys
import time
from importlib.metadata import version
from pathlib import Path

import pdfplumber
import pymupdf
import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "corpus"
LIBS = ("pdfplumber", "pymupdf", "pypdfium2", "pymupdf_nolayout")
TITLES = {
    "pdfplumber": "pdfplumber: find_tables() + extract_text()",
    "pymupdf": "PyMuPDF: find_tables() (default, i.e. use_layout=True) + get_text()",
    "pypdfium2": "pypdfium2: get_textpage().get_text_bounded() (text only)",
    "pymupdf_nolayout": "PyMuPDF, supplementary: find_tables(use_layout=False) + get_text()",
}
LABELS = ("收入总计", "收入合计")
NUM = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")


# ---------------------------------------------------------------- matching
def _targets(total: str) -> list[float]:
    """The headline value, plus its 2-decimal rounding (for 6-decimal Beijing values)."""
    v = float(total)
    return sorted({v, round(v, 2)})


def _numbers(s: str) -> list[float]:
    """Numbers in s: whitespace-separated tokens, and the whole string with whitespace removed."""
    s = s.replace(",", "")
    out = [float(m) for m in NUM.findall(s)]
    out += [float(m) for m in NUM.findall(re.sub(r"\s+", "", s))]
    return out


def _has_total(s: str, targets: list[float]) -> bool:
    return any(abs(x - t) < 1e-6 for x in _numbers(s) for t in targets)


def _digit_forms(total: str) -> set[str]:
    """Digit strings of the headline as it may be printed (all punctuation dropped)."""
    v = float(total)
    forms = {f"{v:.2f}", f"{v:.6f}", total.strip()}
    if v == int(v):
        forms.add(str(int(v)))
    return {re.sub(r"\D", "", f) for f in forms}


def _cell_digits_match(cell: str, forms: set[str]) -> bool:
    """Lenient cell test: the cell's digits alone spell the headline (punctuation misplaced or lost)."""
    return re.sub(r"\D", "", cell) in forms


def _text_has_total(text: str, targets: list[float]) -> bool:
    return any(_has_total(line, targets) for line in text.splitlines())


def _text_stats(texts: list[str]) -> dict:
    lines = [ln.strip() for t in texts for ln in t.splitlines()]
    lines = [ln for ln in lines if ln]
    short = sum(1 for ln in lines if len(ln) <= 2)
    flat = re.sub(r"\s+", "", "".join(texts))
    return {
        "lines": len(lines),
        "short_frac": short / len(lines) if lines else 0.0,
        "label": [lab for lab in LABELS if lab in flat],
    }


# ---------------------------------------------------------------- per library
def run_pdfplumber(path: Path) -> dict:
    tables, texts = [], []          # tables: list of (page_index, rows)
    with pdfplumber.open(path) as pdf:
        for i, page in enumerate(pdf.pages):
            for t in page.find_tables():
                tables.append((i, t.extract()))
            texts.append(page.extract_text() or "")
            page.close()
    return {"tables": tables, "texts": texts}


def run_pymupdf(path: Path, **find_kw) -> dict:
    tables, texts = [], []
    with pymupdf.open(path) as doc:
        for i, page in enumerate(doc):
            for t in page.find_tables(**find_kw).tables:
                tables.append((i, t.extract()))
            texts.append(page.get_text())
    return {"tables": tables, "texts": texts}


def run_pypdfium2(path: Path) -> dict:
    texts = []
    pdf = pdfium.PdfDocument(path)
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            tp = page.get_textpage()
            texts.append(tp.get_text_bounded())
            tp.close()
            page.close()
    finally:
        pdf.close()
    return {"tables": None, "texts": texts}


def run_pymupdf_nolayout(path: Path) -> dict:
    # PyMuPDF 2.x gates find_tables() by its bundled ONNX layout model by default;
    # use_layout=False is the plain line-based finder (the 1.x behaviour).
    return run_pymupdf(path, use_layout=False)


RUNNERS = {"pdfplumber": run_pdfplumber, "pymupdf": run_pymupdf, "pypdfium2": run_pypdfium2,
           "pymupdf_nolayout": run_pymupdf_nolayout}
if "use_layout" not in inspect.signature(pymupdf.Page.find_tables).parameters and \
        "use_layout" not in inspect.signature(getattr(getattr(pymupdf, "table", None), "find_tables", lambda: None)).parameters:
    LIBS = LIBS[:3]   # PyMuPDF 1.x: no layout gate, the default call is already line-based


def ruling(path: Path) -> dict:
    """Untimed pass: producer and per-page ruling objects (pdfplumber's lines/rects/curves)."""
    with pymupdf.open(path) as doc:
        producer = (doc.metadata or {}).get("producer") or (doc.metadata or {}).get("creator") or ""
    pages = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            pages.append((len(page.lines), len(page.rects), len(page.curves)))
            page.close()
    curve_only = [i for i, (ln, rc, cv) in enumerate(pages) if cv and not ln and not rc]
    return {
        "producer": producer,
        "lines": sum(p[0] for p in pages),
        "rects": sum(p[1] for p in pages),
        "curves": sum(p[2] for p in pages),
        "curve_only_pages": curve_only,
    }


def measure(lib: str, path: Path, total: str, runs: int, rul: dict) -> dict:
    targets = _targets(total)
    secs = []
    for _ in range(runs):
        t0 = time.perf_counter()
        res = RUNNERS[lib](path)
        secs.append(time.perf_counter() - t0)
    texts, tables = res["texts"], res["tables"]
    row = {"seconds": statistics.median(secs), "pages": len(texts)}
    row["per30"] = row["seconds"] / row["pages"] * 30
    row.update(_text_stats(texts))
    row["total_in_text"] = any(_text_has_total(t, targets) for t in texts)
    row["total_in_text_pages"] = [i + 1 for i, t in enumerate(texts) if _text_has_total(t, targets)]
    if tables is not None:
        cells = [(p, c) for p, rows in tables for r in rows for c in r if c is not None and str(c).strip()]
        hit_pages = sorted({p + 1 for p, c in cells if _has_total(str(c), targets)})
        row["tables"] = len(tables)
        row["cells"] = len(cells)
        row["total_in_cell"] = bool(hit_pages)
        row["total_in_cell_pages"] = hit_pages
        forms = _digit_forms(total)
        row["total_in_cell_digits_only"] = any(_cell_digits_match(str(c), forms) for _, c in cells)
        pages_with_tables = {p for p, _ in tables}
        co = rul["curve_only_pages"]
        row["curve_only_pages"] = len(co)
        row["curve_only_pages_with_table"] = sum(1 for p in co if p in pages_with_tables)
    return row


# ---------------------------------------------------------------- report
def yn(b) -> str:
    return "yes" if b else "**no**"


def render(results: dict, meta: dict) -> str:
    out = []
    docs = results["docs"]
    for lib in LIBS:
        has_tables = lib != "pypdfium2"
        ver = meta["versions"]["pymupdf" if lib.startswith("pymupdf") else lib]
        out.append(f"### {TITLES[lib]} ({ver})\n")
        hdr = ["file", "pages", "s", "s/30p"]
        if has_tables:
            hdr += ["tables", "non-empty cells", "total in cell"]
        hdr += ["total in text", "1–2 char lines", "label in text"]
        if has_tables:
            hdr += ["curve-only pages with table"]
        out.append("| " + " | ".join(hdr) + " |")
        out.append("|" + "---|" * len(hdr))
        per30, tab_total, cell_hits, text_hits, label_hits, n_tabled, digit_hits = [], 0, 0, 0, 0, 0, 0
        for name, d in docs.items():
            r = d[lib]
            has_tab_doc = "narrative" not in name
            cols = [name.replace(".pdf", ""), str(r["pages"]), f"{r['seconds']:.2f}", f"{r['per30']:.2f}"]
            if has_tables:
                if has_tab_doc:
                    if r["total_in_cell"]:
                        cell = f"yes (p{','.join(map(str, r['total_in_cell_pages'][:3]))})"
                    elif r["total_in_cell_digits_only"]:
                        cell = "**no** (digits only†)"
                    else:
                        cell = "**no**"
                else:
                    cell = "n/a (no tables)"
                cols += [str(r["tables"]), str(r["cells"]), cell]
            cols += [yn(r["total_in_text"]), f"{r['short_frac']:.1%}", "/".join(r["label"]) or "**none**"]
            if has_tables:
                cols += [f"{r['curve_only_pages_with_table']}/{r['curve_only_pages']}" if r["curve_only_pages"] else "–"]
            out.append("| " + " | ".join(cols) + " |")
            per30.append(r["per30"])
            text_hits += bool(r["total_in_text"])
            label_hits += bool(r["label"])
            if has_tables:
                tab_total += r["tables"]
                if has_tab_doc:
                    n_tabled += 1
                    cell_hits += bool(r["total_in_cell"])
                    digit_hits += bool(r["total_in_cell"] or r["total_in_cell_digits_only"])
        n = len(docs)
        tot_s = sum(d[lib]["seconds"] for d in docs.values())
        cols = ["**total / summary**", str(sum(d[lib]["pages"] for d in docs.values())), f"{tot_s:.1f}",
                f"median {statistics.median(per30):.2f}, max {max(per30):.2f}"]
        if has_tables:
            cols += [str(tab_total), str(sum(d[lib]["cells"] for d in docs.values())),
                     f"**{cell_hits}/{n_tabled}** docs (digits-only†: {digit_hits}/{n_tabled})"]
        cols += [f"{text_hits}/{n}", f"median {statistics.median(d[lib]['short_frac'] for d in docs.values()):.1%}",
                 f"{label_hits}/{n}"]
        if has_tables:
            co = [d[lib] for d in docs.values() if d[lib]["curve_only_pages"]]
            cols += [f"{sum(r['curve_only_pages_with_table'] for r in co)}/{sum(r['curve_only_pages'] for r in co)}"]
        out.append("| " + " | ".join(cols) + " |\n")
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--json", type=Path, help="write raw results here")
    ap.add_argument("--md", type=Path, help="write the markdown tables here")
    ap.add_argument("--only", default="", help="only files whose name contains this")
    args = ap.parse_args()

    with open(CORPUS / "MANIFEST.csv", encoding="utf-8") as fh:
        manifest = [r for r in csv.DictReader(fh) if r["file"].endswith(".pdf") and args.only in r["file"]]
    meta = {
        "python": platform.python_version(),
        "machine": f"{platform.machine()} {platform.system()}",
        "versions": {"pdfplumber": version("pdfplumber"), "pdfminer.six": version("pdfminer.six"),
                     "pymupdf": version("pymupdf"), "pypdfium2": version("pypdfium2")},
        "runs": args.runs,
    }
    # warm-up: import-time / first-call costs are not charged to the first document
    first = CORPUS / manifest[0]["file"]
    for lib in LIBS:
        RUNNERS[lib](first)

    docs = {}
    for rec in manifest:
        path = CORPUS / rec["file"]
        rul = ruling(path)
        d = {"headline_total": rec["headline_total"], "unit": rec["headline_unit"], "ruling": rul}
        for lib in LIBS:
            d[lib] = measure(lib, path, rec["headline_total"], args.runs, rul)
        docs[rec["file"]] = d
        print(rec["file"], " ".join(
            f"{lib}:{d[lib]['seconds']:.1f}s/{d[lib].get('tables', '-')}t/"
            f"cell={d[lib].get('total_in_cell', '-')}/text={d[lib]['total_in_text']}/short={d[lib]['short_frac']:.0%}"
            for lib in LIBS), file=sys.stderr, flush=True)
    results = {"meta": meta, "docs": docs}
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    md = render(results, meta)
    if args.md:
        args.md.write_text(md, encoding="utf-8")
    else:
        print(md)


if __name__ == "__main__":
    main()
