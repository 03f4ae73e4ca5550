"""suite.recall: problems of a hand review found when a finding cites the line holding their quote and speaks of
the same figures or words; traps hit when an error or warning does."""
import json

from audithelpers.reconcile import reconcile
from audithelpers.suite.recall import load_reviews, score, tally

from helpers import SEED, ROOT


def _review(tmp_path, problems, consistent=()):
    (tmp_path / "review_x.json").write_text(json.dumps({"problems": problems, "consistent": list(consistent)},
                                                       ensure_ascii=False), encoding="utf-8")
    return load_reviews(tmp_path)


def _problem(quote, what="", page=None, category="narrative"):
    return {"doc": SEED.name, "page": page, "category": category, "severity": "warning", "what": what, "quote": quote}


def test_a_problem_is_found_by_its_quote_and_figures_and_a_trap_is_hit(tmp_path, seed_disclosure):
    problems, traps = _review(tmp_path, [
        _problem("项目支出 127.41 万元，占 43.12%", "43.12% should be 43.13%"),   # narrative.share at line 103
        _problem("机构设置情况", "a heading no finding speaks of"),
        _problem("占 56.87%", "a wrong share of something else: 99.99"),      # line 103, other figures: not it
    ], [_problem("支出合计 295.42 万元", "consistent")])
    findings = [f.to_dict() for f in reconcile(seed_disclosure)]
    outcomes = score(problems, seed_disclosure.source, findings)
    assert [bool(o.matched) for o in outcomes] == [True, False, False]
    assert 103 in outcomes[0].lines and outcomes[0].by == "quote"
    assert any(i.startswith("narrative.share@103") for i in outcomes[0].matched)
    hit = score(traps, seed_disclosure.source, findings, serious_only=True)
    assert hit[0].matched   # the share warning cites line 103 and names 295.42: a trap hit
    summary = tally(outcomes, hit)
    assert (summary["found"], summary["problems"], summary["traps_hit"]) == (1, 3, 1)
    assert summary["by_category"]["narrative"] == {"problems": 3, "found": 1, "not in text": 0}


def test_a_quote_not_in_the_text_falls_back_to_its_page_or_is_not_located(tmp_path, seed_disclosure):
    problems, _ = _review(tmp_path, [_problem("这句话不在文件中", page=1), _problem("这句话也不在")])
    outcomes = score(problems, seed_disclosure.source, [])
    assert outcomes[0].by == "page" and outcomes[0].lines and outcomes[1].by == "" and not outcomes[1].lines


def test_the_reviews_shipped_with_the_tests_load():
    problems, traps = load_reviews(ROOT / "tests" / "corpus" / "reviews")
    assert (len(problems), len(traps)) == (185, 67)
    assert all(p.doc and p.category for p in problems)


def test_a_short_quote_is_spoken_of_when_the_finding_quotes_it_whole():
    """A quote without figures or four Chinese characters running ("其中：2026 应急") is found by a finding that
    quotes it whole (full-width marks and spaces aside), and only then."""
    from audithelpers.suite.recall import Item, speaks_of

    item = Item("review_x", SEED.name, None, "text", "warning", "a stray year", "其中：2026 应急")
    assert speaks_of({"message": "第 568 行「其中:2026应急保障用车」：「2026」后既无“年”也不成词"}, item)
    assert not speaks_of({"message": "第 568 行「其中:2025应急保障用车」"}, item)


def test_a_trap_printed_on_two_pages_is_located_on_its_own_page():
    """A trap's quote printed on several pages is the spot on the page the reviewer names; a problem's is every
    occurrence (a finding may cite any)."""
    from types import SimpleNamespace

    from audithelpers.suite.recall import Item, locate

    pages = (18, 18, 31)
    source = SimpleNamespace(norm=("机关运行经费 10,884.55", "其他", "机关运行经费安排10,884.55万元"), pages=pages,
                             where=lambda n: (SEED.name, n, pages[n - 1]))
    item = Item("review_x", SEED.name, 18, "trap", "", "consistent", "10,884.55")
    assert locate(source, item, on_page=True) == ((1,), "quote")
    assert locate(source, item) == ((1, 3), "quote")
