"""Rule cases as data: for each rule, a document, a defect made in it, and the line the finding must cite.

``data/rule_cases.yaml`` lists the cases. A case's document is a consistent generated one
(``generate: {seed, unit, kind}``, ``kind`` ``budget`` or ``final``) or a small literal ``text``;
its ``edit`` is a list of operations, each a one-key mapping:

``replace``  ``{line, which, old, new}``: ``re.sub(old, new, count=1)`` in the selected line(s)
``add``      ``{line, which, cell | cells | number, by}``: ``by`` added to tab-separated cell(s) of the
             selected line(s), or to the number a regex's first group matches
``delete``   ``{line, which, to}``: the selected line(s), or from it up to (not including) the next
             line matching ``to``
``insert``   ``{after | before, which, lines}``: new lines after (before) the selected line

``line`` (``after``, ``before``) is a regex searched in each line; ``which`` picks among the lines it
matches: ``first`` (default), ``last``, ``middle``, ``all`` or a 0-based index (negative from the end).
``at`` says which lines the finding must cite: ``edited`` (default: every line an edit changed or
added), ``none`` (a finding citing no line), ``{line, which}`` (located in the edited document) or a
list of these; ``severity``, ``message_contains``, ``expected`` and ``actual`` what else it must say.
``fixed`` is the same kind of text written right (an edit too), on which the rule is quiet; ``audit``
what the audit is given besides the document: ``expected_department``/``expected_year`` (a params
file's), ``budget: {seed, unit}`` (the year's budget, for a final account), ``history`` (last year's
figures, ``suite.warehouse.last_year``) and ``rules`` (run only these: one wrong figure is otherwise
reported once, under the rule ``reconcile.one_per_root_cause`` keeps). ``district: true`` cases are
the defects ``budget-audit generate --defects`` injects (``generate.district.inject``), on any
generated budget; ``why`` says in one line what the defect is.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from typing import Any, Callable, Mapping

CASE_KEYS = frozenset({"name", "rule", "why", "generate", "text", "edit", "fixed", "at", "severity",
                       "message_contains", "expected", "actual", "district", "audit"})
GENERATE_KEYS = frozenset({"seed", "unit", "kind"})
AUDIT_KEYS = frozenset({"expected_department", "expected_year", "budget", "history", "rules"})
WHICH_HELP = "first, last, middle, all or an index"


class NoMatch(ValueError):
    """A case's pattern found no line in the document (or its edit changed nothing)."""


@dataclass
class _Row:
    text: str
    touched: bool = False


@dataclass(frozen=True)
class Case:
    """One row of the case table (see the module's docstring)."""

    name: str
    rule: str
    why: str
    edits: tuple[Mapping[str, Any], ...]
    fixed: tuple[Mapping[str, Any], ...] | None = None
    generate: Mapping[str, Any] | None = None
    text: str | None = None
    at: Any = "edited"
    severity: str | None = None
    message_contains: str | None = None
    expected: str | None = None
    actual: str | None = None
    district: bool = False
    audit: Mapping[str, Any] = field(default_factory=dict)


def _fail(case: str, what: str) -> ValueError:
    return ValueError(f"rule case {case!r}: {what}")


def _check_keys(case: str, where: str, given: Mapping[str, Any], allowed: frozenset[str],
                required: frozenset[str] = frozenset()) -> None:
    unknown, missing = sorted(map(str, set(given) - allowed)), sorted(required - set(given))
    if unknown:
        raise _fail(case, f"unknown {where} key(s) {', '.join(unknown)} (known: {', '.join(sorted(allowed))})")
    if missing:
        raise _fail(case, f"{where} needs {', '.join(missing)}")


def case_from(raw: Mapping[str, Any]) -> Case:
    """A case of the table, its keys and operations checked (a ValueError names the case)."""
    name = str(raw.get("name") or raw.get("rule") or "?")
    if not isinstance(raw, Mapping):
        raise _fail(name, "a case is a mapping")
    _check_keys(name, "case", raw, CASE_KEYS, frozenset({"name", "rule", "why", "edit"}))
    if ("generate" in raw) == ("text" in raw):
        raise _fail(name, "give its document as either generate: or text:")
    if "generate" in raw:
        _check_keys(name, "generate", raw["generate"], GENERATE_KEYS, frozenset({"seed"}))
    _check_keys(name, "audit", raw.get("audit") or {}, AUDIT_KEYS)
    edits, fixed = _edits(name, raw["edit"]), _edits(name, raw["fixed"]) if "fixed" in raw else None
    return Case(name=name, rule=str(raw["rule"]), why=str(raw["why"]), edits=edits, fixed=fixed,
                generate=raw.get("generate"), text=raw.get("text"), at=raw.get("at", "edited"),
                severity=raw.get("severity"), message_contains=raw.get("message_contains"),
                expected=raw.get("expected"), actual=raw.get("actual"), district=bool(raw.get("district")),
                audit=raw.get("audit") or {})


