"""PDF reports (optional extra `govlint[pdf]`): the text layer page by page, in reading order.

pdfplumber's plain text view puts one printed line per line and separates table cells by
spaces, which is the layout the table parser reads; page numbers and running headers are
removed later with the other page furniture. A PDF without a text layer (a scan) cannot be
checked, and saying so is better than reporting every section missing."""

from __future__ import annotations

import io
import re
import threading
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from govlint.errors import InputError

MAX_PAGES = 300  # an annual report is 3–30 pages; beyond this the file is something else
# pdfminer decodes streams whole and keeps them, so a flate bomb of 3 KB took 4 GB. The limits
# hold whatever the file declares; a real report's streams decode to 0.01–2 MB each (an embedded
# full CJK font to ~20 MB) and to 5–40 MB in all.
MAX_STREAM = 32 * 1024 * 1024  # decoded bytes of one stream (per filter stage)
MAX_DECODED = 128 * 1024 * 1024  # decoded bytes of all streams of the file
# Per page, what the layout keeps an object for: a dense report page has ~5,000 characters and
# ~20,000 content tokens; pathological pages (millions of operators) would take gigabytes.
# Paths (lines, rects) are not laid out at all: the text view needs only the characters.
MAX_PAGE_TOKENS = 1_000_000
MAX_PAGE_CHARS = 30_000  # each costs ~2.5 KB in the layout
MAX_STATE_DEPTH = 1_000  # graphics states saved (q) and not restored (Q); real pages nest a few
MAX_CMAP_ENTRIES = 500_000  # code mappings of all fonts (a full two-byte ToUnicode map has 65,536)
_PIECE = 1024 * 1024
MAX_REF_CHAIN = 32  # a reference to a reference: real files have one step, a loop has no end
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
    _install()
    _quiet_pdfminer()
    with _limited() as limits:
        try:
            # pages past MAX_PAGES + 1 are walked, never kept
            with pdfplumber.open(io.BytesIO(data), pages=list(range(1, MAX_PAGES + 2))) as pdf:
                if len(pdf.pages) > MAX_PAGES:
                    raise InputError(f"more than {MAX_PAGES} pages: too long for an annual report",
                                     f"超过 {MAX_PAGES} 页，不像年度报告")
                texts = [_page_text(page, limits) for page in pdf.pages]
        except InputError:
            raise
        except Exception as exc:  # pdfminer raises many kinds for damaged or encrypted files
            limits.check()  # a limit pdfminer caught and wrapped is still the reason
            raise InputError(f"not a readable PDF: {_reason(exc)}", f"无法读取的 PDF：{_reason(exc)}") from None
        limits.check()  # also a limit pdfminer caught and went on after
    return _checked("\n".join(_without_furniture(texts)))


def _quiet_pdfminer() -> None:
    """pdfminer logs its repairs of damaged files as warnings on stderr ("Could not get
    FontBBox…"); what matters of them reaches the user as a finding, so they are not printed."""
    import logging

    logging.getLogger("pdfminer").setLevel(logging.ERROR)


def _page_text(page: Any, limits: _Limits) -> str:
    limits.new_page()
    try:
        return str(page.extract_text() or "")
    finally:
        page.close()  # the page's layout objects are dropped: memory is per page, not per file


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


class _LimitExceeded(Exception):
    """A reading limit was passed (the InputError is kept in _Limits.violation)."""


