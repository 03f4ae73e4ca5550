"""A recommendation per finding, written for its rule and its figures (Chinese, plain text).

Each rule with a template names what to check and the figure it should read, filled from the
finding's ``expected``/``actual``/``lines``; a rule without one (or a finding missing a field its
template needs) gets a generic sentence built from its message.
"""
from __future__ import annotations

from typing import Any

_TOTAL = "请核对{where}的计算，按明细合计应为 {expected}（现为 {actual}），更正后重新生成报表。"
_AMOUNT = "请将{where}情况说明中的金额改为与报表一致的 {expected}（现为 {actual}）。"
_NAME = "请将{where}的科目名称「{actual}」改为「{expected}」。"
_YEAR = "请将{where}的年度改为 {expected}（现为 {actual}）。"
_PCT = "请将{where}的{what}改为 {expected}（现为 {actual}），{what}应由报表数据计算得出。"

#: rule id -> template; {where} is "第 N 行" (with pages for a PDF), {expected}/{actual} the finding's fields.
TEMPLATES: dict[str, str] = {
    "arithmetic.row_total": _TOTAL,
    "arithmetic.column_total": _TOTAL,
    "arithmetic.hierarchy": _TOTAL,
    "arithmetic.subtotal_missing": "请在{where}补填小计栏，按明细合计应为 {expected}（现为空白）。",
    "arithmetic.balance": "请核对{where}收支两方的总计：收入方为 {expected}，支出方为 {actual}，两者应相等。",
    "arithmetic.not_understood": "请人工核对{where}所在的表：其加总多半不符，多半是栏目未能正确读出，"
                                 "金额未据以报告错误。",
    "arithmetic.narrative_sum": "请核对{where}说明中的总数与分项：分项之和为 {expected}（文中总数为 {actual}）。",
    "crosstable.total": "请以部门预算系统的同一口径核对{where}的数字：应为 {expected}（现为 {actual}），"
                        "更正后重新导出各表。",
    "crosstable.function_row": "请核对{where}同一功能科目在各表中的金额：应为 {expected}（现为 {actual}）。",
    "crosstable.three_public": "请核对{where}“三公”经费在表与说明中的金额：应为 {expected}（现为 {actual}）。",
    "crosstable.project": "请核对{where}所列项目，使项目支出表与项目绩效目标表逐项对应。",
    "crosstable.scope_note": "请核对{where}表注所称口径：按表注合计应为 {expected}（现为 {actual}），"
                             "或修改表注使其与表中数字的口径一致。",
    "crosstable.project_listed": "请核对{where}所列项目，使项目支出表与项目绩效目标表逐项对应。",
    "narrative.amount": _AMOUNT,
    "narrative.item_amount": _AMOUNT,
    "narrative.operating_cost": _AMOUNT,
    "narrative.share": _PCT.replace("{what}", "占比"),
    "narrative.share_sum": "请核对{where}各项占比：其和应为 {expected}（现为 {actual}）。",
    "narrative.change": _PCT.replace("{what}", "增减幅度"),
    "narrative.item_change": _PCT.replace("{what}", "增减幅度"),
    "narrative.direction": "请将{where}的增减表述改为“{expected}”（现为“{actual}”）。",
    "narrative.zero_base": "{where}的上年数为 0，请删去增长幅度（现为 {actual}），改述本年新增的金额。",
    "narrative.function_name": _NAME,
    "narrative.item_name": _NAME,
    "narrative.reason": "请在{where}写明{expected}（现为「{actual}」）。",
    "narrative.reason_restated": "请在{where}写明增减的具体原因，而不只重述增减。",
    "narrative.unit_slip": "请核对{where}金额 {actual} 的单位（元/万元），使其与预算规模相称。",
    "classification.former_name": _NAME,
    "classification.function_code": "请核对{where}的功能科目「{actual}」：按《政府收支分类科目》应为「{expected}」。",
    "classification.economic_code": "请核对{where}的经济科目名称，参考名称为「{expected}」（现为「{actual}」）。",
    "classification.economic_mapping": "请核对{where}部门经济分类与政府经济分类的对应：应为 {expected}"
                                        "（现为 {actual}）。",
    "classification.mixed_mapping": "请核对{where}的经济分类对应口径，统一按{expected}对应。",
    "completeness.required_table": "请按公开规程补充公开「{expected}」{seen}。",
    "completeness.table_not_understood": "请人工核对{where}的表：其栏目未能自动识别，金额未做核对；"
                                         "如表头排版不规范，请按标准栏目重新排版。",
    "completeness.unknown_table": "请核对{where}的表：若是预算表，请按标准表名命名；若不是，请与预算表分开排版。",
    "completeness.contents_missing": "目录{where}列出「{expected}」，请在正文补上这张表，或从目录中删去。",
    "completeness.not_in_contents": "请在目录中补列{where}的表，使目录与正文一一对应。",
    "completeness.empty_without_note": "{where}的表没有数据，请在表下注明为空的原因。",
    "completeness.note_contradicts_table": "请核对{where}：说明称无数据，表中却列有金额，二者应一致。",
    "completeness.narrative_item": "请在情况说明中补充「{expected}」的说明。",
    "identity.department_name": "请将{where}的部门名称统一为封面的「{expected}」（现为「{actual}」）。",
    "identity.year": _YEAR,
    "identity.expected": "请核对{where}：参数文件指定「{expected}」，文件为「{actual}」，确认审核的是正确的文件。",
    "identity.budget_type": "请将{where}的「{actual}」统一为封面所称的「{expected}」。",
    "identity.document_type": "请将{where}的“{actual}”改为“{expected}”。",
    "identity.unit": "请在{where}的表头注明金额单位（元或万元）。",
    "format.precision": "请将{where}的 {actual} 按同表精度改为 {expected}。",
    "format.code_digits": "请将{where}的编码「{actual}」改为两位「{expected}」。",
    "format.brackets": "请补全{where}「{actual}」中不成对的括号。",
    "format.placeholder": "请删去{where}的占位符「{actual}」，填入实际内容。",
    "format.template": "请删去{where}保留的模板选项「{actual}」，只留实际情况。",
    "format.missing_reason": "请在{where}写明具体原因。",
    "format.punctuation": "请在{where}段落末尾补上句号。",
    "format.year_typo": "请将{where}的「{actual}」改为「{expected}」。",
    "format.doubled_word": "请删去{where}重复的「{expected}」。",
    "format.missing_unit": "请为{where}的金额 {actual} 注明单位（万元或元）。",
    "format.unparsed": "请核对{where}的「{actual}」，金额栏应只填数字。",
    "format.missing_verb": "请在{where}的比较与金额之间补上“增加”或“减少”（现为「{actual}」）。",
    "format.heading_numbering": "请重排{where}的标题序号，使同一层级依次递增（现为「{actual}」）。",
    "completeness.contents_title": "请统一{where}目录与正文的标题措辞（正文为「{expected}」，目录为「{actual}」）。",
    "arithmetic.final_basic": _TOTAL,
    "arithmetic.carryover": "请核对{where}的年末结转和结余：按年初结转和结余加本年收入减本年支出应为 {expected}"
                            "（现为 {actual}）。",
    "crosstable.final_tables": "请核对{where}决算各表中的同一数字：应为 {expected}（现为 {actual}），"
                               "更正后重新导出各表。",
    "narrative.completion": _PCT.replace("{what}", "完成年初预算的比例"),
    "narrative.zero_use": "{where}的金额为 0，请删去其用途说明，改写为“未安排此项支出”。",
    "identity.date": "请核对{where}的日期「{actual}」：应为{expected}的时点，多半沿用了往年或他处文本。",
}