def _edits(case: str, raw: Any) -> tuple[Mapping[str, Any], ...]:
    edits = tuple(raw if isinstance(raw, list) else [raw])
    for edit in edits:
        _operation(case, edit)
    return edits


def load_cases(text: str | None = None) -> list[Case]:
    """The cases of ``text`` (YAML), by default the packaged ``data/rule_cases.yaml``."""
    import yaml

    if text is None:
        text = resources.files("audithelpers.data").joinpath("rule_cases.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text) or []
    cases = [case_from(item) for item in raw]
    names = [c.name for c in cases]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ValueError(f"rule cases named twice: {', '.join(twice)}")
    return cases


@functools.lru_cache(maxsize=1)
def _packaged() -> tuple[Case, ...]:
    return tuple(load_cases())


def district_cases() -> dict[str, Case]:
    """The defects ``generate --defects`` injects, by name."""
    return {c.name: c for c in _packaged() if c.district}


# -- the document -----------------------------------------------------------------------------------------
def generated_text(spec: Mapping[str, Any]) -> str:
    """The text of a generated document: ``{seed, unit, kind}`` (a final account is always in 万元)."""
    from .final import generate_final
    from .text import generate

    if spec.get("kind", "budget") == "final":
        return generate_final(int(spec["seed"])).text
    return generate(int(spec["seed"]), spec.get("unit", "万元")).text


def document_lines(case: Case) -> list[str]:
    """The case's document before its edit, as lines."""
    text = case.text if case.text is not None else generated_text(case.generate or {})
    return text.split("\n")


# -- selecting lines ----------------------------------------------------------------------------------
def _pick(case: str, found: list[int], which: Any, what: str) -> list[int]:
    if not found:
        raise NoMatch(f"rule case {case!r}: no line matches {what!r}")
    if which == "all":
        return found
    named: dict[Any, int] = {"first": 0, "last": -1, "middle": len(found) // 2}
    if which in named:
        return [found[named[which]]]
    if isinstance(which, int) and not isinstance(which, bool) and -len(found) <= which < len(found):
        return [found[which]]
    raise _fail(case, f"which: {which!r} is not {WHICH_HELP} of the {len(found)} lines matching {what!r}")


def _select(case: str, rows: list[_Row], spec: Mapping[str, Any], key: str = "line") -> list[int]:
    """0-based indexes of the rows ``spec[key]`` picks."""
    pattern = re.compile(str(spec[key]))
    found = [i for i, row in enumerate(rows) if pattern.search(row.text)]
    return _pick(case, found, spec.get("which", "first"), str(spec[key]))


# -- operations ---------------------------------------------------------------------------------------
def _set(case: str, row: _Row, text: str) -> None:
    if text == row.text:
        raise NoMatch(f"rule case {case!r}: the edit leaves {row.text[:40]!r} as it was")
    row.text, row.touched = text, True


def _replace(case: str, rows: list[_Row], spec: Mapping[str, Any]) -> None:
    for i in _select(case, rows, spec):
        _set(case, rows[i], re.sub(str(spec["old"]), str(spec["new"]), rows[i].text, count=1))


def _plus(cell: str, by: Any) -> str:
    """``cell`` + ``by``, with the cell's own decimals (a blank cell is 0)."""
    old = Decimal(cell.replace(",", "") or "0")
    new = old + Decimal(str(by))
    places = old.as_tuple().exponent if cell.strip() else Decimal(str(by)).as_tuple().exponent
    return format(new.quantize(Decimal(1).scaleb(int(places))), "f")


def _add(case: str, rows: list[_Row], spec: Mapping[str, Any]) -> None:
    for i in _select(case, rows, spec):
        text = rows[i].text
        if "number" in spec:
            match = re.search(str(spec["number"]), text)
            if match is None:
                raise NoMatch(f"rule case {case!r}: {spec['number']!r} not in line {i + 1}")
            text = text[:match.start(1)] + _plus(match.group(1), spec["by"]) + text[match.end(1):]
        else:
            cells = text.split("\t")
            for k in spec["cells"] if "cells" in spec else [spec["cell"]]:
                cells[int(k)] = _plus(cells[int(k)], spec["by"])
            text = "\t".join(cells)
        _set(case, rows[i], text)


def _delete(case: str, rows: list[_Row], spec: Mapping[str, Any]) -> None:
    for i in reversed(_select(case, rows, spec)):
        end: int | None = i + 1
        if "to" in spec:
            end = next((n for n in range(i + 1, len(rows)) if re.search(str(spec["to"]), rows[n].text)), None)
        if end is None:
            raise NoMatch(f"rule case {case!r}: no line after {i + 1} matches {spec['to']!r}")
        del rows[i:end]


def _insert(case: str, rows: list[_Row], spec: Mapping[str, Any]) -> None:
    key = "after" if "after" in spec else "before"
    for i in reversed(_select(case, rows, spec, key)):
        at = i + 1 if key == "after" else i
        rows[at:at] = [_Row(str(text), touched=bool(str(text).strip())) for text in spec["lines"]]


#: operation -> (function, keys it takes, keys it needs)
OPERATIONS: dict[str, tuple[Callable[[str, list[_Row], Mapping[str, Any]], None], frozenset[str], frozenset[str]]] = {
    "replace": (_replace, frozenset({"line", "which", "old", "new"}), frozenset({"line", "old", "new"})),
    "add": (_add, frozenset({"line", "which", "cell", "cells", "number", "by"}), frozenset({"line", "by"})),
    "delete": (_delete, frozenset({"line", "which", "to"}), frozenset({"line"})),
    "insert": (_insert, frozenset({"after", "before", "which", "lines"}), frozenset({"lines"})),
}


def _operation(case: str, edit: Any) -> tuple[Callable[[str, list[_Row], Mapping[str, Any]], None],
                                               Mapping[str, Any]]:
    """The function and arguments of one edit, checked."""
    if not isinstance(edit, Mapping) or len(edit) != 1:
        raise _fail(case, f"an edit is one operation ({', '.join(OPERATIONS)}) with its arguments: {edit!r}")
    [(name, spec)] = edit.items()
    if name not in OPERATIONS:
        raise _fail(case, f"unknown operation {name!r} (known: {', '.join(OPERATIONS)})")
    fn, allowed, required = OPERATIONS[name]
    if not isinstance(spec, Mapping):
        raise _fail(case, f"{name} takes a mapping of {', '.join(sorted(allowed))}")
    _check_keys(case, name, spec, allowed, required)
    one_of = {"add": ("cell", "cells", "number"), "insert": ("after", "before")}.get(name, ())
    if one_of and sum(k in spec for k in one_of) != 1:
        raise _fail(case, f"{name} needs exactly one of {', '.join(one_of)}")
    return fn, spec


# -- applying a case ----------------------------------------------------------------------------------
def _cited(case: Case, rows: list[_Row]) -> tuple[int, ...]:
    """The 1-based lines the finding must cite, from ``case.at``."""
    out: set[int] = set()
    for at in case.at if isinstance(case.at, list) else [case.at]:
        if at == "none":
            continue
        if at == "edited":
            touched = {n for n, row in enumerate(rows, 1) if row.touched}
            if not touched:
                raise _fail(case.name, "at: edited, but the edit left no line changed (give at: {line: ...})")
            out |= touched
        elif isinstance(at, Mapping):
            _check_keys(case.name, "at", at, frozenset({"line", "which"}), frozenset({"line"}))
            out |= {i + 1 for i in _select(case.name, rows, at)}
        else:
            raise _fail(case.name, f"at: {at!r} is not edited, none, {{line, which}} or a list of them")
    return tuple(sorted(out))


def apply(case: Case, lines: list[str], fixed: bool = False) -> tuple[list[str], tuple[int, ...]]:
    """The lines with the case's edit made, and the 1-based lines its finding must cite (with ``fixed``,
    its corrected form instead: the same kind of text written right, on which the rule is quiet)."""
    rows = [_Row(text) for text in lines]
    edits = case.fixed if fixed else case.edits
    if edits is None:
        raise _fail(case.name, "has no fixed: edit")
    for edit in edits:
        fn, spec = _operation(case.name, edit)
        fn(case.name, rows, spec)
    return [row.text for row in rows], () if fixed else _cited(case, rows)
