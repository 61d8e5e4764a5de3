"""Bytes to text: BOMs, UTF-8, UTF-16, GB18030/GBK, then charset detection.

Reports reach users as UTF-8 (with or without BOM), as GB18030/GBK from Chinese
Windows tools, and occasionally as UTF-16 from Word's "Unicode text" export.
A file that decodes to nothing sensible raises InputError, which the caller turns
into a finding for that file.
"""

from __future__ import annotations

import codecs
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
            return _finish(data.decode(enc, errors="strict"), enc)
    if not data:
        return Decoded("", "utf-8")
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _finish(data.decode(utf16), utf16)
    for enc in ("utf-8", "gb18030"):
        try:
            return _finish(data.decode(enc), enc)
        except UnicodeDecodeError:
            continue
    return _detect(data)


def _utf16_without_bom(data: bytes) -> str | None:
    # ASCII and CJK in UTF-16 put a NUL in most even (BE) or odd (LE) positions for
    # ASCII; for CJK text there are no NULs, so only trust the NUL pattern.
    sample = data[:4000]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    odd = sample[1::2].count(0)
    even = sample[0::2].count(0)
    half = len(sample) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _detect(data: bytes) -> Decoded:
    from charset_normalizer import from_bytes  # lazy: only for unusual files

    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise InputError("cannot decode the file: not UTF-8, UTF-16 or GB18030 text")
    return _finish(data.decode(best.encoding, errors="replace"), best.encoding)


def _finish(text: str, encoding: str) -> Decoded:
    if _looks_binary(text):
        raise InputError(f"not a text document (decoded as {encoding}, but contains binary data)")
    text = text.translate(_DROP).replace("\r\n", "\n").replace("\r", "\n")
    return Decoded(text, encoding)


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    return controls > max(8, len(sample) // 100)
