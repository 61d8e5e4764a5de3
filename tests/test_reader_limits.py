"""Reader limits: malformed Word, web and PDF files built the way the fuzz campaign's reproducers
are (../shared/fuzz-repro) end as one GL001 with the reason, or are read normally — never an
internal error (GL002), never memory that grows with what the file claims or expands to.

Memory is checked with tracemalloc (Python allocations: decompressed data, layout objects), never
with a clock; limits are lowered with monkeypatch where the real one would need a large input."""

from __future__ import annotations

import io
import struct
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from govlint.api import check_bytes
from govlint.errors import CheckTimeout, InputError
from govlint.findings import FileResult
from govlint.readers import Source, docx, html, pdf, read

MB = 1024 * 1024
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
PARAGRAPH = "<w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p>"


def refused(name: str, data: bytes) -> InputError:
    """The InputError reading raises; also that checking the bytes gives one GL001 and no GL002."""
    with pytest.raises(InputError) as caught:
        read(name, data)
    codes = [f.code for f in check_bytes(name, data).findings]
    assert codes == ["GL001"], codes
    return caught.value


def accepted(name: str, data: bytes) -> Source:
    source = read(name, data)
    result: FileResult = check_bytes(name, data)
    assert not {"GL001", "GL002"} & {f.code for f in result.findings}
    return source


def peak_bytes(action: Callable[[], object]) -> int:
    """Peak Python memory while `action` runs (its InputError is expected and ignored)."""
    tracemalloc.start()
    try:
        action()
    except InputError:
        pass
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak


# --- Word ---------------------------------------------------------------------------------------