class _Limits:
    """What one read_pdf call may still decode and lay out. The first limit passed is kept, so
    the file is refused even where pdfminer catches the exception and goes on."""

    def __init__(self) -> None:
        self.decoded = 0
        self.cmap_entries = 0
        self.tokens = self.chars = 0
        self.violation: InputError | None = None

    def new_page(self) -> None:
        self.tokens = self.chars = 0

    def check(self) -> None:
        if self.violation is not None:
            raise self.violation

    def fail(self, en: str, zh: str) -> _LimitExceeded:
        if self.violation is None:
            self.violation = InputError(f"not a readable PDF: {en}", f"无法读取的 PDF：{zh}")
        return _LimitExceeded(en)

    def stream_room(self) -> int:
        """Bytes the next decoded stream may hold."""
        return min(MAX_STREAM, MAX_DECODED - self.decoded)

    def add_decoded(self, size: int) -> None:
        if size > self.stream_room():
            raise self.too_large()
        self.decoded += size

    def too_large(self) -> _LimitExceeded:
        if self.stream_room() < MAX_STREAM:  # the streams before took most of MAX_DECODED
            mb = MAX_DECODED // (1024 * 1024)
            return self.fail(f"its streams decompress to more than {mb} MB in all",
                             f"数据流解压后合计超过 {mb} MB（疑似压缩炸弹）")
        mb = MAX_STREAM // (1024 * 1024)
        return self.fail(f"a stream decompresses to more than {mb} MB (a decompression bomb?)",
                         f"数据流解压后超过 {mb} MB（疑似压缩炸弹）")

    def add_token(self) -> None:
        self.tokens += 1
        if self.tokens > MAX_PAGE_TOKENS:
            raise self.fail(f"a page has more than {MAX_PAGE_TOKENS:,} drawing instructions",
                            f"某页绘制指令超过 {MAX_PAGE_TOKENS} 条，不像年度报告")

    def add_char(self) -> None:
        self.chars += 1
        if self.chars > MAX_PAGE_CHARS:
            raise self.fail(f"a page has more than {MAX_PAGE_CHARS:,} characters",
                            f"某页字符超过 {MAX_PAGE_CHARS} 个，不像年度报告")

    def add_cmap_entry(self) -> None:
        self.cmap_entries += 1
        if self.cmap_entries > MAX_CMAP_ENTRIES:
            raise self.fail(f"its fonts map more than {MAX_CMAP_ENTRIES:,} character codes",
                            f"字体编码映射超过 {MAX_CMAP_ENTRIES} 条（文件异常）")

    def ref_loop(self, objid: object) -> _LimitExceeded:
        return self.fail(f"object references form a loop (object {objid})",
                         f"对象引用形成循环（对象 {objid}），文件已损坏")


_STATE = threading.local()  # the _Limits of the read_pdf call running in this thread, if any
_INSTALL_LOCK = threading.Lock()
_installed = False


def _active() -> _Limits | None:
    limits: _Limits | None = getattr(_STATE, "limits", None)
    return limits


@contextmanager
def _limited() -> Iterator[_Limits]:
    previous = _active()
    _STATE.limits = limits = _Limits()
    try:
        yield limits
    finally:
        _STATE.limits = previous


def _install() -> None:
    """Wrap the pdfminer functions that decode, parse and lay out, once per process. The
    wrappers count only inside read_pdf (a thread-local _Limits); elsewhere they only call
    the originals, so other users of pdfminer in the process see no change."""
    global _installed
    with _INSTALL_LOCK:
        if _installed:
            return
        from pdfminer import cmapdb, converter, pdfinterp, pdftypes
        from pdfplumber.page import PDFPageAggregatorWithMarkedContent as Aggregator

        # PDFStream.decode() looks these names up in its module at each call
        names = vars(pdftypes)
        for name, value in (("zlib", _BoundedZlib()), ("lzwdecode", _bounded_lzw), ("rldecode", _bounded_runlength),
                            ("ccittfaxdecode", _guarded_ccitt(names["ccittfaxdecode"]))):
            setattr(pdftypes, name, value)
        pdftypes.PDFObjRef.resolve = _guarded_resolve(pdftypes.PDFObjRef.resolve)  # type: ignore[method-assign]
        parser = pdfinterp.PDFContentParser
        parser.nexttoken = _counted(parser.nexttoken, _Limits.add_token)  # type: ignore[method-assign]
        analyzer = converter.PDFLayoutAnalyzer
        analyzer.render_char = _counted(analyzer.render_char, _Limits.add_char)  # type: ignore[method-assign]
        Aggregator.paint_path = _skipped(Aggregator.paint_path)  # type: ignore[method-assign]
        interpreter = pdfinterp.PDFPageInterpreter
        interpreter.do_q = _bounded_save(interpreter.do_q)  # type: ignore[method-assign,assignment]
        for cls, name in ((cmapdb.FileUnicodeMap, "add_cid2unichr"), (cmapdb.FileCMap, "add_code2cid")):
            setattr(cls, name, _counted(getattr(cls, name), _Limits.add_cmap_entry))
        _installed = True


