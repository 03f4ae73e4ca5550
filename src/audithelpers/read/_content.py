"""A faster reader of PDF page content streams for pdfminer's interpreter, with the same result.

pdfminer.six tokenises a content stream one state-machine step at a time in Python
(``PSBaseParser``/``PSStackParser``): on the dense table pages of the corpus that is most of
the reading time. ``lex`` reads the whole stream with one regular expression and builds the
very objects ``PDFContentParser.nextobject`` would return (numbers, strings, names, arrays,
dictionaries, operators), in the same order. Where pdfminer does something special (inline
images, ``#`` escapes in names, procedures, ``\\`` before a carriage return, a token left open,
a stream that does not end in white space, strict mode) ``lex`` hands the stream back and
pdfminer's own parser reads it: the result is the same either way, only the time differs.

``layout(page)`` is pdfplumber's ``Page.layout`` with ``FastInterpreter`` in place of
``PDFPageInterpreter``.
"""
from __future__ import annotations

import re
from typing import Any

from pdfminer import settings
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdftypes import PDFStream, stream_value
from pdfminer.psparser import (
    ESC_STRING,
    KEYWORD_ARRAY_BEGIN,
    KEYWORD_ARRAY_END,
    KWD,
    LIT,
    PSKeyword,
    keyword_name,
    literal_name,
)

_TOKEN = re.compile(
    rb"[\s\x00]*(?:(?P<end>\Z)"
    rb"|(?P<float>(?:[-+0-9][0-9]*)?\.[0-9]*)"
    rb"|(?P<int>[-+0-9][0-9]*)"
    rb"|(?P<kw>[A-Za-z][^#/%\[\]()<>{}\s]*)"
    rb"|/(?P<lit>[^#/%\[\]()<>{}\s]*)(?P<lithash>#)?"
    rb"|\((?P<str>[^()\\]*)\)"
    rb"|(?P<strx>\()"
    rb"|(?P<dictb><<)"
    rb"|<(?P<hex>[\s0-9a-fA-F]*)(?=[^\s0-9a-fA-F])"
    rb"|(?P<dicte>>>)"
    rb"|(?P<gt>>)"
    rb"|(?P<comment>%[^\r\n]*)"
    rb"|(?P<one>[\s\S]))"
)
_END_STRING = re.compile(rb"[()\\]")
_SPC = re.compile(rb"\s")
_HEX_PAIR = re.compile(rb"[0-9a-fA-F]{2}|.")
_OCTAL = b"01234567"
_KEYWORD_BI = KWD(b"BI")
_KEYWORD_ID = KWD(b"ID")
_SINGLE = {n: KWD(bytes((n,))) for n in range(256)}
_TRUE, _FALSE = b"true", b"false"


class _GiveUp(Exception):
    """This stream needs pdfminer's own parser."""


#: The most a page's content streams may expand to: the largest page of the 30 PDFs in data/ holds
#: 110 KB; pdfminer would inflate a compressed stream of any size whole (a decompression bomb).
MAX_PAGE_CONTENT = 64 << 20


class OversizedPage(Exception):
    """A page whose content streams expand beyond ``MAX_PAGE_CONTENT``: not a page of a disclosure."""


def _plain_flate(stream: PDFStream) -> bool:
    """A stream compressed with Flate alone, no predictor, not encrypted: one we can inflate with a limit."""
    filters = stream.get_filters()
    return (stream.rawdata is not None and not stream.decipher and len(filters) == 1
            and literal_name(filters[0][0]) in ("FlateDecode", "Fl")
            and not (isinstance(filters[0][1], dict) and "Predictor" in filters[0][1]))


def stream_data(streams: list[PDFStream]) -> list[bytes]:
    """The streams' bytes, inflated at most up to ``MAX_PAGE_CONTENT`` together (OversizedPage beyond)."""
    import zlib

    out, left = [], MAX_PAGE_CONTENT
    for stream in streams:
        if stream.data is None and _plain_flate(stream):
            inflater = zlib.decompressobj()
            try:
                data = inflater.decompress(stream.rawdata or b"", left + 1)
            except zlib.error:
                data = stream.get_data()   # pdfminer's own recovery of a damaged stream
            else:
                if inflater.unconsumed_tail or len(data) > left:
                    raise OversizedPage(f"content streams expand beyond {MAX_PAGE_CONTENT >> 20} MB")
                stream.data, stream.rawdata = data, None
        data = stream.get_data()
        left -= len(data)
        if left < 0:
            raise OversizedPage(f"content streams expand beyond {MAX_PAGE_CONTENT >> 20} MB")
        out.append(data)
    return out


