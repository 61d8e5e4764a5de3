"""Command line: `govlint check`, `govlint rules`, `govlint rule CODE`.

Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it;
2 usage, configuration or rule-file error.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
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
    from govlint.console import make_standard_streams_safe

    make_standard_streams_safe()  # a GBK console takes every character (never an encoding error)


FORMAT_NAMES = ("full", "concise", "text", "json", "json-lines", "sarif", "csv", "junit", "github", "html")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, allow_dash=True))
@click.option("--output-format", "--format", "fmt", type=click.Choice(FORMAT_NAMES), default=None,
              help="Output format (text = full).  [default: full]")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write the report to this file instead of standard output.")
@click.option("--report", "reports", multiple=True, metavar="FORMAT:PATH",
              help="Also write FORMAT to PATH (repeatable), in the same pass.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=None,
              help="Lowest severity that makes the exit code 1.  [default: error]")
@click.option("--select", multiple=True, help="Only these rules (codes, code prefixes or names; comma-separated).")
@click.option("--extend-select", multiple=True, help="Add these rules to the selection.")
@click.option("--ignore", multiple=True, help="Skip these rules (codes, code prefixes or names).")
@click.option("--lang", type=click.Choice(LANGS), default=None, help="Message language.  [default: zh]")
@click.option("--pack", default=None, help="Rule pack to use (default: chosen per report by its year).")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Use this config file for every report (default: the nearest .govlint.yaml).")
@click.option("--no-config", "isolated", is_flag=True, help="Ignore config files.")
@click.option("-j", "--jobs", default=None, metavar="N|auto",
              help="Worker processes for folders (auto: one per CPU).  [default: auto]")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=None,
              help="Seconds allowed per file; a file over it is a GL012 finding.  [default: 60]")
@click.option("--include", multiple=True, metavar="GLOB", help="In folders, only files matching (.gitignore syntax).")
@click.option("--exclude", multiple=True, metavar="GLOB", help="In folders, skip files and folders matching.")
@click.option("--respect-gitignore/--no-respect-gitignore", default=True, show_default=True,
              help="Skip what .gitignore files exclude.")
@click.option("--force-exclude", is_flag=True,
              help="Apply --exclude and the config's exclude to files named on the command line too (pre-commit).")
@click.option("--show-files", is_flag=True, help="List the files that would be checked, and stop.")
@click.option("--statistics", is_flag=True, help="Add counts per rule and per file to the output.")
@click.option("--cross-report/--no-cross-report", default=True, show_default=True,
              help="Checks across the reports of the run (carry-over, copies).")
@click.option("--cache/--no-cache", default=True, show_default=True, help="Reuse results of unchanged files.")
@click.option("--progress/--no-progress", default=True, show_default=True,
              help="Progress bar on stderr (only in a terminal, never under CI or pre-commit).")
@click.option("--baseline", type=click.Path(dir_okay=False), default=None,
              help="Suppress the findings recorded in this baseline file.")
@click.option("--write-baseline", type=click.Path(dir_okay=False), default=None,
              help="Record every finding of this run in a baseline file (exit code 0).")
@click.option("--warn-unused-suppressions", "warn_unused", is_flag=True, default=None,
              help="Report waivers and baseline entries that match nothing.")
@click.option("--stdin-filename", default=None, metavar="NAME",
              help="With PATHS = -, the file name of the report read from standard input.")
@_guard
def check(paths: tuple[str, ...], fmt: str | None, output: str | None, reports: tuple[str, ...],
          fail_on: str | None, select: tuple[str, ...], extend_select: tuple[str, ...], ignore: tuple[str, ...],
          lang: str | None, pack: str | None, config_path: str | None, isolated: bool, jobs: str | None,
          timeout: float | None, include: tuple[str, ...], exclude: tuple[str, ...], respect_gitignore: bool,
          force_exclude: bool, show_files: bool, statistics: bool, cross_report: bool, cache: bool, progress: bool,
          baseline: str | None, write_baseline: str | None, warn_unused: bool | None,
          stdin_filename: str | None) -> None:
    """Check the reports in PATHS (files, or folders searched recursively; - reads standard input)."""
    from govlint.batch import Options, jobs_for
    from govlint.discover import Selection, discover
    from govlint.resolve import Flags, Resolver

    flags = Flags(config_path, isolated, fmt, fail_on, lang, pack, jobs, timeout, _split(select),
                  _split(extend_select), _split(ignore), include, exclude, baseline, warn_unused)
    resolver = Resolver(flags)
    run_config = resolver.config_for(resolver.run)
    lang = run_config.lang
    targets = [_report_target(r) for r in reports]
    try:
        workers = jobs_for(str(resolver.value("jobs", jobs)))
    except ValueError:
        raise click.BadParameter(f"{jobs!r} is not a positive number or 'auto'", param_hint="--jobs") from None
    stdin = paths == ("-",)
    if "-" in paths and not stdin:
        raise click.UsageError("- (standard input) cannot be mixed with other paths")
    if stdin:
        files = [Path(stdin_filename or "stdin.txt")]
    else:
        files = [f for f in discover(paths, Selection(include, exclude, respect_gitignore))
                 if _wanted_by_config(f, resolver.run, () if force_exclude else paths, bool(include))]
        if force_exclude and exclude:
            files = [f for f in files if str(f) not in paths or not _excluded_here(f, exclude)]
    if show_files:
        for path in files:
            click.echo(str(path))
        sys.exit(EXIT_OK)
    if not files:
        from govlint.readers import SUPPORTED

        supported = ", ".join(sorted(SUPPORTED))
        raise click.UsageError(f"no report files found in the given paths (supported: {supported})")
    configs = {path: resolver.config_for(resolver.settings_for(path)) for path in files}
    resolver.validate()  # every rule named in flags and config files exists, before reading any file
    # Worker processes even for one file where they are cheap to start (fork): then the time
    # limit is hard and the memory budget holds whatever the file holds (govlint.pool).
    from govlint.pool import can_fork

    options = Options(run_config, jobs=workers, time_limit=float(resolver.value("timeout", timeout)), cache=cache,
                      isolate=can_fork())
    outputs = [(resolver.value("output_format", fmt), output), *targets]
    post = resolver.post(lang, writing_baseline=bool(write_baseline))
    run = _Run(options, outputs, lang, statistics, progress, cross_report, post, write_baseline)
    tally = run.stdin(files[0], sys.stdin.buffer.read(), configs[files[0]]) if stdin else run.files(files, configs)
    if write_baseline:
        click.echo(f"govlint: wrote {run.baselined} finding(s) to the baseline {write_baseline}", err=True)
        sys.exit(EXIT_OK)
    # each report fails by the fail_on of its nearest config (the flag wins); findings about
    # other files (a config's waivers, the baseline) by the run's
    thresholds = {str(path): config.fail_threshold() for path, config in configs.items()}
    fallback = run_config.fail_threshold()
    sys.exit(EXIT_FINDINGS if tally.fails(lambda path: thresholds.get(path, fallback)) else EXIT_OK)


def _excluded_here(path: Path, patterns: tuple[str, ...]) -> bool:
    """--exclude patterns (relative to the current folder) for a file named on the command line."""
    from govlint.discover import matches_glob

    return any(matches_glob(str(path), p, str(Path.cwd())) for p in patterns)


def _wanted_by_config(path: Path, settings: Any, named: tuple[str, ...], own_include: bool) -> bool:
    """The config's include/exclude (relative to the config file's folder) for files found in
    folder walks (`--include` on the command line replaces the config's); a file named on the
    command line is always checked."""
    if str(path) in named:
        return True
    from govlint.discover import matches_glob

    include, exclude = None if own_include else settings.get("include"), settings.get("exclude")
    if include and not any(matches_glob(str(path), g, include["root"]) for g in include["patterns"]):
        return False
    return not (exclude and any(matches_glob(str(path), g, exclude["root"]) for g in exclude["patterns"]))


def _report_target(spec: str) -> tuple[str, str]:
    fmt, sep, path = spec.partition(":")
    if not sep or not path or fmt not in FORMAT_NAMES:
        raise click.BadParameter(f"{spec!r}: expected FORMAT:PATH with FORMAT one of {', '.join(FORMAT_NAMES)}",
                                 param_hint="--report")
    return fmt, path


class _Run:
    """Open every output, run, close them; an output that cannot be written is a usage error."""

    def __init__(self, options: Any, outputs: list[tuple[str, str | None]], lang: str, statistics: bool,
                 progress: bool, cross: bool, post: Any, baseline: str | None) -> None:
        self.options, self.outputs, self.lang, self.statistics = options, outputs, lang, statistics
        self.progress, self.cross, self.post, self.baseline = progress, cross, post, baseline
        self.baselined = 0

    def files(self, files: list[Any], configs: dict[Any, Config]) -> Any:
        from govlint.batch import tune_gc
        from govlint.progress import Progress, wanted
        from govlint.runner import check_files

        tune_gc()  # this process checks files itself with -j 1, and gathers results otherwise

        def work(reporters: list[Any]) -> Any:
            # the bar starts after the reporters took sys.stdout (rich redirects it while live)
            bar = Progress(len(files), self.lang) if wanted(self.progress, len(files)) else None
            return check_files(files, self.options, reporters, bar, self.cross, self.post, configs)

        return self._with_reporters(work)

    def stdin(self, name: Any, data: bytes, config: Config) -> Any:
        from dataclasses import replace

        from govlint.batch import check_data
        from govlint.runner import report

        outcome = check_data(str(name), data, replace(self.options, config=config))
        return self._with_reporters(lambda reporters: report([outcome], self.options, reporters, None, False,
                                                             self.post))

    def _with_reporters(self, work: Callable[[list[Any]], Any]) -> Any:
        from contextlib import ExitStack

        from govlint.reporters import create

        with ExitStack() as stack:
            reporters: list[Any] = []
            for fmt, path in self.outputs:
                try:
                    out = stack.enter_context(open(path, "w", encoding="utf-8", newline="")) if path else _stdout()
                except OSError as exc:
                    raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
                reporters.append(create(fmt, out, self.lang, self.statistics, self.options.config.fail_on))
            if self.baseline:
                reporters.append(_BaselineWriter(self))
            tally = work(reporters)
            if self.post is not None and hasattr(self.post, "suppressor") and self.post.suppressor is not None:
                note = self.post.suppressor.summary()
                if note:
                    click.echo(f"govlint: {note}", err=True)
            return tally


def _stdout() -> Any:
    """Standard output for a reporter: looked up at each write when it is a terminal (the
    progress bar then shares it, govlint.progress), the stream itself otherwise."""
    if sys.stdout.isatty():
        from govlint.progress import Stdout

        return Stdout()
    return sys.stdout


class _BaselineWriter:
    """A reporter that records every finding of the run in the baseline file."""

    def __init__(self, run: _Run) -> None:
        self.run = run
        self.results: list[Any] = []
        self.extras: list[tuple[str, Any]] = []

    def file(self, result: Any) -> None:
        self.results.append(result)

    def extra(self, path: str, findings: Any) -> None:
        self.extras.append((path, findings))

    def finish(self, tally: Any) -> None:
        from govlint.suppress import write_baseline

        self.run.baselined = write_baseline(Path(self.run.baseline or ""), self.results, self.extras)


@main.group("config")
def config_group() -> None:
    """Configuration files (.govlint.yaml, [tool.govlint] in pyproject.toml)."""


@config_group.command("show")
@click.argument("path", required=False, type=click.Path(exists=True), default=".")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Show this config file instead of the one that applies to PATH.")
@_guard
def config_show(path: str, config_path: str | None) -> None:
    """Print the settings that apply to PATH (a report or folder) and where each comes from."""
    import json

    from govlint.resolve import DEFAULTS, Flags, Resolver

    resolver = Resolver(Flags(config=config_path))
    settings = resolver.settings_for(Path(path))
    resolver.config_for(settings)
    resolver.validate()
    click.echo(f"# settings for {path}")
    click.echo("# files read (nearest first): " + (", ".join(settings.files) or "none"))
    keys = sorted({*settings.values, *DEFAULTS})
    for key in keys:
        value = settings.values.get(key, DEFAULTS.get(key))
        source = settings.sources.get(key, "default")
        click.echo(f"{key}: {json.dumps(_plain(value), ensure_ascii=False, default=str)}  # {source}")


def _plain(value: Any) -> Any:
    """Settings as written (folders as given are shown resolved)."""
    if isinstance(value, dict) and set(value) == {"root", "patterns"}:
        return value["patterns"]
    if isinstance(value, dict):
        return {k: (v["rules"] if isinstance(v, dict) and "rules" in v else _plain(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [{k: v for k, v in w.items() if k not in ("source", "line", "root") and v is not None}
                if isinstance(w, dict) else w for w in value]
    return value


@main.command("init")
@click.option("--force", is_flag=True, help="Overwrite an existing .govlint.yaml.")
@_guard
def init_cmd(force: bool) -> None:
    """Write a commented starter .govlint.yaml in the current folder."""
    from govlint.configfile import STARTER

    target = Path(".govlint.yaml")
    if target.exists() and not force:
        raise UsageError(f"{target} already exists (use --force to overwrite it)")
    target.write_text(STARTER, encoding="utf-8")
    click.echo(f"wrote {target}: every setting is commented out; `govlint config show` prints the result")


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


@main.group("rules", invoke_without_command=True)
@click.option("--pack", default="gov-2021", show_default=True, help="Rule pack.")
@click.option("--lang", type=click.Choice(LANGS), default="zh", show_default=True)
@click.option("--output-format", "--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text",
              help="markdown: the rule reference of all built-in packs (docs/rules.md).")
@_guard
@click.pass_context
def rules_cmd(ctx: click.Context, pack: str, lang: str, fmt: str) -> None:
    """List the rules of a pack (`govlint rules check DIR`: validate a pack of your own)."""
    if ctx.invoked_subcommand is not None:
        return
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


def _register_commands() -> None:
    """Commands defined in their own modules (each imports its work lazily)."""
    from govlint.cli_rules import rules_check_cmd, test_cmd

    rules_cmd.add_command(rules_check_cmd, "check")
    main.add_command(test_cmd, "test")


_register_commands()
