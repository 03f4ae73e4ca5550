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
