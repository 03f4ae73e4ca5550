"""The seed's report.html in headless Chromium at a phone's width: nothing wider than the screen,
every image loaded (skipped when Debian's chromium is not installed; slow: it runs the notebooks)."""
import html
import json
import re
import subprocess
from pathlib import Path

import pytest



CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [pytest.mark.slow, pytest.mark.skipif(not CHROMIUM.exists(), reason="chromium is not installed")]

#: Reads the framed report once it has loaded (every <details> opened first) into <pre id="metrics">.
_MEASURE = """<script>document.getElementById('f').addEventListener('load',function(){var d=this.contentDocument;
d.querySelectorAll('details').forEach(function(x){x.open=true;});var imgs=Array.prototype.slice.call(d.images);
var m=document.createElement('pre');m.id='metrics';
m.textContent=JSON.stringify({scrollWidth:d.documentElement.scrollWidth,innerWidth:this.contentWindow.innerWidth,
images:imgs.length,broken:imgs.filter(function(i){return !i.complete||i.naturalWidth===0;}).length});
document.body.appendChild(m);});</script>"""


def framed(report: str, width: int) -> str:
    """The report inside an iframe ``width`` px wide: headless Chromium's window is at least 500 px
    wide, a frame gives the page a phone's viewport (srcdoc: same origin, so the parent can measure)."""
    return (f'<!DOCTYPE html><html><body style="margin:0"><iframe id="f" style="border:0;width:{width}px;'
            f'height:2000px" srcdoc="{html.escape(report, quote=True)}"></iframe>{_MEASURE}</body></html>')


def measure(report: Path, width: int, tmp: Path) -> dict:
    page = tmp / "framed.html"
    page.write_text(framed(report.read_text(encoding="utf-8"), width), encoding="utf-8")
    dom = subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                          "--no-first-run", "--disable-background-networking", "--disable-component-update",
                          "--disable-sync", f"--user-data-dir={tmp / 'profile'}", "--window-size=500,2000",
                          "--virtual-time-budget=5000", "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, timeout=120, check=True).stdout
    found = re.search(r'<pre id="metrics">([^<]*)</pre>', dom)
    assert found, dom[-2000:]
    return json.loads(html.unescape(found.group(1)))


@pytest.fixture(scope="module")
def seed_report(seed_run):
    return seed_run / "report.html"


def test_the_report_fits_a_phone_and_every_image_loads(seed_report, tmp_path):
    metrics = measure(seed_report, 390, tmp_path)
    assert metrics["innerWidth"] == 390
    assert metrics["scrollWidth"] <= metrics["innerWidth"], metrics      # no horizontal overflow
    assert metrics["images"] >= 5 and metrics["broken"] == 0, metrics
