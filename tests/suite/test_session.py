"""suite.session: the kernel imports the package as it starts and freezes what the imports made, so that the
reset before every notebook does not walk every object of pandas and matplotlib (slow: starts a kernel)."""
import pytest
from jupyter_core.utils import run_sync

from audithelpers.suite.run import KERNEL
from audithelpers.suite.session import KernelSession

pytestmark = pytest.mark.slow


def _printed(session: KernelSession, code: str) -> str:
    out: list[str] = []

    def keep(msg):
        if msg["msg_type"] == "stream":
            out.append(msg["content"]["text"])
    run_sync(session.client.execute_interactive)(code, timeout=60, output_hook=keep)
    return "".join(out).strip()


def test_a_kernel_is_ready_with_the_package_imported_and_its_objects_frozen(tmp_path):
    with KernelSession(KERNEL) as session:
        session.connect()   # a session connects when first used; this test talks to its client itself
        code = "import gc, sys; print('audithelpers.report.charts' in sys.modules, gc.get_freeze_count() > 100000)"
        assert _printed(session, code) == "True True"
        session.reset(tmp_path)   # an empty namespace; the modules stay imported and frozen
        assert _printed(session, "print(sorted(k for k in dir() if not k.startswith('_'))[:3])") == \
            "['In', 'Out', 'exit']"
