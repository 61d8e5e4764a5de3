"""Standard streams that take every character govlint prints, in any console encoding.

Redirected output on Chinese Windows is GBK (cp936); a report can hold characters GBK does not
have (look-alike radicals from PDFs, rare names), and govlint's own output uses a few symbols
(›, ∅, −). On a stream whose encoding cannot take a character, govlint's symbols get a plain
form and anything else becomes '?': the output is never cut short by an encoding error, so the
exit code never depends on the console. UTF-8 streams are left exactly as they are.
"""

from __future__ import annotations

import codecs
import contextlib
import sys
from typing import Any

HANDLER = "govlint-console"
# GBK-safe forms of the symbols govlint itself prints (section paths, empty cells, minus).
FALLBACKS = {"›": ">", "∅": "（空）", "−": "-", "…": "...", "\u00a0": " ", "\u2009": " ", "\u200b": ""}


def _replace(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):  # pragma: no cover - only registered for encoding
        raise error
    encoding = error.encoding
    out = []
    for char in error.object[error.start:error.end]:
        plain = FALLBACKS.get(char, "?")
        try:
            plain.encode(encoding)
        except (UnicodeEncodeError, LookupError):
            plain = "?"
        out.append(plain)
    return "".join(out), error.end


codecs.register_error(HANDLER, _replace)


def make_safe(stream: Any) -> None:
    """Let `stream` (a text stream) write every character: unchanged if its encoding is a UTF
    one, otherwise characters it cannot encode are replaced (see FALLBACKS)."""
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
    if not encoding or encoding.startswith("utf") or not hasattr(stream, "reconfigure"):
        return
    with contextlib.suppress(ValueError, OSError):  # a stream that cannot be reconfigured stays as it is
        stream.reconfigure(errors=HANDLER)


def make_standard_streams_safe() -> None:
    """Apply make_safe to stdout and stderr (at the start of every command)."""
    make_safe(sys.stdout)
    make_safe(sys.stderr)
