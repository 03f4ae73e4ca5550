"""``budget-audit extract`` as a user runs it: exit codes, one-line errors, no partial output."""
import subprocess
import sys

import pytest

from audithelpers.cli import main

from helpers import SEED


def test_extract_command(tmp_path, capsys):
    assert main(["extract", str(SEED), "--out", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "summary.csv").exists()
    assert "10 tables" in capsys.readouterr().err


def _file(name, data):
    def make(folder):
        path = folder / name
        path.write_bytes(data)
        return path
    return make


@pytest.mark.parametrize("make, problem", [
    (lambda p: p / "missing.txt", "no such file"),
    (lambda p: p, "is a directory"),
    (_file("e.txt", b""), "empty"),
    (_file("b.bin", bytes(range(256)) * 4), "binary"),
    (_file("u.txt", b"abc\x80\xff\x80 def"), "neither UTF-8"),
    (_file("n.txt", "会议纪要\n今天开会。\n".encode()), "no budget table"),
])
def test_bad_input_one_line_exit_2_no_output(tmp_path, capsys, make, problem):
    doc = make(tmp_path)
    out = tmp_path / "out"
    assert main(["extract", str(doc), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and problem in err and str(doc) in err
    assert "Traceback" not in err
    assert not out.exists()


def test_console_script_prints_no_traceback(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "audithelpers", "extract", str(tmp_path / "x.txt"),
                           "--out", str(tmp_path / "o")], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"budget-audit: {tmp_path / 'x.txt'}: no such file"
