"""The rule catalogue: each rule a small pure function registered with id, severity, description."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from .finding import FAMILIES, SEVERITIES, Finding


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    description: str
    check: Callable[..., Iterable["Issue"]]

    @property
    def family(self) -> str:
        return self.id.split(".", 1)[0]


@dataclass(frozen=True)
class Issue:
    """What a rule function yields; the registry turns it into a Finding."""

    message: str
    lines: tuple[int, ...] | list[int] = ()
    expected: str | None = None
    actual: str | None = None
    severity: str | None = None   # overrides the rule's default when set


RULES: dict[str, Rule] = {}


def rule(rule_id: str, severity: str, description: str):
    """Register ``fn(ctx) -> Iterable[Issue]`` as rule ``rule_id``."""
    family = rule_id.split(".", 1)[0]
    if family not in FAMILIES or severity not in SEVERITIES or rule_id in RULES:
        raise ValueError(f"bad rule registration: {rule_id} {severity}")

    def register(fn):
        RULES[rule_id] = Rule(rule_id, severity, description, fn)
        return fn
    return register


def run_rules(ctx, rules: Iterable[Rule] | None = None) -> Iterator[Finding]:
    for r in rules if rules is not None else RULES.values():
        for issue in r.check(ctx):
            lines = tuple(sorted({int(n) for n in issue.lines if n}))
            pages = tuple(sorted({ctx.page(n) for n in lines} - {None})) if ctx.paged else ()
            yield Finding(rule=r.id, severity=issue.severity or r.severity, message=issue.message,
                          lines=lines, expected=issue.expected, actual=issue.actual, pages=pages)
