"""Suppression: a baseline of known findings and waivers from the config.

**Baseline file** (`--write-baseline F`, `--baseline F`): JSON, committed next to the archive::

    {"version": 1, "tool": "govlint", "entries": [
      {"code": "GL301", "path": "2023/某县.txt", "anchor": "t3|(一)予以公开|总计", "occurrence": 1,
       "fingerprint": "5f0c2d7e9a41b3c8"}, ...]}

Entries are sorted (path, code, anchor, occurrence) so that rewriting a baseline gives a small,
stable diff. `path` is relative to the folder of the baseline file, with forward slashes, so the
archive and its baseline can move together. Nothing in an entry depends on line or column:

* `anchor`: for a finding on a table cell, row or column, the table id and the row and column
  labels, NFKC-normalised and without whitespace (`t3|(一)予以公开|总计`; language-independent:
  the labels are the report's own, and a changed number in the cell is the same finding); for any
  other finding (including a table-level one, appended after `t3||`), the finding's message,
  NFKC-normalised, with runs of whitespace collapsed, references to lines (“第 15 行”, “line 15”)
  replaced by a placeholder and the paths of other reports made relative like `path`. Numbers
  other than line numbers are kept, so two findings that differ only by a number stay distinct.
* `occurrence`: 1, 2, … among the findings of one file with the same code and anchor, in
  document order (an insertion elsewhere does not reorder them).
* `fingerprint`: the first 16 hex digits of SHA-256 over code, path, anchor and occurrence; it
  alone is matched. A finding is baselined when an unused entry with its fingerprint is left
  (multiset semantics: two identical findings need two entries).

Message-based anchors are in the language of the run (`--lang`): a baseline written in one
language matches table findings in both, other findings only in its own.

**Waivers** (`waivers:` in a config file): a rule (code, code prefix such as `GL3`, rule name, or
`ALL`), a required reason, optionally a path — a .gitignore-style pattern (pathspec
`GitIgnoreSpec`, as `--include`/`--exclude`) matched against the file's path relative to the
folder of the config file — optionally `contains` (a substring of the message or of the source
line), and optionally an expiry date. After that date (today > expires) the waiver no longer
suppresses; every finding it would have suppressed gets, right after it, a GL014 finding at the
same place naming the waiver and its expiry date (unless a valid waiver or the baseline covers
the finding: then the expired waiver is moot, and counts as unused).

A finding matched by a valid waiver is marked `Suppression("waiver", reason, "config:line")`;
otherwise one matched by the baseline `Suppression("baseline", "", baseline)`. A baseline entry
matched by a waived finding is used up too, so it is not reported as fixed.

With `warn_unused`, `leftovers()` gives GL015 findings: one per waiver that matched nothing (on
its line of the config file) and one on line 1 of the baseline listing the entries that matched
nothing, among those of the files checked in this run or of files that no longer exist. GL014
and GL015 are about the suppressions themselves: they are never written to a baseline, and
neither the baseline nor waivers suppress them (edit the config instead).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from govlint.config import selects
from govlint.discover import matches_glob
from govlint.errors import UsageError
from govlint.findings import FileResult, Finding, Suppression

BASELINE_VERSION = 1
WAIVER_EXPIRED, UNUSED_SUPPRESSION = "GL014", "GL015"
OWN_CODES = frozenset({WAIVER_EXPIRED, UNUSED_SUPPRESSION})  # findings about the suppressions themselves
LISTED = 10  # unused baseline entries named in the GL015 finding
FINGERPRINT_DIGITS = 16

_LINE_REF = re.compile(r"第\s*\d+(?:\s*[-–~～至到、,，]\s*\d+)*\s*行"
                       r"|\blines?\s+\d+(?:\s*(?:[-–,]|and|to)\s*\d+)*", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


# --------------------------------------------------------------------------- fingerprints


def normalize(text: str) -> str:
    """Text as it enters an anchor: NFKC, line references replaced, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text)
    text = _LINE_REF.sub(lambda m: "第#行" if m.group().startswith("第") else "line #", text)
    return _SPACE.sub(" ", text).strip()


def _label(text: str | None) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFKC", text or ""))


def anchor(f: Finding, rel: Callable[[str], str] | None = None) -> str:
    """Where a finding is, without line or column: table cell labels, else its normalised message.
    `rel` maps the paths of other reports named in the message (cross-report findings)."""
    if f.table and (f.row or f.col):
        return f"{f.table}|{_label(f.row)}|{_label(f.col)}"
    message = f.message
    if rel is not None:
        others = {r.path for r in f.related if r.path}
        other = f.evidence.get("other") if isinstance(f.evidence, dict) else None
        if isinstance(other, str) and other:
            others.add(other)
        for path in sorted(others, key=len, reverse=True):
            message = message.replace(path, rel(path))
    text = normalize(message)
    return f"{f.table}||{text}" if f.table else text


