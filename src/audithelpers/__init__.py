"""budget-audit: reproducible audits of Chinese department budget disclosures.

Data flows one way: read -> ingest -> reconcile -> chart -> narrate -> render.
"""
from .errors import AuditError, InputError, ParamsError, RunError
from .ingest import ingest, ingest_source
from .reading import read_bytes, read_source

__version__ = "0.1.0"

__all__ = ["AuditError", "InputError", "ParamsError", "RunError", "ingest", "ingest_source",
           "read_bytes", "read_source", "__version__"]
