"""Code health (issue 10): no function in src/ over 60 lines, and ruff's complexity limit with no exemptions.

The complexity itself is checked by ruff (``C901``, ``max-complexity`` in pyproject.toml, run by
``make lint``); these tests keep the limit in force: it stays configured and no function opts out
of it with a ``noqa``.
"""
from __future__ import annotations

import ast
import re

import pytest

from helpers import ROOT

SRC = ROOT / "src"
MAX_LINES = 60
MAX_COMPLEXITY = 12


def _functions():
    """(where, name, lines) of every function and method in src/, nested ones included."""
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                assert node.end_lineno is not None
                yield f"{path.relative_to(ROOT)}:{node.lineno}", node.name, node.end_lineno - node.lineno + 1


def test_functions_are_found():
    names = {name for _, name, _ in _functions()}
    assert {"validate", "canonical", "column_total", "_lex"} <= names


def test_no_function_is_over_60_lines():
    long = [f"{where} {name}: {lines} lines" for where, name, lines in _functions() if lines > MAX_LINES]
    assert not long, f"functions over {MAX_LINES} lines (split them into named steps):\n" + "\n".join(long)


def test_complexity_limit_is_configured():
    tomllib = pytest.importorskip("tomllib")   # Python 3.11+
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["ruff"]["lint"]
    assert "C901" in config["select"]
    assert config["mccabe"]["max-complexity"] == MAX_COMPLEXITY
    assert "C901" not in config.get("ignore", []) and not config.get("per-file-ignores")


def test_no_function_is_exempt_from_the_complexity_limit():
    exempt = re.compile(r"#\s*noqa\b(?!:)|#\s*noqa:[^#\n]*\bC901\b", re.IGNORECASE)
    found = [f"{path.relative_to(ROOT)}:{n} {line.strip()}"
             for path in sorted(SRC.rglob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if exempt.search(line)]
    assert not found, "complexity exemptions (split the function instead):\n" + "\n".join(found)


def _imported_top_modules() -> set[str]:
    """Top-level names of every module imported anywhere in src/ (at any depth of a function)."""
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found


def test_every_third_party_import_is_a_declared_dependency():
    """A package imported by src/ is named in pyproject.toml's dependencies, not merely installed by another."""
    import sys
    from importlib.metadata import packages_distributions

    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {re.split(r"[<>=!~;\[ ]", d)[0].lower().replace("_", "-") for d in project["dependencies"]}
    owners = packages_distributions()
    third_party = sorted(_imported_top_modules() - set(sys.stdlib_module_names) - {"audithelpers", "__future__"})
    assert {"pandas", "papermill", "jupyter_client"} <= set(third_party)   # the scan sees imports in functions
    undeclared = [f"{module} ({', '.join(owners.get(module, ['not installed']))})" for module in third_party
                  if not {o.lower().replace("_", "-") for o in owners.get(module, [module])} & declared]
    assert not undeclared, "imported by src/ but not in pyproject.toml's dependencies:\n" + "\n".join(undeclared)


def _private_imports() -> list[str]:
    """``from M import _name`` across modules in src/ (a private module's public names are fine)."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                found += [f"{path.relative_to(ROOT)}:{node.lineno} {node.module} {a.name}" for a in node.names
                          if a.name.startswith("_") and not a.name.startswith("__")]
    return found


def test_no_module_imports_another_module_s_private_name():
    assert not _private_imports(), "make the name public, or move it where both modules can import it:\n" + \
        "\n".join(_private_imports())


def test_every_rule_lives_in_a_module_named_after_its_family():
    from audithelpers.reconcile import RULES

    misplaced = [f"{r.id} in {r.check.__module__}" for r in RULES.values()
                 if not re.fullmatch(rf"{r.family}(_\w+)?", r.check.__module__.rsplit(".", 1)[-1])]
    assert not misplaced, "a rule module is <family>.py or <family>_<topic>.py:\n" + "\n".join(misplaced)


def test_model_imports_nothing_from_the_stages():
    tree = ast.parse((SRC / "audithelpers" / "model.py").read_text(encoding="utf-8"))
    modules = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level}
    assert not {m for m in modules if m.split(".")[0] in ("read", "ingest", "reconcile", "report", "suite")}