def fingerprint(code: str, path: str, anchor_text: str, occurrence: int) -> str:
    """The short hash that identifies a finding across runs."""
    data = "\x1f".join((code, path, anchor_text, str(occurrence))).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:FINGERPRINT_DIGITS]


@dataclass(frozen=True, slots=True, order=True)
class Entry:
    """One baseline entry (the order is the file's order)."""

    path: str
    code: str
    anchor: str
    occurrence: int
    fingerprint: str

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {"code": self.code, "path": self.path, "anchor": self.anchor, "occurrence": self.occurrence,
                "fingerprint": self.fingerprint}


class Occurrences:
    """Assigns entries to findings as they arrive, file by file, counting occurrences of equal
    (path, code, anchor) in document order across the calls for one path."""

    def __init__(self, rel: Callable[[str], str], skip: frozenset[str] = OWN_CODES) -> None:
        self.rel, self.skip = rel, skip
        self.seen: Counter[tuple[str, str, str]] = Counter()

    def assign(self, path: str, findings: Sequence[Finding]) -> list[Entry | None]:
        """An entry per finding (None for GL014/GL015, which are never baselined)."""
        where = self.rel(path)
        keys: list[tuple[str, str, str] | None] = [
            None if f.code in self.skip else (where, f.code, anchor(f, self.rel)) for f in findings]
        order = sorted((k for k in range(len(findings)) if keys[k] is not None),
                       key=lambda k: (findings[k].line, findings[k].column, k))
        out: list[Entry | None] = [None] * len(findings)
        for k in order:
            key = keys[k]
            assert key is not None
            self.seen[key] += 1
            n = self.seen[key]
            out[k] = Entry(key[0], key[1], key[2], n, fingerprint(key[1], key[0], key[2], n))
        return out


def fingerprints(findings: Sequence[Finding]) -> list[str]:
    """Line-independent identities of findings (paths as given), distinct for distinct findings:
    the recipe of the baseline, for SARIF partialFingerprints."""
    occ = Occurrences(lambda p: p.replace("\\", "/"), frozenset())
    by_path: dict[str, list[int]] = {}
    for k, f in enumerate(findings):
        by_path.setdefault(f.path, []).append(k)
    out = [""] * len(findings)
    for path, indices in by_path.items():
        for k, entry in zip(indices, occ.assign(path, [findings[k] for k in indices]), strict=True):
            assert entry is not None
            out[k] = entry.fingerprint
    return out


def _relative_to(base: Path) -> Callable[[str], str]:
    """Paths → relative to `base`, forward slashes (memoised)."""
    base = base.resolve()

    @cache
    def rel(path: str) -> str:
        try:
            return Path(os.path.relpath(Path(path).resolve(), base)).as_posix()
        except (ValueError, OSError):  # another drive, a name that is not a path
            return path.replace("\\", "/")

    return rel


# --------------------------------------------------------------------------- baseline file


def write_baseline(path: Path, results: Iterable[FileResult], extra: Iterable[tuple[str, Sequence[Finding]]] = ()
                   ) -> int:
    """Write a baseline of every finding (sorted, stable across runs); the number of entries.
    Suppressed findings are included; GL014/GL015 (about the suppressions) are not."""
    path = Path(path)
    occ = Occurrences(_relative_to(path.parent))
    entries: list[Entry] = []
    for result in results:
        entries.extend(e for e in occ.assign(result.path, result.findings) if e is not None)
    for where, findings in extra:
        entries.extend(e for e in occ.assign(where, findings) if e is not None)
    entries.sort()
    doc = {"version": BASELINE_VERSION, "tool": "govlint", "entries": [e.to_dict() for e in entries]}
    text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8", newline="\n")
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UsageError(f"cannot write the baseline {path}: {exc.strerror or exc}") from None
    return len(entries)


