"""HTML reports (web pages of 政务公开 sites): the article text and its tables.

lxml parses the page without network access; page chrome (navigation, 当前位置, share
links, scripts, templates) is dropped, never a part of a data table; `<table>`s become
tab-separated rows with rowspan/colspan laid out on a grid, so cells keep their columns
and an `&nbsp;` cell stays blank (never 0).
The page's title and publication date go in front as `标题:`/`发布日期:` lines.
"""

from __future__ import annotations

import codecs
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
# Fields laid out for all tables of a page (a report's tables have 300–3,000): spans are expanded
# into the grid, so without a bound 5,000 cells of rowspan=200 colspan=200 took 4.6 GB.
MAX_CELLS = 500_000
# libxml2 compares each attribute name of a tag with all before it (quadratic: 200,000 attributes
# in one tag took 37 s in C, where no time limit can stop it); a real element has at most ~20.
MAX_ATTRIBUTES = 256
# Declared charsets that are Python codecs but not page encodings ('undefined' always raises,
# punycode and idna are quadratic, the escapes turn bytes into other text).
_NOT_CHARSETS = frozenset({"undefined", "unicode-escape", "raw-unicode-escape", "punycode", "idna", "utf-7"})


def read_html(data: bytes) -> tuple[str, str]:
    """(text view, encoding) of an HTML report."""
    decoded = _decode(data)
    _check_attributes(decoded.text)
    try:
        from lxml import etree, html  # type: ignore[import-untyped,unused-ignore]
    except ImportError:  # pragma: no cover - lxml is a dependency
        raise InputError("lxml is not installed", "未安装 lxml") from None
    parser = html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, recover=True)
    try:
        root = html.document_fromstring(decoded.text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"not a readable HTML page: {exc}", f"无法解析的 HTML 页面：{exc}") from None
    for element in root.iter(*_DROP):
        _remove(element)
    # counts of the tree as it is: an element is checked before anything inside it is removed
    counts, tables = _cjk_counts(root), _DataTables()
    for element in list(root.iter()):
        if isinstance(element.tag, str) and _is_chrome(element, counts, tables):
            _remove(element)
    title = _title(root)
    container = _container(root)
    lines = list(_lines(container, _Budget(MAX_CELLS)))
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
            if codecs.lookup(codec).name not in _NOT_CHARSETS:
                return Decoded(data.decode(codec), codec)
        except (LookupError, ValueError):  # unknown name, or bytes not in it (UnicodeError is a ValueError)
            pass
    return decode(data)


# The markup libxml2 (2.14, like HTML5) reads, to find each tag as it does: comments, bogus
# comments (<!x>, <?x>, </ x>, DOCTYPE, CDATA) to the next '>', tags; raw-text elements skipped.
_MARKUP = re.compile(r"<(?:(!--)|([!?]|/(?![A-Za-z]))|(/?)([A-Za-z][^\t\n\f\r />]*+))")
_COMMENT_END = re.compile(r"--!?>")
# after the tag name: separators and attributes (a value is quoted only right after '=')
_ATTRIBUTE = (r"""[^\t\n\f\r />][^\t\n\f\r />=]*+"""
              r"""(?:[\t\n\f\r ]*+=[\t\n\f\r ]*+(?:"[^"]*+"?|'[^']*+'?|[^\t\n\f\r >]*+))?""")
_ATTR = re.compile(rf"[\t\n\f\r /]++|({_ATTRIBUTE})")
_TAG_REST = re.compile(rf"(?:[\t\n\f\r /]++|{_ATTRIBUTE})*+")
_RAW_TEXT = frozenset({"style", "xmp", "iframe", "noembed", "noframes", "textarea", "title"})
_DELIM = r"[\t\n\f\r />]"
_SCRIPT_STATES = {  # HTML5 script data, escaped (<!--) and double escaped (<!--<script>)
    "data": re.compile(rf"(<!--)|</script{_DELIM}", re.I),
    "escaped": re.compile(rf"(-->)|(<script{_DELIM})|</script{_DELIM}", re.I),
    "double": re.compile(rf"(-->)|(</script{_DELIM})", re.I),
}


def _check_attributes(text: str) -> None:
    """Refuse a page with a tag of more than MAX_ATTRIBUTES attributes before libxml2 reads it."""
    pos = 0
    while m := _MARKUP.search(text, pos):
        if m.group(1):
            pos = _comment_end(text, m.end())
        elif m.group(2):
            pos = _end_of(text.find(">", m.end()), text)
        else:
            pos = _TAG_REST.match(text, m.end()).end()  # type: ignore[union-attr]  # matches the empty string
            if pos - m.end() > 2 * MAX_ATTRIBUTES and _attributes(text, m.end(), pos) > MAX_ATTRIBUTES:
                raise InputError(f"not a readable HTML page: a tag has more than {MAX_ATTRIBUTES} attributes",
                                 f"无法解析的 HTML 页面：某个标签的属性超过 {MAX_ATTRIBUTES} 个")
            pos += text.startswith(">", pos)
            if not m.group(3):
                pos = _raw_text_end(text, pos, m.group(4).lower())


def _attributes(text: str, start: int, end: int) -> int:
    return sum(1 for a in _ATTR.finditer(text, start, end) if a.group(1))  # each attribute is ≥ 2 characters