def _hex_byte(m: re.Match[bytes]) -> bytes:
    return bytes((int(m.group(0), 16),))


def _string(data: bytes, i: int) -> tuple[bytes, int]:
    """A literal string from just after its ``(``: its bytes and the position after its ``)``."""
    out = bytearray()
    paren = 1
    while True:
        m = _END_STRING.search(data, i)
        if m is None:
            raise _GiveUp
        j = m.start()
        out += data[i:j]
        c = data[j]
        i = j + 1
        if c == 0x5C:   # backslash
            i = _escape(data, i, out)
        elif c == 0x28:
            paren += 1
            out.append(c)
        else:
            paren -= 1
            if not paren:
                return bytes(out), i
            out.append(c)


def _escape(data: bytes, i: int, out: bytearray) -> int:
    """The escape after a backslash at ``i``, as pdfminer reads it, appended to ``out``; the position after it."""
    n = len(data)
    octal = b""
    while True:
        if i >= n:
            raise _GiveUp
        ch = data[i]
        if ch in _OCTAL and len(octal) < 3:
            octal += bytes((ch,))
            i += 1
            continue
        if octal:
            code = int(octal, 8)
            if code >= 256:
                raise _GiveUp   # pdfminer asserts
            out.append(code)
        elif ch == 0x0D:
            raise _GiveUp
        else:
            mapped = ESC_STRING.get(bytes((ch,)))
            if mapped is not None:
                out.append(mapped)
            i += 1          # pdfminer drops an unknown escaped character
        return i


def _join(streams: list[bytes]) -> bytes:
    """The streams as pdfminer reads them, or _GiveUp where its chunked reading might differ."""
    for data in streams[:-1]:
        # pdfminer ends a token left open at the end of a stream with a newline, unless the
        # token is empty so far (just after "(", "<", "/" or an escape): keep clear of those
        if not data[-1:].isspace() or b"\\" in data[-4:]:
            raise _GiveUp
    return b"\n".join(streams)


def lex(streams: list[bytes]) -> list[Any] | None:
    """The objects ``PDFContentParser(streams).nextobject()`` returns in turn; None where unsure."""
    if settings.STRICT:
        return None
    try:
        return _lex(_join(streams))
    except _GiveUp:
        return None


#: Keywords met so far, by their bytes (true and false are the booleans); filled by ``_keyword``.
_WORDS: dict[bytes, Any] = {_TRUE: True, _FALSE: False}
#: Names met so far, by their bytes; filled by ``_literal``.
_NAMES: dict[bytes, Any] = {}


def _keyword(word: bytes) -> Any:
    """The keyword object of ``word`` (kept in ``_WORDS``); an inline image hands the stream back."""
    token = KWD(word)
    if token is _KEYWORD_BI or token is _KEYWORD_ID:
        raise _GiveUp   # inline image
    _WORDS[word] = token
    return token


def _literal(raw: bytes) -> Any:
    """The name object of ``raw`` (kept in ``_NAMES``): text when it is UTF-8, else the bytes."""
    try:
        name: str | bytes = str(raw, "utf-8")
    except Exception:
        name = raw
    token = _NAMES[raw] = LIT(name)
    return token


def _lex(data: bytes) -> list[Any]:
    """The objects of a content stream. The common tokens (keywords, numbers, hexadecimal strings, names,
    plain strings) are read here, in the order of how often they occur; the rest by ``_rare``."""
    out: list[Any] = []
    stack: list[tuple[str, list[Any]]] = []   # open arrays and dictionaries
    current = out
    kind = ""
    pos = 0
    size = len(data)
    match = _TOKEN.match
    words, names = _WORDS, _NAMES
    while pos < size:
        m = match(data, pos)
        assert m is not None   # the last alternative matches any byte
        group = m.lastgroup
        pos = m.end()
        if group == "kw":
            word = m.group("kw")
            token = words.get(word)
            current.append(token if token is not None else _keyword(word))
        elif group == "int" or group == "float":
            text = m.group(group)
            try:
                current.append(int(text) if group == "int" else float(text))
            except ValueError:
                pass
        elif group == "hex":
            current.append(_HEX_PAIR.sub(_hex_byte, _SPC.sub(b"", m.group("hex"))))
        elif group == "gt":
            pass
        elif group == "lit":
            raw = m.group("lit")
            name = names.get(raw)
            current.append(name if name is not None else _literal(raw))
        elif group == "str":
            current.append(m.group("str"))
        else:
            kind, current, pos = _rare(group, data, pos, stack, kind, current)
    if stack:
        raise _GiveUp   # an array or dictionary left open
    return out


