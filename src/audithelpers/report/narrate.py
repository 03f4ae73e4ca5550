"""The Chinese audit narrative (markdown): overview, findings by family with evidence, conclusion.

Everything quoted from the document or the params file is escaped, so a disclosure that
holds HTML, scripts or markdown links shows them as plain text.
"""
from __future__ import annotations

import html
import re
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, Iterable

from ..amounts import UNIT_FACTORS
from .charts import FAMILY_LABEL, SEVERITY_LABEL, table_total
from .recommend import recommend
from ..ingest.kinds import BY_ID
from ..model import Disclosure
from ..reconcile.finding import FAMILIES, SEVERITIES

if TYPE_CHECKING:
    from .evidence import Evidence

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}()#+!|~>-])")

NUMBERS = "一二三四五六七八九十"


def md(text: Any) -> str:
    """Escape untrusted text for markdown rendered to HTML (no tags, no links, no emphasis)."""
    text = html.escape(str(text), quote=False)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return text.replace("://", ":&#47;&#47;").replace("\n", " ")


def money(value: Decimal | None, unit: str, target: str) -> str:
    if value is None:
        return "—"
    converted = (value * UNIT_FACTORS[unit] / UNIT_FACTORS[target]).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return f"{converted:,.2f} {target}"


def _totals(d: Disclosure, unit: str) -> list[tuple[str, str, str]]:
    """收入总计 and 支出总计 of the summary table (a final account's prints 总计 on both sides)."""
    rows: list[tuple[str, str, str]] = []
    summary = d.counterpart("summary")
    if summary is None:
        return rows
    for row in summary.records:
        for side in ("收入", "支出"):
            label = re.sub(r"\s", "", str(row.get(f"{side}项目") or ""))
            value = row.get(f"{side}金额")
            if label in (f"{side}总计", "总计") and isinstance(value, Decimal):
                rows.append((f"{side}总计", money(value, summary.unit or "元", unit), f"第 {row['line']} 行"))
    return rows


#: (table kind, column, label) of the overview's figures; a final account's tables stand in (model.FINAL_OF).
_KEY_CELLS = (("expenditure", "基本支出", "基本支出"), ("expenditure", "项目支出", "项目支出"),
              ("general_budget", "合计", "一般公共预算支出"), ("basic_expenditure", "人员经费", "人员经费"),
              ("basic_expenditure", "公用经费", "公用经费"), ("three_public", "合计", "“三公”经费"),
              ("final_three_public", "合计/决算数", "“三公”经费决算数"))


def key_figures(d: Disclosure, unit: str) -> list[tuple[str, str, str]]:
    """(item, amount in ``unit``, where it was read) for the overview."""
    rows = _totals(d, unit)
    for kind, column, label in _KEY_CELLS:
        got = table_total(d, kind, column)
        table = d.counterpart(kind)
        if got is not None and table is not None:
            rows.append((label, money(got[0], got[1], unit), BY_ID[table.kind].label))
        elif kind in ("three_public", "final_three_public") and table is not None and table.empty:
            rows.append((label, money(Decimal(0), unit, unit), f"{BY_ID[kind].label}（空表）"))
    basic = d.table("final_basic")
    for label in ("人员经费合计", "公用经费合计"):
        found = [r for r in basic.records if str(r.get("部门经济分类名称") or "").startswith(label)] if basic else []
        if basic is not None and found and isinstance(found[0].get("决算数"), Decimal):
            rows.append((label[:-2], money(found[0]["决算数"], basic.unit or "元", unit), BY_ID["final_basic"].label))
    projects = d.table("projects")
    if projects is not None and "类型" in projects.columns:
        count = sum(1 for r in projects.records if r.get("类型"))
        rows.append(("项目个数", f"{count} 个", BY_ID["projects"].label))
    return rows


def _quote(d: Disclosure, line: int) -> str:
    text = d.source.line(line).replace("\t", " ｜ ").replace("\f", "").strip()
    if len(text) > 160:
        text = text[:160] + "…"
    page = f"（第 {d.source.pages[line - 1]} 页）" if d.source.origin == "pdf" and d.source.pages else ""
    return f"第 {line} 行{page}：{md(text)}"


