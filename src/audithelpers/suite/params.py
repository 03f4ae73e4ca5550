"""Params files: one per department and year, validated before any notebook starts.

Every setting is declared once, with its type, default and help text. Unknown keys
(typos), wrong types and missing documents are errors naming the key and the file.
"""
from __future__ import annotations

import os

import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from ..errors import ParamsError


@dataclass(frozen=True)
class Setting:
    key: str
    type: type | tuple[type, ...]
    help: str
    required: bool = False
    default: Any = None
    choices: tuple | None = None


SETTINGS: tuple[Setting, ...] = (
    Setting("document", (str, list), "the disclosure to audit (path relative to the params file), or a list of the "
                                      "files it is published as, in order (a narrative and its tables)",
            required=True),
    Setting("department", str, "the department's name as the auditor expects it", required=True),
    Setting("year", int, "the budget year", required=True),
    Setting("unit", str, "unit for amounts in the report", default="万元", choices=("元", "万元")),
    Setting("region", str, "required-content set of data/required.yaml", default="default"),
    Setting("slug", str, "folder name of the department's reports (default: from the file name)"),
    Setting("tolerance", (int, float), "multiplier of the rounding tolerance (1 = as printed)", default=1),
    Setting("title", str, "report title (default: 《部门》年度部门预算审核报告)"),
    Setting("kind", str, "what the document is: budget (部门预算) or final (部门决算); checked against its cover",
            default="budget", choices=("budget", "final")),
    Setting("budget", str, "final accounts only: the same department's budget of that year, whose figures the "
                           "final accounts' 年初预算 must equal (path relative to the params file)"),
)
BY_KEY = {s.key: s for s in SETTINGS}


@dataclass(frozen=True)
class Params:
    path: str
    document: str            # absolute path of the document (its first file, when published as several)
    department: str
    year: int
    unit: str = "万元"
    region: str = "default"
    slug: str = ""
    tolerance: Decimal = Decimal(1)
    title: str = ""
    kind: str = "budget"     # budget | final: the auditor's statement, checked against the document
    budget: str = ""         # absolute path of the year's budget (final accounts only), or ""
    warehouse: str = ""      # a batch's warehouse (run --warehouse): last year's figures for the history rules
    raw: dict = field(default_factory=dict)
    documents: tuple[str, ...] = ()   # every file of the document, in order (absolute paths)

    @property
    def files(self) -> list[str]:
        """The document's files: one, or the several it is published as."""
        return list(self.documents) or [self.document]

    @property
    def notebook_document(self) -> str | list[str]:
        """The document as the notebooks take it: a path, or a list of paths for several files."""
        return self.files if len(self.files) > 1 else self.document

    def notebook_parameters(self) -> dict[str, Any]:
        """Literal values handed to the notebooks (no code, only str/int/float)."""
        return {"document": self.notebook_document, "department": self.department, "year": self.year,
                "unit": self.unit, "region": self.region, "slug": self.slug,
                "tolerance": float(self.tolerance), "title": self.title, "budget": self.budget,
                "warehouse": self.warehouse}


def _type_name(t) -> str:
    names = {str: "text", int: "a whole number", float: "a number"}
    if isinstance(t, tuple):
        return " or ".join(names.get(x, x.__name__) for x in t)
    return names.get(t, t.__name__)


def slugify(text: str) -> str:
    text = re.sub(r"[^0-9A-Za-z\u4e00-\u9fff]+", "-", text).strip("-").lower()   # one hyphen between words
    return text or "department"


