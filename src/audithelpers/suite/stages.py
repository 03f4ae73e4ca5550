"""What the notebooks call: one function per stage, each reading the previous stage's
artifacts from the run directory and writing its own.

run_dir/
  tables/      <kind>.csv, facts.csv, document.json      (01_ingest)
  findings.json, findings.xlsx                           (02_reconcile)
  charts/      <chart>.png                               (03_charts)
  narrative.md                                           (04_narrative)
"""
from __future__ import annotations

import hashlib
import json
import platform
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import InputError, ParamsError, RunError
from ..ingest.export import dump_json, write_into
from ..ingest.build import ingest, ingest_source
from ..read.text import Part, combined_sha256, read_bytes
from ..model import Disclosure
from ..report.appendix import contents_frame, facts_frame, names_frame, tables_overview
from ..report.render import CHART_PLACES, split_narrative, with_evidence  # noqa: F401 - the notebooks call them here

__all__ = ["contents_frame", "facts_frame", "names_frame", "tables_overview", "show", "show_tables"]

PACKAGES = ("audithelpers", "pandas", "matplotlib", "papermill", "nbconvert", "nbclient", "ipykernel",
            "pyyaml", "mplfonts", "pdfplumber", "pdfminer.six", "beautifulsoup4")


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        dist = "budget-audit" if name == "audithelpers" else name
        try:
            out[name] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


