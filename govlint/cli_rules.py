"""`govlint rules check DIR` and `govlint test DIR`: for authors of rule packs.

Both print every error as `path:line:col: key.path: message` and exit with code 2 when a rule
file is invalid; neither ever shows a traceback for a rule file, whatever is wrong with it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from govlint.rulecheck import RuleSet

EXIT_OK, EXIT_FAILED, EXIT_ERRORS = 0, 1, 2


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _safe(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Any error while loading or running becomes a message and exit code 2."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from govlint.errors import GovlintError

        try:
            return fn(*args, **kwargs)
        except GovlintError as exc:
            click.echo(f"govlint: {exc}")
            sys.exit(EXIT_ERRORS)
        except Exception as exc:  # never a traceback for a rule author
            directory = kwargs.get("directory", "")
            click.echo(f"{directory}: govlint failed: {type(exc).__name__}: {exc} (please report this bug)")
            sys.exit(EXIT_ERRORS)

    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    return wrapper


def _load(directory: str) -> RuleSet:
    from govlint.rulecheck import collect

    return collect(directory)


def _report_errors(rules: RuleSet) -> None:
    errors = rules.errors
    for diag in errors:
        click.echo(str(diag))
    click.echo(f"{_plural(len(errors), 'error')} in {rules.target}")


@click.command("check")
@click.argument("directory", type=click.Path(exists=True))
@click.option("--strict", is_flag=True, help="Exit with code 1 when there are warnings.")
@_safe
def rules_check_cmd(directory: str, strict: bool) -> None:
    """Validate the rule files in DIRECTORY (a folder or one file): every error with its file,
    line, column and key (exit code 2), and warnings about likely mistakes."""
    rules = _load(directory)
    for diag in sorted(rules.diagnostics, key=lambda d: d.sort_key()):
        click.echo(str(diag))
    errors, warnings = rules.errors, rules.warnings
    counted = f"{_plural(len(rules.sources), 'rule')} in {_plural(len(rules.files), 'file')}"
    if errors:
        click.echo(f"{_plural(len(errors), 'error')}, {_plural(len(warnings), 'warning')} ({counted})")
        sys.exit(EXIT_ERRORS)
    click.echo(f"{counted} OK" + (f", {_plural(len(warnings), 'warning')}" if warnings else ""))
    if strict and warnings:
        sys.exit(EXIT_FAILED)


@click.command("test")
@click.argument("directory", type=click.Path(exists=True))
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="Message language of the findings compared (and of .expected files).")
@click.option("--select", multiple=True, metavar="CODE", help="Only these rules (codes, prefixes or names).")
@click.option("-q", "--quiet", is_flag=True, help="Show failed rules only.")
@_safe
def test_cmd(directory: str, lang: str, select: tuple[str, ...], quiet: bool) -> None:
    """Run the embedded examples and the fixture cases (tests/CODE/fail|pass/) of the rules in
    DIRECTORY; a failed case is shown as a diff of expected and actual findings."""
    from govlint.ruletest import run

    rules = _load(directory)
    if rules.errors:
        _report_errors(rules)
        sys.exit(EXIT_ERRORS)
    selectors = tuple(s.strip() for value in select for s in value.split(",") if s.strip())
    results = run(rules, lang, selectors)
    for result in results:
        failed = [c for c in result.cases if not c.ok]
        if quiet and not failed:
            continue
        detail = (f"{_plural(len(failed), 'case')} of {len(result.cases)} failed" if failed
                  else _plural(len(result.cases), "case") if result.cases else "no examples or fixture cases")
        click.echo(f"{result.status} {result.code} {result.name} ({detail})")
        for case in failed:
            where = f" ({case.case.where})" if case.case.where else ""
            click.echo(f"  {case.case.label}{where}: {case.note}")
            for row in case.diff():
                click.echo(f"    {row}")
    passed = sum(r.status == "PASS" for r in results)
    failed_rules = sum(r.status == "FAIL" for r in results)
    skipped = sum(r.status == "SKIP" for r in results)
    total = sum(len(r.cases) for r in results)
    failed_cases = sum(not c.ok for r in results for c in r.cases)
    summary = f"{_plural(len(results), 'rule')}: {passed} passed, {failed_rules} failed"
    if skipped:
        summary += f", {skipped} without cases"
    click.echo(f"{summary} ({_plural(total, 'case')}, {failed_cases} failed)")
    if failed_rules:
        sys.exit(EXIT_FAILED)
