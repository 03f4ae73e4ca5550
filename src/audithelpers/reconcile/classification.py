"""classification: function and economic codes against the reference classifications."""
from __future__ import annotations

from typing import Iterator
import re
from collections import Counter

from .. import reference
from ..model import Table
from .cells import row_code
from .context import Context
from .registry import Issue, rule

_NUMBERING = re.compile(r"^[\s(（]*[一二三四五六七八九十]+[)）、\s]*")


@rule("classification.function_code", "warning", "功能科目编码与名称不符合政府收支分类科目",
      "a function code or its name differs from the government classification (or is not in the reference data)",
      example=("201\t26\t01\t行政运转\t66.11",
               "201\t26\t01\t行政运行\t66.11"))
def function_code(ctx: Context) -> Iterator[Issue]:
    codes = reference.function_codes()
    for table in ctx.understood:
        if "code" not in table.columns or "科目名称" not in table.columns:
            continue
        unknown: list[tuple[str, int]] = []
        yield from _function_rows(ctx, table, codes, unknown)
        if unknown:   # said once per table: what the reference data cannot confirm
            shown = "、".join(code for code, _ in unknown[:8]) + ("等" if len(unknown) > 8 else "")
            yield Issue(f"{table.title}有 {len(unknown)} 个科目编码不在参考科目表中，其名称未能核对：{shown}",
                        [line for _, line in unknown], severity="info")


def _function_rows(ctx: Context, table: Table, codes: dict[str, reference.FunctionCode], unknown: list[tuple[str, int]]
                   ) -> Iterator[Issue]:
    """Each coded row against the classification; codes the reference data lacks go to ``unknown``."""
    for row in ctx.rows(table):
        code, name = str(row["code"]), str(row["科目名称"])
        if not code:
            continue
        if not re.fullmatch(r"\d{3}(\d{2}){0,2}", code):
            yield Issue(f"{table.title}的科目编码「{code}」不是 3/5/7 位功能分类编码", [row["line"]],
                        expected="3、5 或 7 位数字", actual=code)
            continue
        ref = codes.get(code)
        ctx.tick()
        if ref is None:
            unknown.append((code, int(row["line"])))
            continue
        if reference.name_key(name) != reference.name_key(ref.name):
            yield Issue(f"{table.title}科目 {code} 名称为「{name}」，政府收支分类科目为「{ref.name}」",
                        [row["line"]], expected=ref.name, actual=name)


@rule("classification.former_name", "warning", "表中使用已停用的功能科目名称",
      "a table uses a function class name retired by a renaming",
      example=("(三) 医疗卫生与计划生育支出\t7.04",
               "(三) 卫生健康支出\t7.04"))
def former_name(ctx: Context) -> Iterator[Issue]:
    former = {}
    for fc in reference.function_codes().values():
        for name, year in zip(fc.former, fc.renamed, strict=False):
            former[reference.name_key(name)] = (fc, year)
            former[reference.name_key(name).removesuffix("支出")] = (fc, year)
    budget_year = ctx.disclosure.year or 0
    for table in ctx.tables("summary", "fiscal_summary"):
        if "支出项目" not in table.columns:
            continue
        for row in ctx.rows(table):
            label = _NUMBERING.sub("", str(row["支出项目"] or ""))
            hit = former.get(reference.name_key(label))
            if hit is not None:
                fc, year = hit
                # a name retired long ago in a template is worth a look; a recent one is a stale template
                recent = year and budget_year and budget_year - year <= 5
                since = f"自 {year} 年起称" if year else "现称"
                yield Issue(f"{table.title}列有旧科目名称「{label}」，{fc.code} 类{since}「{fc.name}」",
                            [row["line"]], expected=fc.name, actual=label, severity=None if recent else "info")


def _regime(gov_codes: list[str]) -> str | None:
    votes = Counter("事业" if c.startswith("505") else "行政" for c in gov_codes
                    if c.startswith(("501", "502", "505")))
    return votes.most_common(1)[0][0] if votes else None


@rule("classification.economic_code", "warning", "部门经济分类编码与名称不符",
      "an economic code's name differs from the classification",
      example=("30101\t岗位工资\t50101\t工资奖金津补贴\t14.27",
               "30101\t基本工资\t50101\t工资奖金津补贴\t14.27"))
def economic_code(ctx: Context) -> Iterator[Issue]:
    names = reference.economic_codes()
    for table in ctx.tables("basic_expenditure", "economic_summary"):
        if "部门经济分类编码" not in table.columns:
            continue
        for row in ctx.rows(table):
            code, name = str(row["部门经济分类编码"]), str(row.get("部门经济分类名称", ""))
            if not re.fullmatch(r"\d{3}(\d{2})?", code):
                continue
            ref = names.get(code)
            ctx.tick()
            if ref is not None and reference.name_key(ref) != reference.name_key(name):
                yield Issue(f"{table.title}经济科目 {code} 名称为「{name}」，参考名称为「{ref}」", [row["line"]],
                            expected=ref, actual=name)


@rule("classification.economic_mapping", "warning", "部门经济分类与政府经济分类对应关系有误",
      "a department economic code is mapped to the wrong government economic code",
      example=("30101\t基本工资\t50201\t办公经费\t14.27",
               "30101\t基本工资\t50101\t工资奖金津补贴\t14.27"))