def _counted(method: Callable[..., Any], count: Callable[[_Limits], None]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        limits = _active()
        if limits is not None:
            count(limits)
        return method(*args, **kwargs)

    return wrapper


def _skipped(method: Callable[..., None]) -> Callable[..., None]:
    def wrapper(*args: Any, **kwargs: Any) -> None:
        if _active() is None:
            method(*args, **kwargs)

    return wrapper


def _bounded_save(do_q: Callable[[Any], None]) -> Callable[[Any], None]:
    def wrapper(self: Any) -> None:
        limits = _active()
        if limits is not None and len(self.gstack) >= MAX_STATE_DEPTH:
            raise limits.fail(f"graphics states nest more than {MAX_STATE_DEPTH} deep",
                              f"图形状态嵌套超过 {MAX_STATE_DEPTH} 层（文件异常）")
        do_q(self)

    return wrapper


def _guarded_resolve(resolve: Callable[..., Any]) -> Callable[..., Any]:
    """PDFObjRef.resolve following a chain of references to its end, refusing a loop (pdfminer's
    resolve1 follows `2 0 obj 3 0 R` / `3 0 obj 2 0 R` forever)."""
    from pdfminer.pdftypes import PDFObjRef

    def wrapper(self: Any, default: object = None) -> Any:
        obj = resolve(self, default)
        limits = _active()
        steps = 0
        while limits is not None and isinstance(obj, PDFObjRef):
            steps += 1
            if steps > MAX_REF_CHAIN or obj.objid == self.objid:
                raise limits.ref_loop(self.objid)
            obj = resolve(obj, default)
        return obj

    return wrapper


class _BoundedZlib:
    """The zlib module as pdfminer's stream decoder uses it, with output counted against _Limits."""

    error = zlib.error

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)

    @staticmethod
    def decompress(data: bytes, wbits: int = zlib.MAX_WBITS, bufsize: int = zlib.DEF_BUF_SIZE) -> bytes:
        limits = _active()
        if limits is None:
            return zlib.decompress(data, wbits, bufsize)
        inflater = zlib.decompressobj(wbits)
        pieces: list[bytes] = []
        size, room = 0, limits.stream_room()
        while not inflater.eof:  # in pieces: a bomb is refused holding at most the room
            piece = inflater.decompress(data, _PIECE)
            data = inflater.unconsumed_tail
            size += len(piece)
            if size > room:
                limits.add_decoded(size)  # raises
            pieces.append(piece)
            if not piece and not data:  # as zlib.decompress: pdfminer then tries its lenient decoder
                raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
        limits.add_decoded(size)
        return b"".join(pieces)

    @staticmethod
    def decompressobj(wbits: int = zlib.MAX_WBITS) -> Any:
        inflater, limits = zlib.decompressobj(wbits), _active()
        return inflater if limits is None else _BoundedInflater(inflater, limits)


class _BoundedInflater:
    """A zlib decompress object whose output is counted (pdfminer's decompress_corrupted feeds
    it a byte at a time and concatenates)."""

    def __init__(self, inflater: Any, limits: _Limits) -> None:
        self._inflater, self._limits = inflater, limits
        self._room, self._size = limits.stream_room(), 0  # the stream's room, for all its pieces

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inflater, name)

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        out: bytes = self._inflater.decompress(data, max_length)
        self._charge(len(out))
        return out

    def flush(self, length: int = zlib.DEF_BUF_SIZE) -> bytes:
        out: bytes = self._inflater.flush(length)
        self._charge(len(out))
        return out

    def _charge(self, size: int) -> None:
        self._size += size
        if self._size > self._room:
            raise self._limits.too_large()
        self._limits.decoded += size


def _bounded_lzw(data: bytes) -> bytes:
    from pdfminer.lzw import LZWDecoder

    limits = _active()
    out: list[bytes] = []
    for piece in LZWDecoder(io.BytesIO(data)).run():
        if limits is not None:
            limits.add_decoded(len(piece))
        out.append(piece)
    return b"".join(out)


def _bounded_runlength(data: bytes) -> bytes:
    """RunLengthDecode (each 2 bytes may give 128), counted while decoding."""
    from pdfminer.runlength import rldecode

    limits = _active()
    if limits is None or len(data) * 64 <= limits.stream_room():
        out: bytes = rldecode(data)
    else:
        out = _runlength(data, limits)
    if limits is not None:
        limits.add_decoded(len(out))
    return out


def _runlength(data: bytes, limits: _Limits) -> bytes:
    out = bytearray()
    at = 0
    while at < len(data) and data[at] != 128:
        length = data[at]
        if length < 128:
            out += data[at + 1:at + 2 + length]
            at += length + 2
        else:
            out += data[at + 1:at + 2] * (257 - length)
            at += 2
        if len(out) > limits.stream_room():
            limits.add_decoded(len(out))  # raises
    return bytes(out)


def _guarded_ccitt(decode: Callable[..., Any]) -> Callable[..., Any]:
    """CCITTFaxDecode, refused when its declared width could make the output exceed the room
    (one bit of input can be a whole row); text extraction never decodes real fax images."""

    def wrapper(data: bytes, params: Any) -> Any:
        limits = _active()
        if limits is not None:
            columns = params.get("Columns", 1728) if isinstance(params, dict) else 1728
            width = columns if isinstance(columns, int) else 1728
            limits.add_decoded(max(width, 1) * len(data))
            limits.decoded -= max(width, 1) * len(data)  # only a check: the real size is charged by decode()
        return decode(data, params)

    return wrapper
