"""Budget (预算) or final accounts (决算), from the document's own words."""
import pytest

from audithelpers.ingest import ingest
from audithelpers.ingest.doctype import document_kind

from helpers import ROOT, SEED

FINALS = sorted((ROOT / "data" / "finals").glob("*.pdf"))


@pytest.mark.parametrize("cover, titles, kind", [
    (["上海市普陀区规划和自然资源局", "2024 年度部门决算"], [], "final"),
    (["新乡市红旗区政务服务和大数据管理局", "2022年部门预算"], [], "budget"),
    # a cover that says nothing: the titles decide, the funds' names (一般公共预算 …) not counting as 预算
    ([], ["收入支出决算总表", "一般公共预算财政拨款支出决算表", "政府性基金预算财政拨款收入支出决算表"], "final"),
    ([], ["收支总表", "一般公共预算支出预算表", "部门收入预算表"], "budget"),
    (["2024年部门预算与决算"], ["收入支出决算总表", "收支预算总表"], "unclear"),   # both, and the titles tie
])
def test_the_kind_is_what_the_document_says(cover, titles, kind):
    assert document_kind(cover, titles) == kind


def test_real_final_accounts_and_budgets_are_told_apart():
    assert FINALS and all(ingest(path).document_kind == "final" for path in FINALS)
    assert ingest(SEED).document_kind == "budget"