def _known_keys(data: Any, path: Path) -> dict:
    """The mapping itself, once it is a mapping with only known keys."""
    if not isinstance(data, dict):
        raise ParamsError(path, "must be a mapping of settings (key: value), "
                                f"found {type(data).__name__}")
    for key in data:
        if key not in BY_KEY:
            close = difflib.get_close_matches(str(key), BY_KEY, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (known: {', '.join(BY_KEY)})"
            raise ParamsError(path, f"unknown key '{key}'{hint}", key=str(key))
    return data


def _setting_value(setting: Setting, data: dict, path: Path) -> Any:
    """One setting's value: its default where absent, else the given value once of the right type and choice."""
    if setting.key not in data or data[setting.key] is None:
        if setting.required:
            raise ParamsError(path, f"missing key '{setting.key}': {setting.help}", key=setting.key)
        return setting.default
    value = data[setting.key]
    if isinstance(value, bool) or not isinstance(value, setting.type):
        raise ParamsError(path, f"key '{setting.key}' must be {_type_name(setting.type)}, "
                                f"got {value!r}", key=setting.key)
    if setting.choices and value not in setting.choices:
        raise ParamsError(path, f"key '{setting.key}' must be one of {', '.join(setting.choices)}, "
                                f"got {value!r}", key=setting.key)
    return value


def _check_values(values: dict[str, Any], path: Path) -> None:
    """The values, typed, are plausible: no control characters, a department, a year, a tolerance, a region."""
    for setting in SETTINGS:
        value = values[setting.key]
        if any(isinstance(v, str) and any(ord(ch) < 32 for ch in v) for v in (value if isinstance(value, list)
                                                                              else [value])):
            raise ParamsError(path, f"key '{setting.key}' holds a control character (line break or tab)",
                              key=setting.key)
    if not values["department"].strip():
        raise ParamsError(path, "key 'department' is empty", key="department")
    if not 1990 <= values["year"] <= 2100:
        raise ParamsError(path, f"key 'year' is not a plausible budget year: {values['year']}", key="year")
    if values["tolerance"] <= 0:
        raise ParamsError(path, "key 'tolerance' must be greater than 0", key="tolerance")
    from ..reference import regions

    if values["region"] not in regions():
        raise ParamsError(path, f"key 'region': unknown region '{values['region']}' "
                                f"(known: {', '.join(regions())})", key="region")


def _document_path(document: str, path: Path, key: str = "document") -> Path:
    """The document named, relative to the params file's folder, once it is a file."""
    resolved = Path(document)
    if not resolved.is_absolute():
        resolved = (path.parent / resolved).resolve()
    if not resolved.is_file():
        raise ParamsError(path, f"key '{key}': no such file {resolved}", key=key)
    return resolved


def _document_paths(document: str | list, path: Path) -> list[Path]:
    """The document's files: one path, or a list of the files it is published as (each once)."""
    if isinstance(document, str):
        return [_document_path(document, path)]
    if not document or not all(isinstance(item, str) for item in document):
        raise ParamsError(path, "key 'document' must be a path or a non-empty list of paths, got "
                                f"{document!r}", key="document")
    files = [_document_path(item, path) for item in document]
    twice = next((f for i, f in enumerate(files) if f in files[:i]), None)
    if twice is not None:
        raise ParamsError(path, f"key 'document' lists {twice} twice", key="document")
    return files


def _budget_path(values: dict[str, Any], path: Path) -> str:
    """The budget a final account is checked against, once the params say final accounts."""
    if not values["budget"]:
        return ""
    if values["kind"] != "final":
        raise ParamsError(path, "key 'budget' names the year's budget of final accounts: set 'kind: final' "
                                "or leave 'budget' out", key="budget")
    return str(_document_path(values["budget"], path, "budget"))


def validate(data: Any, path: str | Path) -> Params:
    """Check a loaded params mapping; raises ParamsError naming the file and key."""
    path = Path(path)
    data = _known_keys(data, path)
    values = {setting.key: _setting_value(setting, data, path) for setting in SETTINGS}
    _check_values(values, path)
    files = _document_paths(values["document"], path)
    slug = values["slug"] or slugify(re.sub(r"-?(19|20)\d{2}$", "", path.stem))
    what = "决算" if values["kind"] == "final" else "预算"
    title = values["title"] or f"{values['department']} {values['year']} 年度部门{what}审核报告"
    return Params(path=str(path), document=str(files[0]), department=values["department"],
                  year=values["year"], unit=values["unit"], region=values["region"], slug=slugify(slug),
                  tolerance=Decimal(str(values["tolerance"])), title=title, kind=values["kind"],
                  budget=_budget_path(values, path), raw=dict(data),
                  documents=tuple(map(str, files)) if len(files) > 1 else ())


def load_params(path: str | Path) -> Params:
    """Read and validate a params file."""
    path = Path(path)
    if not path.exists():
        raise ParamsError(path, "no such params file")
    if path.is_dir():
        raise ParamsError(path, "is a directory, not a params file")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ParamsError(path, "is not UTF-8 text") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise ParamsError(path, f"is not valid YAML{where}: {getattr(exc, 'problem', exc)}") from None
    return validate(data, path)


def _as_seen_from(document: Path, folder: Path) -> Path:
    """The document's path as a params file in ``folder`` names it: relative when the document lies under
    the folder or one of its two nearest parents (a project's data/ beside params/, or its downloads/
    beside params/2026/), else absolute."""
    if Path(os.path.commonpath([document, folder])) in (folder, folder.parent, folder.parent.parent):
        return Path(os.path.relpath(document, folder))
    return document


class Scaffold(NamedTuple):
    """A params file written for a document: its suggested file name, its YAML text, and what it says."""

    name: str
    text: str
    department: str
    year: int
    kind: str


def _slug_of(files: list[Path], year: int) -> str:
    """The department's folder name: from its file name, or from what the names of its files share
    ("…-2026-dept-budget-" of "…-part1-narrative.pdf" and "…-part2-tables.pdf")."""
    stem = files[0].stem if len(files) == 1 else os.path.commonprefix([f.stem for f in files])
    if len(files) > 1:
        stem = re.sub(r"[0-9A-Za-z]*$", "", stem) if re.search(r"[^0-9A-Za-z][0-9A-Za-z]+$", stem) else stem
        stem = stem if len(slugify(stem)) >= 4 else files[0].stem
    return slugify(stem.replace(str(year), "")) or "department"


def scaffold(document: str | Path | list[str] | list[Path], out_dir: str | Path = "params",
             disclosure: Any = None) -> Scaffold:
    """A params file for a document, or for the files one disclosure is published as (``disclosure``: the
    document already read)."""
    from ..ingest.build import ingest

    files = [Path(document)] if isinstance(document, (str, Path)) else [Path(p) for p in document]
    disclosure = disclosure if disclosure is not None else ingest(files)
    tables_alone = disclosure.department_from == "tables" and not disclosure.fact_records   # no cover, no text
    if not disclosure.department or not disclosure.year or tables_alone:
        from ..errors import InputError

        hint = ("; if it is the tables of a disclosure published as several files, list it after the narrative "
                "under 'document:' in that disclosure's params file") if disclosure.tables else ""
        raise InputError(" + ".join(map(str, files)), "department or year could not be read from the cover" + hint)
    units = sorted({t.unit for t in disclosure.tables if t.unit})
    unit = "万元" if "万元" in units or not units else units[0]
    rel = [str(_as_seen_from(f.resolve(), Path(out_dir).resolve())) for f in files]
    kind = "final" if disclosure.document_kind == "final" else "budget"
    text = (f"# Audit parameters for {disclosure.department} {disclosure.year} (generated by budget-audit new-params)\n"
            + yaml.safe_dump({"document": rel[0] if len(rel) == 1 else rel, "department": disclosure.department,
                              "year": disclosure.year, "unit": unit, "region": "default",
                              **({"kind": "final"} if kind == "final" else {})},
                             allow_unicode=True, sort_keys=False))
    return Scaffold(f"{_slug_of(files, disclosure.year)}-{disclosure.year}.yaml", text, disclosure.department,
                    disclosure.year, kind)


_KIND_NAME = {"budget": "a budget (部门预算)", "final": "final accounts (部门决算)"}


def confirm_document(params: Params, department: str | None, year: int | None, kind: str = "unclear") -> None:
    """The params file states what is audited: stop when the document's cover says otherwise.

    The department and year in a params file are the auditor's statement; a document of another
    department or year is the auditor's mistake (a wrong file), not the department's, so it stops
    the run with one line naming both values instead of becoming a finding against the department.
    A cover that names no department or year, or a document whose kind is unclear, cannot
    contradict the params file.
    """
    from ..reference import name_key

    problems = []
    if department and name_key(department) != name_key(params.department):
        problems.append(f"department is 「{params.department}」 but the document's cover says 「{department}」")
    if year and year != params.year:
        problems.append(f"year is {params.year} but the document is for {year}")
    if kind in _KIND_NAME and kind != params.kind:
        problems.append(f"kind is {params.kind} but the document is {_KIND_NAME[kind]}")
    if problems:
        raise ParamsError(params.path, "; ".join(problems) + f" ({' + '.join(params.files)}); "
                          "correct the params file or point it at the right document")
