"""generate: consistent disclosures (text and PDF) for tests and benchmarks."""
from .files import write_generated
from .text import generate

__all__ = ["generate", "write_generated"]
