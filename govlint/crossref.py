"""Checks across the reports of a batch: the same organ's consecutive years must connect
(上年结转 = last year's 结转下年度继续办理; 现行有效件数 carried forward), and a report's prose
must not be a near copy of another report (内容雷同).

Each report is reduced to a small picklable Profile in the worker that checked it; the checks
then run on the profiles alone. Near copies are found without comparing every pair: each
report keeps a bottom-k sketch (the K smallest hashes of its sampled 8-character shingles),
reports are compared only when their sketches share values, and the sketches estimate the
Jaccard similarity of the shingle sets."""

from __future__ import annotations

import re
import zlib
from array import array
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from govlint.config import Config
from govlint.document import Document, RowStatus
from govlint.findings import FileResult, Finding, Related
from govlint.numbers import Number, fmt
from govlint.similarity import shared_counts

CARRY, IN_FORCE, COPIED = "GL801", "GL802", "GL803"
K = 64  # sketch size compared
SAMPLE = 256  # hashes kept per report, so that shared boilerplate can be dropped and K remain
PROSE_SECTIONS = ("s1", "s5")
SHINGLE = 8
MIN_CHARS = 200  # prose shorter than this says too little to compare
COPY_THRESHOLD = 0.6  # estimated Jaccard of the shingle sets
MIN_SHARED = 6  # sketch values two reports must share to be compared at all
BOILERPLATE = 16  # a shingle in more reports than this is common wording, not a copy
_NOISE = re.compile(r"[\W\d_a-zA-Z]+")


@dataclass(frozen=True, slots=True)
class Profile:
    """What the cross-report checks need of one report."""

    path: str
    organ: str | None
    year: int | None
    format: str | None
    carry_in: tuple[Number | None, ...] | None  # 表三 二、上年结转 per column
    carry_in_line: int
    carry_out: tuple[Number | None, ...] | None  # 表三 四、结转下年度继续办理 per column
    in_force: tuple[tuple[str, tuple[Number | None, ...]], ...]  # 表二 (row label, made/repealed/valid)
    in_force_line: int
    sketch: bytes  # sorted uint32 hashes, packed (a profile per report is kept for the whole run)
    chars: int
    prose: bytes = b""  # the compared prose, zlib-compressed UTF-8: the shared sentences are quoted from it


def profile_of(doc: Document, result: FileResult) -> Profile:
    """A report's profile (computed where the document is at hand)."""
    t3, t2 = doc.tables.get("t3"), doc.tables.get("t2")
    carry_in, carry_in_line = _row(t3, "r2")
    carry_out, _ = _row(t3, "r25")
    in_force: list[tuple[str, tuple[Number | None, ...]]] = []
    in_force_line = 0
    for rid in ("rules", "normative"):
        values, line = _row(t2, rid)
        if values is not None and result.format == "gov-2021":
            in_force.append((rid, values))
            in_force_line = in_force_line or line
    # 一 and 五 are where a report says what this organ did this year; the preamble and 六 are
    # mostly standard wording every report shares
    text = "\n".join(p.text for sec, p in doc.paragraphs() if sec is not None and sec.template_id in PROSE_SECTIONS)
    prose = _NOISE.sub("", text)
    return Profile(doc.path, doc.organ.name, doc.year, result.format, carry_in, carry_in_line, carry_out,
                   tuple(in_force), in_force_line, sketch(prose), len(prose),
                   zlib.compress(text.encode("utf-8"), 6) if len(prose) >= MIN_CHARS else b"")


def _row(table: Any, rid: str) -> tuple[tuple[Number | None, ...] | None, int]:
    row = table.row(rid) if table is not None else None
    if row is None or row.status != RowStatus.OK:
        return None, 0
    return tuple(c.value for c in row.cells), row.pos.line if row.pos else 0


def sketch(text: str) -> bytes:
    """The SAMPLE smallest hashes of the text's shingles that start at a character whose code
    is divisible by 4 (a content-defined sample: the same passage yields the same shingles)."""
    hashes = {zlib.crc32(text[i:i + SHINGLE].encode("utf-8")) for i in range(len(text) - SHINGLE + 1)
              if ord(text[i]) % 4 == 0}
    return array("I", sorted(hashes)[:SAMPLE]).tobytes()


