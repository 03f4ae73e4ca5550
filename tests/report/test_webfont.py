import base64
import io
import re

from fontTools.ttLib import TTFont

from audithelpers.report.webfont import font_face


def test_embedded_font_covers_the_page_and_nothing_is_fetched():
    text = "审核报告：一般公共预算支出 295.42 万元（“三公”）"
    css = font_face(text)
    assert css.startswith("@font-face") and "url(data:font/ttf;base64," in css and "http" not in css
    data = base64.b64decode(re.search(r"base64,([^)]+)\)", css).group(1))
    cmap = TTFont(io.BytesIO(data)).getBestCmap()
    assert all(ord(c) in cmap for c in text if ord(c) > 0x7f)
    assert len(data) < 60_000        # cut down to the characters used, not the 9 MB font
