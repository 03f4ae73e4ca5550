"""ingest: line-numbered text to a Disclosure (segments, typed tables, narrative facts)."""
from .build import ingest, ingest_source

__all__ = ["ingest", "ingest_source"]