def hashes(packed: bytes) -> tuple[int, ...]:
    """A packed sketch's hashes."""
    values = array("I")
    values.frombytes(packed)
    return tuple(values)


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Jaccard estimate from two bottom-k sketches."""
    if not a or not b:
        return 0.0
    union = sorted(set(a) | set(b))[:K]
    both = set(a) & set(b)
    return sum(1 for h in union if h in both) / len(union)


def organ_keys(profiles: Iterable[Profile]) -> dict[str, str]:
    """Organ name → the key it is grouped under: a name that ends with a shorter known name
    (淮安市洪泽区人民政府 / 洪泽区人民政府) is the same organ."""
    names = sorted({p.organ for p in profiles if p.organ}, key=len)
    keys: dict[str, str] = {}
    for name in names:  # shorter names first, so a suffix already has its key
        suffix = next((name[i:] for i in range(1, len(name) - 3) if name[i:] in keys), None)
        keys[name] = keys[suffix] if suffix else name
    return keys


def check(profiles: Sequence[Profile], config: Config) -> dict[str, list[Finding]]:
    """Findings per path from the cross-report checks."""
    from govlint.api import pack_for
    from govlint.config import active_codes

    pack = pack_for(config)
    active = active_codes(pack, config)
    out: dict[str, list[Finding]] = defaultdict(list)
    keys = organ_keys(profiles)
    by_organ_year: dict[tuple[str, int], Profile] = {}
    for p in profiles:
        if p.organ and p.year:
            by_organ_year.setdefault((keys[p.organ], p.year), p)
    for (organ, year), this in sorted(by_organ_year.items()):
        last = by_organ_year.get((organ, year - 1))
        if last is None:
            continue
        if CARRY in active:
            out[this.path] += _carry(this, last, pack, config.lang)
        if IN_FORCE in active:
            out[this.path] += _in_force(this, last, pack, config.lang)
    if COPIED in active:
        for path, finding in _copies(profiles, keys, pack, config.lang):
            out[path].append(finding)
    return dict(out)


COLUMNS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
COLUMNS_EN = ("natural persons", "businesses", "research institutions", "public-interest organisations",
              "legal service providers", "others", "total")


def _carry(this: Profile, last: Profile, pack: Any, lang: str) -> list[Finding]:
    if this.carry_in is None or last.carry_out is None or len(this.carry_in) != len(last.carry_out):
        return []
    names = COLUMNS if lang == "zh" else COLUMNS_EN
    wrong = [(names[k], a, b) for k, (a, b) in enumerate(zip(this.carry_in, last.carry_out, strict=True))
             if a is not None and b is not None and a != b and k < len(names)]
    if not wrong:
        return []
    sep = "、" if lang == "zh" else ", "
    columns = sep.join(f"“{n}” {fmt(a)}≠{fmt(b)}" for n, a, b in wrong)
    fields = {"year": this.year, "last_year": last.year, "columns": columns, "other": last.path,
              "found": fmt(wrong[0][1]), "expected": fmt(wrong[0][2])}
    return [_finding(pack, CARRY, this.path, this.carry_in_line, fields, lang, last,
                     table=("t3", "二、上年结转政府信息公开申请数量", wrong[0][0]))]


def _in_force(this: Profile, last: Profile, pack: Any, lang: str) -> list[Finding]:
    before = dict(last.in_force)
    wrong = []
    for rid, (made, repealed, valid) in this.in_force:
        prior = before.get(rid)
        if prior is None or None in (made, repealed, valid, prior[2]):
            continue
        expected = prior[2] + made - repealed  # type: ignore[operator]
        if expected != valid:
            label = "规章" if rid == "rules" else "行政规范性文件"
            wrong.append((label, expected, valid, prior[2], made, repealed))
    if not wrong:
        return []
    label, expected, valid, prior_valid, made, repealed = wrong[0]
    fields = {"year": this.year, "last_year": last.year, "row": label, "expected": fmt(expected),
              "found": fmt(valid), "last_valid": fmt(prior_valid), "made": fmt(made), "repealed": fmt(repealed),
              "other": last.path}
    return [_finding(pack, IN_FORCE, this.path, this.in_force_line, fields, lang, last,
                     table=("t2", label, "现行有效件数"))]


def _copies(profiles: Sequence[Profile], keys: dict[str, str], pack: Any, lang: str) -> list[tuple[str, Finding]]:
    """Pairs of reports whose prose is nearly the same, found through shared sketch values."""
    usable = [p for p in profiles if p.chars >= MIN_CHARS and p.sketch]
    sketches = _without_boilerplate([hashes(p.sketch) for p in usable])
    shared = shared_counts(sketches, BOILERPLATE)
    out = []
    for (i, j), n in sorted(shared.items()):
        if n < max(MIN_SHARED, COPY_THRESHOLD * min(len(sketches[i]), len(sketches[j])) / 2):
            continue  # too few shared values for the similarity to reach the threshold
        a, b = usable[i], usable[j]
        score = similarity(sketches[i], sketches[j])
        if score < COPY_THRESHOLD:
            continue
        same = bool(a.organ and b.organ and keys.get(a.organ) == keys.get(b.organ))
        if same and a.year == b.year:
            continue  # one report kept twice (as PDF and as text): not a copy
        later, earlier = (b, a) if (b.year or 0, b.path) >= (a.year or 0, a.path) else (a, b)
        common = _shared(later, earlier)
        fields = {"similarity": f"{score:.0%}", "other": earlier.path, "other_organ": earlier.organ or "?",
                  "other_year": earlier.year or "?", "relation": _relation(same, lang),
                  "passages": _passages(common, lang)}
        # the finding points at the first shared sentence, in both reports
        line, other_line = (_line_of(later.path, common[0]), _line_of(earlier.path, common[0])) if common else (1, 1)
        out.append((later.path, _finding(pack, COPIED, later.path, line, fields, lang, earlier, other_line=other_line)))
    return out


def _without_boilerplate(sketches: list[tuple[int, ...]]) -> list[tuple[int, ...]]:
    """Each sketch's K smallest hashes after dropping those in many reports: shingles of
    wording every report uses (a copy is shared by a handful of reports, not by dozens). The
    fixed limit also bounds the pairs counted per hash, so the work stays linear."""
    limit = BOILERPLATE
    df: dict[int, int] = defaultdict(int)
    for own in sketches:
        for h in own:
            df[h] += 1
    return [tuple(h for h in own if df[h] <= limit)[:K] for own in sketches]


def _shared(this: Profile, other: Profile) -> list[str]:
    """The sentences of this report's compared prose that the other's has, in document order."""
    theirs = set(_sentences(other.prose))
    return [s for s in _sentences(this.prose) if s in theirs]


def _line_of(path: str, sentence: str) -> int:
    """The line of a file where a sentence starts (1 if the file cannot be read again: the
    profiles may have been made on other machines)."""
    from govlint import api
    from govlint.errors import InputError

    try:
        text = api.read_path(path).text
    except (InputError, OSError):
        return 1
    at = text.find(sentence[:12])  # a sentence may run over a line break in the file
    return text.count("\n", 0, at) + 1 if at >= 0 else 1


def _passages(shared: list[str], lang: str, shown: int = 2) -> str:
    """The longest of the shared sentences, for the message."""
    # longest first, ties in document order: the message must not depend on hash order
    common = sorted(shared, key=len, reverse=True)[:shown]
    if not common:
        return ""
    quoted = "；".join(f"“{s[:40]}{'…' if len(s) > 40 else ''}”" for s in common)
    return f"；相同的句子如：{quoted}" if lang == "zh" else f"; shared sentences include: {quoted}"


def _sentences(packed: bytes) -> list[str]:
    text = zlib.decompress(packed).decode("utf-8") if packed else ""
    sentences = (s.strip() for s in re.split(r"[。；！？\n]", text))
    return list(dict.fromkeys(s for s in sentences if len(s) >= 15))


def _relation(same: bool, lang: str) -> str:
    if lang == "zh":
        return "同一机关往年的报告" if same else "另一机关的报告"
    return "the same organ's earlier report" if same else "another organ's report"


def _finding(pack: Any, code: str, path: str, line: int, fields: dict[str, Any], lang: str, other: Profile,
             table: tuple[str, str, str] | None = None, other_line: int = 1) -> Finding:
    tid, row, col = table or (None, None, None)
    return pack.rule(code).finding(  # type: ignore[no-any-return]
        lang, path, fields, line=max(line, 1), table=tid, row=row, col=col,
        expected=str(fields.get("expected")) if "expected" in fields else None,
        found=str(fields.get("found")) if "found" in fields else None,
        related=(Related(max(other_line, 1), 1, path=other.path),),
        evidence={"other": other.path, "other_year": other.year})
