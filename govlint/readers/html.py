"""HTML reports (web pages of 政务公开 sites): the article text and its tables.

lxml parses the page without network access; page chrome (navigation, 当前位置, share
links, scripts, templates) is dropped, never a part of a data table; `<table>`s become
tab-separated rows with rowspan/colspan laid out on a grid, so cells keep their columns
and an `&nbsp;` cell stays blank (never 0).
The page's title and publication date go in front as `标题:`/`发布日期:` lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from govlint.decoder import Decoded, decode
from govlint.errors import InputError

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_BLOCK = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article",
                    "blockquote", "pre", "center", "dd", "dt", "dl", "address", "header", "main", "form",
                    "tr", "caption", "figure", "figcaption"})
_DROP = ("script", "style", "noscript", "template", "iframe", "nav", "footer", "select", "button", "input", "textarea",
         "object", "embed", "svg", "canvas", "map", "audio", "video")
_CHROME = re.compile(r"nav|menu|breadcrumb|crumb|position|location|share|footer|header|sidebar|toolbar|"
                     r"print|fontsize|font-size|related|relevant|xgxx|xglj|bottom|top-bar|topbar|copyright",
                     re.I)
_CONTENT = re.compile(r"article|content|zoom|trs_editor|detail|main|text|body|wz|xxgk|con", re.I)
_CHROME_TEXT = re.compile(r"^\s*(当前位置|您现在的位置|首页\s*>|【\s*字体|打印本页|关闭窗口|分享到)")
_DATE_KEYS = re.compile(r"(发布日期|发布时间|公开日期|成文日期)\s*[:：]\s*(\d{4}[-年/.]\d{1,2}[-月/.]\d{1,2})")
_WS = re.compile(r"[ \t\r\n\f\v]+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
MAX_SPAN = 200  # a rowspan/colspan beyond this is an error in the page, not a layout


def read_html(data: bytes) -> tuple[str, str]:
    """(text view, encoding) of an HTML report."""
    decoded = _decode(data)
    try:
        from lxml import etree, html
    except ImportError:  # pragma: no cover - lxml is a dependency
        raise InputError("lxml is not installed", "未安装 lxml") from None
    parser = html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, recover=True)
    try:
        root = html.document_fromstring(decoded.text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"not a readable HTML page: {exc}", f"无法解析的 HTML 页面：{exc}") from None
    for element in root.iter(*_DROP):
        _remove(element)
    for element in list(root.iter()):
        if isinstance(element.tag, str) and _is_chrome(element):
            _remove(element)
    title = _title(root)
    container = _container(root)
    lines = list(_lines(container))
    head: list[str] = []
    if title:
        head.append(f"标题: {title}")
    date = _date(root)
    if date:
        head.append(f"发布日期: {date}")
    if head:
        head.append("==== 正文 ====")
        if title and not any(title in line for line in lines[:5]):
            head.append(title)
    return "\n".join(head + lines), decoded.encoding


def _decode(data: bytes) -> Decoded:
    """The page's declared charset if it decodes cleanly, else detection (gb2312 → gb18030)."""
    m = _META_CHARSET.search(data[:4096])
    if m:
        declared = m.group(1).decode("ascii", "ignore").lower()
        codec = "gb18030" if declared in ("gb2312", "gbk", "gb18030", "x-gbk") else declared
        try:
            return Decoded(data.decode(codec), codec)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data)


def _remove(element: Any) -> None:
    if element.getparent() is not None:
        element.drop_tree()  # keeps the text that followed the element


def _is_chrome(element: Any) -> bool:
    marks = f"{element.get('class', '')} {element.get('id', '')}"
    if marks.strip() and _CHROME.search(marks) and not _CONTENT.search(marks) and not _in_data_table(element):
        return len(_CJK.findall(element.text_content() or "")) < 400  # never drop the article itself
    return False


def _in_data_table(element: Any) -> bool:
    """Whether the element is, or is inside, a table _lines reads as a grid (one without tables
    inside): a cell or row dropped for a class like "border-bottom" would shift the row's values.
    A layout table's cells (tables inside) stay page layout, where the chrome heuristics apply."""
    table = element if element.tag == "table" else next(element.iterancestors("table"), None)
    return table is not None and not table.xpath(".//table")


def _title(root: Any) -> str | None:
    for h in root.iter("h1", "h2"):
        text = _WS.sub("", h.text_content() or "")
        if "报告" in text:
            return text
    titles = root.xpath("//title")
    if titles:
        text = _WS.sub(" ", titles[0].text_content() or "").strip()
        return re.split(r"\s*[-_|—]\s*(?=[^-_|—]*$)", text)[0] if "报告" in text else None
    return None


def _date(root: Any) -> str | None:
    m = _DATE_KEYS.search(_WS.sub(" ", root.text_content() or "")[:20000])
    return m.group(2) if m else None


def _container(root: Any) -> Any:
    """The smallest element holding nearly all of the page's Chinese text (the article)."""
    body = root.find("body")
    body = body if body is not None else root
    total = len(_CJK.findall(body.text_content() or ""))
    best = body
    for element in body.iter("div", "article", "section", "td", "main"):
        count = len(_CJK.findall(element.text_content() or ""))
        if count >= 0.8 * total and count < len(_CJK.findall(best.text_content() or "")):
            best = element
    return best


def _lines(element: Any) -> Iterator[str]:
    """The text view of an element: one line per block, tables as tab-separated rows."""
    buffer: list[str] = []

    def flush() -> Iterator[str]:
        text = _WS.sub(" ", "".join(buffer)).strip()
        buffer.clear()
        if text and not _CHROME_TEXT.match(text):
            yield text

    def walk(node: Any) -> Iterator[str]:
        if node.text:
            buffer.append(node.text)
        for child in node:
            if not isinstance(child.tag, str):
                if child.tail:
                    buffer.append(child.tail)
                continue
            tag = child.tag.lower()
            if tag == "table" and not child.xpath(".//table"):
                yield from flush()
                yield from _table(child)
            elif tag == "br":
                yield from flush()
            elif tag in _BLOCK or tag == "table":
                yield from flush()
                yield from walk(child)
                yield from flush()
            else:
                yield from walk(child)
            if child.tail:
                buffer.append(child.tail)

    yield from walk(element)
    yield from flush()


def _table(table: Any) -> Iterator[str]:
    """Rows of a data table, tab-separated, laid out on a grid: a cell merged across columns
    is one field; a row under a cell merged across rows gets an empty field in its place."""
    grid: dict[tuple[int, int], tuple[str, bool]] = {}  # (row, col) → (text, a field of its own)
    width = 0
    rows = table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr.xpath("./td|./th"):
            while (r, c) in grid:
                c += 1
            text = _WS.sub(" ", cell.text_content() or "").strip()
            rowspan, colspan = _span(cell.get("rowspan")), _span(cell.get("colspan"))
            for dr in range(rowspan):
                grid[(r + dr, c)] = (text if dr == 0 else "", True)
                for dc in range(1, colspan):
                    grid[(r + dr, c + dc)] = ("", False)  # the same cell: no field of its own
            c += colspan
            width = max(width, c)
    for r in range(len(rows)):
        # a short row (fewer cells than the widest) ends where its own cells end: no padding
        last = max((c for c in range(width) if (r, c) in grid), default=-1)
        cells = [grid.get((r, c), ("", True))[0] for c in range(last + 1) if grid.get((r, c), ("", True))[1]]
        if any(cells):
            yield "\t".join(cells)


def _span(value: str | None) -> int:
    try:
        return max(1, min(MAX_SPAN, int(value or 1)))
    except ValueError:
        return 1
