"""One import that costs more than the rest of a run's imports together, kept out.

nbformat (through papermill and nbconvert) validates notebooks with jsonschema, whose format
checkers import ``rfc3987_syntax`` when it is installed (jupyterlab's jupyter-events asks for it).
That module builds some 35 Earley parsers at import: 1.4 s here, in the process that drives the
notebooks and again in every kernel (python-jsonschema/jsonschema issue #1428). It only checks the
``iri`` and ``iri-reference`` formats, which no notebook schema uses, and jsonschema skips a format
checker whose module cannot be imported. So, unless jsonschema is already loaded, the module is
marked as absent in this process.
"""
from __future__ import annotations

import sys

SKIPPED = "rfc3987_syntax"


def skip_slow_format_checker() -> None:
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault(SKIPPED, None)  # type: ignore[arg-type]   # import then raises ImportError