def _docx_zip(parts: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def _parts(body: str = PARAGRAPH, numbering: bytes | None = None) -> dict[str, bytes]:
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/></Relationships>')
    parts = {"_rels/.rels": rels.encode(),
             "word/document.xml": f'<w:document {W}><w:body>{body}</w:body></w:document>'.encode()}
    if numbering is not None:
        parts["word/_rels/document.xml.rels"] = rels.replace("officeDocument\" Target=\"word/document.xml",
                                                             "numbering\" Target=\"numbering.xml").encode()
        parts["word/numbering.xml"] = numbering
    return parts


def _central(data: bytes, name: bytes) -> int:
    """Offset of `name`'s central directory header."""
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        length = struct.unpack("<H", data[at + 28:at + 30])[0]
        if data[at + 46:at + 46 + length] == name:
            return at
        at = data.find(b"PK\x01\x02", at + 4)
    raise AssertionError(name)


def _patched(data: bytes, name: bytes, central: int, local: int | None, value: bytes) -> bytes:
    """The zip with a field of `name`'s central (and local) header set to `value`."""
    out = bytearray(data)
    at = _central(data, name)
    out[at + central:at + central + len(value)] = value
    if local is not None:
        header = struct.unpack("<I", data[at + 42:at + 46])[0]
        out[header + local:header + local + len(value)] = value
    return bytes(out)


DOCX = _docx_zip(_parts())
DOC = b"word/document.xml"


def test_a_minimal_docx_is_read() -> None:
    assert "一、总体情况" in accepted("r.docx", DOCX).text


@pytest.mark.parametrize(("case", "data", "reason"), [
    # version needed to extract 13.7: NotImplementedError when the directory is read
    ("zip-version-137", _patched(DOCX, DOC, 6, 4, struct.pack("<H", 137)), "不支持的压缩格式"),
    # compression method 99: NotImplementedError when the member is opened
    ("compression-method-99", _patched(DOCX, DOC, 10, 8, struct.pack("<H", 99)), "不支持的压缩格式"),
    # the encryption flag: RuntimeError (password required)
    ("encrypted-flag", _patched(DOCX, DOC, 8, 6, struct.pack("<H", 1)), "已加密"),
])
def test_zip_features_govlint_cannot_read_are_gl001(case: str, data: bytes, reason: str) -> None:
    assert reason in refused("r.docx", data).zh, case


def test_a_corrupt_deflate_stream_is_gl001() -> None:
    data = bytearray(DOCX)
    at = _central(DOCX, DOC)
    header = struct.unpack("<I", DOCX[at + 42:at + 46])[0]
    start = header + 30 + len(DOC) + struct.unpack("<H", DOCX[header + 28:header + 30])[0]
    data[start:start + 8] = b"\xff" * 8  # block type 3: zlib "invalid block type"
    assert "压缩数据已损坏" in refused("r.docx", bytes(data)).zh


def _deflated(chunk: bytes, times: int) -> bytes:
    """Raw deflate data of `chunk` repeated (built chunk by chunk: the whole is never in memory)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return b"".join(packer.compress(chunk) for _ in range(times)) + packer.flush()


def _stored_as(data: bytes, name: bytes, deflated: bytes, size: int) -> bytes:
    """The zip with its last member, `name`, holding `deflated` and its headers declaring `size`."""
    at = _central(data, name)
    header = struct.unpack("<I", data[at + 42:at + 46])[0]
    start = header + 30 + len(name) + struct.unpack("<H", data[header + 28:header + 30])[0]
    end = data.find(b"PK\x01\x02", start)  # the central directory follows the last member's data
    assert data.rfind(b"PK\x03\x04") == header, "the member must be the last one"
    fields = struct.pack("<III", zlib.crc32(b""), len(deflated), size)
    out = data[:header + 14] + fields + data[header + 26:start] + deflated
    directory = bytearray(data[end:])
    directory[at - end + 16:at - end + 28] = fields
    record = directory.rfind(b"PK\x05\x06")
    directory[record + 16:record + 20] = struct.pack("<I", len(out))  # where the directory starts
    return out + bytes(directory)


def test_a_member_whose_header_understates_its_size_is_not_read_past_it() -> None:
    # 64 MB of XML declared as 1,000 bytes: zipfile stops at the declared size, and the CRC fails
    chunk = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>" * 30_000
    data = _stored_as(DOCX, DOC, _deflated(chunk, 64), 1000)
    assert "压缩数据已损坏" in refused("r.docx", data).zh
    assert peak_bytes(lambda: read("r.docx", data)) < 2 * MB


def test_a_member_whose_header_claims_a_huge_size_is_refused_before_decompressing() -> None:
    data = _patched(DOCX, DOC, 24, 22, struct.pack("<I", 0xFFFFFF00))
    assert "异常巨大" in refused("r.docx", data).zh


NUMBERING = _docx_zip(_parts(numbering=b"<x/>"))
NUMBERING_CHUNK = f'<w:numbering {W}>'.encode() + b" " * (MB - 100)


def test_a_numbering_bomb_is_refused_before_decompressing() -> None:
    # numbering.xml: ~64 KB compressed, 64 MB decompressed, declared (the reproducer's: 120 MB)
    bomb = _stored_as(NUMBERING, b"word/numbering.xml", _deflated(NUMBERING_CHUNK, 64), 64 * MB)
    assert len(bomb) < 200_000
    assert "word/numbering.xml" in refused("r.docx", bomb).zh
    assert peak_bytes(lambda: read("r.docx", bomb)) < 2 * MB


def test_a_numbering_bomb_within_the_part_limit_is_stopped_by_its_ratio_while_streaming() -> None:
    # 20 MB (declared, under MAX_PART) from ~20 KB: refused once past RATIO_FLOOR, not at 20 MB
    deflated = _deflated(NUMBERING_CHUNK, 20)
    bomb = _stored_as(NUMBERING, b"word/numbering.xml", deflated, 20 * MB)
    assert "膨胀超过" in refused("r.docx", bomb).zh
    stop = max(docx.RATIO_FLOOR, docx.MAX_RATIO * len(deflated))
    assert stop < 10 * MB
    assert peak_bytes(lambda: read("r.docx", bomb)) < stop + 2 * MB


def test_a_part_expanding_past_the_ratio_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx, "RATIO_FLOOR", 64 * 1024)
    body = PARAGRAPH + "<w:p><w:r><w:t>" + " " * 500_000 + "</w:t></w:r></w:p>"
    assert "膨胀超过" in refused("r.docx", _docx_zip(_parts(body))).zh


def test_the_parts_read_are_limited_in_all(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx, "MAX_PART", 3000)
    monkeypatch.setattr(docx, "MAX_TOTAL", 4000)
    numbering = f'<w:numbering {W}>{" " * 2500}</w:numbering>'.encode()
    data = _docx_zip(_parts(PARAGRAPH + " " * 1500, numbering))
    assert "合计超过" in refused("r.docx", data).zh


def test_too_many_zip_members_are_refused_before_the_directory_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx, "MAX_MEMBERS", 5)
    parts = _parts() | {f"media/{n}.bin": b"" for n in range(10)}
    assert "压缩包内文件超过" in refused("r.docx", _docx_zip(parts)).zh


def test_a_time_out_passes_through_the_word_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    def late(*_: object) -> bytes:
        raise CheckTimeout

    monkeypatch.setattr(zipfile.ZipExtFile, "read", late)
    with pytest.raises(CheckTimeout):
        read("r.docx", DOCX)


# --- HTML ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("charset", ["undefined", "rot13", "base64", "punycode", "unicode_escape", "no-such-codec"])
def test_a_meta_charset_that_is_no_page_encoding_falls_back_to_detection(charset: str) -> None:
    page = f"<html><head><meta charset='{charset}'></head><body><p>一、总体情况</p></body></html>"
    source = accepted("r.html", page.encode("utf-8"))
    assert "一、总体情况" in source.text
    assert source.encoding == "utf-8"


def test_huge_rowspans_and_colspans_are_clamped_to_the_table() -> None:
    cells = "".join("<td rowspan=100000 colspan=100000>1</td>" for _ in range(200))
    page = f"<html><body><table><tr>{cells}</tr><tr><td>2</td></tr></table><p>一、总体情况</p></body></html>"
    source = accepted("r.html", page.encode())
    assert "一、总体情况" in source.text
    # rowspan ends at the table's last row, colspan at 200: 200 × 2 × 200 fields, not 200 × 10¹⁰
    assert peak_bytes(lambda: read("r.html", page.encode())) < 40 * MB


def test_rowspan_still_lays_out_rows_below() -> None:
    page = ("<html><body><table><tr><td rowspan=999>甲</td><td>1</td></tr><tr><td>2</td></tr>"
            "</table></body></html>")
    assert read("r.html", page.encode()).text.split("\n")[-2:] == ["甲\t1", "\t2"]


def test_a_page_laying_out_more_grid_cells_than_the_budget_is_gl001(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html, "MAX_CELLS", 10_000)
    rows = "".join("<tr><td colspan=200>1</td></tr>" for _ in range(100))  # 20,000 fields
    assert "表格过大" in refused("r.html", f"<html><body><table>{rows}</table></body></html>".encode()).zh


def test_columns_no_cell_covers_count_against_the_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html, "MAX_CELLS", 10_000)
    # one wide first row, then rows whose rowspan'd last column leaves the columns before it uncovered
    wide = "<td rowspan=200 colspan=200>x</td>" * 40
    page = f"<html><body><table><tr>{wide}</tr>{'<tr></tr>' * 199}</table></body></html>"
    refused("r.html", page.encode())


def _attributes(n: int) -> str:
    return " ".join(f"a{i}=x" for i in range(n))


def test_a_tag_with_thousands_of_attributes_is_refused_before_parsing() -> None:
    page = f"<html><body><div {_attributes(5000)}>一、总体情况</div></body></html>"
    assert "属性超过" in refused("r.shtml", page.encode()).zh


@pytest.mark.parametrize("where", [
    "<!-- <div {}> -->",  # a comment
    "<script>var s = '<div {}>';</script>",  # script text
    "<textarea><div {}></textarea>",  # text of an element that holds no tags
    '<p title="{}">x</p>',  # one attribute's value
])
def test_attribute_lists_libxml2_does_not_read_as_a_tag_are_allowed(where: str) -> None:
    page = f"<html><body>{where.format(_attributes(1000))}<p>一、总体情况</p></body></html>"
    assert "一、总体情况" in accepted("r.html", page.encode()).text


@pytest.mark.parametrize("trick", [
    "<!-- --!> <div {}>x</div> -->",  # a comment ended by --!>
    "<script><!-- <script></script> --></script><div {}>x</div>",  # script ended after its escapes
    '<! a="> <div {}>x</div> ">',  # a bogus comment ends at the first >
    '<p a"b="x"c {}>x</p>',  # quotes inside a name do not start a value
])
def test_tags_hidden_by_tokenizer_tricks_are_still_counted(trick: str) -> None:
    page = f"<html><body>{trick.format(_attributes(1000))}</body></html>"
    refused("r.html", page.encode())


# --- PDF ----------------------------------------------------------------------------------------

def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of these objects (1 is the catalog), with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % at for at in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes, filters: bytes = b"") -> bytes:
    return b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(data), b" /Filter " + filters if filters else b"", data)


def _page_pdf(content: bytes, filters: bytes = b"", font: bytes = b"<< /Type /Font /Subtype /Type1 "
              b"/BaseFont /Helvetica >>") -> bytes:
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
                 b"/Contents 4 0 R >>", _stream(content, filters), font])


def _flate_bomb(size: int) -> bytes:
    packer = zlib.compressobj(9)
    return b"".join(packer.compress(b" " * MB) for _ in range(size // MB)) + packer.flush()


def test_a_flate_bomb_is_refused_within_the_stream_limit() -> None:
    bomb = _page_pdf(_flate_bomb(64 * MB), b"/FlateDecode")  # 64 MB from ~64 KB
    assert len(bomb) < 200_000
    assert "压缩炸弹" in refused("r.pdf", bomb).zh
    # decompressed in pieces, refused one piece past the limit: never the 64 MB
    assert peak_bytes(lambda: read("r.pdf", bomb)) < pdf.MAX_STREAM + 4 * MB


def test_a_double_flate_bomb_is_refused_at_its_second_stage() -> None:
    inner = _flate_bomb(48 * MB)
    bomb = _page_pdf(zlib.compress(inner, 9), b"[/FlateDecode /FlateDecode]")
    assert "压缩炸弹" in refused("r.pdf", bomb).zh


def test_streams_are_limited_in_all(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "MAX_DECODED", 100_000)
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents [4 0 R 5 0 R] >>"
    stream = _stream(zlib.compress(b"q Q " * 15_000), b"/FlateDecode")  # 60 KB each
    data = _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page,
                 stream, stream])
    assert "解压后合计超过" in refused("r.pdf", data).zh


def test_a_corrupt_flate_stream_decoded_byte_by_byte_is_bounded_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "MAX_STREAM", 200_000)
    damaged = zlib.compress(b" " * 400_000)[:-4] + b"\x00\x00\x00\x00"  # bad checksum: pdfminer's lenient path
    assert "压缩炸弹" in refused("r.pdf", _page_pdf(damaged, b"/FlateDecode")).zh


def test_a_run_length_bomb_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "MAX_STREAM", 100_000)
    assert "压缩炸弹" in refused("r.pdf", _page_pdf(b"\x81 " * 1000 + b"\x80", b"/RunLengthDecode")).zh


@pytest.mark.parametrize("objects", [
    [b"3 0 R", b"2 0 R"],  # the reproducer: 2 → 3 → 2
    [b"2 0 R"],  # an object that is a reference to itself
])
def test_a_reference_loop_is_gl001(objects: list[bytes]) -> None:
    data = _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", *objects])
    assert "循环" in refused("r.pdf", data).zh


def test_a_tounicode_map_with_a_huge_range_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "MAX_CMAP_ENTRIES", 5000)
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <0000> <FFFF> "
            b"endcodespacerange 1 beginbfrange <00000000> <FFFFFFFF> <0000> endbfrange endcmap end end")
    font = (b"<< /Type /Font /Subtype /Type0 /BaseFont /Fake /Encoding /Identity-H /ToUnicode 6 0 R "
            b"/DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Fake /CIDSystemInfo "
            b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>] >>")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
               b"/Contents 4 0 R >>", _stream(b"BT /F1 12 Tf (\x4e\x00) Tj ET"), font, _stream(cmap)]
    assert "编码映射" in refused("r.pdf", _pdf(objects)).zh


def test_a_page_with_too_many_instructions_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "MAX_PAGE_TOKENS", 10_000)
    assert "绘制指令" in refused("r.pdf", _page_pdf(b"0 0 1 1 re S\n" * 3000)).zh


def test_paths_are_not_laid_out() -> None:
    content = b"0 0 1 1 re S\n" * 4000  # laid out, 4,000 rects took ~18 MB
    assert peak_bytes(lambda: read("r.pdf", _page_pdf(content))) < 4 * MB


def test_a_page_with_too_many_characters_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "MAX_PAGE_CHARS", 500)
    assert "字符超过" in refused("r.pdf", _page_pdf(b"BT /F1 1 Tf (" + b"a" * 1000 + b") Tj ET")).zh


def test_graphics_states_nested_without_end_are_refused() -> None:
    assert "嵌套" in refused("r.pdf", _page_pdf(b"q\n" * (pdf.MAX_STATE_DEPTH + 10))).zh


def test_pdfminer_is_unchanged_outside_the_reader() -> None:
    read_once = _page_pdf(b"q Q")
    with pytest.raises(InputError):  # installs the wrappers; a page without text is GL001
        read("r.pdf", read_once)
    from pdfminer import pdftypes

    big = _flate_bomb(40 * MB)
    proxy = vars(pdftypes)["zlib"]
    assert proxy is not zlib and len(proxy.decompress(big)) == 40 * MB  # no limit outside read_pdf


def test_a_time_out_passes_through_the_pdf_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    from pdfplumber.page import Page

    def late(*_: object, **__: object) -> str:
        raise CheckTimeout

    monkeypatch.setattr(Page, "extract_text", late)
    with pytest.raises(CheckTimeout):
        read("r.pdf", _page_pdf(b"BT /F1 12 Tf (a) Tj ET"))


# --- the campaign's reproducers (optional) ------------------------------------------------------

REPRO = Path(__file__).parents[2] / "shared" / "fuzz-repro"


def _reproducers() -> Iterator[Path]:
    for pattern in ("*.docx", "*.html", "*.pdf", "*.txt"):
        yield from sorted(REPRO.glob(pattern)) if REPRO.is_dir() else ()


@pytest.mark.slow
@pytest.mark.parametrize("path", list(_reproducers()) or [None], ids=lambda p: p.name if p else "absent")
def test_reproducers_end_in_text_or_an_input_error(path: Path | None) -> None:
    if path is None:
        pytest.skip(f"no reproducers at {REPRO}")
    try:  # memory is checked by the tests above (tracemalloc would make the big CMap take 15 s)
        read(path.name, path.read_bytes())
    except InputError as exc:
        assert exc.zh and exc.en
