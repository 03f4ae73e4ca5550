"""read: documents (text, PDF) to line-numbered text with pages."""
from .text import Source, normalise, read_bytes, read_source, read_sources

__all__ = ["Source", "normalise", "read_bytes", "read_source", "read_sources"]
