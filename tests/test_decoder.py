"""Decoder: the encodings reports actually arrive in; junk is an InputError, not a crash."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govlint.decoder import decode
from govlint.errors import InputError

TEXT = "一、总体情况\r\n2023年，我局主动公开政府信息120条。\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("utf-16"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
    ],
)
def test_report_encodings_decode_to_the_same_text(data: bytes, encoding: str) -> None:
    decoded = decode(data)
    assert decoded.text == TEXT.replace("\r\n", "\n")
    assert decoded.encoding == encoding


def test_zero_width_characters_are_dropped() -> None:
    assert decode("规\u200b章".encode()).text == "规章"


def test_empty_file_is_empty_text() -> None:
    assert decode(b"").text == ""


@pytest.mark.parametrize("junk", [bytes(range(256)) * 4, b"\x00\x01\x02\x03" * 100, b"PK\x03\x04" + bytes(200)])
def test_binary_data_is_an_input_error(junk: bytes) -> None:
    with pytest.raises(InputError):
        decode(junk)


@given(st.binary(max_size=2000))
def test_decode_never_raises_anything_but_input_error(data: bytes) -> None:
    try:
        decoded = decode(data)
    except InputError:
        return
    assert "\r" not in decoded.text


# At least a line's worth: two characters of GB18030 can also be valid UTF-8 of plausible text
# (閫丗 = 送F), which no decoder can tell apart; in a dozen characters that never happens.
@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=12, max_size=200))
def test_gb18030_chinese_text_round_trips(text: str) -> None:
    assert decode(text.encode("gb18030")).text == text


@pytest.mark.parametrize("text", ["浈丗", "一二"])
def test_short_gb18030_text_that_is_also_utf8_reads_as_chinese(text: str) -> None:
    assert decode(text.encode("gb18030")).text == text


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
@pytest.mark.parametrize("cut", [1, 2])
def test_file_cut_off_inside_its_last_character_still_decodes(encoding: str, cut: int) -> None:
    data = (TEXT.strip() + "情况").encode(encoding)
    if encoding == "gb18030" and cut == 2:
        cut = 1  # a GB18030 character has two bytes here
    decoded = decode(data[:-cut])
    assert decoded.encoding == encoding
    assert decoded.text == TEXT.strip().replace("\r\n", "\n") + "情"


def test_invalid_bytes_in_the_middle_are_not_treated_as_a_cut() -> None:
    data = TEXT.encode("utf-8")
    broken = data[:5] + b"\xff\xfe\xfd" + data[5:]
    with pytest.raises(InputError):
        decode(broken * 3 + b"\x00\x01\x02" * 50)
