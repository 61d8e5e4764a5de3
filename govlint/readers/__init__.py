"""Readers: file bytes → text, by file type."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from govlint.decoder import decode
from govlint.errors import InputError

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".shtml", ".xhtml"})
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | {".docx", ".pdf"}
# The largest real reports are PDFs of 2–3 MB; a file ten times that is not a report, and
# refusing it keeps a batch's time and memory bounded.
MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Source:
    """A document's text and how it was read."""

    text: str
    encoding: str
    reader: str


def read(name: str, data: bytes) -> Source:
    """Turn a file's bytes into text; raises InputError for what cannot be read."""
    if len(data) > MAX_BYTES:
        raise too_large(len(data))
    suffix = PurePath(name).suffix.lower()
    if suffix in HTML_SUFFIXES:
        from govlint.readers.html import read_html

        text, encoding = read_html(data)
        return Source(text, encoding, "html")
    if suffix == ".docx":
        from govlint.readers.docx import read_docx

        return Source(read_docx(data), "docx", "docx")
    if suffix == ".pdf":
        from govlint.readers.pdf import read_pdf

        return Source(read_pdf(data), "pdf", "pdf")
    if suffix in TEXT_SUFFIXES or not suffix or suffix not in _KNOWN_BINARY:
        decoded = decode(data)
        return Source(decoded.text, decoded.encoding, "text")
    raise InputError(f"{suffix} files are not supported yet; convert the report to text first",
                     f"暂不支持 {suffix} 文件，请先将报告转换为文本")


_KNOWN_BINARY = frozenset({".pdf", ".docx", ".doc", ".wps", ".html", ".htm", ".shtml", ".xls", ".xlsx",
                           ".zip", ".png", ".jpg", ".jpeg"})


def read_bytes(path: str | PurePath) -> bytes:
    """A file's bytes; raises InputError when it cannot be opened, or is over MAX_BYTES (refused
    before it is read)."""
    import os

    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_BYTES:
                raise too_large(size)
            return handle.read(MAX_BYTES + 1)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InputError(f"cannot open the file ({reason})", f"无法打开文件（{reason}）") from None


def too_large(size: int) -> InputError:
    """The error for a file over MAX_BYTES (`size` may be a lower bound)."""
    limit = MAX_BYTES // (1024 * 1024)
    mb = f"{size / (1024 * 1024):.0f}"
    return InputError(f"the file is too large to be an annual report ({mb} MB; the limit is {limit} MB)",
                      f"文件过大（{mb} MB，上限 {limit} MB），不像是年度报告")
