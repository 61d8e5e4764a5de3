"""Word (.docx) reports: paragraphs in order with Word's automatic numbering written out
(一、 （一） 1. are often list numbering, not text), and tables with merged cells laid out
like HTML tables (a cell merged across columns is one field, a cell merged down leaves an
empty field in the rows below)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

from govlint.errors import InputError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WS = re.compile(r"\s+")
_DIGITS = "零一二三四五六七八九"
MAX_ENTRY = 200 * 1024 * 1024  # refuse zip bombs: an entry this large is not a report


def read_docx(data: bytes) -> str:
    """The text view of a .docx file."""
    try:
        import docx
    except ImportError:  # pragma: no cover - python-docx is a dependency
        raise InputError("python-docx is not installed", "未安装 python-docx") from None
    _check_zip(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for damaged files
        raise InputError(f"not a readable Word document: {type(exc).__name__}: {exc}",
                         f"无法读取的 Word 文档：{type(exc).__name__}") from None
    numbering = _Numbering(document)
    return "\n".join(_lines(document, numbering))


def _check_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise InputError("not a Word document (no word/document.xml)", "不是 Word 文档")
            if any(info.file_size > MAX_ENTRY for info in archive.infolist()):
                raise InputError("a part of the document is implausibly large", "文档内部数据异常巨大")
    except zipfile.BadZipFile:
        raise InputError("not a readable Word document (damaged or not a .docx file)",
                         "无法读取的 Word 文档（文件损坏或不是 .docx）") from None


def _lines(document: Any, numbering: _Numbering) -> Iterator[str]:
    for element in document.element.body.iterchildren():
        if element.tag == W + "p":
            text = _WS.sub(" ", "".join(t.text or "" for t in element.iter(W + "t"))).strip()
            label = numbering.label(element, document)
            if text or label:
                yield (label + text).strip()
        elif element.tag == W + "tbl":
            yield from _table(element)


def _table(tbl: Any) -> Iterator[str]:
    for tr in tbl.iterchildren(W + "tr"):
        fields = []
        for tc in tr.iterchildren(W + "tc"):
            props = tc.find(W + "tcPr")
            merge = props.find(W + "vMerge") if props is not None else None
            continued = merge is not None and merge.get(W + "val", "continue") == "continue"
            text = "" if continued else _WS.sub(" ", "".join(t.text or "" for t in tc.iter(W + "t"))).strip()
            fields.append(text)
        if any(fields):
            yield "\t".join(fields)


class _Numbering:
    """Word list numbering: counters per list and level, formatted like Word does."""

    def __init__(self, document: Any) -> None:
        self.formats: dict[tuple[str, int], tuple[str, str, int]] = {}  # (numId, level) → (fmt, text, start)
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract = {a.get(W + "abstractNumId"): a for a in root.iterchildren(W + "abstractNum")}
        for num in root.iterchildren(W + "num"):
            ref = num.find(W + "abstractNumId")
            definition = abstract.get(ref.get(W + "val")) if ref is not None else None
            if definition is None:
                continue
            for lvl in definition.iterchildren(W + "lvl"):
                level = int(lvl.get(W + "ilvl", "0"))
                fmt = _val(lvl, "numFmt", "decimal")
                text = _val(lvl, "lvlText", "")
                start = int(_val(lvl, "start", "1") or 1)
                self.formats[(num.get(W + "numId"), level)] = (fmt, text, start)

    def label(self, paragraph: Any, document: Any) -> str:
        """The number Word shows in front of a numbered paragraph ('' if none)."""
        num_id, level = self._num_pr(paragraph, document)
        if num_id is None or (num_id, level) not in self.formats:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        _, text, start = self.formats[(num_id, level)]
        counters[level] = counters[level] + 1 if counters[level] else start
        for deeper in range(level + 1, 9):
            counters[deeper] = 0
        return re.sub(r"%(\d)", lambda m: self._format(num_id, int(m.group(1)) - 1), text)

    def _format(self, num_id: str, level: int) -> str:
        fmt, _, start = self.formats.get((num_id, level), ("decimal", "", 1))
        value = self.counters[num_id][level] or start
        if fmt.startswith(("chineseCounting", "ideograph", "japaneseCounting", "taiwaneseCounting")):
            return _chinese(value)
        return str(value)

    @staticmethod
    def _num_pr(paragraph: Any, document: Any) -> tuple[str | None, int]:
        ppr = paragraph.find(W + "pPr")
        num_pr = ppr.find(W + "numPr") if ppr is not None else None
        if num_pr is None and ppr is not None:  # numbering inherited from the paragraph style
            style = ppr.find(W + "pStyle")
            if style is not None:
                try:
                    style_el = document.styles.element.get_by_id(style.get(W + "val"))
                except (KeyError, AttributeError):
                    style_el = None
                spr = style_el.find(W + "pPr") if style_el is not None else None
                num_pr = spr.find(W + "numPr") if spr is not None else None
        if num_pr is None:
            return None, 0
        num_id = num_pr.find(W + "numId")
        ilvl = num_pr.find(W + "ilvl")
        if num_id is None or num_id.get(W + "val") == "0":
            return None, 0
        return num_id.get(W + "val"), int(ilvl.get(W + "val", "0")) if ilvl is not None else 0


def _val(element: Any, name: str, default: str) -> str:
    child = element.find(W + name)
    return child.get(W + "val", default) if child is not None else default


def _chinese(n: int) -> str:
    if n <= 0:
        return str(n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    return str(n)
