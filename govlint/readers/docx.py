"""Word (.docx) reports: paragraphs in order with Word's automatic numbering written out
(一、 （一） 1. are often list numbering, not text), and tables with merged cells laid out
like HTML tables (a cell merged across columns is one field, a cell merged down leaves an
empty field in the rows below)."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from typing import Any

from govlint.errors import InputError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_WS = re.compile(r"\s+")
_DIGITS = "零一二三四五六七八九"
# Zip bombs: the parts govlint reads (document, numbering, styles, relationships) of a real
# report hold 0.1–3 MB of XML; limits far above that keep memory bounded whatever the file says
# (sizes in a zip header are not trusted: members are decompressed in chunks and counted).
MAX_PART = 24 * 1024 * 1024  # decompressed bytes of one part
MAX_TOTAL = 48 * 1024 * 1024  # decompressed bytes of all parts read
MAX_RATIO = 400  # decompressed / compressed size of a large part; XML reaches 10–100
RATIO_FLOOR = 4 * 1024 * 1024  # below this size any ratio is allowed
MAX_MEMBERS = 20_000  # a .docx has 10–300 members; each costs memory when the directory is read
_CHUNK = 256 * 1024
LEVELS = 9  # list levels Word has (w:ilvl 0–8)


def read_docx(data: bytes) -> str:
    """The text view of a .docx file."""
    parts = _Parts(data)
    body = parts.main.find(W + "body")
    if body is None:
        raise InputError("not a Word document (no document body)", "不是 Word 文档（没有正文）")
    return "\n".join(_lines(body, _Numbering(parts.related("numbering"), lambda: parts.related("styles"))))


class _Parts:
    """The XML parts of a .docx package, read with lxml directly (python-docx builds an object
    model of every part, which costs more than the whole check). Parts are found through the
    package relationships, not by fixed names; no entity is resolved and nothing is fetched."""

    def __init__(self, data: bytes) -> None:
        if data.count(b"PK\x01\x02") > MAX_MEMBERS:  # central directory entries, counted before parsing
            raise InputError(f"not a Word document (more than {MAX_MEMBERS} zip members)",
                             f"不是 Word 文档（压缩包内文件超过 {MAX_MEMBERS} 个）")
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except Exception as exc:  # zipfile raises many kinds (NotImplementedError for versions)
            raise _damaged(exc) from None
        self.infos = {info.filename: info for info in infos}
        self.names = set(self.infos)
        self.total = 0  # decompressed bytes read so far
        self._rels: dict[str, dict[str, str]] = {}
        self.main_name = self._target("", "officeDocument") or "word/document.xml"
        if self.main_name not in self.names:
            raise InputError("not a Word document (no word/document.xml)", "不是 Word 文档")
        main = self.xml(self.main_name)
        if main is None:
            raise InputError("not a readable Word document (damaged document.xml)",
                             "无法读取的 Word 文档（document.xml 已损坏）")
        self.main = main

    def related(self, kind: str) -> Any:
        """The root of the main document's related part of this kind (None if absent or damaged)."""
        name = self._target(self.main_name, kind)
        return self.xml(name) if name else None

    def xml(self, name: str) -> Any:
        from lxml import etree  # type: ignore[import-untyped,unused-ignore]  # lxml-stubs not required

        if name not in self.names:
            return None
        content = self.member(name)  # damaged zip data is an InputError, damaged XML only a missing part
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        try:
            return etree.fromstring(content, parser)
        except (etree.XMLSyntaxError, ValueError):
            return None

    def member(self, name: str) -> bytes:
        """A member's bytes, decompressed in chunks within MAX_PART, MAX_TOTAL and MAX_RATIO."""
        info = self.infos[name]
        limit = min(MAX_PART, MAX_TOTAL - self.total)
        if info.file_size > limit:  # refused before decompressing; a smaller claim is not trusted either
            raise _too_large(name, info.file_size, limit)
        chunks: list[bytes] = []
        size = 0
        try:
            with self.zip.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    if size > limit or _bomb(size, info.compress_size):
                        raise _too_large(name, size, limit)
                    chunks.append(chunk)
        except InputError:
            raise
        except Exception as exc:  # zlib.error, BadZipFile (CRC), NotImplementedError, RuntimeError, EOFError
            raise _damaged(exc) from None
        self.total += size
        return b"".join(chunks)

    def _target(self, source: str, kind: str) -> str | None:
        """The part a relationship of this kind (the last segment of its type) points at."""
        if source not in self._rels:  # each .rels part is parsed once
            folder, _, base = source.rpartition("/")
            rels = self.xml(f"{folder}/_rels/{base}.rels" if folder else "_rels/.rels")
            found: dict[str, str] = {}
            for rel in rels.iterchildren(REL + "Relationship") if rels is not None else ():
                if rel.get("TargetMode") != "External":
                    found.setdefault(rel.get("Type", "").rsplit("/", 1)[-1], _resolve(folder, rel.get("Target", "")))
            self._rels[source] = found
        return self._rels[source].get(kind)


