"""Top-level section headings (一、…六、) and their match to the format's required sections."""

from __future__ import annotations

import re
from dataclasses import dataclass

from govlint.normalize import key
from govlint.parser.lines import LLine
from govlint.templates import SectionDef, Template

_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}
_TOP = re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、.]\s*(.*)$")
_NUMBER_TOKEN = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")
_CLAUSE_END = re.compile(r"[。：:；;，,]")
_TITLE_WORD_END = re.compile(r"情况|事项")
MAX_TITLE = 30


def chinese_ordinal(text: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十 → 20 (0 if not a numeral)."""
    if not text:
        return 0
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _DIGITS.get(text[1:], 0)
    if len(text) >= 2 and text[1] == "十":
        return _DIGITS.get(text[0], 0) * 10 + (_DIGITS.get(text[2:], 0) if len(text) > 2 else 0)
    return _DIGITS.get(text, 0) if len(text) == 1 else 0


@dataclass(frozen=True, slots=True)
class Heading:
    """A top-level heading found on a logical line."""

    index: int  # index of the logical line
    number: str
    title: str
    rest: str  # text after the title on the same line
    rest_offset: int  # offset of `rest` within the line text
    known: SectionDef | None  # section whose exact title or listed variant this is

    @property
    def ordinal(self) -> int:
        """The heading number as an int."""
        return chinese_ordinal(self.number)


def find_headings(lines: tuple[LLine, ...], template: Template) -> tuple[list[Heading], list[Heading]]:
    """Top-level headings in order, and the 一、… headings that restart the numbering under
    an unknown title (kept as text: a sub-list, not a section). Table rows such as
    四、结转下年度继续办理 are neither."""
    titles = template.title_keys
    veto = template.heading_veto
    out: list[Heading] = []
    demoted: list[Heading] = []
    for index, ll in enumerate(lines):
        heading = _heading(index, ll, titles, veto)
        if heading is None or (heading.known is None and index and _runs_on(lines[index - 1])):
            continue
        if heading.known is None and out and heading.ordinal <= out[-1].ordinal:
            demoted.append(heading)
            continue
        out.append(heading)
    return out, demoted


WRAP_MIN = 20  # a line at least this long that stops mid-sentence was wrapped by the printer


def _runs_on(previous: LLine) -> bool:
    """Whether the line before runs on into this one: a long line of text that stops on a
    character instead of punctuation (“…形式较为单” / “一、部分栏目…”): the “一、” on the next
    line is where the printer wrapped the paragraph, not a heading."""
    text = previous.norm.rstrip()
    return len(text) >= WRAP_MIN and "\u4e00" <= text[-1] <= "\u9fff"


def _heading(index: int, ll: LLine, titles: dict[str, SectionDef], veto: re.Pattern[str]) -> Heading | None:
    folded = ll.norm
    m = _TOP.match(folded)
    if not m:
        return None
    number, rest_start = m.group(1), m.start(2)
    rest = folded[rest_start:]
    known = _known_title(rest, titles)
    if known is not None:
        length, sec = known
        end = rest_start + length
        return Heading(index, number, ll.text[rest_start:end], ll.text[end:].strip(), end, sec)
    if veto.search(key(rest)[:24]) or len(_NUMBER_TOKEN.findall(rest)) >= 2:
        return None
    cut = _title_end(rest)
    title = rest[:cut]
    if len(key(title)) < 2 or len(key(title)) > MAX_TITLE:
        return None
    tail = rest[cut:].lstrip("。：:；; \t")
    return Heading(index, number, ll.text[rest_start:rest_start + cut].strip(), tail.strip(),
                   len(ll.text) - len(tail), None)


def _title_end(rest: str) -> int:
    """Where an unknown title ends: clause punctuation, a space, or right after 情况/事项."""
    ends = [len(rest)]
    clause = _CLAUSE_END.search(rest)
    if clause:
        ends.append(clause.start())
    space = re.search(r"\s", rest.strip())
    if space:
        ends.append(space.start() + (len(rest) - len(rest.lstrip())))
    word = _TITLE_WORD_END.search(rest, 0, MAX_TITLE + 4)
    if word:
        ends.append(word.end())
    return min(ends)


def _known_title(rest: str, titles: dict[str, SectionDef]) -> tuple[int, SectionDef] | None:
    """Length (in `rest`) and section of the longest exact title or variant `rest` starts with."""
    compact = key(rest[:60])
    best: tuple[str, SectionDef] | None = None
    for title_key, sec in titles.items():
        if compact.startswith(title_key) and (best is None or len(title_key) > len(best[0])):
            best = (title_key, sec)
    if best is None:
        return None
    return _prefix_length(rest, len(best[0])), best[1]


def _prefix_length(text: str, n_chars: int) -> int:
    """Length of the shortest prefix of `text` holding `n_chars` non-space characters."""
    seen = 0
    for i, ch in enumerate(text):
        if not ch.isspace():
            seen += 1
            if seen == n_chars:
                return i + 1
    return len(text)


def assign_sections(headings: list[Heading], template: Template) -> dict[int, SectionDef]:
    """Map heading positions (in `headings`) to required sections.

    Exact titles and listed variants win; a section still unmatched then takes the first
    free heading whose title contains its key words (a renamed section).
    """
    taken: dict[int, SectionDef] = {}
    used: set[str] = set()
    for pos, h in enumerate(headings):
        if h.known is not None and h.known.id not in used:
            taken[pos] = h.known
            used.add(h.known.id)
    for sec in template.sections:
        if sec.id in used:
            continue
        for pos, h in enumerate(headings):
            if pos not in taken and h.known is None and sec.match.search(key(h.title)):
                taken[pos] = sec
                used.add(sec.id)
                break
    return taken
