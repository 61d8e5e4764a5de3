"""The library surface: check bytes, text, a file or many paths; every call is pure."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from govlint import formats
from govlint.config import Config, active_codes
from govlint.document import Document, Pos, TableStatus
from govlint.engine import make, run
from govlint.errors import InputError
from govlint.findings import FileResult, Finding
from govlint.health import extraction
from govlint.infer import infer
from govlint.kinds.base import Hit, Text
from govlint.parser import parse
from govlint.readers import SUPPORTED, Source, read, read_bytes
from govlint.rulepack import Pack, load_pack

DEFAULT_PACK = formats.DEFAULT
UNREADABLE = "GL001"
UNSUPPORTED = "GL011"
NOT_A_REPORT = "GL013"


def pack_for(config: Config) -> Pack:
    """The rule pack a run uses."""
    return pack_named(config.pack or DEFAULT_PACK, config)


def pack_named(name: str, config: Config) -> Pack:
    """A pack, with the extra rule files of `config.rule_paths` on top."""
    if not config.rule_paths:
        return load_pack(name)
    from govlint.rulepack import with_rules

    return with_rules(load_pack(name), config.rule_paths)


def check_text(text: str, name: str = "<text>", config: Config | None = None, encoding: str = "utf-8") -> FileResult:
    """Check a report given as text, with the pack of its format (or `config.pack`)."""
    return check_document(text, name, config or Config(), encoding)[0]


def check_document(text: str, name: str, config: Config, encoding: str = "utf-8") -> tuple[FileResult, Document]:
    """The findings for a report's text, and the document they were found in."""
    doc, pack, choice = parse_text(text, name, config, encoding)
    codes = active_codes(pack, config)
    reason = not_a_report(doc, config.lang)
    if reason:
        rule = pack.rule(NOT_A_REPORT)
        findings = [make(rule, Hit(Pos(1), {"reason": reason}), doc, config.lang)] if rule and NOT_A_REPORT in codes \
            else []
    else:
        notices = _notices(choice, doc, pack, codes, config.lang) if choice and choice.notice else []
        findings = notices if choice and choice.notice == UNSUPPORTED else notices + run(doc, pack, codes,
                                                                                         config.lang)
    result = FileResult(name, tuple(sorted(findings, key=Finding.sort_key)), pack.name, doc.year, doc.title,
                        encoding, extraction(doc, pack.template), doc.organ.name)
    return result, doc


MIN_PROSE = 120  # a shorter text is a fragment being tried out (a rule's example), not a stray document


def not_a_report(doc: Document, lang: str = "zh") -> str:
    """Why the document is some other text a folder walk brought in (a README, a provenance
    list, a news item), or '' if it may be a report: no title naming a disclosure report, none of
    the format's sections, and either mostly not Chinese or none of the format's tables."""
    titled = bool(doc.title and "报告" in doc.title and "公开" in doc.title)  # not any 报告: a README's 归档报告
    if titled or any(s.template_id for s in doc.sections):
        return ""
    text = "".join(doc.lines[:400])
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    if cjk < latin:
        return "以外文为主" if lang == "zh" else "mostly non-Chinese text"
    if cjk >= MIN_PROSE and all(t.status == TableStatus.ABSENT for t in doc.tables.values()):
        return "也没有格式规定的任何表格" if lang == "zh" else "none of the format's tables"
    return ""


def parse_text(text: str, name: str, config: Config, encoding: str = "utf-8"
               ) -> tuple[Document, Pack, formats.Choice | None]:
    """Parse a report with the pack of its format (or `config.pack`); the choice made, if any."""
    if config.pack is not None:
        pack = pack_for(config)
        return infer(parse(text, pack.template, name, encoding), pack), pack, None
    # The year in the title usually decides the pack before parsing; parse again only
    # when the parsed document says otherwise.
    guess = formats.quick_year(text)
    choice = formats.choose(text, guess)
    pack = pack_named(choice.pack, config)
    doc = parse(text, pack.template, name, encoding)
    if doc.year != guess:
        choice = formats.choose(text, doc.year)
        if choice.pack != pack.name:
            pack = pack_named(choice.pack, config)
            doc = parse(text, pack.template, name, encoding)
    return infer(doc, pack), pack, choice


def _notices(choice: formats.Choice, doc: Document, pack: Pack, codes: frozenset[str], lang: str) -> list[Finding]:
    """The format finding (GL010 or GL011) for a document."""
    rule = pack.rule(choice.notice or "")
    if rule is None or rule.code not in codes:
        return []
    expected = load_pack(choice.expected).template.name if choice.expected else {"zh": "", "en": ""}
    fields = {"year": doc.year or "?", "markers": "”“".join(choice.markers[:3]).replace("\\", ""),
              "expected": Text(expected["zh"], expected["en"]),
              "found": Text(pack.template.name["zh"], pack.template.name["en"])}
    return [make(rule, Hit(doc.title_pos or Pos(1), fields), doc, lang)]


def check_bytes(name: str, data: bytes, config: Config | None = None) -> FileResult:
    """Check a report given as the bytes of a file named `name`. Never raises for bad input."""
    config = config or Config()
    try:
        source = read(name, data)
    except InputError as exc:
        return unreadable(name, exc.text(config.lang), config)
    return check_text(source.text, name, config, source.encoding)


def check_path(path: str | Path, config: Config | None = None) -> FileResult:
    """Check one file. Never raises for bad input."""
    config = config or Config()
    try:
        source = read_path(path)
    except InputError as exc:
        return unreadable(str(path), exc.text(config.lang), config)
    return check_text(source.text, str(path), config, source.encoding)


def read_path(path: str | Path) -> Source:
    """A file's text; raises InputError when it cannot be opened or read. A file over the
    size limit is refused before it is read."""
    return read(str(path), read_bytes(path))


def unreadable(name: str, reason: str, config: Config) -> FileResult:
    """The result for a file that could not be read: one GL001 finding."""
    return file_notice(name, UNREADABLE, {"reason": reason}, config)


def file_notice(name: str, code: str, fields: dict[str, object], config: Config) -> FileResult:
    """The result for a file that was not checked (unreadable, timed out, crashed): one
    finding of the engine rule `code` (if active)."""
    pack = pack_for(config)
    rule = pack.rule(code)
    active = rule is not None and code in active_codes(pack, config)
    return FileResult(name, (rule.finding(config.lang, name, fields),) if rule and active else ())


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files to check: given files as they are, folders searched recursively (sorted);
    a file reached twice (overlapping arguments) is checked once."""
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        found = (sorted(c for c in path.rglob("*") if c.is_file() and c.suffix.lower() in SUPPORTED
                        and not _hidden(c, path)) if path.is_dir() else [path])
        for child in found:
            key = child.resolve()
            if key not in seen:
                seen.add(key)
                yield child


def _hidden(child: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in child.relative_to(root).parts)


def check_paths(paths: Iterable[str | Path], config: Config | None = None) -> Iterator[FileResult]:
    """Check every file under `paths`, one result per file, in a stable order."""
    for path in iter_files(paths):
        yield check_path(path, config)
