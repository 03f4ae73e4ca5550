"""Bytes to line-numbered text.

The original text of every line is kept (that is what findings quote); a normalised
copy (NFKC: full-width digits, letters and punctuation folded to ASCII) is what the
parsers read. Line numbers are 1-based and count LF, CRLF and lone CR line ends, as
an editor does; a form feed is a page break, not a line end.
"""
from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from pathlib import Path

from ..errors import InputError
from ..model import Part, Source

__all__ = ["Part", "Source", "normalise", "decode", "read_bytes", "read_source", "read_sources"]

_LINE_END = re.compile(r"\r\n|\r|\n")
# Control characters other than tab, LF, CR, FF (and ESC-free text) mark binary input.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def normalise(text: str) -> str:
    """Fold full-width forms to ASCII and tidy spacing for parsing."""
    text = unicodedata.normalize("NFKC", text)
    return text.replace("\u3000", " ").replace("\xa0", " ")


def decode(data: bytes, path: str = "<bytes>") -> tuple[str, str]:
    """Decode document bytes; returns (text, encoding name)."""
    if not data.strip():
        raise InputError(path, "the file is empty")
    if b"\x00" in data and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(path, "the file holds binary data, not text")
    if data.startswith(codecs.BOM_UTF8):
        encoding, body = "utf-8-sig", data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding, body = "utf-16", data
    else:
        encoding, body = "utf-8", data
    try:
        text = body.decode("utf-16" if encoding == "utf-16" else "utf-8")
    except UnicodeDecodeError:
        if encoding != "utf-8":
            raise InputError(path, f"the text is not valid {encoding}") from None
        try:
            text, encoding = data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            raise InputError(path, "the text is neither UTF-8 nor GB18030/GBK "
                                   "(is it a binary file?)") from None
    if "\x00" in text or len(_CONTROL.findall(text)) > max(2, len(text) // 200):
        raise InputError(path, "the file holds binary data, not text")
    if not text.strip():
        raise InputError(path, "the file holds no text")
    return text, encoding


def split_lines(text: str) -> tuple[list[str], list[int]]:
    """Split on LF/CRLF/CR; form feeds become page breaks (page numbers from 1)."""
    lines, pages, page = [], [], 1
    for raw in _LINE_END.split(text):
        if "\f" in raw:
            leading = len(raw) - len(raw.lstrip("\f"))
            page += leading
            pages.append(page)
            page += raw.count("\f") - leading
            raw = raw.replace("\f", "")
        else:
            pages.append(page)
        lines.append(raw)
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
        pages.pop()
    return lines, pages


def read_bytes(data: bytes, path: str = "<bytes>", origin: str = "text", sha256: str | None = None) -> Source:
    """Read a document held in memory (``sha256`` of the original file when ``data`` was converted)."""
    text, encoding = decode(data, path)
    lines, pages = split_lines(text)
    norm = tuple(normalise(line) for line in lines)
    return Source(path=path, sha256=sha256 or hashlib.sha256(data).hexdigest(), encoding=encoding,
                  lines=tuple(lines), norm=norm, pages=tuple(pages), origin=origin)


def read_sources(paths: list[str | Path]) -> Source:
    """Several files published as one disclosure (narrative and tables apart), read as one text.

    Each file starts on a new page; ``Source.parts`` says where, so that every line and page
    can be cited in its own file.
    """
    return combine_sources([read_source(p) for p in paths])


def combine_sources(sources: list[Source]) -> Source:
    """Files already read, as one disclosure's text (see ``read_sources``)."""
    if len(sources) == 1:
        return sources[0]
    lines: list[str] = []
    pages: list[int] = []
    parts: list[Part] = []
    for source in sources:
        offset = pages[-1] if pages else 0
        parts.append(Part(source.path, source.sha256, len(lines) + 1, offset + 1))
        lines += source.lines
        pages += [offset + (n or 1) for n in (source.pages or (1,) * len(source.lines))]
    digest = combined_sha256([s.sha256 for s in sources])
    origins = {s.origin for s in sources}
    return Source(path=" + ".join(s.path for s in sources), sha256=digest, encoding=sources[0].encoding,
                  lines=tuple(lines), norm=tuple(n for s in sources for n in s.norm), pages=tuple(pages),
                  origin=origins.pop() if len(origins) == 1 else "pdf", parts=tuple(parts))


def combined_sha256(digests: list[str]) -> str:
    """The sha256 of a disclosure published as several files: of their sha256s, in order."""
    return hashlib.sha256("".join(digests).encode()).hexdigest()


def read_source(path: str | Path) -> Source:
    """Read a document from disk, with one clear error for every way that can fail."""
    p = Path(path)
    if not p.exists():
        raise InputError(p, "no such file")
    if p.is_dir():
        raise InputError(p, "is a directory, not a document")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(p, f"cannot be read ({exc.strerror or exc})") from None
    if data[:5] == b"%PDF-" or p.suffix.lower() == ".pdf":
        from .pdf import pdf_to_text  # imported only for PDFs

        return read_bytes(pdf_to_text(p, data), str(p), origin="pdf", sha256=hashlib.sha256(data).hexdigest())
    from .html import html_to_text, looks_like_html

    if looks_like_html(data, p.suffix.lower()):
        return read_bytes(html_to_text(str(p), data), str(p), origin="html", sha256=hashlib.sha256(data).hexdigest())
    return read_bytes(data, str(p))