def read_baseline(path: Path) -> list[Entry]:
    """The entries of a baseline file; a missing or malformed file is a usage error."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UsageError(f"baseline file not found: {path} (create it with --write-baseline {path})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read the baseline {path}: {exc}") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path}:{exc.lineno}:{exc.colno}: the baseline is not valid JSON: {exc.msg}") from None
    except RecursionError:  # [[[[… thousands deep: the decoder gives up without a position
        from govlint.schema import nesting_line

        raise UsageError(f"{path}:{nesting_line(text)}: not a govlint baseline: nested too deeply") from None
    if not isinstance(doc, dict) or doc.get("tool") != "govlint" or not isinstance(doc.get("entries"), list):
        raise UsageError(f"{path}: not a govlint baseline (expected {{\"version\": 1, \"tool\": \"govlint\", "
                         "\"entries\": [...]}})")
    if doc.get("version") != BASELINE_VERSION:
        raise UsageError(f"{path}: baseline version {doc.get('version')!r} is not supported "
                         f"(this govlint reads version {BASELINE_VERSION}); rewrite it with --write-baseline")
    entries = []
    for k, raw in enumerate(doc["entries"]):
        try:
            code, where, anchor_text = str(raw["code"]), str(raw["path"]), str(raw["anchor"])
            occurrence = int(raw.get("occurrence", 1))
            print_ = str(raw.get("fingerprint") or fingerprint(code, where, anchor_text, occurrence))
        except (KeyError, TypeError, ValueError, AttributeError):
            raise UsageError(f"{path}: baseline entry {k + 1} needs code, path, anchor and occurrence") from None
        entries.append(Entry(where, code, anchor_text, occurrence, print_))
    return entries


# --------------------------------------------------------------------------- waivers


@dataclass(frozen=True, slots=True)
class Waiver:
    """An accepted finding: `rule` (code, code prefix or name) in files matching `path` (a glob
    relative to the folder of the config file that declares it; None: every file), optionally
    only where the finding's message/source contains `contains`; `reason` is required; after
    `expires` the waiver no longer applies and each finding it would have suppressed gets an
    expired-waiver finding."""

    rule: str
    reason: str
    path: str | None = None
    contains: str | None = None
    expires: date | None = None
    source: str = ""  # config file
    line: int = 0  # line of the waiver in that file
    root: str = "."  # folder `path` is relative to

    def selects(self, f: Finding) -> bool:
        """Whether the waiver's rule names the finding's rule (code, prefix, name or ALL)."""
        return selects(self.rule, f.code, f.name)

    def covers(self, path: str) -> bool:
        """Whether the file at `path` is within the waiver's path pattern."""
        if not self.path:
            return True
        return matches_glob(path, self.path, self.root)

    def mentions(self, f: Finding) -> bool:
        """Whether `contains` (if any) is in the finding's message or source line."""
        return not self.contains or self.contains in f.message or self.contains in (f.source or "")

    def expired(self, today: date) -> bool:
        """Past its expiry date."""
        return self.expires is not None and today > self.expires

    @property
    def where(self) -> str:
        """config-file:line."""
        return f"{self.source}:{self.line}" if self.line else self.source


# --------------------------------------------------------------------------- the hook