def _checked_table(checks: dict[str, dict[str, int]] | None) -> list[str]:
    """What was checked, per family: comparisons made, consistent, findings (say what holds)."""
    if not checks:
        return []
    out = ["核对范围与结果：", "", "| 类别 | 核对次数 | 一致 | 发现问题 | 未核对（表未能读出） | 未能运行的规则 |",
           "|---|---:|---:|---:|---:|---:|"]
    for family in FAMILIES:
        row = checks.get(family)
        if row:
            out.append(f"| {FAMILY_LABEL[family]} | {row.get('checks', 0)} | {row.get('consistent', 0)} | "
                       f"{row.get('findings', 0)} | {row.get('not_checked', 0)} | {row.get('not_run', 0)} |")
    return out + [""]


def _scope(d: Disclosure, unit: str) -> list[str]:
    """一、审核对象与范围 and 二、预算概况 (决算概况 for final accounts)."""
    listed = [e for e in d.contents if e.kind]
    word = "决算" if d.document_kind == "final" else "预算"
    out = ["## 一、审核对象与范围", ""]
    out.append(f"- 被审核部门：{md(d.department or '（封面未能识别）')}")
    out.append(f"- {word}年度：{d.year or '（未能识别）'}")
    out.append(f"- 来源文件：{md(d.source.path.split('/')[-1])}，共 {len(d.source)} 行，SHA-256：{d.source.sha256}")
    if d.source.pages and d.source.pages[-1] > 1:
        out.append("- 行号：PDF 转换为文本（运行目录 tables/source.txt）后的行号，引用处同时注明 PDF 页码")
    out.append(f"- 识别的{word}表：{len([t for t in d.tables if t.kind != 'unknown'])} 张"
               f"（目录列出 {len(listed)} 张）；情况说明中的数字事实 {len(d.fact_records)} 条")
    out += _what_was_read(d)
    out.append("- 审核方法：逐表复核合计与小计，核对各表之间及报表与情况说明之间的一致性，"
               "对照公开规程检查完整性，对照《政府收支分类科目》检查科目编码与名称，并做文字规范检查。")
    out += ["", f"## 二、{word}概况", "", "| 项目 | 金额 | 出处 |", "|---|---:|---|"]
    for label, value, where in key_figures(d, unit):
        out.append(f"| {md(label)} | {value} | {md(where)} |")
    out.append("")
    share = next((f for f in d.fact_records if f.kind == "amount" and f.share_pct is not None), None)
    if share is not None:
        out += [f"情况说明的表述（{_quote(d, int(share.line))}）", ""]
    return out


def _what_was_read(d: Disclosure) -> list[str]:
    """The tables read by kind (by title, by structure), and the pages of tables printed but not read, so that a bad
    read shows in the report's first section rather than as findings."""
    from ..ingest.kinds import BY_ID

    read = [t for t in d.tables if t.kind != "unknown" and t.layout != "positional"]
    by_structure = [t for t in read if t.kind_by == "structure"]
    out = ["- 读出的表：" + "、".join(dict.fromkeys(BY_ID[t.kind].label for t in read if t.kind in BY_ID))
           if read else "- 读出的表：无"]
    if by_structure:
        out.append("- 按表式（表头与科目编码）认定种类的表：" + "、".join(
            f"第 {t.title_line} 行「{md(t.title or '（无标题）')}」为{BY_ID[t.kind].label}" for t in by_structure[:6]))
    unread = [t for t in d.tables if t.kind == "unknown" or t.layout == "positional"]
    if unread:
        pages = sorted({d.source.pages[t.first_line - 1] for t in unread if d.source.pages}) \
            if d.source.pages and d.source.pages[-1] > 1 else []
        where = f"第 {'、'.join(map(str, pages[:12]))} 页" if pages else \
            f"第 {'、'.join(str(t.first_line) for t in unread[:12])} 行"
        out.append(f"- 已印出但未能读出的表 {len(unread)} 张（{where}）：种类无法确定或栏目无法对应，"
                   "其数字未据以核对，依赖它们的核对记为“未核对”")
    return out


