"""audithelpers._imports: the slow, unused jsonschema format checker stays out of every process that
imports the package first (the run's driver and its kernels), and notebooks still validate."""
import subprocess
import sys


def test_nbformat_validates_without_the_slow_format_checker():
    code = ("import audithelpers, sys, nbformat\n"
            "nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('x = 1')])\n"
            "nbformat.validate(nb)\n"
            "bad = nbformat.v4.new_notebook(); bad['cells'] = [{'cell_type': 'nonsense'}]\n"
            "try:\n    nbformat.validate(bad)\nexcept nbformat.ValidationError:\n    print('invalid refused')\n"
            "print('rfc3987_syntax' in sys.modules and sys.modules['rfc3987_syntax'] is not None)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["invalid", "refused", "False"]


def test_a_process_that_loaded_jsonschema_first_is_left_alone():
    code = "import jsonschema, audithelpers, sys; print(sys.modules.get('rfc3987_syntax', 'absent'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out != "None"   # either imported by jsonschema, or not installed: never blocked after the fact


def test_the_run_command_starts_its_kernel_before_the_heavy_imports():
    """`budget-audit run` launches the kernel (which imports the package on the other core) before the driver
    imports pandas, papermill or nbconvert: what the command line and the run module need first is light."""
    code = ("import sys, audithelpers.cli, audithelpers.suite.run, audithelpers.suite.session\n"
            "print(sorted(m for m in ('pandas', 'papermill', 'nbconvert', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"