def _bomb(size: int, compressed: int) -> bool:
    """Whether a part this large expands too much to be XML (a zip bomb)."""
    return size > RATIO_FLOOR and size > MAX_RATIO * max(compressed, 1)


def _too_large(name: str, size: int, limit: int) -> InputError:
    mb = limit // (1024 * 1024)
    if size <= limit:  # stopped by the ratio
        return InputError(f"a part of the document ({name}) expands more than {MAX_RATIO} times (zip bomb?)",
                          f"文档内部数据异常巨大：{name} 解压后膨胀超过 {MAX_RATIO} 倍（疑似压缩炸弹）")
    if limit < MAX_PART:  # the parts read before took most of MAX_TOTAL
        mb = MAX_TOTAL // (1024 * 1024)
        return InputError(f"the document's parts are implausibly large (over {mb} MB decompressed in all)",
                          f"文档内部数据异常巨大：各部分解压后合计超过 {mb} MB")
    return InputError(f"a part of the document ({name}) is implausibly large (over {mb} MB decompressed)",
                      f"文档内部数据异常巨大：{name} 解压后超过 {mb} MB")


def _damaged(exc: Exception) -> InputError:
    """The error for zip data that cannot be decompressed, with what is wrong."""
    text = str(exc)
    if isinstance(exc, RuntimeError) and "encrypted" in text:
        return InputError("the Word document is encrypted (password protected)", "Word 文档已加密（受密码保护）")
    if isinstance(exc, NotImplementedError):
        return InputError(f"not a readable Word document: unsupported zip format ({text[:80]})",
                          f"无法读取的 Word 文档：不支持的压缩格式（{text[:80]}）")
    if isinstance(exc, zlib.error) or "CRC" in text:
        return InputError("not a readable Word document: its compressed data is damaged",
                          "无法读取的 Word 文档：压缩数据已损坏")
    return InputError("not a readable Word document (damaged or not a .docx file)",
                      "无法读取的 Word 文档（文件损坏或不是 .docx）")


def _resolve(folder: str, target: str) -> str:
    """A relationship target as a zip member name ('/word/x.xml' is absolute, 'x.xml' relative)."""
    parts = target.lstrip("/").split("/") if target.startswith("/") else \
        [*(folder.split("/") if folder else []), *target.split("/")]
    out: list[str] = []
    for part in parts:
        if part == "..":
            out = out[:-1]
        elif part not in ("", "."):
            out.append(part)
    return "/".join(out)


def _lines(body: Any, numbering: _Numbering) -> Iterator[str]:
    for element in body.iterchildren():
        if element.tag == W + "p":
            line = _WS.sub(" ", _paragraph(element, numbering)).strip()
            if line:
                yield line
        elif element.tag == W + "tbl":
            yield from _table(element, numbering)


def _paragraph(p: Any, numbering: _Numbering) -> str:
    """A paragraph's text behind the number Word shows in front of it (if any)."""
    text = "".join(t.text or "" for t in p.iter(W + "t"))
    label = numbering.label(p)
    return label + text.lstrip() if label else text


def _paragraphs(element: Any) -> Iterator[Any]:
    """The paragraphs in an element in document order, also those of nested tables and content
    controls, but not a text box's paragraphs inside a paragraph (its text is the paragraph's)."""
    for child in element.iterchildren():
        if child.tag == W + "p":
            yield child
        else:
            yield from _paragraphs(child)


def _table(tbl: Any, numbering: _Numbering) -> Iterator[str]:
    for tr in tbl.iterchildren(W + "tr"):
        fields = []
        for tc in tr.iterchildren(W + "tc"):
            props = tc.find(W + "tcPr")
            merge = props.find(W + "vMerge") if props is not None else None
            if merge is not None and merge.get(W + "val", "continue") == "continue":
                fields.append("")  # under a cell merged down: Word does not show its paragraphs
                continue
            # paragraphs are labelled in document order, so a list's counter runs on through cells
            text = "".join(_paragraph(p, numbering) for p in _paragraphs(tc))
            fields.append(_WS.sub(" ", text).strip())
        if any(fields):
            yield "\t".join(fields)