def _end_of(found: int, text: str) -> int:
    return len(text) if found < 0 else found + 1


def _comment_end(text: str, at: int) -> int:
    if text.startswith((">", "->"), at):  # <!--> and <!--->
        return text.index(">", at) + 1
    m = _COMMENT_END.search(text, at)
    return m.end() if m else len(text)


def _raw_text_end(text: str, at: int, name: str) -> int:
    """Where the text of an element that holds no tags ends (at its end tag)."""
    if name == "plaintext":
        return len(text)
    if name in _RAW_TEXT:
        m = re.compile(rf"</{name}{_DELIM}", re.I).search(text, at)
        return m.start() if m else len(text)
    if name != "script":
        return at
    state = "data"
    while m := _SCRIPT_STATES[state].search(text, at):
        at = m.start() + 2 if m.group(1) and state == "data" else m.end()  # <!--> ends at once
        if state == "data":
            if not m.group(1):
                return m.start()
            state = "escaped"
        elif m.group(1):
            state = "data"
        elif m.group(2):
            state = "double" if state == "escaped" else "escaped"
        else:
            return m.start()
    return len(text)


def _remove(element: Any) -> None:
    if element.getparent() is not None:
        if element.tail and _NOT_XML.search(element.tail):
            # lxml will not move text holding characters XML forbids (\x0c, U+FFFE) into the parent
            element.tail = _NOT_XML.sub(" ", element.tail)
        element.drop_tree()  # keeps the text that followed the element


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _is_chrome(element: Any, counts: dict[Any, int], tables: _DataTables) -> bool:
    marks = f"{element.get('class', '')} {element.get('id', '')}"
    if marks.strip() and _CHROME.search(marks) and not _CONTENT.search(marks) and not tables.holds(element):
        return counts.get(element, 0) < 400  # never drop the article itself
    return False


class _DataTables:
    """Whether an element is, or is inside, a table _lines reads as a grid (one without tables
    inside): a cell or row dropped for a class like "border-bottom" would shift the row's values.
    A layout table's cells (tables inside) stay page layout, where the chrome heuristics apply.
    Cached per table: a table's cells all ask about the same table."""

    def __init__(self) -> None:
        self._data: dict[Any, bool] = {}

    def holds(self, element: Any) -> bool:
        table = element if element.tag == "table" else next(element.iterancestors("table"), None)
        if table is None:
            return False
        if table not in self._data:
            self._data[table] = not table.xpath(".//table")
        return self._data[table]


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
    counts = _cjk_counts(body)
    total = counts[body]
    best, best_count = body, total
    for element in body.iter("div", "article", "section", "td", "main"):
        count = counts[element]
        if count >= 0.8 * total and count < best_count:
            best, best_count = element, count
    return best


def _cjk_counts(top: Any) -> dict[Any, int]:
    """Chinese characters in each element's text content, in one pass from the leaves up (an
    element's text_content() per element is quadratic in the nesting)."""
    counts: dict[Any, int] = {}
    for element in reversed(list(top.iter())):  # children before their parent
        count = len(_CJK.findall(element.text or "")) if isinstance(element.tag, str) else 0
        for child in element:
            count += counts.get(child, 0) + len(_CJK.findall(child.tail or ""))
        counts[element] = count
    return counts


class _Budget:
    """Grid fields a page may still lay out; InputError when spent."""

    def __init__(self, cells: int) -> None:
        self.left = cells

    def spend(self, cells: int) -> None:
        self.left -= cells
        if self.left < 0:
            raise InputError(f"the page's tables are too large for an annual report (over {MAX_CELLS:,} cells)",
                             f"页面中的表格过大（超过 {MAX_CELLS} 个单元格），不像年度报告")


def _lines(element: Any, budget: _Budget) -> Iterator[str]:
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
                yield from _table(child, budget)
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


def _table(table: Any, budget: _Budget) -> Iterator[str]:
    """Rows of a data table, tab-separated, laid out on a grid: a cell merged across columns
    is one field; a row under a cell merged across rows gets an empty field in its place."""
    rows = table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
    grid: list[dict[int, tuple[str, bool]]] = [{} for _ in rows]  # per row: col → (text, a field of its own)
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr.xpath("./td|./th"):
            while c in grid[r]:
                c += 1
            text = _WS.sub(" ", cell.text_content() or "").strip()
            # a rowspan past the table's last row ends there (as browsers do)
            rowspan, colspan = min(_span(cell.get("rowspan")), len(rows) - r), _span(cell.get("colspan"))
            budget.spend(rowspan * colspan)
            for dr in range(rowspan):
                grid[r + dr][c] = (text if dr == 0 else "", True)
                for dc in range(1, colspan):
                    grid[r + dr][c + dc] = ("", False)  # the same cell: no field of its own
            c += colspan
    for row in grid:
        # a short row (fewer cells than the widest) ends where its own cells end: no padding
        last = max(row, default=-1)
        budget.spend(last + 1 - len(row))  # columns no cell covers become empty fields
        cells = [row.get(c, ("", True))[0] for c in range(last + 1) if row.get(c, ("", True))[1]]
        if any(cells):
            yield "\t".join(cells)


def _span(value: str | None) -> int:
    try:
        return max(1, min(MAX_SPAN, int(value or 1)))
    except ValueError:
        return 1