@lru_cache(maxsize=1)
def code_version() -> dict[str, str]:
    """The package's git commit (when run from a checkout) and a hash of its source and data files."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".csv", ".yaml", ".md"} and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    out = {"package_sha256": digest.hexdigest()}
    try:
        commit = subprocess.run(["git", "-C", str(root), "describe", "--always", "--dirty", "--abbrev=12"],
                                capture_output=True, text=True, timeout=5)
        if commit.returncode == 0:
            out["git"] = commit.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    return out


def file_sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


#: A document as the stages take it: one file, or the files it is published as (a narrative and its tables).
Document = str | Path | Sequence[str | Path]


def document_files(document: Document) -> list[Path]:
    return [Path(document)] if isinstance(document, (str, Path)) else [Path(p) for p in document]


def document_sha256(document: Document, digests: list[str] | None = None) -> str:
    """The document's sha256: its file's, or for several files the digest the reader gives them together
    (from their own ``digests`` when already computed)."""
    digests = digests or [file_sha256(f) for f in document_files(document)]
    return digests[0] if len(digests) == 1 else combined_sha256(digests)


def document_name(document: Document) -> str:
    return " + ".join(f.name for f in document_files(document))


def provenance(parameters: dict[str, Any], document: Document) -> dict[str, Any]:
    """Input hash(es: each file of a document published as several, and the year's budget for final accounts
    checked against it), parameters, package versions and code version of a run (no timestamps)."""
    files = document_files(document)
    digests = [file_sha256(f) for f in files]
    inputs: dict[str, Any] = {"document": " + ".join(map(str, files)), "sha256": document_sha256(files, digests)}
    if len(files) > 1:
        inputs["files"] = [{"document": str(f), "sha256": digest} for f, digest in zip(files, digests, strict=True)]
    if parameters.get("budget"):
        inputs["budget"] = {"document": str(parameters["budget"]), "sha256": file_sha256(parameters["budget"])}
    return {"input": inputs, "parameters": dict(sorted(parameters.items())), "versions": versions(),
            "code": code_version()}


def provenance_frame(info: dict[str, Any]) -> pd.DataFrame:
    rows = [("输入文件", info["input"]["document"]), ("SHA-256", info["input"]["sha256"])]
    rows += [(f"文件 {Path(f['document']).name} SHA-256", f["sha256"]) for f in info["input"].get("files", [])]
    rows += [(f"参数 {k}", str(v)) for k, v in info["parameters"].items()]
    rows += [(f"版本 {k}", v) for k, v in info["versions"].items()]
    rows += [(f"代码 {k}", v) for k, v in info["code"].items()]
    return pd.DataFrame(rows, columns=["项目", "值"])


# -- 01 ingest -----------------------------------------------------------------------------------
def ingest_stage(document: Document, run_dir: str | Path) -> Disclosure:
    """Ingest the document and write tables/*.csv, facts.csv, document.json and figures.json (key figures).

    When the run folder already holds the extract of this very document (``budget-audit run``
    reads it once to confirm the params file before any notebook), its converted text is used
    instead of reading a PDF a second time.
    """
    from ..report.portfolio import key_amounts

    tables = Path(run_dir) / "tables"
    tables.mkdir(parents=True, exist_ok=True)
    disclosure = _read_before(document, run_dir) or ingest(document_files(document))
    write_into(tables, disclosure)
    dump_json(key_amounts(disclosure), tables / "figures.json")   # the district view's figures, in yuan
    return disclosure


def _read_before(document: Document, run_dir: str | Path) -> Disclosure | None:
    """The disclosure from the run folder's extract when it is of this document (same sha256), else None."""
    info_path = Path(run_dir) / "tables" / "document.json"
    if not info_path.exists():
        return None
    if json.loads(info_path.read_text(encoding="utf-8")).get("sha256") != document_sha256(document):
        return None
    return load_checked(document, run_dir)


def show(frame: pd.DataFrame, numeric: tuple[str, ...] = ()) -> None:
    """Display a table for people in a notebook: its Chinese headers, no index, blanks blank."""
    from IPython.display import HTML, display

    from ..report.appendix import html_table

    display(HTML(html_table(frame, numeric)))


def show_tables(d: Disclosure) -> None:
    """Every table as read, each under its title and Chinese kind."""
    from IPython.display import HTML, display

    from ..report.appendix import table_html

    for table in d.tables:
        display(HTML(table_html(table)))


# -- 02 reconcile --------------------------------------------------------------------------------
def load_checked(document: Document, run_dir: str | Path) -> Disclosure:
    """Re-ingest the document, refusing if it changed since the ingest stage."""
    info_path = Path(run_dir) / "tables" / "document.json"
    if not info_path.exists():
        raise RunError(run_dir, "tables/document.json is missing: run 01_ingest first")
    info = json.loads(info_path.read_text(encoding="utf-8"))
    sha256 = document_sha256(document)
    if info["sha256"] != sha256:
        raise InputError(document_name(document), "changed since the ingest stage (sha256 differs)")
    converted = Path(run_dir) / "tables" / "source.txt"
    files = document_files(document)
    if not converted.exists():
        return ingest(files)
    # a PDF was turned into text once, by the ingest stage: read that text, not the PDF again; a document
    # of several files keeps where each file starts, so that every line is cited in its own file
    source = read_bytes(converted.read_bytes(), " + ".join(map(str, files)), origin=info["origin"], sha256=sha256)
    if len(files) > 1:
        source = replace(source, parts=tuple(Part(f["path"], f["sha256"], f["first_line"], f["first_page"])
                                             for f in info["files"]))
    return ingest_source(source)


def reconcile_stage(document: Document, run_dir: str | Path, region: str = "default", tolerance: float = 1,
                    department: str | None = None, year: int | None = None, budget: str = "",
                    warehouse: str = "") -> list[dict]:
    """findings.json and findings.xlsx of the run; a final account is checked against the year's ``budget``
    when one is named, and statements about last year against a batch's ``warehouse`` when it holds it."""
    from ..reconcile import audit, findings_document
    from .budget import load_budget
    from .warehouse import last_year

    d = load_checked(document, run_dir)
    history = last_year(warehouse, d.department, d.year) if warehouse and d.department and d.year else None
    findings, checks = audit(d, region=region, tolerance_factor=tolerance, expected_department=department,
                             expected_year=year, budget=load_budget(budget, d) if budget else None,
                             history=history)
    doc = findings_document(d, findings, source=document_name(document), checks=checks)
    dump_json(doc, Path(run_dir) / "findings.json")
    from ..report.exports import write_findings_xlsx

    write_findings_xlsx(d, doc["findings"], Path(run_dir) / "findings.xlsx")
    return doc["findings"]


def findings_frame(findings: list[dict]) -> pd.DataFrame:
    from ..report.charts import FAMILY_LABEL, SEVERITY_LABEL

    rows = []
    for f in findings:
        rows.append({"严重程度": SEVERITY_LABEL[f["severity"]], "类别": FAMILY_LABEL[f["rule"].split(".")[0]],
                     "规则": f["rule"], "说明": f["message"], "行号": ", ".join(map(str, f["lines"])),
                     "应为": f["expected"] or "", "实为": f["actual"] or ""})
    return pd.DataFrame(rows, columns=["严重程度", "类别", "规则", "说明", "行号", "应为", "实为"])


def findings_by_family(findings: list[dict]) -> pd.DataFrame:
    """Findings counted per family (rows, in the families' order) and severity (错误, 警告, 提示)."""
    from ..reconcile.finding import FAMILIES, FAMILY_LABEL, SEVERITY_LABEL

    rows = []
    for family in FAMILIES:
        group = [f for f in findings if f["rule"].split(".")[0] == family]
        if group:
            counts = {label: sum(1 for f in group if f["severity"] == key) for key, label in SEVERITY_LABEL.items()}
            rows.append({"类别": FAMILY_LABEL[family], **counts, "合计": len(group)})
    return pd.DataFrame(rows, columns=["类别", *SEVERITY_LABEL.values(), "合计"])


def load_findings(run_dir: str | Path) -> list[dict]:
    path = Path(run_dir) / "findings.json"
    if not path.exists():
        raise RunError(run_dir, "findings.json is missing: run 02_reconcile first")
    return json.loads(path.read_text(encoding="utf-8"))["findings"]


# -- 03 charts -----------------------------------------------------------------------------------
def chart_stage(document: Document, run_dir: str | Path, unit: str = "万元") -> dict[str, Path]:
    from ..report.charts import draw_all

    d = load_checked(document, run_dir)
    findings = load_findings(run_dir)
    if any(f.suffix.lower() == ".pdf" for f in document_files(document)):   # the page image each finding cites
        from ..report.evidence import evidence_images

        folder = Path(run_dir) / "evidence"
        evidence_images(document_files(document), d, findings, folder).save(folder / "evidence.json")
    return draw_all(d, findings, Path(run_dir) / "charts", unit)


#: The charts shown in the report's body under 二、预算概况, in this order (the findings chart goes under 三).
BODY_CHARTS = CHART_PLACES[0][1]


def show_charts(run_dir: str | Path, stems: tuple[str, ...] | None = None) -> None:
    """Display the charts of a run that were drawn (all, or ``stems`` in that order), each with
    its Chinese title as alt text (nbconvert would write "No description has been provided")."""
    from IPython.display import Image, display

    from ..report.charts import CHARTS

    for stem in stems if stems is not None else tuple(CHARTS):
        path = Path(run_dir) / "charts" / f"{stem}.png"
        if path.exists():
            display(Image(filename=str(path), metadata={"alt": CHARTS[stem][0]}))


# -- 04 narrative --------------------------------------------------------------------------------
def narrative_stage(document: Document, run_dir: str | Path, title: str, unit: str = "万元") -> str:
    from ..report.evidence import load_evidence
    from ..report.narrate import narrative_markdown

    d = load_checked(document, run_dir)
    checks = json.loads((Path(run_dir) / "findings.json").read_text(encoding="utf-8")).get("checks")
    record = Path(run_dir) / "evidence" / "evidence.json"
    evidence = load_evidence(record) if record.exists() else None
    text = narrative_markdown(d, load_findings(run_dir), title, unit, checks=checks, evidence=evidence)
    (Path(run_dir) / "narrative.md").write_text(text, encoding="utf-8")
    return text


def write_report(setup: Setup) -> Path:
    """provenance.json (with the time of writing) and report.html of this run folder (the narrative,
    charts, evidence, the stage notebooks found beside it, the provenance): what the last notebook
    writes however it is run (``budget-audit run`` renders nothing itself)."""
    import time

    from ..report.render import render_run

    prov = provenance(setup.parameters(), setup.document)
    prov["generated_at"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    dump_json(prov, Path(setup.run_dir) / "provenance.json")
    path = Path(setup.run_dir) / "report.html"
    path.write_text(render_run(setup.run_dir, setup.title, prov), encoding="utf-8")
    return path


# -- the top of every notebook --------------------------------------------------------------------
@dataclass
class Setup:
    """The parameters of one notebook run, validated and with every path resolved."""

    document: str | list[str]   # a path, or the paths of the files it is published as
    department: str
    year: int
    unit: str
    region: str
    slug: str
    tolerance: float
    title: str
    run_dir: str
    budget: str = ""     # the year's budget of final accounts (absolute path), or ""
    warehouse: str = ""  # a batch's warehouse, for last year's figures (history rules), or ""

    def parameters(self) -> dict[str, Any]:
        """The audit's parameters as provenance records them (no paths of this machine but the documents)."""
        out = {"document": self.document, "department": self.department, "year": self.year, "unit": self.unit,
               "region": self.region, "slug": self.slug, "tolerance": self.tolerance, "title": self.title}
        return {**out, "budget": self.budget} if self.budget else out


def _resolve_document(document: str) -> Path:
    """A document path as given in a params file or a notebook default: absolute, or relative to
    the working folder, to the project's params/ folder (where params files live) or to notebooks/."""
    root = Path(__file__).resolve().parents[3]
    candidates = [Path(document)] if Path(document).is_absolute() else \
        [Path.cwd() / document, root / "params" / document, root / "notebooks" / document]
    found = next((p.resolve() for p in candidates if p.is_file()), None)
    if found is None:
        places = ", ".join(str(c.parent) for c in candidates)
        raise ParamsError("document", f"no such file {document} (looked in {places})")
    return found


def setup(document: str | list[str], department: str, year: int, unit: str = "万元", region: str = "default",
          slug: str = "", tolerance: float = 1.0, title: str = "", run_dir: str = "", params: str = "",
          budget: str = "", warehouse: str = "") -> Setup:
    """One call at the top of each notebook, however it is run (JupyterLab, papermill -f/-p, budget-audit run).

    ``params`` names a params file whose validated values win (its paths relative to it). Otherwise
    the values given are used: the document is found relative to the working folder, params/ or
    notebooks/; the title and slug follow the department and year when not given; the run folder
    defaults to reports/<slug>/<year> (beside notebooks/ when run from there), so each department
    writes to its own.
    """
    import pandas as pd

    from .params import load_params, slugify

    if params:
        p = load_params(params)
        document, department, year, unit, region = p.notebook_document, p.department, p.year, p.unit, p.region
        slug, tolerance, title, budget = p.slug, float(p.tolerance), p.title, p.budget
    paths = [_resolve_document(d) for d in ([document] if isinstance(document, str) else document)]
    if not paths:
        raise ParamsError("document", "an empty list of files")
    budget = str(_resolve_document(budget)) if budget else ""
    slug = slug or slugify(paths[0].stem.replace(str(year), "")) or "department"
    title = title or f"{department} {year} 年度部门预算审核报告"
    here = Path.cwd()   # JupyterLab starts the kernel in notebooks/: reports/ stands beside it
    run_dir = run_dir or str((here.parent if here.name == "notebooks" else here) / "reports" / slug / str(year))
    Path(run_dir).mkdir(parents=True, exist_ok=True)
    pd.set_option("display.max_rows", 200)
    pd.set_option("display.max_colwidth", 80)
    found: str | list[str] = str(paths[0]) if isinstance(document, str) else [str(p) for p in paths]
    return Setup(found, department, int(year), unit, region, slug, float(tolerance), title, run_dir, budget,
                 warehouse)