def economic_mapping(ctx: Context) -> Iterator[Issue]:
    mapping = reference.economic_mapping()
    for table in ctx.tables("basic_expenditure", "economic_summary"):
        cols = table.columns
        if "部门经济分类编码" not in cols or "政府经济分类编码" not in cols:
            continue
        rows = [r for r in ctx.rows(table) if re.fullmatch(r"\d{5}", str(r["政府经济分类编码"]))]
        regime = _regime([str(r["政府经济分类编码"]) for r in rows
                          if str(r["部门经济分类编码"]).startswith(("301", "302"))])
        for row in rows:
            dept, gov = str(row["部门经济分类编码"]), str(row["政府经济分类编码"])
            ref = mapping.get((dept, regime)) if regime else None
            if ref is None or ref[0] == gov:
                continue
            other = mapping.get((dept, "事业" if regime == "行政" else "行政"))
            if other and other[0] == gov:
                continue   # the other regime's code: one root cause, reported by classification.mixed_mapping
            yield Issue(f"{table.title}中 {dept}{row.get('部门经济分类名称', '')} 对应政府经济分类 {gov}，"
                        f"按{regime}单位对照表应为 {ref[0]}{ref[1]}", [row["line"]],
                        expected=f"{ref[0]}{ref[1]}", actual=gov,
                        severity="warning" if not ref[2] else None)


@rule("classification.mixed_mapping", "warning", "同一表中同类经济科目对应到不同口径的政府经济分类",
      "economic codes of one table are mapped under two regimes (行政 and 事业)",
      example=("30101\t基本工资\t50501\t工资福利支出\t14.27（同表其他 301 科目对应 5010x）",
               "30101\t基本工资\t50101\t工资奖金津补贴\t14.27"))
def mixed_mapping(ctx: Context) -> Iterator[Issue]:
    for table in ctx.tables("basic_expenditure", "economic_summary"):
        cols = table.columns
        if "部门经济分类编码" not in cols or "政府经济分类编码" not in cols:
            continue
        by_dept: dict[str, set[str]] = {}
        wage_rows = []
        for row in ctx.rows(table):
            dept, gov = str(row["部门经济分类编码"]), str(row["政府经济分类编码"])
            if not re.fullmatch(r"\d{5}", dept) or not re.fullmatch(r"\d{5}", gov):
                continue
            by_dept.setdefault(dept, set()).add(gov)
            if dept.startswith(("301", "302")):
                wage_rows.append((dept, gov, int(row["line"])))
        for dept, govs in sorted(by_dept.items()):
            if len(govs) > 1:
                lines = [line for d, _, line in wage_rows if d == dept]
                yield Issue(f"{table.title}中 {dept} 对应了多个政府经济分类：{'、'.join(sorted(govs))}", lines)
        regime = _regime([g for _, g, _ in wage_rows])
        if regime is None:
            continue
        minority = [(d, g, line) for d, g, line in wage_rows
                    if ("事业" if g.startswith("505") else "行政") != regime and g.startswith(("501", "502", "505"))]
        if minority:
            majority_example = next((row[2] for row in wage_rows if row not in minority), None)
            items = "、".join(f"{d}→{g}" for d, g, _ in minority)
            yield Issue(f"{table.title}多数工资福利/商品服务科目按{regime}单位口径对应（501/502），"
                        f"但 {items} 按{'事业' if regime == '行政' else '行政'}单位口径对应",
                        [line for _, _, line in minority] + ([majority_example] if majority_example else []),
                        expected=f"{regime}单位口径", actual=items)


#: Economic classes of 人员经费 (staff costs): 工资福利支出 and 对个人和家庭的补助, by code or by name.
STAFF_CLASSES = {"301": "工资福利支出", "303": "对个人和家庭的补助"}


def _label(row: dict, table: Table) -> str:
    return next((str(v) for k, v in row.items() if k not in table.amount_columns and k != "line" and v), "")


def _staff_class(row: dict, table: Table) -> str | None:
    """The staff class (301 / 303) a basic-table row is (the class row itself, or one of its items, by code or by
    its class name in the label)."""
    code = row_code(row, table, 3) or (row_code(row, table, 5) or "")[:3]
    if code in STAFF_CLASSES:
        return code
    label = _label(row, table)
    return next((c for c, name in STAFF_CLASSES.items() if reference.name_key(label).endswith(name)), None)


@rule("classification.staff_in_public", "warning",
      "人员类经济科目（工资福利支出、对个人和家庭的补助）列入了公用经费",
      "a staff-cost economic item (301, 303) booked in the 公用经费 column",
      example=("对个人和家庭的补助\t3,900.08\t3,365.06\t535.03", "对个人和家庭的补助\t3,900.08\t3,900.08\t"))
def staff_in_public(ctx: Context) -> Iterator[Issue]:
    """One finding per table, naming each class with money in 公用经费 (its rows are cited)."""
    for table in ctx.tables("basic_expenditure", "fiscal_basic"):
        if "公用经费" not in table.amount_columns or "人员经费" not in table.amount_columns:
            continue
        found = []
        for row in ctx.rows(table):
            code = _staff_class(row, table)
            fig = ctx.fig(table, row, "公用经费") if code else None
            ctx.tick()
            if fig is not None and fig.value:
                found.append((row, fig))
        if found:
            shown = "；".join(f"「{_label(r, table)}」公用经费 {f.show()}" for r, f in found[:4])
            yield Issue(f"{table.title}把人员类科目列入公用经费：{shown}（工资福利支出、对个人和家庭的补助属人员经费，"
                        f"公用经费用于购买商品和服务）", [f.line for _, f in found],
                        expected="列入人员经费", actual="、".join(f.show() for _, f in found[:4]))
