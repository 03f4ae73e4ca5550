"""One exception hierarchy for everything a user can get wrong.

Every error carries the file it concerns and a one-line problem, prints as
``<file>: <problem>`` and survives pickling (batches send errors between processes).
"""
from __future__ import annotations


class AuditError(Exception):
    """Base class of the project's own errors."""

    def __init__(self, path: object, problem: str) -> None:
        super().__init__(path, problem)
        self.path = str(path)
        self.problem = problem

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"

    def __reduce__(self):
        return (self.__class__, (self.path, self.problem))


    #: The command's exit status for this error: 2 for the user's input (document, params, option).
    exit_status = 2


class InputError(AuditError):
    """A document that cannot be read or holds no budget disclosure."""


class ParamsError(AuditError):
    """A params file or option that is missing, mistyped or invalid."""

    def __init__(self, path: object, problem: str, key: str | None = None) -> None:
        super().__init__(path, problem)
        self.key = key

    def __reduce__(self):
        return (self.__class__, (self.path, self.problem, self.key))


class RunError(AuditError):
    """A stage of the notebook suite failed."""

    exit_status = 1

    def __init__(self, path: object, problem: str, notebook: str | None = None,
                 cell: int | None = None) -> None:
        super().__init__(path, problem)
        self.notebook = notebook
        self.cell = cell

    def __reduce__(self):
        return (self.__class__, (self.path, self.problem, self.notebook, self.cell))
