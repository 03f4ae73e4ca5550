"""Two pdfplumber steps done with less work per character, giving the same values.

``objects(page)`` is ``Page.objects`` (pdfplumber's ``parse_objects``/``process_object``): the
same dictionaries with the same keys in the same order, without a closure call and a recursive
``resolve_all`` for every plain number and string of every character.

``extract(table)`` is ``Table.extract()``: for each row pdfplumber tests every character of the
page against the row's box, computing the character's midpoint again each time; here the
midpoints are computed once and the characters of a row found by bisection, kept in page order.

Both are checked against pdfplumber itself on the corpus (tests/read/test_plumber.py).
"""
from __future__ import annotations

from bisect import bisect_left
from typing import Any

from pdfminer.layout import LTChar, LTContainer, LTCurve, LTTextContainer
from pdfplumber import utils
from pdfplumber.page import ALL_ATTRS, fix_fontname_bytes, lt_pat, normalize_unicode
from pdfplumber.utils import resolve_all, resolve_and_decode

_PLAIN = frozenset((int, float, str, bool, type(None)))
_KINDS: dict[type, str] = {}


def _resolve(value: Any) -> Any:
    """``resolve_all``, without its recursion for numbers, strings and flat tuples and lists of them."""
    cls = value.__class__
    if cls in _PLAIN:
        return value
    if cls is tuple or cls is list:
        if all(v.__class__ in _PLAIN for v in value):
            return cls(value)
        return cls(_resolve(v) for v in value)
    return resolve_all(value)


def _process(page: Any, obj: Any, decoded: dict[str, Any]) -> dict[str, Any]:
    """pdfplumber's ``Page.process_object``."""
    cls = obj.__class__
    kind = _KINDS.get(cls)
    if kind is None:
        kind = _KINDS[cls] = lt_pat.sub("", cls.__name__).lower()
    attr = {k: _resolve(v) for k, v in obj.__dict__.items() if k in ALL_ATTRS}
    attr["object_type"] = kind
    attr["page_number"] = page.page_number
    for cs in ("ncs", "scs"):
        if hasattr(obj, cs):
            name = getattr(obj, cs).name
            if name.__class__ is str:
                value = decoded.get(name)
                if value is None:
                    value = decoded[name] = resolve_and_decode(name)
                attr[cs] = value
            else:
                attr[cs] = resolve_and_decode(name)
    if isinstance(obj, (LTChar, LTTextContainer)):
        text = obj.get_text()
        attr["text"] = normalize_unicode(page.pdf.unicode_norm, text) if page.pdf.unicode_norm is not None else text
    if isinstance(obj, LTChar):
        gs = obj.graphicstate
        attr["stroking_color"] = gs.scolor if isinstance(gs.scolor, tuple) else (gs.scolor,)
        attr["non_stroking_color"] = gs.ncolor if isinstance(gs.ncolor, tuple) else (gs.ncolor,)
        if isinstance(attr["fontname"], bytes):
            attr["fontname"] = fix_fontname_bytes(attr["fontname"])
    elif isinstance(obj, LTCurve):
        attr["pts"] = list(map(page.point2coord, attr["pts"]))
        attr["path"] = [(cmd, *map(page.point2coord, pts)) for cmd, *pts in obj.original_path or ()]
        attr["dash"] = obj.dashing_style
    mb_x0, mb_top = page.mediabox[:2]
    if "y0" in attr:
        attr["top"] = (page.height - attr["y1"]) + mb_top
        attr["bottom"] = (page.height - attr["y0"]) + mb_top
        attr["doctop"] = page.initial_doctop + attr["top"]
    if "x0" in attr and mb_x0 != 0:
        attr["x0"] = attr["x0"] + mb_x0
        attr["x1"] = attr["x1"] + mb_x0
    return attr


def _walk(page: Any, layout_objects: list[Any], decoded: dict[str, Any], out: list[dict[str, Any]]) -> None:
    """pdfplumber's ``Page.iter_layout_objects``."""
    for obj in layout_objects:
        if isinstance(obj, LTContainer):
            if page.pdf.laparams is not None:
                out.append(_process(page, obj, decoded))
            _walk(page, obj._objs, decoded, out)
        else:
            out.append(_process(page, obj, decoded))


def objects(page: Any) -> dict[str, list[dict[str, Any]]]:
    """``page.objects``, computed here and cached on the page as pdfplumber caches it."""
    if hasattr(page, "_objects"):
        return page._objects
    found: list[dict[str, Any]] = []
    _walk(page, page.layout._objs, {}, found)
    result: dict[str, list[dict[str, Any]]] = {}
    for obj in found:
        kind = obj["object_type"]
        if kind in ["anno"]:
            continue
        if result.get(kind) is None:
            result[kind] = []
        result[kind].append(obj)
    page._objects = result
    return result


def extract(table: Any) -> list[list[str | None]]:
    """``table.extract()`` with pdfplumber's default settings."""
    chars = table.page.chars
    h_mids = [(c["x0"] + c["x1"]) / 2 for c in chars]
    v_mids = [(c["top"] + c["bottom"]) / 2 for c in chars]
    order = sorted(range(len(chars)), key=v_mids.__getitem__)
    v_sorted = [v_mids[i] for i in order]
    rows: list[list[str | None]] = []
    for row in table.rows:
        x0, top, x1, bottom = row.bbox
        inside = sorted(i for i in order[bisect_left(v_sorted, top):bisect_left(v_sorted, bottom)]
                        if x0 <= h_mids[i] < x1)
        cells: list[str | None] = []
        for cell in row.cells:
            if cell is None:
                cells.append(None)
                continue
            cx0, ctop, cx1, cbottom = cell
            cell_chars = [chars[i] for i in inside if cx0 <= h_mids[i] < cx1 and ctop <= v_mids[i] < cbottom]
            cells.append(utils.extract_text(cell_chars) if cell_chars else "")
        rows.append(cells)
    return rows
