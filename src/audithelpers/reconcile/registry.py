"""The rule catalogue: each rule a small pure function registered with id, severity, description.

A rule is ``fn(ctx) -> Iterator[Issue]`` (``RuleFn``), registered with ``@rule``; the registry turns
what it yields into findings. ``run_rules`` isolates rules from each other for users (one that raises
becomes one ``info`` finding and is counted ``not_run``); with ``strict`` it re-raises, which every
test that runs rules asks for, so that a broken rule fails the tests instead of hiding in an info.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Sequence

from .finding import FAMILIES, SEVERITIES, Finding

if TYPE_CHECKING:
    from .context import Context

#: Set (to anything but "" or "0") to make ``strict`` the default: the tests set it for every process
#: they start (CLI runs, notebook kernels), so no rule failure there passes unseen.
STRICT_ENV = "BUDGET_AUDIT_STRICT_RULES"


@dataclass(frozen=True)
class Issue:
    """What a rule function yields; the registry turns it into a Finding."""

    message: str
    lines: Sequence[int | None] = ()   # a line not known (None) is dropped
    expected: str | None = None
    actual: str | None = None
    severity: str | None = None   # overrides the rule's default when set


#: The contract of a rule function.
RuleFn = Callable[["Context"], Iterator[Issue]]


@dataclass(frozen=True)
class Example:
    """A sentence or row the rule fires on, and its corrected form (shown in docs/rules.md)."""

    fires: str
    fixed: str


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    description: str                         # what it checks, in Chinese (reports)
    check: RuleFn
    english: str = ""                        # the same in English (docs/rules.md)
    example: Example | None = None
    aliases: tuple[str, ...] = ()            # ids it had before (the warehouse maps them to this one)

    @property
    def family(self) -> str:
        return self.id.split(".", 1)[0]


RULES: dict[str, Rule] = {}
#: A former rule id -> the rule's id now.
ALIASES: dict[str, str] = {}


def rule(rule_id: str, severity: str, description: str, english: str = "", *,
         example: tuple[str, str] | None = None, aliases: Sequence[str] = ()) -> Callable[[RuleFn], RuleFn]:
    """Register ``fn(ctx) -> Iterator[Issue]`` as rule ``rule_id`` (default severity, what it checks), with an
    optional ``example`` (what fires, its corrected form) and the ids it was known by before (``aliases``)."""
    family = rule_id.split(".", 1)[0]
    taken = rule_id in RULES or rule_id in ALIASES or any(a in RULES or a in ALIASES for a in aliases)
    if family not in FAMILIES or severity not in SEVERITIES or taken:
        raise ValueError(f"bad rule registration: {rule_id} {severity}")

    def register(fn: RuleFn) -> RuleFn:
        RULES[rule_id] = Rule(rule_id, severity, description, fn, english,
                              Example(*example) if example else None, tuple(aliases))
        ALIASES.update({alias: rule_id for alias in aliases})
        return fn
    return register


def current_id(rule_id: str) -> str:
    """The id a rule has now, for an id it may have had before (a finding stored by an earlier version)."""
    return ALIASES.get(rule_id, rule_id)


def strict_default() -> bool:
    return os.environ.get(STRICT_ENV, "") not in ("", "0")


def run_rules(ctx: Context, rules: Iterable[Rule] | None = None, strict: bool | None = None) -> Iterator[Finding]:
    """Every rule's findings. A rule that raises becomes one finding of its own and the others still run;
    with ``strict`` (default: the environment's ``BUDGET_AUDIT_STRICT_RULES``) its exception is raised."""
    strict = strict_default() if strict is None else strict
    for r in rules if rules is not None else RULES.values():
        ctx.rule = r.id
        try:
            issues = list(r.check(ctx))
        except Exception as error:  # noqa: BLE001 - isolation: one broken rule must not lose the others
            if strict:
                error.add_note(f"raised by rule {r.id} (strict mode)")
                raise
            yield Finding(rule=r.id, severity="info",
                          message=f"规则 {r.id} 未能运行（{type(error).__name__}: {error}），其核对未完成", lines=())
            ctx.failed.add(r.id)
            continue
        # a rule that ran made at least one check, unless it said it had nothing to check (set its count to 0)
        ctx.checks.setdefault(r.id, 1)
        for issue in issues:
            lines = tuple(sorted({int(n) for n in issue.lines if n}))
            pages = tuple(sorted(p for p in {ctx.page(n) for n in lines} if p is not None)) if ctx.paged else ()
            yield Finding(rule=r.id, severity=issue.severity or r.severity, message=issue.message,
                          lines=lines, expected=issue.expected, actual=issue.actual, pages=pages)
