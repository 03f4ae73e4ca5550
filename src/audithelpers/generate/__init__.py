"""generate: consistent disclosures (text and PDF) for tests and benchmarks."""
from .text import generate, write_generated

__all__ = ["generate", "write_generated"]
