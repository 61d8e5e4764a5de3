"""Hostile inputs for the fuzz tests: `cases(category, seed, n)` → n (file name, bytes), the same
for the same arguments. Case i of a category is made from its own `random.Random` (seeded by the
category, the seed and i), so the first n cases are the same whatever n: a larger n only adds.

Base reports come from reportgen (synthetic reports in every format) and examples/. Inputs are
small (KBs) so a few hundred per format run in seconds; `BIG` categories hold the large ones
(long lines and bombs of some MB) for the slow tests. The file name's suffix picks the reader;
the rest names the category, seed, index and what was done (e.g. `docx_struct-0-0007-method99.docx`).
"""

from __future__ import annotations

import bz2
import functools
import io
import itertools
import random
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace

from reportgen import (
    EXAMPLES,
    T3_LABEL_CELLS,
    T3_ROWS,
    TITLE,
    DocxStyle,
    HtmlStyle,
    Layout,
    PdfStyle,
    render,
    render_docx,
    render_html,
    render_pdf,
    sample_report,
    text_to_docx,
    text_to_html,
    text_to_pdf,
)

Case = tuple[str, bytes]
Maker = Callable[[random.Random, bool], tuple[str, bytes, str]]  # (rnd, big) → (kind, bytes, suffix)

TEXT_EXTS = (".txt", ".md", ".text", ".markdown")
HTML_EXTS = (".html", ".htm", ".shtml", ".xhtml")
REPORT_EXTS = (*TEXT_EXTS, *HTML_EXTS, ".docx", ".pdf")


# --------------------------------------------------------------------------- base reports


@functools.cache
def text_bases() -> tuple[str, ...]:
    """Clean and defective reports as text: the examples and generated reports in each layout."""
    out = [p.read_bytes().decode("gb18030" if "gb18030" in p.name else "utf-8-sig")
           for p in sorted(EXAMPLES.glob("*.txt"))]
    for k, layout in enumerate((Layout("tab"), Layout("tab", label_cells=False, trailing=True),
                                Layout("space"), Layout("space", sep="\u3000", thousands=True),
                                Layout("pipe"), Layout("pipe", label_cells=False))):
        out.append(render(sample_report(k, high=(60, 5000)[k % 2]), layout))
    return tuple(out)


@functools.cache
def html_bases() -> tuple[bytes, ...]:
    styles = (HtmlStyle(), HtmlStyle(chrome=False, blank="", wrap=True, headings="h3", thead=True),
              HtmlStyle(headings="strong", date=None, blank=" "))
    out = [render_html(sample_report(k), style, enc)
           for k, (style, enc) in enumerate(zip(styles, ("utf-8", "gb2312", "utf-8"), strict=True))]
    out.append(text_to_html(text_bases()[0], encoding="gbk"))
    return tuple(out)


@functools.cache
def docx_bases() -> tuple[bytes, ...]:
    """Word reports, re-zipped with fixed timestamps (python-docx writes the time of day)."""
    made = [render_docx(sample_report(0)), render_docx(sample_report(1), DocxStyle(numbering="list")),
            text_to_docx(text_bases()[0])]
    return tuple(zip_bytes(unzip(d)) for d in made)


@functools.cache
def pdf_bases() -> tuple[bytes, ...]:
    return (render_pdf(sample_report(0)), render_pdf(sample_report(1), PdfStyle(wrap=30), compress=True),
            text_to_pdf(text_bases()[0]))


# --------------------------------------------------------------------------- byte and line mutations


def flip(rnd: random.Random, data: bytes, k: int | None = None) -> bytes:
    out = bytearray(data)
    for _ in range(k or rnd.randint(1, 8)):
        if out:
            out[rnd.randrange(len(out))] ^= rnd.randint(1, 255)
    return bytes(out)


