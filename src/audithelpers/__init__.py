"""budget-audit: reproducible audits of Chinese department budget disclosures.

Data flows one way, and the sub-packages show it: read -> ingest -> reconcile -> report,
driven by suite (params, notebook stages, run); generate makes consistent documents for
tests. model, amounts, errors and reference are the shared core.
"""
from ._imports import skip_slow_format_checker
from .errors import AuditError, InputError, ParamsError, RunError

skip_slow_format_checker()

__version__ = "0.1.0"

__all__ = ["AuditError", "InputError", "ParamsError", "RunError", "__version__"]
