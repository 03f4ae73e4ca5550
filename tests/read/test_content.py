"""The fast content-stream reader gives exactly the objects pdfminer's own parser gives."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st
from pdfminer.pdfinterp import PDFContentParser
from pdfminer.pdftypes import PDFStream, list_value, resolve1, stream_value
from pdfminer.psparser import PSEOF

from audithelpers.read._content import lex

from helpers import ROOT


def _pdfminer(streams: list[bytes]) -> list:
    parser = PDFContentParser([PDFStream({}, data) for data in streams])
    out = []
    while True:
        try:
            out.append(parser.nextobject()[1])
        except PSEOF:
            return out


def _same(a, b) -> bool:
    """Equal and of the same types all the way down (1 and 1.0 differ)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return a is b or a == b


def _check(streams: list[bytes]) -> bool:
    """True when lex read the streams itself (and agreed with pdfminer), False when it handed them back."""
    ours = lex(streams)
    if ours is None:
        return False
    assert _same(ours, _pdfminer(streams)), streams
    return True


@pytest.mark.parametrize("streams", [
    [b"BT /F1 12 Tf 1 0 0 1 72.5 700 Tm (Hello) Tj [(A) -120 (B)] TJ ET"],
    [b"q 1 1 1 rg 60.3 76.8 126 12.48 re f* Q -.5 +3 5. 1.2.3 -- 12abc true false null"],
    [b"/P <</MCID 0 /Alt (x) /N null>> BDC <00410042> Tj <4 1> Tj <abc> Tj EMC"],
    [b"(a(b)c) Tj (esc\\n\\t\\(\\)\\\\\\101\\12x\\q\\\n) Tj % comment\r(after) Tj"],
    [b"<</A 1>>> ] ] [1 <</B 2>> [3]] \x00 ' \" *\n", b"Q"],
    [b"0 0 m 10 10 l S\n", b"BT (split) Tj ET\n", b"q Q"],
    [b"x" * 5000 + b" (" + b"y" * 5000 + b") Tj"],                      # tokens across pdfminer's 4096-byte reads
    [(b"<0041> Tj (\\101\\102) Tj /Name 1.5 <</K 2>> BDC " * 300)],
])
def test_lex_reads_streams_as_pdfminer_does(streams):
    assert _check(streams)


@pytest.mark.parametrize("streams", [
    [b"BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI"],      # inline image
    [b"/A#42 gs"],                                   # an escape in a name
    [b"{ 1 } exec"],                                 # a procedure
    [b"(open string"], [b"[1 2"], [b"<</A>> x"], [b"<41"],
    [b"(\\\r\nx) Tj"], [b"(\\777) Tj"],
    [b"q", b"Q"],                                     # a stream not ending in white space
])
def test_lex_hands_back_what_pdfminer_treats_specially(streams):
    assert not _check(streams)
    if streams != [b"<</A>> x"] and streams != [b"(\\777) Tj"]:   # pdfminer raises on those two
        _pdfminer(streams)


_PIECES = [b" ", b"\n", b"\r", b"\r\n", b"\x00", b"\t", b"(", b")", b"\\", b"\\1", b"\\12", b"\\123", b"\\n", b"\\(",
           b"\\\n", b"<", b">", b"<<", b">>", b"[", b"]", b"/", b"/Ab", b"#", b"%c", b"1", b"-", b"+", b".", b"12",
           b"3.5", b"-.5", b"Tj", b"TJ", b"true", b"false", b"null", b"q", b"'", b'"', b"a0", b"F9", b"\xe4\xb8\xad",
           b"(ab)", b"<0041>", b"<4 1>", b"<</A 1 /B [1 (x)]>>", b"(a(b)c)", b"(\\101\\n)"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_PIECES), max_size=400).map(b"".join), min_size=1, max_size=3))
def test_lex_agrees_with_pdfminer_on_arbitrary_streams(streams):
    _check(streams)


@pytest.mark.parametrize("name", [
    "beijing-education-commission-2026-dept-budget-part2-tables.pdf",
    "guangdong-shenzhen-port-office-2026-dept-budget.pdf",
    "jiangsu-suzhou-audit-bureau-2026-dept-budget.pdf",
])
def test_lex_reads_every_page_of_real_pdfs_itself(name):
    import pdfplumber

    with pdfplumber.open(ROOT / "data" / "corpus" / name) as pdf:
        for page in pdf.pages[:12]:
            assert _check([stream_value(s).get_data() for s in list_value(page.page_obj.contents)])
            for xobject in (resolve1(page.page_obj.resources.get("XObject")) or {}).values():
                xobject = stream_value(xobject)
                if resolve1(xobject.get("Subtype")) is not None and xobject["Subtype"].name == "Form":
                    assert _check([xobject.get_data()])
