"""``python -m audithelpers`` is ``budget-audit``."""
import sys

from .cli import main

sys.exit(main())
