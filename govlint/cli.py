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


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--output-format", "--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="error", show_default=True,
              help="Lowest severity that makes the exit code 1.")
@click.option("--select", multiple=True, help="Only these rules (codes, code prefixes or names; comma-separated).")
@click.option("--ignore", multiple=True, help="Skip these rules (codes, code prefixes or names).")
@click.option("--lang", type=click.Choice(LANGS), default="zh", show_default=True, help="Message language.")
@click.option("--pack", default=None, help="Rule pack to use (default: gov-2021).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write the report to this file instead of standard output.")
@_guard
def check(paths: tuple[str, ...], fmt: str, fail_on: str, select: tuple[str, ...], ignore: tuple[str, ...],
          lang: str, pack: str | None, output: str | None) -> None:
    """Check the reports in PATHS (files, or folders searched recursively)."""
    from govlint import api
    from govlint.config import active_codes
    from govlint.reporters import get

    config = Config(pack=pack, lang=lang, select=_split(select), ignore=_split(ignore), fail_on=fail_on)
    active_codes(api.pack_for(config), config)  # validate selectors before reading any file
    files = list(api.iter_files(paths))
    if not files:
        from govlint.readers import SUPPORTED

        supported = ", ".join(sorted(SUPPORTED))
        raise click.UsageError(f"no report files found in the given paths (supported: {supported})")
    results = [api.check_path(path, config) for path in files]
    if output:
        try:
            with open(output, "w", encoding="utf-8") as out:
                get(fmt)(results, out, lang)
        except OSError as exc:
            raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
    else:
        get(fmt)(results, sys.stdout, lang)
    threshold = config.fail_threshold()
    failed = threshold is not None and any(f.severity >= threshold for r in results for f in r.findings)
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


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
