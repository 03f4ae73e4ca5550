"""Hypothesis strategies for budget-shaped documents: a cover, known and unknown table titles,
unit lines, rows of random cells (figures, codes, names, blanks) and narrative sentences
with figures. Used by the text fuzz and (as PDFs) by the PDF fuzz."""
from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from audithelpers.ingest.kinds import KINDS

NAMES = ["合计", "总计", "行政运行", "一般行政管理事务", "基本工资", "津贴补贴", "办公费", "项目支出", "基本支出",
         "人员经费", "公用经费", "一般公共服务支出", "财政拨款收入", "其他收入", "信息系统运维经费", "本年收入合计"]
HEADERS = ["科目编码", "科目名称", "合计", "基本支出", "项目支出", "人员经费", "公用经费", "工资福利支出",
           "商品和服务支出", "项目名称", "金额", "本年收入", "上年结转", "一般公共预算", "功能分类科目"]


def amount() -> st.SearchStrategy[str]:
    """A printed figure: two decimals usually, sometimes whole, with or without thousands separators."""
    value = st.decimals(min_value=0, max_value=Decimal("99999999.99"), places=2, allow_nan=False,
                        allow_infinity=False)
    return st.one_of(value.map(lambda v: format(v, "f")), value.map(lambda v: f"{v:,.2f}"),
                     st.integers(0, 10**6).map(str))


def cell() -> st.SearchStrategy[str]:
    return st.one_of(amount(), st.sampled_from(NAMES), st.sampled_from(["", "", "-", "—"]),
                     st.integers(201, 2299999).map(str), st.text(alphabet="收支出合计万元项目经费()（）0123456789. ",
                                                                 max_size=8))


@st.composite
def table_block(draw) -> list[str]:
    title = draw(st.one_of(st.sampled_from([f"{draw(st.integers(2019, 2026))}年{k.label}" for k in KINDS]),
                           st.sampled_from(["附表：人员情况统计", "其他情况表", ""])))
    width = draw(st.integers(2, 9))
    lines = [title] if title else []
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from(["单位：万元", "单位：元", "单位:万元", "金额单位：元"])))
    lines.append("\t".join(draw(st.lists(st.sampled_from(HEADERS), min_size=width, max_size=width))))
    for _ in range(draw(st.integers(1, 8))):
        lines.append("\t".join(draw(st.lists(cell(), min_size=width, max_size=width))))
    return lines


@st.composite
def sentence(draw) -> str:
    subject = draw(st.sampled_from(["收入总计", "支出合计", "基本支出", "项目支出", "人员经费", "公用经费",
                                    "一般公共预算", "“三公”经费", "机关运行经费", "政府采购"]))
    unit = draw(st.sampled_from(["万元", "元"]))
    text = f"{subject}{draw(amount())}{unit}"
    if draw(st.booleans()):
        text += f"，占{draw(st.sampled_from(['支出合计', '基本支出']))}的{draw(amount())}%"
    if draw(st.booleans()):
        text += f"，比上年{draw(st.sampled_from(['增加', '减少']))}{draw(amount())}{unit}，" \
                f"{draw(st.sampled_from(['增长', '下降']))}{draw(amount())}%"
    return text + draw(st.sampled_from(["。", "；", ""]))


@st.composite
def budget_document(draw) -> str:
    """A budget-shaped text: cover, then any mix of tables, headings and narrative."""
    year = draw(st.integers(2019, 2026))
    lines = [draw(st.sampled_from(["新乡市红旗区财政局", "某某市统计局", ""])), f"{year}年部门预算", ""]
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["table", "table", "heading", "text"]))
        if kind == "table":
            lines += draw(table_block()) + [""]
        elif kind == "heading":
            lines.append(draw(st.sampled_from(["一、部门预算情况说明", "（一）收支预算总体情况", "目录", "第二部分"])))
        else:
            lines.append("".join(draw(st.lists(sentence(), min_size=1, max_size=3))))
    return "\n".join(lines)
