"""The appendix reads as Chinese for people: headers, kind names, blanks, no index column."""
import re

import pandas as pd

from audithelpers.ingest.kinds import BY_ID
from audithelpers.report.appendix import facts_frame, html_table, table_html, tables_overview


def test_tables_overview_names_kinds_in_chinese_and_marks_only_rowless_tables_empty(seed_disclosure):
    frame = tables_overview(seed_disclosure)
    assert list(frame.columns) == ["表种", "标题", "行号", "单位", "数据行", "状态", "栏目识别"]
    assert set(frame["表种"]) <= {k.label for k in BY_ID.values()} and "部门收支总表" in set(frame["表种"])
    assert all(state != "空表" for state, rows in zip(frame["状态"], frame["数据行"], strict=True) if rows)
    assert "空表" in set(frame["状态"])           # the “三公” table of the seed has no rows


def test_html_table_has_no_index_and_shows_blanks_as_blanks():
    frame = pd.DataFrame({"甲": [1, None], "乙": [float("nan"), pd.NA], "丙": [[3, 4], "x"]}, dtype=object)
    out = html_table(frame, numeric=("甲",))
    assert "None" not in out and "NaN" not in out and "<NA>" not in out
    assert re.findall(r"<th>([^<]*)</th>", out) == ["甲", "乙", "丙"]            # no index column
    assert '<td style="text-align:right">1</td><td></td><td>3、4</td>' in out


def test_facts_have_chinese_headers_subjects_and_lines(seed_disclosure):
    frame = facts_frame(seed_disclosure)
    assert "fact" not in frame.columns and {"事项", "行号", "类型"} <= set(frame.columns)
    change = frame[frame["类型"] == "增减"].iloc[0]
    assert change["事项"] == "收入总计" and change["比较年度"] == 2021 and change["行号"] == [95]
    assert "2021.0" not in html_table(frame)


def test_each_table_as_read_has_its_chinese_kind_and_a_line_column(seed_disclosure):
    out = table_html(seed_disclosure.table("summary"))
    assert "部门收支总表" in out and "<th>行号</th>" in out and ">line<" not in out and "None" not in out
