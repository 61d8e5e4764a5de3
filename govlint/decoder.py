"""Bytes to text: BOMs, UTF-8, UTF-16, GB18030/GBK, then charset detection.

Reports reach users as UTF-8 (with or without BOM), as GB18030/GBK from Chinese
Windows tools, and occasionally as UTF-16 from Word's "Unicode text" export.
A file that decodes to nothing sensible raises InputError, which the caller turns
into a finding for that file.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from govlint.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Characters that never occur in a real report's text; zero-width ones are dropped.
_DROP = {0x200B: None, 0x200C: None, 0x200D: None, 0xFEFF: None, 0x00AD: None}


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text and the encoding it was read with."""

    text: str
    encoding: str


def decode(data: bytes) -> Decoded:
    """Decode report bytes, trying the encodings Chinese reports actually use."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return _finish(data.decode(enc), enc)
            except UnicodeDecodeError:
                raise InputError(f"the file starts with a {enc} byte-order mark but is not {enc}",
                                 f"文件以 {enc} 字节顺序标记开头，但内容不是 {enc} 编码") from None
    if not data:
        return Decoded("", "utf-8")
    if b"\x00" in data[:4000]:  # NUL bytes never occur in UTF-8 or GB18030 text
        best = _best(data, ("utf-16-le", "utf-16-be"))
        if best is not None:
            return _finish(*best)
    best = _best(data, ("utf-8", "gb18030"))
    if best is not None:
        return _finish(*best)
    return _detect(data)


_CUT_OFF = ("unexpected end of data", "incomplete multibyte sequence")  # UTF-8, GB18030


def _best(data: bytes, encodings: tuple[str, ...]) -> tuple[str, str] | None:
    """The first decoding that looks like report text; a later one only if clearly better.

    Short GB18030 text can also be valid UTF-8 (一 = D2 BB = Cyrillic һ), so a UTF-8
    result made of unlikely characters loses to a GB18030 one made of Chinese.
    """
    found: list[tuple[float, str, str]] = []
    cut_off: list[tuple[float, str, str]] = []  # decodings of a file cut inside its last character
    for enc in encodings:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError as exc:
            if exc.start >= len(data) - 3 and exc.reason in _CUT_OFF and exc.start > 0:
                text = data[: exc.start].decode(enc, errors="replace")
                cut_off.append((plausibility(text), text, enc))
            continue
        found.append((plausibility(text), text, enc))
    return _pick(found) or _pick(cut_off)  # a complete decoding wins over a cut-off one


def _pick(found: list[tuple[float, str, str]]) -> tuple[str, str] | None:
    if not found:
        return None
    score, text, enc = found[0]
    for other_score, other_text, other_enc in found[1:]:
        if other_score > score + 0.2:
            score, text, enc = other_score, other_text, other_enc
    return (text, enc) if score >= 0.5 else None


def plausibility(text: str) -> float:
    """Share of characters a Chinese report is made of (CJK, ASCII, CJK punctuation)."""
    sample = text[:5000]
    if not sample:
        return 1.0
    return 1 - len(_IMPLAUSIBLE.findall(sample)) / len(sample)


# CJK Extension A (U+3400–4DBF) is left out: reports do not use those rare characters, and
# short GB18030 text read as UTF-8 lands there (浈丗 → 䥁F).
_IMPLAUSIBLE = re.compile(
    "[^\t\n\r\x20-\x7e\xa0\xb7\xd7\xf7\u2000-\u206f\u2460-\u257f\u3000-\u303f"
    "\u4e00-\u9fff\uff00-\uffef]"
)


def _detect(data: bytes) -> Decoded:
    from charset_normalizer import from_bytes  # lazy: only for unusual files

    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise InputError("cannot decode the file: not UTF-8, UTF-16 or GB18030 text",
                         "无法识别文件编码（不是 UTF-8、UTF-16 或 GB18030 文本）")
    return _finish(data.decode(best.encoding, errors="replace"), best.encoding)


def _finish(text: str, encoding: str) -> Decoded:
    if _looks_binary(text):
        raise InputError(f"not a text document (decoded as {encoding}, but contains binary data)",
                         "不是文本文件（含有二进制数据）")
    text = text.translate(_DROP).replace("\r\n", "\n").replace("\r", "\n")
    return Decoded(text, encoding)


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    return len(_CONTROL.findall(sample)) > max(8, len(sample) // 100)