def cut_at(rnd: random.Random, data: bytes, markers: tuple[bytes, ...]) -> tuple[str, bytes]:
    """Truncate before, inside or after an occurrence of a marker (or at a random byte)."""
    found = [(m, i) for m in markers for i in (x.start() for x in re.finditer(re.escape(m), data))]
    if not found or rnd.random() < 0.2:
        return "byte", data[:rnd.randrange(len(data) + 1)]
    marker, at = rnd.choice(found)
    at += rnd.choice((0, len(marker) // 2, len(marker)))
    return re.sub(rb"[^a-z0-9]", b"", marker.lower()).decode() or "mark", data[:at]


def insert(rnd: random.Random, data: bytes, piece: bytes, k: int = 1) -> bytes:
    for _ in range(k):
        at = rnd.randrange(len(data) + 1)
        data = data[:at] + piece + data[at:]
    return data


UNICODE_RANGES = ((0x00, 0x1F), (0x7F, 0x9F), (0x300, 0x36F), (0x200B, 0x200F), (0x202A, 0x202E),
                  (0x2028, 0x2029), (0x2066, 0x2069), (0x2460, 0x24FF), (0x3000, 0x303F), (0x4E00, 0x9FFF),
                  (0xE000, 0xE0FF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF), (0xFFF0, 0xFFFF), (0x1D400, 0x1D7FF),
                  (0x1F300, 0x1F6FF), (0x20000, 0x2A6DF), (0xE0000, 0xE007F), (0x10FFF0, 0x10FFFF))


def random_unicode(rnd: random.Random, n: int) -> str:
    out = []
    for _ in range(n):
        lo, hi = rnd.choice(UNICODE_RANGES)
        out.append(chr(rnd.randint(lo, hi)))
    return "".join(out)


def lines_mutated(rnd: random.Random, text: str) -> tuple[str, str]:
    """A line-level change: delete, duplicate, shuffle table rows or whole sections."""
    lines = text.split("\n")
    kind = rnd.choice(("del", "dup", "shuffle-rows", "shuffle-all", "dup-block", "swap-sections"))
    n = len(lines)
    if kind == "del":
        for _ in range(rnd.randint(1, max(1, n // 4))):
            if lines:
                del lines[rnd.randrange(len(lines))]
    elif kind == "dup":
        for _ in range(rnd.randint(1, 30)):
            i = rnd.randrange(len(lines))
            lines.insert(i, lines[i])
    elif kind == "dup-block":
        i = rnd.randrange(n)
        j = min(n, i + rnd.randint(1, 40))
        lines[j:j] = lines[i:j] * rnd.randint(1, 5)
    elif kind == "shuffle-rows":
        rows = [i for i, line in enumerate(lines) if "\t" in line or "|" in line or re.search(r"\d \d", line)]
        picked = [lines[i] for i in rows]
        rnd.shuffle(picked)
        for i, line in zip(rows, picked, strict=True):
            lines[i] = line
    elif kind == "shuffle-all":
        rnd.shuffle(lines)
    else:
        heads = [i for i, line in enumerate(lines) if re.match(r"[一二三四五六七]、", line)] + [n]
        parts = [lines[a:b] for a, b in itertools.pairwise(heads)]
        rnd.shuffle(parts)
        lines = lines[:heads[0]] + [line for p in parts for line in p]
    return kind, "\n".join(lines)


MIX_ENCODINGS = ("utf-8", "gb18030", "gbk", "big5", "utf-16-le", "utf-16-be", "utf-16", "utf-32", "shift_jis",
                 "latin-1", "utf-7", "hz", "iso2022_jp_2", "cp1252")


def text_mutate(rnd: random.Random, big: bool) -> tuple[str, bytes, str]:
    text = rnd.choice(text_bases())
    ext = rnd.choice(TEXT_EXTS)
    enc = rnd.choice(("utf-8", "utf-8", "gb18030", "utf-8-sig", "utf-16"))
    kind = rnd.choice(("flip", "flip-ascii", "flip-ascii", "trunc", "lines", "lines", "unicode", "mixenc", "nul",
                       "endings", "bom", "surrogate"))
    if kind == "flip":
        return kind, flip(rnd, text.encode(enc)), ext
    if kind == "flip-ascii":  # still valid text: ASCII bytes (digits, tabs, newlines) changed into others
        data = bytearray(text.encode(enc))
        ascii_at = [i for i, b in enumerate(data) if b < 0x80]
        for i in rnd.sample(ascii_at, min(len(ascii_at), rnd.randint(1, 40))):
            data[i] = rnd.choice(b"0123456789\t\n \r|-.,%")
        return kind, bytes(data), ext
    if kind == "trunc":
        data = text.encode(enc)
        markers = (b"\n", b"\t", "、".encode(enc), "表".encode(enc), "总计".encode(enc), b"0", b"1", b"|")
        where, data = cut_at(rnd, data, markers)
        if rnd.random() < 0.3 and len(data) > 1:
            data = data[:-1]  # in the middle of a multi-byte character
        return f"trunc-{where}", data, ext
    if kind == "lines":
        sub, text = lines_mutated(rnd, text)
        return sub, text.encode(enc, "replace"), ext
    if kind == "unicode":
        chars = list(text)
        for _ in range(rnd.randint(1, 60)):
            at = rnd.randrange(len(chars) + 1)
            if rnd.random() < 0.5 and at < len(chars):
                chars[at] = random_unicode(rnd, 1)
            else:
                chars.insert(at, random_unicode(rnd, rnd.randint(1, 8)))
        return kind, "".join(chars).encode("utf-8", "surrogatepass"), ext
    if kind == "mixenc":
        out = bytearray()
        for line in text.split("\n"):
            out += (line + "\n").encode(rnd.choice(MIX_ENCODINGS), "replace")
        return kind, bytes(out), ext
    if kind == "nul":
        data = text.encode(enc)
        how = rnd.choice(("some", "every", "run"))
        if how == "every":
            data = b"".join(bytes((b, 0)) for b in data)
        elif how == "run":
            data = insert(rnd, data, b"\x00" * rnd.randint(1, 4000))
        else:
            data = insert(rnd, data, b"\x00", rnd.randint(1, 50))
        return f"nul-{how}", data, ext
    if kind == "endings":
        sep = rnd.choice(("\r", "\r\n", "\n\r", "\u2028", "\u2029", "\x0b", "\x0c", "\x85", "\x1c", "\r\r\n"))
        lines = text.split("\n")
        return kind, "".join(line + (sep if rnd.random() < 0.7 else "\n") for line in lines).encode("utf-8"), ext
    if kind == "bom":
        boms = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff", b"\x84\x31\x95\x33")
        return kind, insert(rnd, rnd.choice(boms) + text.encode("utf-8"), rnd.choice(boms), rnd.randint(0, 5)), ext
    # lone surrogates and overlong or invalid UTF-8 sequences
    bad = (b"\xed\xa0\x80", b"\xc0\xaf", b"\xe0\x80\xaf", b"\xf4\x90\x80\x80", b"\xff", b"\xf8\x88\x80\x80\x80")
    data = text.encode("utf-8")
    for _ in range(rnd.randint(1, 20)):
        data = insert(rnd, data, rnd.choice(bad))
    return kind, data, ext


# --------------------------------------------------------------------------- report-like text

HEADINGS = ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项")
FRAGMENTS = ("（一）主动公开", "（二）依申请公开", "第二十条第（一）项", "信息内容", "本年制发件数", "本年废止件数",
             "现行有效件数", "规章", "行政规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费",
             "本年收费金额（单位：万元）", "申请人情况", "自然人", "法人或其他组织", "商业企业", "科研机构", "总计",
             "行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "未经复议直接起诉", "复议后起诉",
             "信息处理费", "无", "——", "/", "同比增长", "万元", "件", "条", "%", "年", "月", "日")
NUMBERS = ("0", "1", "12", "007", "1,862", "1，862", "1.5", "0.00", "-3", "+4", "１２", "一百", "〇", "1e999", "1E5",
           "NaN", "nan", "Infinity", "inf", "∞", "9" * 40, "1" + "0" * 30, "0." + "3" * 40, "1.2.3", "1,2,3,4", "12%",
           "3.3333333333333333333333333333333%", "1e-999", "0x1F", "½", "²", "٣", "१२", "—", "-", "", " ", "？", "--0")


def weird_number(rnd: random.Random) -> str:
    return rnd.choice(NUMBERS) if rnd.random() < 0.5 else str(rnd.randint(0, 10 ** rnd.randint(1, 12)))


def t3_rows(rnd: random.Random, rows: int, sep: str, numbers: Callable[[], str]) -> list[str]:
    out = []
    for _ in range(rows):
        labels = [c for c in T3_LABEL_CELLS[rnd.choice(T3_ROWS)] if c]
        out.append(sep.join([*labels, *(numbers() for _ in range(rnd.choice((7, 7, 6, 8, 1, 20))))]))
    return out


def text_reportlike(rnd: random.Random, big: bool) -> tuple[str, bytes, str]:
    kind = rnd.choice(("glued", "glued-all", "manyrows", "numbers", "synth", "percent", "years"))
    ext = rnd.choice(TEXT_EXTS)
    base = rnd.choice(text_bases())
    lines = base.split("\n")
    if kind in ("glued", "glued-all"):
        # table rows whose numbers run together: "（一）予以公开 410006" (the digit-splitting solver)
        for i, line in enumerate(lines):
            if re.search(r"\d[\t ]+\d", line) and (kind == "glued-all" or rnd.random() < 0.4):
                head = line[:re.search(r"\d", line).start()]  # type: ignore[union-attr]
                nums = re.findall(r"\d+", line[len(head):])
                glue = "".join(n if rnd.random() < 0.8 else n + rnd.choice((" ", "\t", "")) for n in nums)
                lines[i] = head.rstrip() + rnd.choice(("", " ", "\t")) + glue
        text = "\n".join(lines)
    elif kind == "manyrows":
        at = next((i for i, line in enumerate(lines) if line.startswith("三、")), len(lines) // 2)
        sep = rnd.choice(("\t", " ", "\u3000", " | "))
        count = rnd.randint(40, 3000 if big else 300)
        glued = rnd.random() < 0.5
        lines[at + 1:at + 1] = t3_rows(rnd, count, "" if glued else sep,
                                       lambda: str(rnd.randint(0, 99 if glued else 10 ** rnd.randint(1, 6))))
        text = "\n".join(lines)
    elif kind == "numbers":
        text = re.sub(r"(?<![\d年月])\d+(?![\d年月])", lambda m: weird_number(rnd) if rnd.random() < 0.3 else m.group(0),
                      base)
    elif kind == "synth":
        out = [rnd.choice((TITLE, f"{rnd.randint(0, 99999)}年政府信息公开工作年度报告", ""))]
        for _ in range(rnd.randint(5, 400 if big else 120)):
            r = rnd.random()
            if r < 0.15:
                out.append(rnd.choice(HEADINGS))
            elif r < 0.6:
                out.append(rnd.choice(("\t", " ", "")).join(
                    rnd.choice(FRAGMENTS) if rnd.random() < 0.4 else weird_number(rnd)
                    for _ in range(rnd.randint(1, 16))))
            else:
                out.append("".join(rnd.choice(FRAGMENTS) for _ in range(rnd.randint(1, 20))))
        text = "\n".join(out)
    elif kind == "percent":
        pieces = [f"同比{rnd.choice(('增长', '下降', '持平'))}{weird_number(rnd)}{rnd.choice(('%', '％', '个百分点', ''))}"
                  for _ in range(rnd.randint(1, 20))]
        at = next((i for i, line in enumerate(lines) if line.startswith(("一、", "二、", "五、"))), 0) + 1
        lines.insert(at, "本年度主动公开信息" + "，".join(pieces) + "。")
        text = "\n".join(lines)
    else:
        year = rnd.choice(("0000", "9999", "20233", "1899", "二〇二三", "２０２３", "2023-2024", "202", "3023"))
        date = rnd.choice(("2024年13月45日", "2023年2月30日", "99999年1月1日", "2024-00-00", "2024年1月1日至2023年1月1日"))
        text = base.replace("2023年", f"{year}年", 1).replace("2024年1月18日", date)
        text = re.sub(r"自\d+年1月1日", f"自{year}年1月1日", text)
    return kind, text.encode(rnd.choice(("utf-8", "gb18030")), "replace"), ext


# --------------------------------------------------------------------------- long lines and deep nesting


def text_long(rnd: random.Random, big: bool) -> tuple[str, bytes, str]:
    size = rnd.randint(1, 5) * 1_000_000 if big else rnd.randint(2_000, 40_000)
    kind = rnd.choice(("spaces", "ideo-spaces", "digits", "tabs", "digits-tabs", "heading", "row", "cjk",
                       "manylines", "paren", "brackets", "list", "quote", "mdhead", "indent"))
    unit = {"spaces": " ", "ideo-spaces": "\u3000", "digits": "1234567890", "tabs": "\t", "digits-tabs": "7\t",
            "heading": "一、总体情况", "row": "（一）予以公开\t1", "cjk": "政府信息公开", "manylines": "1\n"}.get(kind)
    if unit is not None:
        body = unit * (size // len(unit.encode()))
    elif kind == "paren":
        depth = size // 6
        body = "（" * depth + "一" + "）" * depth
    elif kind == "brackets":
        body = "".join(rnd.choice("（）《》【】“”〔〕([{<>}])") for _ in range(size // 3))
    elif kind == "list":
        body = "\n".join("．".join(["1"] * k) + "、信息" for k in range(1, int(size ** 0.5) // 2))
    elif kind == "quote":
        body = "\n".join("> " * k + "三、收到和处理政府信息公开申请情况" for k in range(int(size ** 0.5) // 3))
    elif kind == "mdhead":
        body = "#" * size + " 一、总体情况"
    else:
        body = "\n".join(" " * k + "- （一）主动公开" for k in range(int(size ** 0.5) // 2))
    base = rnd.choice(text_bases()).split("\n")
    at = rnd.randrange(len(base) + 1)
    text = "\n".join([*base[:at], body, *base[at:]]) if rnd.random() < 0.7 else body
    return kind, text.encode("utf-8"), rnd.choice(TEXT_EXTS)


# --------------------------------------------------------------------------- HTML

HTML_MARKERS = (b"<table", b"</table>", b"<tr", b"<td", b"rowspan=", b"colspan=", b"&nbsp;", b"<meta", b"<p",
                b"</p>", b"<h1", b"<!--", b"<script", b"&", b"=\"")
CHARSETS = ("undefined", "x-user-defined", "base64", "rot13", "hex", "zlib", "bz2", "uu", "quopri", "idna",
            "punycode", "utf-7", "unicode_escape", "raw_unicode_escape", "utf-32", "utf-16", "cp65001", "mbcs",
            "charmap", "utf_8_sig", "gb2312", "big5", "koi8-r", "-", "_", "x" * 300, "utf-8", "iso-2022-jp", "hz")


def html_mutate(rnd: random.Random, big: bool) -> tuple[str, bytes, str]:
    data = rnd.choice(html_bases())
    ext = rnd.choice(HTML_EXTS)
    kind = rnd.choice(("flip", "trunc", "lines", "unicode", "untag", "charset", "nul", "shuffle-tr"))
    if kind == "flip":
        return kind, flip(rnd, data, rnd.randint(1, 40)), ext
    if kind == "trunc":
        where, data = cut_at(rnd, data, HTML_MARKERS)
        return f"trunc-{where}", data, ext
    if kind == "lines":
        sub, text = lines_mutated(rnd, data.decode("utf-8", "surrogateescape"))
        return sub, text.encode("utf-8", "surrogateescape"), ext
    if kind == "unicode":
        return kind, insert(rnd, data, random_unicode(rnd, 5).encode("utf-8", "surrogatepass"), rnd.randint(1, 30)), ext
    if kind == "untag":  # closing tags dropped, or the '<' of tags dropped
        pat = rnd.choice((rb"</[a-z0-9]+>", rb"<(?=[a-z])", rb"\"", rb">"))
        return kind, re.sub(pat, lambda m: b"" if rnd.random() < 0.5 else m.group(0), data), ext
    if kind == "charset":
        charset = rnd.choice(CHARSETS).encode()
        return f"charset-{re.sub(rb'[^a-z0-9]', b'', charset.lower())[:12].decode()}", re.sub(
            rb'charset="?[A-Za-z0-9_-]+"?', b'charset="' + charset + b'"', data, count=1), ext
    if kind == "nul":
        return kind, insert(rnd, data, b"\x00" * rnd.randint(1, 10), rnd.randint(1, 20)), ext
    rows = re.findall(rb"<tr>.*?</tr>", data, re.S)
    shuffled = rows[:]
    rnd.shuffle(shuffled)
    it = iter(shuffled)
    return kind, re.sub(rb"<tr>.*?</tr>", lambda m: next(it), data, flags=re.S), ext


def page(body: str, head: str = '<meta charset="utf-8">') -> bytes:
    return (f"<!DOCTYPE html><html><head>{head}<title>{TITLE}</title></head><body>"
            f"<h1>{TITLE}</h1><div class=\"article-content\">{body}</div></body></html>").encode()


SPANS = ("1", "2", "0", "-5", "200", "201", "1000", "65535", "99999999999999999999", "1e3", " 7 ", "abc", "0x10",
         "", "３", "2.5", "inf")


def html_grid(rnd: random.Random, big: bool) -> str:
    rows, cols = (rnd.randint(100, 2000), rnd.randint(5, 30)) if big else (rnd.randint(2, 40), rnd.randint(1, 20))
    out = ["<table border=1>"]
    for r in range(rows):
        cells = []
        for _ in range(rnd.randint(1, cols)):
            attrs = ""
            if rnd.random() < 0.3:
                attrs += f' rowspan="{rnd.choice(SPANS)}"'
            if rnd.random() < 0.3:
                attrs += f' colspan="{rnd.choice(SPANS)}"'
            text = rnd.choice((str(rnd.randint(0, 99)), rnd.choice(FRAGMENTS), "", "&nbsp;"))
            cells.append(f"<td{attrs}>{text}</td>")
        label = T3_LABEL_CELLS[T3_ROWS[r % len(T3_ROWS)]][-1]
        out.append(f"<tr><td>{label}</td>{''.join(cells)}</tr>")
    out.append("</table>")
    return "\n".join(out)


def html_struct(rnd: random.Random, big: bool) -> tuple[str, bytes, str]:
    ext = rnd.choice(HTML_EXTS)
    kind = rnd.choice(("grid", "grid", "attrs", "charset", "http-equiv", "deep", "deep-table", "entities",
                       "unclosed", "xml", "chrome", "nested-tables", "controls"))
    heading = f"<p>{HEADINGS[2]}</p>"
    if kind == "controls":  # characters XML forbids, in the text after an element the reader removes
        dropped = rnd.choice(("<script>x</script>", '<div class="nav">x</div>', "<nav>x</nav>", "<style>p{}</style>"))
        bad = "".join(chr(rnd.choice((0x1, 0x8, 0xB, 0xC, 0x1F, 0xFFFE, 0xFFFF))) for _ in range(rnd.randint(1, 3)))
        return kind, page(f"{heading}{dropped}{bad}{rnd.choice(('', '尾'))}"), ext
    if kind == "grid":
        return kind, page(heading + html_grid(rnd, big)), ext
    if kind == "attrs":
        n = rnd.randint(10_000, 60_000) if big else rnd.randint(10, 1500)
        attrs = " ".join(f'{rnd.choice(("a", "class", "style", "rowspan", "x" * 50))}{k}="{"v" * rnd.randint(0, 20)}"'
                         for k in range(n))
        dup = ' rowspan="3"' * rnd.randint(0, 50)
        return kind, page(f"{heading}<table><tr><td {attrs}{dup}>总计</td><td {attrs}>1</td></tr></table>"), ext
    if kind in ("charset", "http-equiv"):
        charset = rnd.choice(CHARSETS)
        head = (f'<meta charset="{charset}">' if kind == "charset"
                else f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">')
        data = render_html(sample_report(rnd.randint(0, 5)), HtmlStyle(chrome=rnd.random() < 0.5))
        data = re.sub(rb"<meta charset=\"utf-8\">", head.encode(), data, count=1)
        if rnd.random() < 0.3:
            data = data.replace(b"<head>", b"<head>" + b" " * 5000)  # the meta tag past the first 4 KB
        return f"{kind}-{re.sub(r'[^a-z0-9]', '', charset.lower())[:12]}", data, ext
    if kind == "deep":
        depth = rnd.randint(5_000, 50_000) if big else rnd.randint(100, 3_000)
        tag = rnd.choice(("div", "span", "p", "b", "font", "li", "blockquote"))
        return f"deep-{tag}", page(f"<{tag}>" * depth + HEADINGS[0] + f"</{tag}>" * rnd.choice((depth, 0))), ext
    if kind == "deep-table":
        depth = rnd.randint(20, 400)
        return kind, page("<table><tr><td>" * depth + "总计 1" + "</td></tr></table>" * depth), ext
    if kind == "entities":
        ents = ("&#0;", "&#xD800;", "&#x110000;", "&#99999999999;", "&#x;", "&nbsp", "&bogus;", "&#65279;",
                "&#x200B;", "&amp;amp;", "&#12;", "&#x1F600;")
        body = "".join(rnd.choice(ents) + rnd.choice(("", "1", "一、总体情况", "</p><p>")) for _ in range(500))
        return kind, page(heading + f"<p>{body}</p>"), ext
    if kind == "unclosed":
        tag = rnd.choice(("<script>", "<style>", "<!--", "<![CDATA[", "<template>", "<noscript>", "<textarea>",
                          "<plaintext>", "<xmp>", "<title>", "<iframe>", "<select>"))
        return f"unclosed-{re.sub(r'[^a-z]', '', tag)}", page(heading + tag + HEADINGS[3] + "<table><tr><td>1"), ext
    if kind == "xml":
        decl = rnd.choice(('<?xml version="1.0" encoding="undefined"?>', '<?xml version="1.0" encoding="utf-16"?>',
                           '<?xml version="9.9"?>', ""))
        dtd = rnd.choice(('<!DOCTYPE html [<!ENTITY a "一二三四五六七八九十"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
                          '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;">]>',
                          '<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/hostname">]>',
                          '<!DOCTYPE html SYSTEM "http://127.0.0.1:9/x.dtd">'))
        body = f"<p>&d;&x;</p>{heading}<table><tr><td>&d;</td><td>1</td></tr></table>"
        return kind, (decl + dtd).encode() + page(body).removeprefix(b"<!DOCTYPE html>"), ext
    if kind == "chrome":
        cls = rnd.choice(("nav", "footer", "header", "share", "position", "related"))
        return kind, page(f'<div class="{cls}">' + "".join(f"<p>{h}</p>" for h in HEADINGS) + "</div>"), ext
    inner = "<table><tr><td>1</td><td>2</td></tr></table>"
    for _ in range(rnd.randint(1, 30)):
        inner = f"<table><tr><td>{rnd.choice(FRAGMENTS)}</td><td>{inner}</td><td>{inner if rnd.random() < 0.1 else 3}</td></tr></table>"
    return kind, page(heading + inner), ext


# --------------------------------------------------------------------------- zip files


@dataclass(frozen=True)
class Entry:
    """A zip member as written by `zip_bytes`: everything a header says can be set."""

    name: str
    data: bytes
    method: int = 8
    flags: int = 0
    version: int = 20
    raw: bytes | None = None  # the stored payload instead of the compressed data
    size: int | None = None  # the declared uncompressed size
    crc: int | None = None


def unzip(data: bytes) -> list[Entry]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [Entry(i.filename, z.read(i)) for i in z.infolist()]


def payload(entry: Entry) -> bytes:
    if entry.raw is not None:
        return entry.raw
    if entry.method == 8:
        c = zlib.compressobj(6, zlib.DEFLATED, -15)
        return c.compress(entry.data) + c.flush()
    if entry.method == 12:
        return bz2.compress(entry.data)
    return entry.data


def zip_bytes(entries: list[Entry], comment: bytes = b"") -> bytes:
    """A zip archive with fixed timestamps (1980-01-01) and exactly the headers asked for."""
    out = bytearray()
    central = bytearray()
    for e in entries:
        body = payload(e)
        crc = zlib.crc32(e.data) if e.crc is None else e.crc
        size = len(e.data) if e.size is None else e.size
        name = e.name.encode("utf-8")
        offset = len(out)
        out += struct.pack("<4s5H3L2H", b"PK\x03\x04", e.version, e.flags, e.method, 0, 0x21, crc, len(body), size,
                           len(name), 0) + name + body
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, e.version, e.flags, e.method, 0, 0x21, crc,
                               len(body), size, len(name), 0, 0, 0, 0, 0, offset) + name
    n = len(entries)
    return bytes(out + central + struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, n, n, len(central), len(out),
                                             len(comment)) + comment)


ZIP_MARKERS = (b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06", b"word/document.xml", b"_rels/.rels")


def docx_mutate(rnd: random.Random, big: bool) -> tuple[str, bytes, str]:
    data = rnd.choice(docx_bases())
    kind = rnd.choice(("flip", "flip-one", "trunc", "drop-entry", "dup-entry", "shuffle-entries", "xml-flip",
                       "xml-trunc", "xml-lines"))
    if kind == "flip":
        return kind, flip(rnd, data, rnd.randint(1, 20)), ".docx"
    if kind == "flip-one":
        return kind, flip(rnd, data, 1), ".docx"
    if kind == "trunc":
        where, data = cut_at(rnd, data, ZIP_MARKERS)
        return f"trunc-{where}", data, ".docx"
    entries = unzip(data)
    if kind == "drop-entry":
        entries.pop(rnd.randrange(len(entries)))
    elif kind == "dup-entry":
        entries.insert(rnd.randrange(len(entries)), rnd.choice(entries))
    elif kind == "shuffle-entries":
        rnd.shuffle(entries)
    else:  # damage one XML part but keep the zip sound
        i = rnd.randrange(len(entries))
        if rnd.random() < 0.6:
            i = next(k for k, e in enumerate(entries) if e.name == "word/document.xml")
        xml = entries[i].data
        if kind == "xml-flip":
            xml = flip(rnd, xml, rnd.randint(1, 10))
        elif kind == "xml-trunc":
            xml = xml[:rnd.randrange(len(xml) + 1)]
        else:
            text = xml.replace(b"><", b">\n<").decode("utf-8", "surrogateescape")
            xml = lines_mutated(rnd, text)[1].replace("\n", "").encode("utf-8", "surrogateescape")
        entries[i] = replace(entries[i], data=xml)
    return kind, zip_bytes(entries), ".docx"


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def w_document(body: str, prolog: str = "") -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}<w:document {W}><w:body>{body}</w:body></w:document>'.encode()


def w_p(text: str, ppr: str = "") -> str:
    return f"<w:p>{ppr}<w:r><w:t>{text}</w:t></w:r></w:p>"


def with_part(name: str, data: bytes) -> list[Entry]:
    entries = [e for e in unzip(docx_bases()[0]) if e.name != name]
    return [*entries, Entry(name, data)]


def docx_struct(rnd: random.Random, big: bool) -> tuple[str, bytes, str]:
    kind = rnd.choice(("method", "version", "encrypted", "deflate", "crc", "sizes", "bomb", "entities", "rels",
                       "numbering", "styles", "gridspan", "deep", "many-entries", "comment", "lzma", "nested"))
    entries = unzip(rnd.choice(docx_bases()))
    names = [e.name for e in entries]
    target = rnd.choice((names.index("word/document.xml"), names.index("_rels/.rels"), rnd.randrange(len(names))))
    e = entries[target]
    if kind == "method":
        method = rnd.choice((1, 2, 3, 4, 5, 6, 7, 9, 10, 13, 18, 19, 97, 98, 99, 255, 65535))
        entries[target] = replace(e, method=method, raw=payload(e))
        return f"method{method}", zip_bytes(entries), ".docx"
    if kind == "version":
        version = rnd.choice((45, 46, 51, 62, 63, 64, 100, 137, 255, 65535))
        entries[target] = replace(e, version=version)
        return f"version{version}", zip_bytes(entries), ".docx"
    if kind == "encrypted":
        flags = rnd.choice((0x1, 0x41, 0x2001, 0x8, 0x800 | 0x1))
        entries[target] = replace(e, flags=flags)
        return f"flags{flags:x}", zip_bytes(entries), ".docx"
    if kind == "deflate":
        body = payload(e)
        how = rnd.choice(("flip", "cut", "junk", "stored-as-deflate"))
        raw = {"flip": lambda: flip(rnd, body, rnd.randint(1, 5)), "cut": lambda: body[:rnd.randrange(len(body) + 1)],
               "junk": lambda: rnd.randbytes(len(body)), "stored-as-deflate": lambda: e.data}[how]()
        entries[target] = replace(e, raw=raw)
        return f"deflate-{how}", zip_bytes(entries), ".docx"
    if kind == "crc":
        entries[target] = replace(e, crc=rnd.getrandbits(32))
        return kind, zip_bytes(entries), ".docx"
    if kind == "sizes":
        entries[target] = replace(e, size=rnd.choice((0, 1, len(e.data) // 2, len(e.data) * 1000, 2 ** 32 - 1)))
        return kind, zip_bytes(entries), ".docx"
    if kind == "bomb":  # a few KB that inflate to some MB
        kb = rnd.randint(30_000, 150_000) if big else rnd.randint(200, 1_500)
        part = rnd.choice(("word/document.xml", "word/numbering.xml", "word/styles.xml", "word/_rels/document.xml.rels"))
        unit = {"word/document.xml": w_p("一"), "word/numbering.xml": '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>',
                "word/styles.xml": '<w:style w:styleId="a"><w:basedOn w:val="a"/></w:style>',
                "word/_rels/document.xml.rels": '<Relationship Id="r" Type="x/numbering" Target="numbering.xml"/>'}[part]
        root = {"word/document.xml": "w:document", "word/numbering.xml": "w:numbering",
                "word/styles.xml": "w:styles"}.get(part)
        inner = unit * (kb * 1_000 // len(unit))
        if root == "w:document":
            xml = w_document(inner)
        elif root:
            xml = f"<{root} {W}>{inner}</{root}>".encode()
        else:
            xml = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   f"{inner}</Relationships>").encode()
        if rnd.random() < 0.3:
            xml = w_document(w_p("一" * (kb * 300)))
            part = "word/document.xml"
        return f"bomb-{part.rsplit('/', 1)[-1].split('.')[0]}", zip_bytes(with_part(part, xml)), ".docx"
    if kind == "entities":
        prolog = rnd.choice((
            '<!DOCTYPE w:document [<!ENTITY a "政府信息公开"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
            '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]>',
            '<!DOCTYPE w:document [<!ENTITY e SYSTEM "file:///etc/hostname">]>',
            '<!DOCTYPE w:document [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;]>',
            '<!DOCTYPE w:document SYSTEM "file:///dev/zero">'))
        body = w_p(HEADINGS[0]) + w_p("&e;") + '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/hostname" parse="text"/>'
        return kind, zip_bytes(with_part("word/document.xml", w_document(body, prolog))), ".docx"
    if kind == "rels":
        target_path = rnd.choice(("missing.xml", "/word/document.xml", "../../../../etc/hostname", "http://127.0.0.1:9/x",
                                  "_rels/.rels", "word/", "", "word/styles.xml", "%2e%2e/x", "word/document.xml#x"))
        rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                + f'<Relationship Id="rId1" Type="http://x/officeDocument" Target="{target_path}" TargetMode="External"/>'
                * rnd.choice((1, 2, 3000)) + "</Relationships>").encode()
        part = rnd.choice(("_rels/.rels", "word/_rels/document.xml.rels"))
        return "rels", zip_bytes(with_part(part, rels)), ".docx"
    if kind == "numbering":
        ilvl = rnd.choice(("0", "8", "9", "99", "-1", "abc", "", "99999999999999999999"))
        num = rnd.choice(("1", "0", "999", "-1", "x"))
        start = rnd.choice(("1", "0", "-5", "99999999999999999999", "1e9", ""))
        fmt = rnd.choice(("chineseCounting", "decimal", "upperRoman", "bogus", "ideographTraditional", "none", ""))
        text = rnd.choice(("%1、", "%1%2%3%4%5%6%7%8%9", "%99", "%0", "%", "（%2）" * 100, "%1." * 50))
        numbering = (f'<w:numbering {W}><w:abstractNum w:abstractNumId="0">'
                     + "".join(f'<w:lvl w:ilvl="{k if rnd.random() < 0.5 else ilvl}"><w:start w:val="{start}"/>'
                               f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>' for k in range(9))
                     + f'</w:abstractNum><w:num w:numId="{num}"><w:abstractNumId w:val="{rnd.choice(("0", "5", "0"))}"/>'
                     f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{start}"/></w:lvlOverride></w:num>'
                     "</w:numbering>").encode()
        ppr = f'<w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr></w:pPr>'
        body = "".join(w_p(h[2:], ppr) for h in HEADINGS) * rnd.randint(1, 30)
        entries = [e for e in with_part("word/numbering.xml", numbering) if e.name != "word/document.xml"]
        return kind, zip_bytes([*entries, Entry("word/document.xml", w_document(body))]), ".docx"
    if kind == "styles":  # basedOn chains and cycles, numbering through styles
        n = rnd.randint(2, 300)
        styles = "".join(f'<w:style w:type="paragraph" w:styleId="s{k}"><w:basedOn w:val="s{(k + 1) % n}"/>'
                         f'<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>' for k in range(n))
        body = "".join(w_p(h[2:], f'<w:pPr><w:pStyle w:val="s{rnd.randrange(n)}"/></w:pPr>') for h in HEADINGS)
        entries = [e for e in with_part("word/styles.xml", f"<w:styles {W}>{styles}</w:styles>".encode())
                   if e.name != "word/document.xml"]
        return kind, zip_bytes([*entries, Entry("word/document.xml", w_document(body))]), ".docx"
    if kind == "gridspan":
        span = rnd.choice(("1000000", "0", "-1", "abc", "65536", "99999999999999999999", "2"))
        merges = ("", ' w:val="restart"')
        cells = "".join(f'<w:tc><w:tcPr><w:gridSpan w:val="{span}"/><w:vMerge{rnd.choice(merges)}/>'
                        f"</w:tcPr>{w_p(str(k))}</w:tc>" for k in range(rnd.randint(1, 20)))
        rows = f"<w:tr>{cells}</w:tr>" * rnd.randint(1, 60)
        return f"gridspan{span[:8]}", zip_bytes(with_part("word/document.xml", w_document(
            w_p(HEADINGS[2]) + f"<w:tbl>{rows}</w:tbl>"))), ".docx"
    if kind == "deep":
        depth = rnd.randint(100, 3000)
        how = rnd.choice(("tbl", "sdt", "r"))
        if how == "tbl":
            body = "<w:tbl><w:tr><w:tc>" * depth + w_p("总计") + "</w:tc></w:tr></w:tbl>" * depth
        elif how == "sdt":
            body = "<w:sdt><w:sdtContent>" * depth + w_p("一、总体情况") + "</w:sdtContent></w:sdt>" * depth
        else:
            body = "<w:p>" + "<w:r>" * depth + "<w:t>1</w:t>" + "</w:r>" * depth + "</w:p>"
        return f"deep-{how}", zip_bytes(with_part("word/document.xml", w_document(body))), ".docx"
    if kind == "many-entries":
        extra = [Entry(f"word/media/x{k}.bin", b"") for k in range(rnd.randint(100, 3000))]
        return kind, zip_bytes(entries + extra), ".docx"
    if kind == "comment":
        return kind, zip_bytes(entries, b"PK\x05\x06" * rnd.randint(1, 16383)), ".docx"
    if kind == "lzma":
        out = io.BytesIO()
        method = rnd.choice((zipfile.ZIP_LZMA, zipfile.ZIP_BZIP2))
        with zipfile.ZipFile(out, "w") as z:
            for entry in entries:
                info = zipfile.ZipInfo(entry.name, (1980, 1, 1, 0, 0, 0))
                info.compress_type = method
                z.writestr(info, entry.data)
        return kind, out.getvalue(), ".docx"
    inner = zip_bytes(entries)
    return kind, zip_bytes([Entry("word/document.xml", inner), *entries[1:]]), ".docx"


# --------------------------------------------------------------------------- PDF

PDF_MARKERS = (b" obj", b"endobj", b"stream", b"endstream", b"xref", b"trailer", b"startxref", b"%%EOF", b"<<", b">>",
               b"/Type", b"BT", b"Tj")


def pdf_mutate(rnd: random.Random, big: bool) -> tuple[str, bytes, str]:
    data = rnd.choice(pdf_bases())
    kind = rnd.choice(("flip", "flip-one", "trunc", "lines", "insert", "numbers"))
    if kind in ("flip", "flip-one"):
        return kind, flip(rnd, data, 1 if kind == "flip-one" else rnd.randint(2, 30)), ".pdf"
    if kind == "trunc":
        where, data = cut_at(rnd, data, PDF_MARKERS)
        return f"trunc-{where}", data, ".pdf"
    if kind == "lines":
        sub, text = lines_mutated(rnd, data.decode("latin-1"))
        return sub, text.encode("latin-1"), ".pdf"
    if kind == "insert":
        return kind, insert(rnd, data, rnd.choice((b"<<", b">>", b"[", b"(", b"\\", b"%", b"R", b"0 0 R", b"endobj")),
                            rnd.randint(1, 10)), ".pdf"
    # object numbers, offsets, lengths and coordinates changed
    return kind, re.sub(rb"\d+", lambda m: rnd.choice((b"0", b"-1", b"99999999999", b"1e9", m.group(0), m.group(0)))
                        if rnd.random() < 0.05 else m.group(0), data), ".pdf"


def pdf_raw(objects: dict[int, bytes], trailer: bytes = b"", xref: bool = True, root: int = 1) -> bytes:
    """A PDF from raw object bodies (a cross-reference table unless `xref` is false)."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    at = len(out)
    size = max(objects) + 1
    if xref:
        out += b"xref\n0 %d\n0000000000 65535 f \n" % size
        out += b"".join(b"%010d 00000 n \n" % offsets.get(k, 0) for k in range(1, size))
    out += b"trailer\n<< /Size %d /Root %d 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, trailer, at)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"", length: bytes | None = None) -> bytes:
    return b"<< /Length " + (length or b"%d" % len(data)) + b" " + extra + b" >>\nstream\n" + data + b"\nendstream"


FONT = (b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [4 0 R] "
        b"/ToUnicode 6 0 R >>")
CIDFONT = (b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) "
           b"/Ordering (Identity) /Supplement 0 >> /DW 1000 >>")
CMAP = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <0000> <FFFF> "
        b"endcodespacerange 1 beginbfrange <0000> <FFFF> <0000> endbfrange endcmap end end")


def text_ops(text: str, y: int = 700) -> bytes:
    return b"BT /F1 10 Tf 50 %d Td <%s> Tj ET" % (y, text.encode("utf-16-be").hex().upper().encode())


def one_page(content: bytes, page_extra: bytes = b"", content_extra: bytes = b"", font: bytes = FONT,
             cmap: bytes = CMAP) -> dict[int, bytes]:
    return {1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"<< /Type /Pages /Kids [7 0 R] /Count 1 >>", 3: font,
            4: CIDFONT, 6: stream(cmap),
            7: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
               b"/Contents 8 0 R " + page_extra + b">>", 8: stream(content, content_extra)}


def pdf_struct(rnd: random.Random, big: bool) -> tuple[str, bytes, str]:
    kind = rnd.choice(("loop-kids", "loop-parent", "loop-ref", "loop-length", "loop-prev", "deep-dict", "deep-array",
                       "flate-bomb", "double-flate", "many-ops", "filters", "xref", "encrypt", "cmap", "pages",
                       "objstm", "text-ops", "inline-image"))
    body = text_ops(HEADINGS[0] + "政府信息公开工作年度报告" * 3)
    if kind == "loop-kids":
        objs = one_page(body)
        objs[2] = rnd.choice((b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>", b"<< /Type /Pages /Kids [9 0 R 7 0 R] /Count 2 >>"))
        objs[9] = b"<< /Type /Pages /Kids [2 0 R 9 0 R] /Count 2 /Parent 2 0 R >>"
        return kind, pdf_raw(objs), ".pdf"
    if kind == "loop-parent":
        objs = one_page(body, b"/Resources 9 0 R ")
        objs[7] = objs[7].replace(b"/Resources << /Font << /F1 3 0 R >> >> ", b"")
        objs[2] = b"<< /Type /Pages /Kids [7 0 R] /Count 1 /Parent 2 0 R /Resources 9 0 R >>"
        objs[9] = b"9 0 R"
        return kind, pdf_raw(objs), ".pdf"
    if kind == "loop-ref":
        objs = one_page(body)
        objs[3], objs[9] = b"9 0 R", b"3 0 R"
        objs[4] = rnd.choice((b"4 0 R", CIDFONT.replace(b"/DW 1000", b"/DW 4 0 R /W 4 0 R")))
        return kind, pdf_raw(objs), ".pdf"
    if kind == "loop-length":
        objs = one_page(body)
        objs[8] = stream(body, length=b"9 0 R")
        objs[9] = rnd.choice((b"9 0 R", b"8 0 R", b"-5", b"99999999999", b"(x)"))
        return kind, pdf_raw(objs), ".pdf"
    if kind == "loop-prev":  # two cross-reference sections that point at each other (or at themselves)
        data = pdf_raw(one_page(body))
        at = data.rindex(b"startxref\n") + len(b"startxref\n")
        xref_at = int(data[at:data.index(b"\n", at)])
        prev = rnd.choice((xref_at, 0, len(data), 10 ** 12, -1))
        return kind, data.replace(b"trailer\n<< ", b"trailer\n<< /Prev %d /XRefStm %d " % (prev, prev)), ".pdf"
    if kind in ("deep-dict", "deep-array"):
        depth = rnd.randint(10_000, 200_000) if big else rnd.randint(100, 5_000)
        deep = b"<< /A " * depth + b"1" + b" >>" * depth if kind == "deep-dict" else b"[" * depth + b"1" + b"]" * depth
        objs = one_page(body, b"/Deep 9 0 R ")
        objs[rnd.choice((9, 1))] = deep if rnd.random() < 0.5 else b"<< /Type /Catalog /Pages 2 0 R /X " + deep + b" >>"
        return kind, pdf_raw(objs), ".pdf"
    if kind == "flate-bomb":
        kb = rnd.randint(40_000, 200_000) if big else rnd.randint(100, 2_000)
        unit = rnd.choice((b" ", b"0 0 m\n", body + b"\n", b"q\n", b"\x00"))
        data = zlib.compress(unit * (kb * 1_000 // len(unit)), 9)
        where = rnd.choice((8, 6))
        objs = one_page(body)
        objs[where] = stream(data, b"/Filter /FlateDecode")
        return f"flate-bomb-{where}", pdf_raw(objs), ".pdf"
    if kind == "double-flate":
        data = zlib.compress(zlib.compress(body * (2_000 if not big else 500_000), 9), 9)
        objs = one_page(body)
        objs[8] = stream(data, b"/Filter [/FlateDecode /FlateDecode]")
        return kind, pdf_raw(objs), ".pdf"
    if kind == "many-ops":
        n = rnd.randint(1_000_000, 3_000_000) if big else rnd.randint(1_000, 30_000)
        op = rnd.choice((b"0 0 m ", b"1 0 0 1 0 0 cm ", b"q ", b"Q ", b"BT ET ", b"(x) Tj ", b"[ ] 0 d "))
        return f"many-ops-{op.split()[-1].decode()}", pdf_raw(one_page(body + b"\n" + op * n)), ".pdf"
    if kind == "filters":
        filt = rnd.choice((b"/Foo", b"/LZWDecode", b"/ASCIIHexDecode", b"/ASCII85Decode", b"/RunLengthDecode",
                           b"/Crypt", b"/JBIG2Decode", b"/DCTDecode", b"/CCITTFaxDecode", b"[/FlateDecode /Foo]"))
        parms = rnd.choice((b"", b"/DecodeParms << /Predictor 15 /Columns 0 >>", b"/DecodeParms << /Predictor 12 "
                            b"/Columns 99999999 /Colors 0 /BitsPerComponent 3 >>", b"/DecodeParms 9 0 R"))
        objs = one_page(body)
        objs[8] = stream(rnd.randbytes(rnd.randint(0, 2000)), b"/Filter " + filt + b" " + parms)
        return f"filter-{re.sub(rb'[^A-Za-z0-9]', b'', filt).decode()[:12]}", pdf_raw(objs), ".pdf"
    if kind == "xref":
        data = pdf_raw(one_page(body), xref=rnd.random() < 0.5)
        how = rnd.choice(("offsets", "startxref", "no-root", "root-int", "xref-stream"))
        if how == "offsets":
            data = re.sub(rb"\d{10} 00000 n", lambda m: b"%010d 00000 n" % rnd.randint(0, 10 ** 10 - 1), data)
        elif how == "startxref":
            data = re.sub(rb"startxref\n\d+", b"startxref\n" + rnd.choice((b"0", b"-1", b"99999999999", b"x")), data)
        elif how == "no-root":
            data = data.replace(b" /Root 1 0 R", b"")
        elif how == "root-int":
            data = data.replace(b"/Root 1 0 R", b"/Root 5")
        else:
            objs = one_page(body)
            objs[9] = stream(rnd.randbytes(200), b"/Type /XRef /W [1 9999 1] /Size 99999999 /Index [0 99999999]")
            data = pdf_raw(objs, xref=False)
            data = re.sub(rb"startxref\n\d+", b"startxref\n%d" % data.index(b"9 0 obj"), data)
        return f"xref-{how}", data, ".pdf"
    if kind == "encrypt":
        enc = rnd.choice((b"<< /Filter /Standard /V 9 /R 9 /O (x) /U (y) /P -1 >>", b"<< /Filter /Foo >>",
                          b"<< /Filter /Standard /V 2 /R 3 /Length 999 /O <00> /U <00> /P 0 >>", b"9 0 R", b"5"))
        return kind, pdf_raw(one_page(body), b"/Encrypt " + enc + rnd.choice((b"", b" /ID [<00> <00>]"))), ".pdf"
    if kind == "cmap":  # ToUnicode maps with lying counts and huge ranges
        ranges = rnd.choice((b"99999 beginbfrange <0000> <FFFFFFFF> <0000> endbfrange",
                             b"1 beginbfrange <0000> <FFFF> [" + b"<4E00> " * 5000 + b"] endbfrange",
                             b"1 beginbfchar <0000> <" + b"4E00" * 20000 + b"> endbfchar",
                             b"1 begincidrange <00> <FFFFFFFF> 0 endcidrange", b"beginbfrange", b""))
        cmap = CMAP.replace(b"1 beginbfrange <0000> <FFFF> <0000> endbfrange", ranges)
        return kind, pdf_raw(one_page(body, cmap=cmap)), ".pdf"
    if kind == "pages":
        objs = one_page(body, rnd.choice((b"/MediaBox [0 0 0 0] ", b"/MediaBox [1e9 -1e9 x 5] ", b"/Rotate 45 ",
                                          b"/MediaBox 7 0 R ", b"/UserUnit 0 ")))
        n = rnd.choice((1, 299, 301, 5000))
        objs[2] = b"<< /Type /Pages /Kids [" + b"7 0 R " * n + b"] /Count %d >>" % rnd.choice((n, 10 ** 12, -1, 0))
        return f"pages{n}", pdf_raw(objs), ".pdf"
    if kind == "objstm":
        objs = one_page(body)
        objs[9] = stream(b"3 0 4 5 " * rnd.randint(1, 200), b"/Type /ObjStm /N %d /First %d" % (
            rnd.choice((1, 10 ** 9, -1)), rnd.choice((0, 10 ** 9, -1))))
        objs[2] = b"<< /Type /Pages /Kids [7 0 R 9 0 R] /Count 2 >>"
        return kind, pdf_raw(objs), ".pdf"
    if kind == "text-ops":
        op = rnd.choice((b"BT /F1 0 Tf 0 0 Td <4E00> Tj ET", b"BT /F1 1e30 Tf 1e30 1e30 Td <4E00> Tj ET",
                         b"BT 0 0 0 0 0 0 Tm /F1 10 Tf <4E00> Tj ET", b"BT /F1 10 Tf 0 Tz <4E00> Tj ET",
                         b"BT /F1 10 Tf [" + b"<4E00> -99999 " * 5000 + b"] TJ ET", b"BT /F9 10 Tf (x) Tj ET",
                         b"BT /F1 10 Tf 1e308 Tc <4E004E00> Tj ET", b"BT Tj Tj Tf Td ET ET ET"))
        return kind, pdf_raw(one_page(body + b"\n" + op * (1 if len(op) > 100 else rnd.randint(1, 50)))), ".pdf"
    img = b"BI /W 99999 /H 99999 /BPC 8 /CS /RGB ID " + rnd.randbytes(rnd.randint(0, 3000)) + rnd.choice((b" EI", b""))
    return kind, pdf_raw(one_page(body + b"\n" + img)), ".pdf"


# --------------------------------------------------------------------------- junk and empty files

MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"GIF89a", b"\x7fELF\x02\x01\x01", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
         b"PK\x03\x04", b"PK\x05\x06" + b"\x00" * 18, b"\x1f\x8b\x08", b"%PDF-1.7", b"%PDF-", b"Rar!\x1a\x07", b"7z\xbc\xaf",
         b"\x00asm", b"{\\rtf1", b"<?xml version=\"1.0\"?>", b"<html>", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff",
         b"\x00\x00\xfe\xff", b"BZh91AY&SY")


def junk(rnd: random.Random, big: bool) -> tuple[str, bytes, str]:
    ext = rnd.choice(REPORT_EXTS)
    kind = rnd.choice(("empty", "random", "magic", "whitespace", "ascii", "cjk", "swapped", "nul"))
    size = rnd.randint(1_000_000, 5_000_000) if big else rnd.randint(0, 20_000)
    if kind == "empty":
        return kind, b"", ext
    if kind == "random":
        return kind, rnd.randbytes(size), ext
    if kind == "magic":
        return kind, rnd.choice(MAGIC) + rnd.randbytes(rnd.randint(0, 500)), ext
    if kind == "whitespace":
        return kind, bytes(rnd.choice(b" \t\r\n\x0b\x0c") for _ in range(size)), ext
    if kind == "ascii":
        return kind, bytes(rnd.randint(32, 126) for _ in range(size)), ext
    if kind == "cjk":
        return kind, "".join(chr(rnd.randint(0x4E00, 0x9FFF)) if rnd.random() < 0.95 else "\n"
                             for _ in range(size // 3)).encode(), ext
    if kind == "swapped":  # a report of another type under this name
        data = rnd.choice((*docx_bases(), *pdf_bases(), *html_bases(), text_bases()[0].encode()))
        return kind, data, ext
    return kind, b"\x00" * size, ext


# --------------------------------------------------------------------------- the catalogue

MAKERS: dict[str, Maker] = {
    "text_mutate": text_mutate, "text_reportlike": text_reportlike, "text_long": text_long,
    "html_mutate": html_mutate, "html_struct": html_struct, "docx_mutate": docx_mutate, "docx_struct": docx_struct,
    "pdf_mutate": pdf_mutate, "pdf_struct": pdf_struct, "junk": junk,
}
CATEGORIES = tuple(MAKERS)
# Default number of cases per category (sized for a ~60 s run on a loaded 2-core machine).
DEFAULT_N = {"text_mutate": 300, "text_reportlike": 200, "text_long": 60, "html_mutate": 120, "html_struct": 150,
             "docx_mutate": 150, "docx_struct": 150, "pdf_mutate": 100, "pdf_struct": 100, "junk": 100}
# Categories whose big variant makes MB-sized inputs (the slow tests).
BIG = ("text_long", "text_reportlike", "html_struct", "docx_struct", "pdf_struct", "junk")


def case(category: str, seed: int, i: int, big: bool = False) -> Case:
    rnd = random.Random(f"{category}/{seed}/{i}/{big}")
    kind, data, ext = MAKERS[category](rnd, big)
    tag = "big-" if big else ""
    return f"{category}-{seed}-{i:04d}-{tag}{re.sub(r'[^a-z0-9-]', '', kind.lower())}{ext}", data


def cases(category: str, seed: int, n: int, big: bool = False) -> list[Case]:
    """n hostile inputs of a category: (file name, bytes), the same for the same arguments."""
    return [case(category, seed, i, big) for i in range(n)]


def entity_cases(path: str) -> list[Case]:
    """Pages and Word documents whose external entities (and XInclude) name a local file."""
    url = "file://" + path
    dtd = f'<!DOCTYPE html [<!ENTITY x SYSTEM "{url}">]>'
    html = (dtd.encode() + page(f"<p>{HEADINGS[0]}</p><p>&x;</p>").removeprefix(b"<!DOCTYPE html>"))
    xml = w_document(w_p(HEADINGS[0]) + w_p("&x;") + f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
                     f'href="{url}" parse="text"/>', dtd.replace("html", "w:document"))
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="http://x/officeDocument" Target="{url}" TargetMode="External"/>'
            "</Relationships>").encode()
    return [("entity.html", html), ("entity.xhtml", html), ("entity.docx", zip_bytes(with_part("word/document.xml", xml))),
            ("entity-rels.docx", zip_bytes(with_part("_rels/.rels", rels)))]
