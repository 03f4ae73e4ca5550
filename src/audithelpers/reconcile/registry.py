"""The rule catalogue: each rule a small pure function registered with id, severity, description."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Sequence

from .finding import FAMILIES, SEVERITIES, Finding


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    description: str                         # what it checks, in Chinese (reports)
    check: Callable[..., Iterable["Issue"]]
    english: str = ""                        # the same in English (docs/rules.md)

    @property
    def family(self) -> str:
        return self.id.split(".", 1)[0]


@dataclass(frozen=True)
class Issue:
    """What a rule function yields; the registry turns it into a Finding."""

    message: str
    lines: Sequence[int | None] = ()   # a line not known (None) is dropped
    expected: str | None = None
    actual: str | None = None
    severity: str | None = None   # overrides the rule's default when set


RULES: dict[str, Rule] = {}


def rule(rule_id: str, severity: str, description: str, english: str = ""):
    """Register ``fn(ctx) -> Iterable[Issue]`` as rule ``rule_id`` (default severity, what it checks)."""
    family = rule_id.split(".", 1)[0]
    if family not in FAMILIES or severity not in SEVERITIES or rule_id in RULES:
        raise ValueError(f"bad rule registration: {rule_id} {severity}")

    def register(fn):
        RULES[rule_id] = Rule(rule_id, severity, description, fn, english)
        return fn
    return register


def run_rules(ctx, rules: Iterable[Rule] | None = None) -> Iterator[Finding]:
    """Every rule's findings; a rule that raises becomes one finding of its own, the others still run."""
    for r in rules if rules is not None else RULES.values():
        ctx.rule = r.id
        try:
            issues = list(r.check(ctx))
        except Exception as error:  # noqa: BLE001 - isolation: one broken rule must not lose the others
            yield Finding(rule=r.id, severity="info",
                          message=f"规则 {r.id} 未能运行（{type(error).__name__}: {error}），其核对未完成", lines=())
            ctx.failed.add(r.id)
            continue
        # a rule that ran made at least one check, unless it said it had nothing to check (set its count to 0)
        ctx.checks.setdefault(r.id, 1)
        for issue in issues:
            lines = tuple(sorted({int(n) for n in issue.lines if n}))
            pages = tuple(sorted({ctx.page(n) for n in lines} - {None})) if ctx.paged else ()
            yield Finding(rule=r.id, severity=issue.severity or r.severity, message=issue.message,
                          lines=lines, expected=issue.expected, actual=issue.actual, pages=pages)