class Suppressor:
    """Marks findings suppressed by a baseline or a waiver (Finding.suppression); usable as the
    `post` hook of govlint.runner.report."""

    def __init__(self, baseline: Path | None = None, waivers: Sequence[Waiver] = (), today: date | None = None,
                 warn_unused: bool = False, lang: str = "zh") -> None:
        self.baseline = Path(baseline) if baseline is not None else None
        self.waivers = tuple(waivers)
        self.today = today or date.today()
        self.warn_unused = warn_unused
        self.lang = lang
        self.entries: list[Entry] = read_baseline(self.baseline) if self.baseline is not None else []
        self.remaining: Counter[str] = Counter(e.fingerprint for e in self.entries)
        base = self.baseline.parent if self.baseline is not None else Path.cwd()
        self.base = base
        self.occurrences = Occurrences(_relative_to(base))
        self.used: set[int] = set()  # waivers (by index) that matched a finding
        self.expired_used: set[int] = set()
        self.checked: set[str] = set()  # baseline-relative paths seen
        self.counts: Counter[str] = Counter()  # suppressed findings by kind, GL014 findings ("expired")

    def __call__(self, path: str, findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
        entries = self.occurrences.assign(path, findings)
        self.checked.add(self.occurrences.rel(path))
        out: list[Finding] = []
        for f, entry in zip(findings, entries, strict=True):
            if entry is None:  # GL014/GL015 from elsewhere: left as they are
                out.append(f)
                continue
            valid: list[int] = []
            lapsed: list[int] = []
            for k, w in enumerate(self.waivers):
                if w.selects(f) and w.mentions(f) and w.covers(path):
                    (lapsed if w.expired(self.today) else valid).append(k)
            baselined = self.remaining[entry.fingerprint] > 0
            if baselined:
                self.remaining[entry.fingerprint] -= 1
            self.used.update(valid)
            if valid:
                w = self.waivers[valid[0]]
                out.append(replace(f, suppression=Suppression("waiver", w.reason, w.where)))
                self.counts["waiver"] += 1
            elif baselined:  # an expired waiver of a baselined finding is moot (and unused)
                out.append(replace(f, suppression=Suppression("baseline", "", str(self.baseline))))
                self.counts["baseline"] += 1
            else:
                out.append(f)
                self.expired_used.update(lapsed)
                for k in lapsed:
                    out.append(self._expired(f, self.waivers[k]))
                    self.counts["expired"] += 1
        return tuple(out)

    def _expired(self, f: Finding, w: Waiver) -> Finding:
        fields = {"source": _display(w.source), "line": w.line, "expires": w.expires.isoformat() if w.expires else "",
                  "reason": w.reason, "rule": w.rule}
        return replace(_finding(WAIVER_EXPIRED, self.lang, fields, f.path, f.line, f.column),
                       section=f.section, table=f.table, table_name=f.table_name, row=f.row, col=f.col,
                       source=f.source, related=(), evidence={"waiver": w.where, "expires": fields["expires"],
                                                               "finding": f.code})

    def unused_entries(self) -> list[Entry]:
        """Baseline entries that matched nothing, among the files checked in this run (or files
        that no longer exist): their findings were fixed."""
        left = Counter(self.remaining)
        out = []
        for e in sorted(self.entries):
            if left[e.fingerprint] <= 0:
                continue
            if e.path in self.checked or not (self.base / e.path).exists():
                out.append(e)
                left[e.fingerprint] -= 1
        return out

    def unused_waivers(self) -> list[Waiver]:
        """Waivers that matched no finding in this run."""
        return [w for k, w in enumerate(self.waivers) if k not in self.used and k not in self.expired_used]

    def leftovers(self) -> list[tuple[str, list[Finding]]]:
        """After the run: findings about the suppressions themselves, per file (unused baseline
        entries and unused waivers when warn_unused), to pass to the reporters' `extra`."""
        if not self.warn_unused:
            return []
        out: dict[str, list[Finding]] = {}
        zh = self.lang == "zh"
        for w in self.unused_waivers():
            what = (f"此豁免（规则 {w.rule}，理由：{w.reason}）" if zh else f"This waiver (rule {w.rule}: {w.reason})")
            f = _finding(UNUSED_SUPPRESSION, self.lang, {"what": what, "detail": ""}, w.source or "<config>",
                         max(w.line, 1), 1)
            out.setdefault(f.path, []).append(replace(f, evidence={"waiver": w.where, "rule": w.rule}))
        unused = self.unused_entries()
        if unused and self.baseline is not None:
            shown = "；".join if zh else "; ".join
            listed = shown(f"{e.code} {e.path}（{e.anchor}）" if zh else f"{e.code} {e.path} [{e.anchor}]"
                           for e in unused[:LISTED])
            more = len(unused) - LISTED
            if more > 0:
                listed += f"；另有 {more} 条" if zh else f"; and {more} more"
            n = len(unused)
            what = f"基线中的 {n} 条记录" if zh else f"{n} baseline entr{'y' if n == 1 else 'ies'}"
            detail = f"（问题已修正，或文件已不存在）：{listed}" if zh else f" (fixed, or the file is gone): {listed}"
            f = _finding(UNUSED_SUPPRESSION, self.lang, {"what": what, "detail": detail}, str(self.baseline), 1, 1)
            out.setdefault(f.path, []).append(replace(f, evidence={"entries": [e.to_dict() for e in unused]}))
        return [(path, findings) for path, findings in out.items()]

    def summary(self) -> str:
        """One line for stderr: how many findings were baselined / waived, how many baseline
        entries no longer match (fixed) ('' when nothing to say)."""
        b, w, x = self.counts["baseline"], self.counts["waiver"], self.counts["expired"]
        stale = len(self.unused_entries()) if self.baseline is not None else 0
        zh = self.lang == "zh"
        parts = []
        if b:
            parts.append(f"基线抑制了 {b} 个问题" if zh else f"{b} finding(s) baselined")
        if w:
            parts.append(f"豁免了 {w} 个问题" if zh else f"{w} waived")
        if x:
            parts.append(f"{x} 个问题的豁免已过期" if zh else f"{x} finding(s) under an expired waiver")
        if stale:
            parts.append(f"基线中有 {stale} 条记录已不再匹配（问题已修正），可用 --write-baseline 更新基线" if zh else
                         f"{stale} baseline entr{'y' if stale == 1 else 'ies'} no longer match (fixed): "
                         "rerun with --write-baseline to drop them")
        return ("；" if zh else "; ").join(parts)


def _display(path: str) -> str:
    """A config path as shown in messages: relative to the working folder when inside it."""
    try:
        rel = os.path.relpath(Path(path).resolve(), Path.cwd().resolve())
    except (ValueError, OSError):
        return path
    return path if rel.startswith("..") else Path(rel).as_posix()


def _finding(code: str, lang: str, fields: dict[str, Any], path: str, line: int, column: int) -> Finding:
    return _rule(code).finding(lang, path, fields, line=line, column=column)  # type: ignore[no-any-return]


def _rule(code: str) -> Any:
    """The built-in rule (texts from rules/common/engine.yaml)."""
    from govlint.rulepack import builtin_rule

    rule = builtin_rule(code)
    if rule is not None:
        return rule
    raise UsageError(f"built-in rule {code} not found (is govlint installed correctly?)")  # pragma: no cover
