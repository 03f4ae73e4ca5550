"""Per-department limits of a batch (``budget-audit batch --timeout/--memory``): wall seconds, and
address space in MiB (the department's kernel included). Apart from suite.batch so that the command
line reads them without importing the batch machinery."""
TIMEOUT = 900.0
MEMORY_MB = 6144
