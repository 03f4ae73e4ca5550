from audithelpers.cli import main
from audithelpers.reconcile import RULES

from helpers import ROOT


def test_rules_lists_every_rule_in_both_languages(capsys):
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    assert all(rule_id in out for rule_id in RULES)
    assert all(rule.english and rule.description for rule in RULES.values())


def test_docs_rules_md_is_written_from_the_code(capsys):
    assert main(["rules", "--markdown"]) == 0
    assert capsys.readouterr().out == (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")


def test_a_rule_s_example_and_former_ids_are_shown_in_the_catalogue(monkeypatch):
    import dataclasses

    from audithelpers.reconcile import catalogue_markdown
    from audithelpers.reconcile.registry import Example

    rule = dataclasses.replace(RULES["format.placeholder"], example=Example("主要原因是XX。", "主要原因是业务量增加。"),
                               aliases=("format.xx",))
    monkeypatch.setitem(RULES, "format.placeholder", rule)
    assert "| `format.placeholder` | 主要原因是XX。 | 主要原因是业务量增加。 | format.xx |" in catalogue_markdown()


def test_rules_piped_into_a_reader_that_stops_early_is_quiet():
    import subprocess
    import sys

    shown = subprocess.run(f"{sys.executable} -m audithelpers rules | head -n 1", shell=True, capture_output=True,
                           text=True, timeout=60)
    assert shown.stdout.count("\n") == 1 and "error" not in shown.stderr.lower(), shown.stderr
