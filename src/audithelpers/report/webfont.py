"""The report's web font: the packaged CJK font cut down to the characters a page shows,
embedded as a data URI so the page renders Chinese offline on any machine."""
from __future__ import annotations

from pathlib import Path

CHART_FONT = "NotoSansCJKsc-Regular.otf"   # OpenType CFF: matplotlib renders it best
PAGE_FONT = "SimHei.ttf"                   # TrueType: subsets four times faster for the HTML


def cjk_font_path(name: str = CHART_FONT) -> Path:
    """A CJK font file shipped by the pip-installed mplfonts package."""
    import mplfonts

    path = Path(mplfonts.__file__).parent / "fonts" / name
    if not path.exists():  # pragma: no cover - a broken install
        raise FileNotFoundError(f"CJK font missing from mplfonts: {path}")
    return path


def font_face(text: str) -> str:
    """An @font-face with the packaged CJK font cut down to the characters of ``text`` (base64),
    so the page shows Chinese on machines without Chinese fonts and loads nothing."""
    import base64
    import io

    from fontTools import subset

    chars = "".join(sorted(c for c in set(text) if ord(c) > 0x7f))   # set() first: the page holds base64 images
    options = subset.Options()
    options.notdef_outline = True
    options.name_IDs = ["*"]
    # SimHei (TrueType outlines) subsets four times faster than the CFF-based Noto Sans CJK
    font = subset.load_font(str(cjk_font_path(PAGE_FONT)), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (f"@font-face{{font-family:\"Report CJK\";font-style:normal;font-weight:400;"
            f"src:url(data:font/ttf;base64,{data}) format(\"truetype\")}}")

