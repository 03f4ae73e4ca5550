"""Executed notebooks to one self-contained HTML report (nbconvert, no network resources).

Code cells are hidden, the injected-parameters cell is removed, images are embedded as
data URIs and no script, style or font is loaded from anywhere: the page works offline.
"""
from __future__ import annotations

import base64
import html
import json
import re
from pathlib import Path
from typing import Any

import nbformat

from .webfont import font_face
from ..reconcile.finding import SEVERITY_LABEL

CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif;
     max-width:1100px;margin:2em auto;padding:0 1.2em;color:#222;line-height:1.65}
h1{border-bottom:3px solid #2e86c1;padding-bottom:.3em} \
h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.6em}
table{border-collapse:collapse;margin:.6em 0;font-size:.9em} \
th,td{border:1px solid #ccc;padding:.25em .6em;vertical-align:top}
th{background:#f3f6f9} img{max-width:100%;height:auto} td[style*="text-align:right"]{white-space:nowrap}
code{background:#f4f4f4;padding:0 .2em}
.banner{padding:.6em 1em;border-radius:4px;margin:1em 0}
.ok{background:#eaf6ec;border:1px solid #8bc79a} .failed{background:#fdecea;border:1px solid #e0837a}
details{margin:1em 0;border:1px solid #ddd;border-radius:4px;padding:.4em .8em} summary{cursor:pointer;font-weight:bold}
.prov td:first-child{white-space:nowrap;color:#555} .jp-OutputPrompt,.prompt{display:none}
pre{white-space:pre-wrap;background:#f8f8f8;padding:.5em;font-family:"Report CJK",monospace}
table.data th{white-space:nowrap} table.data td{min-width:3em;max-width:22em} .anchor-link{display:none}
.scroll{overflow-x:auto;max-width:100%} li,p,dd{overflow-wrap:anywhere}
.cover dl{display:grid;grid-template-columns:max-content 1fr;gap:.1em 1em}
.cover dt{color:#555} .cover dd{margin:0;overflow-wrap:anywhere}
.summary{display:flex;flex-wrap:wrap;gap:.6em;margin:1em 0} .summary div{padding:.4em .9em;border-radius:4px;color:#fff}
.summary .error{background:#c0392b} .summary .warning{background:#b9640f} .summary .info{background:#5f6b6d}
nav.toc{background:#f7f9fb;border:1px solid #dde3e8;border-radius:4px;padding:.4em 1em} nav.toc ol{margin:.3em 0}
"""
#: nbconvert's words for an image without alt text; replaced by a Chinese one when any is left.
_NO_ALT = "No description has been provided for this image"


def _exporter():
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = {"injected-parameters", "parameters", "hide-in-report"}
    config.HTMLExporter.exclude_input = True
    config.HTMLExporter.exclude_input_prompt = True
    config.HTMLExporter.exclude_output_prompt = True
    exporter = HTMLExporter(config=config, template_name="basic")
    exporter.register_preprocessor("nbconvert.preprocessors.TagRemovePreprocessor", enabled=True)
    return exporter


_EXPORTER = None


def notebook_body(notebook: str | Path | nbformat.NotebookNode) -> str:
    """The HTML body of an executed notebook (outputs only)."""
    global _EXPORTER
    if _EXPORTER is None:
        _EXPORTER = _exporter()
    nb = notebook if isinstance(notebook, nbformat.NotebookNode) else nbformat.read(str(notebook), as_version=4)
    body, _ = _EXPORTER.from_notebook_node(nb)
    return body


def _provenance_table(prov: dict[str, Any]) -> str:
    rows = [("输入文件", prov["input"]["document"]), ("输入 SHA-256", prov["input"]["sha256"])]
    rows += [(f"文件 {Path(f['document']).name} SHA-256", f["sha256"]) for f in prov["input"].get("files", [])]
    rows += [(f"参数 {k}", v) for k, v in prov["parameters"].items()]
    rows += [(f"代码 {k}", v) for k, v in prov["code"].items()]
    rows += [(f"版本 {k}", v) for k, v in prov["versions"].items()]
    cells = "".join(f"<tr><td>{html.escape(str(k))}</td><td>{html.escape(str(v))}</td></tr>" for k, v in rows)
    return f'<table class="prov">{cells}</table>'


def _for_people(body: str) -> str:
    """Wide tables scroll inside their own box (a phone's page does not), images keep Chinese alt text."""
    body = re.sub(r"<table\b", '<div class="scroll"><table', body).replace("</table>", "</table></div>")
    return body.replace(f'alt="{_NO_ALT}"', 'alt="图表"')


def page(title: str, parts: list[str], status: str = "ok", banner: str = "") -> str:
    css_class = "ok" if status == "ok" else "failed"
    body = f"<div class=\"banner {css_class}\">{banner}</div>\n" if banner else ""
    body = _for_people(body + "\n".join(parts))
    css = font_face(title + body) + CSS.replace("font-family:", "font-family:\"Report CJK\",", 1)
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{html.escape(title)}</title>\n"
            f"<style>{css}</style>\n</head>\n<body>\n" + body + "\n</body>\n</html>\n")


def _file_names(inputs: dict[str, Any]) -> str:
    """The document's file name, or the names of the files it is published as."""
    files = [f["document"] for f in inputs.get("files", [])] or [inputs["document"]]
    return " + ".join(Path(f).name for f in files)


def cover(title: str, prov: dict[str, Any]) -> str:
    """The cover block: title, department, year, document and its sha256, run date, tool version.

    The date is the one the run's provenance recorded (``generated_at``); without one it is left out
    (no clock is read here, so the same provenance gives the same page)."""
    params = prov.get("parameters", {})
    year = "决算年度" if "决算" in title else "预算年度"   # the title names the kind of document (params.title)
    rows = [("部门", params.get("department", "")), (year, params.get("year", "")),
            ("文件", _file_names(prov["input"])), ("文件 SHA-256", prov["input"]["sha256"])]
    if prov.get("generated_at"):
        rows.append(("运行日期", str(prov["generated_at"])[:10]))
    rows.append(("工具版本", f"budget-audit {prov.get('versions', {}).get('audithelpers', '')}".strip()))
    items = "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(str(v))}</dd>" for k, v in rows)
    return f'<header class="cover"><h1>{html.escape(title)}</h1><dl>{items}</dl></header>'


def summary_box(counts: dict[str, int]) -> str:
    """Findings by severity, the most serious first (错误, 警告, 提示)."""
    boxes = "".join(f'<div class="{key}">{label} <strong>{counts.get(key, 0)}</strong> 条</div>'
                    for key, label in SEVERITY_LABEL.items())
    total = sum(counts.get(key, 0) for key in SEVERITY_LABEL)
    return f'<section class="summary" aria-label="审核发现汇总（共 {total} 条）">{boxes}</section>'


_H2 = re.compile(r'<h2 id="([^"]+)">(.*?)(?:<a class="anchor-link"[^>]*>[^<]*</a>)?</h2>', re.S)


def contents(body: str, more: list[tuple[str, str]]) -> str:
    """A table of contents: the h2 sections of ``body``, then ``more`` (anchor id, label)."""
    entries = [(anchor, re.sub(r"<[^>]+>", "", text)) for anchor, text in _H2.findall(body)] + more
    items = "".join(f'<li><a href="#{html.escape(a)}">{html.escape(label)}</a></li>' for a, label in entries)
    return f'<nav class="toc" aria-label="目录"><strong>目录</strong><ol>{items}</ol></nav>'


#: The stage notebooks shown as the report's appendix: (file stem, label).
STAGE_NOTEBOOKS = (("01_ingest", "01 读取与结构化"), ("02_reconcile", "02 核对"), ("03_charts", "03 图表"))
#: The charts placed in the narrative, after the section whose heading starts so.
CHART_PLACES = (("## 二、", ("spending_composition", "function_classes", "personnel_public", "economic_items",
                             "projects", "revenue_sources", "year_on_year", "budget_execution")),
                ("## 三、", ("findings",)))
_EVIDENCE_LINK = re.compile(r"\]\((evidence/[\w.-]+\.png)\)")


def split_narrative(text: str) -> list[str]:
    """The narrative cut at its level-2 headings, for placing charts between the parts."""
    parts: list[str] = []
    current: list[str] = []
    for line in text.split("\n"):
        if line.startswith("## ") and current:
            parts.append("\n".join(current))
            current = []
        current.append(line)
    parts.append("\n".join(current))
    return parts


def with_evidence(part: str, run_dir: str | Path) -> str:
    """A narrative part with its evidence/ image links made data URIs, so the report stays one file."""
    def inline(match: re.Match) -> str:
        path = Path(run_dir) / match.group(1)
        if not path.is_file():
            return match.group(0)
        return f"](data:image/png;base64,{base64.b64encode(path.read_bytes()).decode('ascii')})"
    return _EVIDENCE_LINK.sub(inline, part)


_NUMERIC_ENTITY = re.compile(r"&#(\d+);")


def _character(match: re.Match) -> str:
    code = int(match.group(1))
    return chr(code) if code > 127 else match.group(0)


def _image(path: Path, alt: str) -> str:
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f'<p><img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}"></p>'


def narrative_html(text: str, run_dir: str | Path) -> str:
    """The narrative (narrative.md) as HTML, with the run's charts and evidence images embedded."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    from .charts import CHARTS

    out = []
    for part in split_narrative(text):
        # mistune writes every CJK character as a numeric entity: written back as characters (only
        # non-ASCII ones, which are never markup), so the page reads and searches as text
        out.append(_NUMERIC_ENTITY.sub(_character, markdown2html_mistune(with_evidence(part, run_dir))))
        for stems in (stems for heading, stems in CHART_PLACES if part.startswith(heading)):
            out += [_image(path, CHARTS[stem][0]) for stem in stems if stem in CHARTS
                    for path in [Path(run_dir) / "charts" / f"{stem}.png"] if path.is_file()]
    return "\n".join(out)


def render_run(run_dir: str | Path, title: str, prov: dict[str, Any]) -> str:
    """report.html of a run folder: its narrative.md, charts, evidence and findings.json, and the
    executed stage notebooks found in it (01–03) as the appendix."""
    run_dir = Path(run_dir)
    findings = json.loads((run_dir / "findings.json").read_text(encoding="utf-8"))["findings"]
    counts = {s: sum(1 for f in findings if f["severity"] == s) for s in ("error", "warning", "info")}
    narrative = narrative_html((run_dir / "narrative.md").read_text(encoding="utf-8"), run_dir)
    stages = [(label, run_dir / f"{stem}.ipynb") for stem, label in STAGE_NOTEBOOKS
              if (run_dir / f"{stem}.ipynb").is_file()]
    return report_html(title, narrative, stages, prov, counts)


def report_html(title: str, narrative_body: str, stage_nbs: list[tuple[str, Path]], prov: dict[str, Any],
                counts: dict[str, int]) -> str:
    """report.html: cover, summary box and contents, the narrative, each stage notebook, the provenance."""
    narrative = re.sub(r"<h1\b.*?</h1>", "", narrative_body, count=1, flags=re.S)
    appendix = [(f"appendix-{n}", f"附录{n}：{label}") for n, (label, _) in enumerate(stage_nbs, 1)]
    parts = [narrative]
    for (anchor, heading), (_, path) in zip(appendix, stage_nbs, strict=True):
        parts.append(f'<details id="{anchor}"><summary>{html.escape(heading)}</summary>\n'
                     f'{notebook_body(path)}\n</details>')
    parts.append(f'<details open id="provenance"><summary>溯源信息</summary>{_provenance_table(prov)}</details>')
    toc = contents(narrative, [*appendix, ("provenance", "溯源信息")])
    return page(title, [cover(title, prov), summary_box(counts), toc, *parts])


def failed_html(title: str, failed_nb: Path, message: str, done: list[tuple[str, Path]]) -> str:
    """FAILED.html: the failing notebook (with its traceback), clearly marked as a failed run."""
    parts = [f"<h1>{html.escape(title)}：运行失败</h1>", f"<pre>{html.escape(message)}</pre>"]
    for label, path in done:
        parts.append(f"<details><summary>{html.escape(label)}</summary>\n{notebook_body(path)}\n</details>")
    if failed_nb.exists():
        nb = nbformat.read(str(failed_nb), as_version=4)
        parts.append(f"<details open><summary>{html.escape(failed_nb.name)}（出错的笔记本）</summary>\n"
                     f"{notebook_body(nb)}\n</details>")
    return page(f"运行失败 - {title}", parts, "failed", "本次运行失败，本页不是审核报告。")