def where(finding: dict[str, Any], most: int = 4) -> str:
    """"第 25 行" / "第 3、377 行" (with "第 N 页" for a PDF); "" when the finding cites no line."""
    lines = [int(n) for n in finding.get("lines") or []]
    if not lines:
        return ""
    shown = "、".join(map(str, lines[:most])) + ("等" if len(lines) > most else "")
    pages = [int(p) for p in finding.get("pages") or []]
    page = f"（第 {'、'.join(map(str, pages[:most]))} 页）" if pages else ""
    return f"第 {shown} 行{page}"


def generic(finding: dict[str, Any]) -> str:
    """For a rule without a template: check and correct what the message says."""
    message = str(finding["message"]).rstrip("。；;，, ")
    place = where(finding)
    expected = finding.get("expected")
    fix = f"，应为 {expected}" if expected and str(expected) not in message else ""
    return f"请核实{place + '：' if place else ''}{message}{fix}；核实后更正原文或在说明中解释。"


def recommend(finding: dict[str, Any]) -> str:
    """The recommendation for one finding (a dict of the findings contract)."""
    template = TEMPLATES.get(finding["rule"])
    place = where(finding)
    values = {"where": place or "原文相应位置", "seen": f"（见{place}）" if place else "",
              "expected": finding.get("expected"), "actual": finding.get("actual")}
    if template is None or any(values[k] in (None, "") for k in ("expected", "actual") if "{" + k + "}" in template):
        return generic(finding)
    return template.format(**values)