def _rare(group: str | None, data: bytes, pos: int, stack: list[tuple[str, list[Any]]], kind: str,
          current: list[Any]) -> tuple[str, list[Any], int]:
    """The less common tokens: strings with escapes or parentheses, dictionaries, brackets, one-byte
    operators, comments; returns the open container's kind and objects and the position after the token."""
    if group == "strx":
        text, pos = _string(data, pos)
        current.append(text)
    elif group == "lithash":
        raise _GiveUp   # a name with # escapes
    elif group == "dictb":
        stack.append((kind, current))
        kind, current = "d", []
    elif group == "dicte":
        kind, current = _close_dict(stack, kind, current)
    elif group == "one":
        kind, current = _single(data[pos - 1], stack, kind, current)
    return kind, current, pos   # a comment, the end


def _close_dict(stack: list[tuple[str, list[Any]]], kind: str, current: list[Any]) -> tuple[str, list[Any]]:
    """``>>``: the open dictionary made and added to its container (ignored outside a dictionary)."""
    if kind != "d":
        return kind, current
    objs = current
    kind, current = stack.pop()
    if len(objs) % 2:
        raise _GiveUp   # pdfminer raises PSSyntaxError
    current.append({literal_name(objs[k]): objs[k + 1] for k in range(0, len(objs), 2) if objs[k + 1] is not None})
    return kind, current


def _single(byte: int, stack: list[tuple[str, list[Any]]], kind: str, current: list[Any]) -> tuple[str, list[Any]]:
    """A single byte: an operator of one character, an array bracket."""
    if byte == 0x3C:   # a hexadecimal string left open
        raise _GiveUp
    token = _SINGLE[byte]
    if token is KEYWORD_ARRAY_BEGIN:
        stack.append((kind, current))
        return "a", []
    if token is KEYWORD_ARRAY_END:
        if kind == "a":
            objs = current
            kind, current = stack.pop()
            current.append(objs)
        return kind, current
    if byte in b"{}":
        raise _GiveUp   # procedures
    current.append(token)
    return kind, current


class FastInterpreter(PDFPageInterpreter):
    """pdfminer's page interpreter reading content streams with ``lex``."""

    def execute(self, streams: Any) -> None:
        valid: list[PDFStream] = []
        for obj in streams:
            stream = stream_value(obj)
            if stream.objid is None or stream.objid in self.parent_stream_ids:
                return super().execute(streams)   # pdfminer warns and skips these
            valid.append(stream)
        objects = lex(stream_data(valid)) if valid else None
        if objects is None:
            return super().execute(streams)
        self.stream_ids.clear()
        self.stream_ids.update(s.objid for s in valid if s.objid is not None)   # none is None: see above
        methods: dict[PSKeyword, Any] = {}
        for obj in objects:
            if obj.__class__ is not PSKeyword:
                self.argstack.append(obj)
                continue
            found = methods.get(obj)
            if found is None:
                name = keyword_name(obj)
                method = "do_" + name.replace("*", "_a").replace('"', "_w").replace("'", "_q")
                func = getattr(self, method, None)
                found = methods[obj] = (func, func.__code__.co_argcount - 1) if func is not None else (None, 0)
            func, nargs = found
            if func is None:
                continue
            if nargs:
                args = self.pop(nargs)
                if len(args) == nargs:
                    func(*args)
            else:
                func()


def layout(page: Any) -> Any:
    """pdfplumber's ``page.layout``, read by ``FastInterpreter``; cached on the page as pdfplumber does."""
    if hasattr(page, "_layout"):
        return page._layout
    from pdfplumber.page import PDFPageAggregatorWithMarkedContent
    from pdfplumber.utils.exceptions import PdfminerException

    device = PDFPageAggregatorWithMarkedContent(page.pdf.rsrcmgr, pageno=page.page_number,
                                                laparams=page.pdf.laparams)
    interpreter = FastInterpreter(page.pdf.rsrcmgr, device)
    try:
        interpreter.process_page(page.page_obj)
    except Exception as e:
        raise PdfminerException(e) from e
    page._layout = device.get_result()
    return page._layout
