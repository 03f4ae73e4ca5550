from audithelpers.report.narrate import md, narrative_markdown
from audithelpers.reconcile import reconcile


def _cited(d, line):
    """How the narrative quotes a source line: its number, then the start of its text."""
    text = d.source.line(line).replace("\t", " ｜ ").replace("\f", "").strip()
    return f"    - 第 {line} 行：{md(text[:20])}"


def test_narrative_has_every_part_and_cites_lines(seed_disclosure):
    findings = [f.to_dict() for f in reconcile(seed_disclosure)]
    text = narrative_markdown(seed_disclosure, findings, "审核报告")
    for heading in ("## 一、审核对象与范围", "## 二、预算概况", "## 三、审核发现", "## 四、结论"):
        assert heading in text
    out = text.split("\n")
    # every finding is listed once, followed by a quote of each line it cites, in order
    for f in findings:
        listed = [i for i, row in enumerate(out) if md(f["message"]) in row and row.endswith(f"规则 `{f['rule']}`）")]
        assert len(listed) == 1, f["message"]
        for k, line in enumerate(f["lines"][:6], 1):
            assert out[listed[0] + k].startswith(_cited(seed_disclosure, line)), (f["rule"], line)
    # the slipped share: the message with both figures, then line 103 quoted with the printed 43.12%
    share = next(i for i, row in enumerate(out) if "应为 43.13%（127.41÷295.42），文中为 43.12%" in row)
    assert out[share + 1].startswith("    - 第 103 行：") and out[share + 1].endswith("占 43.12%。")
    assert text.count("**建议**") == len(findings)      # one recommendation per finding, not per family
    assert "新乡市红旗区政务服务和大数据管理局" in text


def test_untrusted_text_is_escaped():
    out = md("<script>alert(1)</script> [点我](http://evil.example/x) *粗*")
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "](http" not in out and "://" not in out
    assert "\\*粗\\*" in out


def test_the_narrative_says_what_was_checked_per_family():
    from audithelpers.ingest.build import ingest
    from audithelpers.reconcile import audit, findings_document
    from audithelpers.report.narrate import narrative_markdown

    from helpers import SEED

    d = ingest(SEED)
    findings, checks = audit(d)
    text = narrative_markdown(d, findings_document(d, findings)["findings"], "T", checks=checks)
    row = next(line for line in text.splitlines() if line.startswith("| 表内运算 |"))
    made, consistent, found = (int(x) for x in row.split("|")[2:5])
    assert made == checks["arithmetic"]["checks"] > 0 and consistent + found == made
    assert "核对范围与结果" not in narrative_markdown(d, [], "T")


def test_the_first_section_says_what_was_read_and_which_printed_tables_were_not():
    from audithelpers.report.narrate import _scope

    from helpers import ingest_lines, seed_lines

    lines = seed_lines()
    i = max(n for n, t in enumerate(lines) if t.strip().endswith("一般公共预算基本支出表"))
    lines[i] = "表六"                                          # read all the same, by its structure
    j = max(n for n, t in enumerate(lines) if t.strip() == "2022年政府性基金支出预算表")
    lines[j] = "表七"                                          # neither title nor structure: not read
    text = "\n".join(_scope(ingest_lines(lines), "万元"))
    assert f"第 {i + 1} 行「表六」为一般公共预算基本支出表" in text
    assert f"已印出但未能读出的表 1 张（第 {j + 1} 行）" in text and "未核对" in text
