"""PDF reports (optional extra `govlint[pdf]`): the text layer page by page, in reading order.

pdfplumber's plain text view puts one printed line per line and separates table cells by
spaces, which is the layout the table parser reads; page numbers and running headers are
removed later with the other page furniture. A PDF without a text layer (a scan) cannot be
checked, and saying so is better than reporting every section missing."""

from __future__ import annotations

import io
import re
from collections import Counter
from typing import Any

from govlint.errors import InputError

MAX_PAGES = 300  # an annual report is 3–30 pages; beyond this the file is something else
_CID = re.compile(r"\(cid:\d+\)")
_DIGITS = re.compile(r"\d+")
_INSTALL = "pip install 'govlint[pdf]'"


def read_pdf(data: bytes) -> str:
    """The text of a PDF file; raises InputError when there is none to check."""
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise InputError("not a PDF file (no %PDF header)", "不是 PDF 文件（缺少 %PDF 文件头）")
    try:
        import pdfplumber
    except ImportError:
        raise InputError(f"reading PDF needs the optional extra: {_INSTALL}",
                         f"读取 PDF 需要安装可选组件：{_INSTALL}") from None
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = pdf.pages
            if len(pages) > MAX_PAGES:
                raise InputError(f"{len(pages)} pages: too long for an annual report",
                                 f"共 {len(pages)} 页，不像年度报告")
            text = "\n".join(_without_furniture([_page_text(page) for page in pages]))
    except InputError:
        raise
    except Exception as exc:  # pdfminer raises many kinds for damaged or encrypted files
        raise InputError(f"not a readable PDF: {_reason(exc)}", f"无法读取的 PDF：{_reason(exc)}") from None
    return _checked(text)


def _page_text(page: Any) -> str:
    return str(page.extract_text() or "")


def _without_furniture(pages: list[str]) -> list[str]:
    """Blank out running headers and footers: a short first or last line that recurs (numbers
    aside) on at least half of the pages (three or more), like “- 2 -” or “××局文件”."""
    if len(pages) < 3:
        return pages
    split = [page.split("\n") for page in pages]
    seen: Counter[str] = Counter()
    for lines in split:
        seen.update({_shape(line) for line in (lines[0], lines[-1]) if len(line.strip()) <= 40})
    frequent = {shape for shape, n in seen.items() if n * 2 >= len(pages) and shape.strip()}
    out = []
    for lines in split:  # blanked, not removed: line numbers stay those of the text layer
        for at in (0, -1):
            if _shape(lines[at]) in frequent:
                lines[at] = ""
        out.append("\n".join(lines))
    return out


def _shape(line: str) -> str:
    return _DIGITS.sub("#", line.strip())


def _checked(text: str) -> str:
    cids = len(_CID.findall(text))
    body = _CID.sub("", text)
    if sum(1 for ch in body if "\u4e00" <= ch <= "\u9fff") < 20:
        if cids:
            raise InputError("the PDF's fonts have no Unicode mapping, so its text cannot be extracted",
                             "PDF 字体缺少 Unicode 映射，无法提取文字（可另存为文本或 Word 后检查）")
        raise InputError("the PDF has no text layer (a scanned image?); run OCR or check the Word/text version",
                         "PDF 没有文字层（可能是扫描件），请先进行文字识别（OCR）或检查 Word/文本版本")
    return body.replace("\x00", "")


def _reason(exc: Exception) -> str:
    name = type(exc).__name__
    if "password" in str(exc).lower() or "Encrypt" in name or "Password" in name:
        return "encrypted (password protected)"
    return f"{name}: {exc}"[:200]
