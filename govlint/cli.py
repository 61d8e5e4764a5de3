"""Command line: `govlint check`, `govlint rules`, `govlint rule CODE`.

Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it;
2 usage, configuration or rule-file error.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any

import click

from govlint import __version__
from govlint.config import FAIL_ON, LANGS, Config
from govlint.errors import GovlintError, UsageError
from govlint.findings import Severity

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _split(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def _guard(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Report GovlintError as a message with exit code 2 (never a traceback)."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except GovlintError as exc:
            click.echo(f"govlint: {exc}", err=True)
            sys.exit(EXIT_USAGE)

    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="govlint")
def main() -> None:
    """Check 政府信息公开工作年度报告 (government information disclosure annual reports)."""


FORMAT_NAMES = ("full", "concise", "text", "json", "json-lines", "sarif", "csv", "junit", "github", "html")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--output-format", "--format", "fmt", type=click.Choice(FORMAT_NAMES), default="full",
              show_default=True, help="Output format (text = full).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write the report to this file instead of standard output.")
@click.option("--report", "reports", multiple=True, metavar="FORMAT:PATH",
              help="Also write FORMAT to PATH (repeatable), in the same pass.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="error", show_default=True,
              help="Lowest severity that makes the exit code 1.")
@click.option("--select", multiple=True, help="Only these rules (codes, code prefixes or names; comma-separated).")
@click.option("--ignore", multiple=True, help="Skip these rules (codes, code prefixes or names).")
@click.option("--lang", type=click.Choice(LANGS), default="zh", show_default=True, help="Message language.")
@click.option("--pack", default=None, help="Rule pack to use (default: chosen per report by its year).")
@click.option("-j", "--jobs", default="auto", show_default=True, metavar="N|auto",
              help="Worker processes for folders (auto: one per CPU).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
              help="Seconds allowed per file; a file over it is a GL012 finding.")
@click.option("--include", multiple=True, metavar="GLOB", help="In folders, only files matching (.gitignore syntax).")
@click.option("--exclude", multiple=True, metavar="GLOB", help="In folders, skip files and folders matching.")
@click.option("--respect-gitignore/--no-respect-gitignore", default=True, show_default=True,
              help="Skip what .gitignore files exclude.")
@click.option("--show-files", is_flag=True, help="List the files that would be checked, and stop.")
@click.option("--statistics", is_flag=True, help="Add counts per rule and per file to the output.")
@click.option("--cross-report/--no-cross-report", default=True, show_default=True,
              help="Checks across the reports of the run (carry-over, copies).")
@click.option("--cache/--no-cache", default=True, show_default=True, help="Reuse results of unchanged files.")
@click.option("--progress/--no-progress", default=True, show_default=True,
              help="Progress bar on stderr (only in a terminal, never under CI or pre-commit).")
@_guard
def check(paths: tuple[str, ...], fmt: str, output: str | None, reports: tuple[str, ...], fail_on: str,
          select: tuple[str, ...], ignore: tuple[str, ...], lang: str, pack: str | None, jobs: str,
          timeout: float, include: tuple[str, ...], exclude: tuple[str, ...], respect_gitignore: bool,
          show_files: bool, statistics: bool, cross_report: bool, cache: bool, progress: bool) -> None:
    """Check the reports in PATHS (files, or folders searched recursively)."""
    from govlint import api
    from govlint.batch import Options, jobs_for
    from govlint.config import active_codes
    from govlint.discover import Selection, discover

    config = Config(pack=pack, lang=lang, select=_split(select), ignore=_split(ignore), fail_on=fail_on)
    active_codes(api.pack_for(config), config)  # validate selectors before reading any file
    targets = [_report_target(r) for r in reports]
    try:
        workers = jobs_for(jobs)
    except ValueError:
        raise click.BadParameter(f"{jobs!r} is not a positive number or 'auto'", param_hint="--jobs") from None
    files = list(discover(paths, Selection(include, exclude, respect_gitignore)))
    if show_files:
        for path in files:
            click.echo(str(path))
        sys.exit(EXIT_OK)
    if not files:
        from govlint.readers import SUPPORTED

        supported = ", ".join(sorted(SUPPORTED))
        raise click.UsageError(f"no report files found in the given paths (supported: {supported})")
    options = Options(config, jobs=workers, time_limit=timeout, cache=cache)
    tally = _run(files, options, [(fmt, output), *targets], lang, statistics, progress, cross_report)
    threshold = config.fail_threshold()
    failed = threshold is not None and any(
        n for label, n in tally.by_severity.items() if Severity.parse(label) >= threshold)
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


def _report_target(spec: str) -> tuple[str, str]:
    fmt, sep, path = spec.partition(":")
    if not sep or not path or fmt not in FORMAT_NAMES:
        raise click.BadParameter(f"{spec!r}: expected FORMAT:PATH with FORMAT one of {', '.join(FORMAT_NAMES)}",
                                 param_hint="--report")
    return fmt, path


def _run(files: list[Any], options: Any, targets: list[tuple[str, str | None]], lang: str, statistics: bool,
         progress: bool, cross: bool) -> Any:
    """Open every output, run, close them; an output that cannot be written is a usage error."""
    from contextlib import ExitStack

    from govlint.progress import Progress, wanted
    from govlint.reporters import create
    from govlint.runner import check_files

    with ExitStack() as stack:
        reporters = []
        for fmt, path in targets:
            try:
                out = stack.enter_context(open(path, "w", encoding="utf-8", newline="")) if path else sys.stdout
            except OSError as exc:
                raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
            reporters.append(create(fmt, out, lang, statistics))
        bar = Progress(len(files), lang) if wanted(progress, len(files)) else None
        return check_files(files, options, reporters, bar, cross)


@main.group("cache")
def cache_group() -> None:
    """The result and rule-pack caches."""


@cache_group.command("clean")
@_guard
def cache_clean() -> None:
    """Remove every cache govlint keeps."""
    from govlint.resultcache import clean

    click.echo(f"removed {clean()} cached file(s)")


@cache_group.command("dir")
def cache_dir_cmd() -> None:
    """Print the cache folder."""
    from govlint.cachedir import cache_dir

    click.echo(str(cache_dir()))


@main.command("parse")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--output-format", "--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text: the tree and each table as a grid; json: everything, with source lines.")
@click.option("--pack", default=None, help="Rule pack whose format to parse with (default: by the report's year).")
@click.option("--lang", type=click.Choice(LANGS), default="zh", show_default=True, help="Label language.")
@_guard
def parse_cmd(path: str, fmt: str, pack: str | None, lang: str) -> None:
    """Show what govlint reads from PATH: sections, paragraphs and tables with row and column
    labels and source lines. Exit code 1 if the file cannot be read."""
    from govlint import api
    from govlint.errors import InputError
    from govlint.health import tree

    config = Config(pack=pack, lang=lang)
    try:
        source = api.read_path(path)
    except InputError as exc:
        click.echo(f"govlint: {path}: {exc.text(lang)}", err=True)
        sys.exit(EXIT_FINDINGS)
    doc, chosen, _ = api.parse_text(source.text, path, config, source.encoding)
    data = {**tree(doc, chosen.template), "reader": source.reader, "format": chosen.name}
    if fmt == "json":
        import json

        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    from govlint.show import render

    render(data, sys.stdout, lang)


@main.command("rules")
@click.option("--pack", default="gov-2021", show_default=True, help="Rule pack.")
@click.option("--lang", type=click.Choice(LANGS), default="zh", show_default=True)
@click.option("--output-format", "--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text",
              help="markdown: the rule reference of all built-in packs (docs/rules.md).")
@_guard
def rules_cmd(pack: str, lang: str, fmt: str) -> None:
    """List the rules of a pack."""
    from govlint.explain import list_rules

    list_rules(pack, lang, fmt)


@main.command("rule")
@click.argument("code")
@click.option("--pack", default="gov-2021", show_default=True, help="Rule pack.")
@click.option("--lang", type=click.Choice(LANGS), default="zh", show_default=True)
@_guard
def rule_cmd(code: str, pack: str, lang: str) -> None:
    """Explain one rule: what it checks, why, how to fix, examples."""
    from govlint.explain import explain

    explain(pack, code, lang)