class _Numbering:
    """Word list numbering: counters per list and level, formatted like Word does."""

    def __init__(self, root: Any, load_styles: Callable[[], Any]) -> None:
        self.formats: dict[tuple[str, int], tuple[str, str, int]] = {}  # (numId, level) → (fmt, text, start)
        self.counters: dict[str, list[int]] = {}
        self._load_styles = load_styles
        self._styles: dict[str, Any] | None = None
        if root is None:
            return
        abstract = {a.get(W + "abstractNumId"): a for a in root.iterchildren(W + "abstractNum")}
        for num in root.iterchildren(W + "num"):
            ref = num.find(W + "abstractNumId")
            definition = abstract.get(ref.get(W + "val")) if ref is not None else None
            if definition is not None:
                self._add_list(num, definition)

    def _add_list(self, num: Any, definition: Any) -> None:
        """The levels of one w:num: its abstract definition's, with the num's own overrides
        (Word's "set numbering value" writes a w:startOverride; a w:lvl replaces the level)."""
        levels = {_level(lvl): (lvl, None) for lvl in definition.iterchildren(W + "lvl")}
        for override in num.iterchildren(W + "lvlOverride"):
            level = _level(override)
            lvl = override.find(W + "lvl")
            if lvl is None:
                lvl = levels.get(level, (None, None))[0]
            start = override.find(W + "startOverride")
            levels[level] = (lvl, start.get(W + "val") if start is not None else None)
        for level, (lvl, start_override) in levels.items():
            if lvl is None or not 0 <= level < LEVELS:
                continue
            start = _int(start_override or _val(lvl, "start", "1"), 1)
            fmt, text = _val(lvl, "numFmt", "decimal"), _val(lvl, "lvlText", "")
            self.formats[(num.get(W + "numId"), level)] = (fmt, text, start)

    def label(self, paragraph: Any) -> str:
        """The number Word shows in front of a numbered paragraph ('' if none)."""
        num_id, level = self._num_pr(paragraph)
        if num_id is None or (num_id, level) not in self.formats:
            return ""
        counters = self.counters.setdefault(num_id, [0] * LEVELS)
        _, text, start = self.formats[(num_id, level)]
        counters[level] = counters[level] + 1 if counters[level] else start
        for deeper in range(level + 1, LEVELS):
            counters[deeper] = 0
        return re.sub(r"%(\d)", lambda m: self._format(num_id, int(m.group(1)) - 1), text)

    def _format(self, num_id: str, level: int) -> str:
        fmt, _, start = self.formats.get((num_id, level), ("decimal", "", 1))
        value = (self.counters[num_id][level] if 0 <= level < LEVELS else 0) or start
        if fmt.startswith(("chineseCounting", "ideograph", "japaneseCounting", "taiwaneseCounting")):
            return _chinese(value)
        return str(value)

    def _num_pr(self, paragraph: Any) -> tuple[str | None, int]:
        ppr = paragraph.find(W + "pPr")
        num_pr = ppr.find(W + "numPr") if ppr is not None else None
        if num_pr is None and ppr is not None:  # numbering inherited from the paragraph style
            num_pr = self._style_num_pr(_val(ppr, "pStyle", ""))
        if num_pr is None:
            return None, 0
        num_id = num_pr.find(W + "numId")
        ilvl = num_pr.find(W + "ilvl")
        level = _int(ilvl.get(W + "val", "0"), 0) if ilvl is not None else 0
        if num_id is None or num_id.get(W + "val") == "0" or not 0 <= level < LEVELS:
            return None, 0
        return num_id.get(W + "val"), level

    def _style_num_pr(self, style_id: str) -> Any:
        """The w:numPr of a paragraph style or of the nearest style in its w:basedOn chain."""
        if not style_id or not self.formats:
            return None
        if self._styles is None:  # styles.xml is often the largest part: parse it only when needed
            self._styles = _styles(self._load_styles())
        seen: set[str] = set()
        while style_id and style_id not in seen:  # a damaged file may have a cycle
            seen.add(style_id)
            style = self._styles.get(style_id)
            if style is None:
                return None
            ppr = style.find(W + "pPr")
            num_pr = ppr.find(W + "numPr") if ppr is not None else None
            if num_pr is not None:
                return num_pr
            style_id = _val(style, "basedOn", "")
        return None


def _styles(root: Any) -> dict[str, Any]:
    """Style elements by w:styleId (a dict, not an XPath query: an id may hold any character)."""
    if root is None:
        return {}
    return {s.get(W + "styleId"): s for s in root.iterchildren(W + "style") if s.get(W + "styleId")}


def _level(element: Any) -> int:
    return _int(element.get(W + "ilvl", "0"), -1)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value or default)
    except ValueError:
        return default


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