def evidence_lines(f: dict, evidence: Evidence | None) -> list[str]:
    """A PDF finding's page image (a link into the run's evidence/ folder, which the report inlines),
    or a line saying it could not be placed; nothing for a finding that was not tried."""
    if evidence is None:
        return []
    fid = f.get("id") or ""
    if fid in evidence.images:
        pages = "、".join(f"第{p}页" for p in dict.fromkeys(b.page for b in evidence.bands[fid]))
        return [f"    - 原文截图（{pages}，红框为所引数字或文字）：", "",
                f"      ![{pages} 证据截图：{md(f['message'][:60])}](evidence/{evidence.images[fid].name})", ""]
    if fid in evidence.not_located:
        pages = "、".join(f"第{p}页" for p in f.get("pages") or [])
        return [f"    - {pages + '：' if pages else ''}未能在 PDF 页面上定位所引内容，未附截图。"]
    return []


def _family_findings(d: Disclosure, findings: list[dict], evidence: Evidence | None = None) -> list[str]:
    """The findings family by family, each with its id, rule, quoted lines, its own recommendation
    and, for a PDF, the page image of what it cites."""
    out: list[str] = []
    n = 0
    for family in FAMILIES:
        group = [f for f in findings if f["rule"].split(".")[0] == family]
        if not group:
            continue
        out += [f"### （{NUMBERS[n]}）{FAMILY_LABEL[family]}（{len(group)} 条）", ""]
        n += 1
        ordered = sorted(group, key=lambda f: (SEVERITIES.index(f["severity"]), f["lines"][:1], f["rule"]))
        for i, f in enumerate(ordered, 1):
            out.append(f"{i}. **{SEVERITY_LABEL[f['severity']]}** {md(f['message'])}"
                       f"（编号 `{f.get('id') or f['rule']}`，规则 `{f['rule']}`）")
            out += [f"    - {_quote(d, line)}" for line in f["lines"][:6]]
            if len(f["lines"]) > 6:
                out.append(f"    - 另有 {len(f['lines']) - 6} 行，见 findings.json")
            out.append(f"    - **建议**：{md(recommend(f))}")
            out += evidence_lines(f, evidence)
        out.append("")
    return out


def _conclusion(counts: Counter) -> list[str]:
    out = ["## 四、结论", ""]
    if counts.get("error"):
        out.append(f"该部门预算公开文本存在 {counts['error']} 处数字或内容上的明确错误，"
                   f"另有 {counts.get('warning', 0)} 处可能的问题。建议部门按上述发现逐条核实更正，"
                   "并在更正后重新公开；财政部门在审核时可据所列行号直接定位原文。")
    elif counts.get("warning"):
        out.append(f"未发现数字之间的明确矛盾，但有 {counts['warning']} 处可能的问题需要部门核实说明。")
    else:
        out.append("报表之间、报表与情况说明之间的数字一致，未发现需要更正的问题。")
    out += ["", "本报告由 budget-audit 依据公开文本自动核对生成，所有结论均可由所列行号复核；"
                "报表中未公开的信息不在核对范围之内。"]
    return out


def narrative_markdown(d: Disclosure, findings: Iterable[dict], title: str, unit: str = "万元",
                       charts: dict[str, str] | None = None,
                       checks: dict[str, dict[str, int]] | None = None, evidence: Evidence | None = None) -> str:
    """The narrative report. ``findings`` are dicts of the findings contract; ``checks`` what was
    checked per family (findings.json's "checks"), shown when given; ``evidence`` the page images
    of a PDF's findings (report.evidence), linked as evidence/<file>."""
    findings = list(findings)
    counts = Counter(f["severity"] for f in findings)
    out: list[str] = [f"# {md(title)}", "", *_scope(d, unit), "## 三、审核发现", ""]
    summary = "，".join(f"{SEVERITY_LABEL[s]} {counts.get(s, 0)} 条" for s in SEVERITIES)
    out.append(f"共发现问题 {len(findings)} 条：{summary}。“错误”指数字之间确有矛盾；“警告”指很可能存在问题；"
               "“提示”指值得复核的细节。每条发现均注明原文行号并引用原文。")
    out.append("")
    out += _checked_table(checks)
    if charts and "findings" in charts:
        out += [f"![审核发现分布]({charts['findings']})", ""]
    out += _family_findings(d, findings, evidence)
    if not findings:
        out += ["未发现问题。", ""]
    out += _conclusion(counts)
    return "\n".join(out) + "\n"
