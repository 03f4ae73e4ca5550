"""The year's budget a final account is checked against (params ``budget``, ``check --budget``): read from its
file here, in the suite, so that the rules (``reconcile.crosstable_execution``) stay pure functions of what they
are given."""
from __future__ import annotations

from pathlib import Path

from ..model import Disclosure


def load_budget(path: str | Path, final: Disclosure) -> Disclosure:
    """The year's budget a final account is checked against, once it is a budget of that year (one clear
    error otherwise)."""
    from ..errors import InputError
    from ..ingest.build import ingest

    if final.document_kind != "final":
        raise InputError(path, "a budget to check against is for final accounts (部门决算); the document is not one")
    budget = ingest(path)
    if budget.document_kind != "budget" or (budget.year and final.year and budget.year != final.year):
        raise InputError(path, f"is not the budget (部门预算) of {final.year}: it reads as "
                               f"{'a budget' if budget.document_kind == 'budget' else budget.document_kind} "
                               f"of {budget.year}")
    return budget
