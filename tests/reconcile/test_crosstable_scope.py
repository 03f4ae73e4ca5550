"""reconcile.crosstable_scope: a general-budget table whose note says it holds only this year's 财政拨款
while its total is
of a wider scope (the whole 一般公共预算拨款, or this year's with last year's carried over)."""
from helpers import ingest_lines, line_index, seed_lines

from audithelpers.reconcile import reconcile


def _scope(lines):
    return reconcile(ingest_lines(lines), rules=["crosstable.scope_note"])


def test_the_seeds_note_says_财政拨款_only_while_its_total_is_the_whole_appropriation():
    """The seed: 一般公共预算拨款 295.42, 其中财政拨款 293.92 (财政拨款收支总体情况表); its 一般公共预算支出预算表
    totals 295.42 under "备注：本表仅含当年财政拨款安排的支出"."""
    lines = seed_lines()
    [found] = _scope(lines)
    note = line_index(lines, "本表仅含当年财政拨款安排的支出")
    assert found.severity == "warning" and found.expected == "293.92万元" and found.actual == "295.42万元"
    assert note + 1 in found.lines and "1.50万元" in found.message


def test_a_note_of_the_scope_the_figures_have_is_quiet():
    lines = seed_lines()
    i = line_index(lines, "本表仅含当年财政拨款安排的支出")
    lines[i] = "备注：本表含当年一般公共预算安排的全部支出。"
    assert _scope(lines) == []
    lines = seed_lines()
    i = line_index(lines, "其中：财政拨款\t293.92\t(二) 外交支出")
    lines[i] = lines[i].replace("293.92", "295.42")   # all of the appropriation is 财政拨款: the note holds
    assert _scope(lines) == []


def test_a_total_that_takes_in_last_years_carry_over_is_found():
    lines = seed_lines()
    i = line_index(lines, "(一) 一般公共预算拨款\t295.42")
    lines[i] = lines[i].replace("(一) 一般公共预算拨款\t295.42", "(一) 一般公共预算拨款\t285.42", 1)
    j = line_index(lines, "二、上年结转")
    k = next(n for n in range(j + 1, len(lines)) if lines[n].startswith("(一) 一般公共预算拨款"))
    lines[k] = lines[k].replace("(一) 一般公共预算拨款", "(一) 一般公共预算拨款\t10.00", 1).replace("\t\t", "\t", 1)
    found = _scope(lines)
    assert [(f.severity, f.expected) for f in found] == [("warning", "285.42万元")]
    assert k + 1 in found[0].lines
