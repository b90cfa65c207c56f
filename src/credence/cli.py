"""The ``credence`` command line. Each command parses options and calls one library function;
typed library errors become a single ``Error: …`` line on stderr and exit code 1.
"""

from __future__ import annotations

import functools
import io
import json
import math
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from credence import __version__
from credence.cli_distributed import SchedulerOpt, scoring_on
from credence.cli_store import AllStoredOpt, StoreOpt, StoryCapOpt, store_app
from credence.errors import CredenceError, OutputError
from credence.indented_json import dumps_indented
from credence.interrupts import noticing_interrupts
from credence.models.kinds import kind_names
from credence.output import files_being_written

__all__ = ["app", "main"]

app = typer.Typer(
    name="credence",
    help=(
        "Find the checkable claims in news articles and score how well each is corroborated "
        "by independent sources, how uncertain it is, and how reliable the sources are."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
app.add_typer(store_app, name="store")  # credence store stats|export|gc

_F = TypeVar("_F", bound=Callable[..., Any])
_MB = 1_000_000


def _path(value: Any) -> Path:
    """Parse a path option; an empty string (which Path() would read as ".") is refused."""
    if not str(value).strip():
        raise typer.BadParameter("empty path; give a file or directory name")
    return Path(value)


def _path_option(*flags: str, help: str) -> Any:
    """A typer option taking a path (empty strings refused), shown as ``<path>`` in help."""
    return typer.Option(*flags, parser=_path, metavar="<path>", help=help)


def _text(value: Any) -> str:
    """Parse a string option naming a file or value; an empty string is refused."""
    if not str(value).strip():
        raise typer.BadParameter("empty value")
    return str(value)


@dataclass(frozen=True)
class _ModelDirs:
    """The model directories given on the command line (None: the bundled default)."""

    model: Path | None = None
    stance: Path | None = None
    uncertainty: Path | None = None
    claims: Path | None = None


class ScoreFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


class ExtractFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"


class MetricFormat(StrEnum):
    table = "table"
    json = "json"


# The kinds `credence train` and `evaluate` take: every kind of the registry.
ModelKind = StrEnum("ModelKind", {name: name for name in kind_names()})
_KIND_HELP = ", ".join(kind_names())


def _stderr() -> Console:
    return Console(stderr=True)


def _stdout() -> Console:
    # Piped or redirected tables get a readable width instead of rich's 80-column fallback.
    console = Console()
    return console if console.is_terminal else Console(width=140)


def _fail(message: str) -> None:
    # One line, no traceback: newlines inside messages would break "one line" grepping.
    typer.echo(f"Error: {' '.join(str(message).split())}", err=True)
    raise typer.Exit(1)


def _one_line_errors(func: _F) -> _F:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with noticing_interrupts() as interrupts:
            try:
                result = func(*args, **kwargs)
            except CredenceError as exc:
                _fail(str(exc))
            except MemoryError:
                _fail("out of memory; score fewer articles at once")
            except KeyboardInterrupt:
                _fail("interrupted")
        if interrupts:  # raised where Python drops exceptions (a finaliser): still a Ctrl-C
            _fail("interrupted")
        return result

    return wrapper  # type: ignore[return-value]


def _silence_stdout() -> None:
    """Point stdout at the null device, so the flush at exit cannot fail a second time."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError):
        pass  # no descriptor behind sys.stdout (an embedding app, a test runner)


@contextmanager
def _writing_stdout() -> Iterator[None]:
    """Turn a failed write to stdout (``> /dev/full``, a closed pipe) into one ``Error:`` line."""
    try:
        yield
    except BrokenPipeError:
        # The reader went away (``| head``): nothing more to say, and nothing to flush at exit.
        _silence_stdout()
        raise typer.Exit(1) from None
    except OSError as exc:
        _silence_stdout()
        reason = (exc.strerror or str(exc)).lower()
        raise OutputError("stdout", f"cannot write the output ({reason})") from None


def _emit(text: str, output: Path | None) -> None:
    from credence.output import atomic_write_text

    if output is None:
        with _writing_stdout():
            sys.stdout.write(text)
            sys.stdout.flush()
    else:
        atomic_write_text(output, text)


def _max_bytes(max_mb: float) -> int:
    if not math.isfinite(max_mb) or max_mb <= 0:
        raise CredenceError(
            f"--max-mb must be a positive, finite number of megabytes, got {max_mb:g}"
        )
    return max(1, int(max_mb * _MB))


def _read(paths: list[str], max_mb: float, skip_errors: bool, output: Path | None = None) -> Any:
    from credence.ingest import read_articles
    from credence.language import language_warning
    from credence.output import check_output_path

    if output is not None:
        check_output_path(output)  # before the work, not after it

    result = read_articles(
        paths,
        max_bytes=_max_bytes(max_mb),
        skip_errors=skip_errors,
        exclude=files_being_written(output),
    )
    err = _stderr()
    for note in result.notes:
        err.print(f"Note: {note}", highlight=False, soft_wrap=True, markup=False)
    for e in result.errors:
        # escape: "[draft] notes.txt" is a file name, not rich markup.
        err.print(f"[yellow]Skipped:[/] {escape(str(e))}", highlight=False, soft_wrap=True)
    for warning in filter(None, map(language_warning, result.articles)):
        err.print(f"Warning: {warning}", highlight=False, soft_wrap=True, markup=False)
    if not result.articles:
        raise CredenceError(
            "no article could be read" + (" (all skipped)" if result.errors else "")
        )
    return result


def _warn_limits(analyses: Any) -> None:
    # A very long article is analysed only in part (features.segment's caps): say so.
    err = _stderr()
    for analysis in analyses:
        for limit in analysis.limits:
            err.print(
                f"[yellow]Limited:[/] {analysis.article.id}: {limit.detail}",
                highlight=False,
                soft_wrap=True,
            )


def _check_lexicons(hedge_lexicon: Path | None, source_aliases: Path | None) -> None:
    """Load the user lexicons before any article is read, so a bad file fails first."""
    if hedge_lexicon is not None:
        from credence.features.hedges import load_lexicon as load_hedges

        load_hedges(str(hedge_lexicon))
    if source_aliases is not None:
        from credence.features.attribution import load_lexicon as load_aliases

        load_aliases(str(source_aliases))


@dataclass(frozen=True)
class _ReadOptions:
    max_mb: float
    skip_errors: bool
    output: Path | None


def _score_paths(
    paths: list[str],
    reading: _ReadOptions,
    models: _ModelDirs,
    hedge_lexicon: Path | None,
    source_aliases: Path | None,
    workers: int | None = None,
    scheduler: str | None = None,
) -> Any:
    """Check the lexicons, read the articles, load the models and score: what `score` and
    `sources` share. Caps applied to long articles are said on stderr.
    """
    _check_lexicons(hedge_lexicon, source_aliases)
    result = _read(paths, reading.max_mb, reading.skip_errors, reading.output)
    scorer = _load_scorer(models, hedge_lexicon, source_aliases)
    with _workers(workers), scoring_on(scheduler, scorer) as on:
        report = _score_with_progress(on, result.articles, result.errors)
    _warn_limits(report.head.analyses)
    return report


def _load_scorer(
    models: _ModelDirs, hedge_lexicon: Path | None, source_aliases: Path | None
) -> Any:
    from credence.scoring.scorer import Scorer

    return Scorer.load(
        models.model,
        stance_model=models.stance,
        uncertainty_model=models.uncertainty,
        claim_model=models.claims,
        hedge_lexicon=hedge_lexicon,
        source_aliases=source_aliases,
    )


def _emit_table(renderable: Any, output: Path | None) -> None:
    """A rich table on stdout, or as plain text written atomically to ``output``."""
    if output is None:
        with _writing_stdout():
            _stdout().print(renderable)
        return
    # Plain text at the width of a piped table: no colour codes in a file.
    buffer = io.StringIO()
    Console(file=buffer, width=140, color_system=None, force_terminal=False).print(renderable)
    _emit(buffer.getvalue(), output)


def _score_with_progress(scorer: Any, articles: Any, errors: Any) -> Any:
    from rich.progress import Progress

    # A StreamedReport, spans dropped: no output of score and sources reads them.
    if len(articles) < 20:
        return scorer.score_stream(articles, errors=errors)
    with Progress(console=_stderr(), transient=True) as progress:
        task = progress.add_task("analysing articles", total=len(articles))
        return scorer.score_stream(articles, progress=lambda: progress.advance(task), errors=errors)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"credence {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version_callback, is_eager=True, help="Show version."),
    ] = False,
) -> None:
    """credence: corroboration, uncertainty and source reliability for news claims."""


PathsArg = Annotated[
    list[str],
    typer.Argument(
        parser=_text,
        help="Article files (.txt .md .json .jsonl .html), directories, or - for stdin.",
        show_default=False,
    ),
]
MaxMbOpt = Annotated[
    float, typer.Option("--max-mb", help="Refuse article files larger than this (MB).")
]
SkipOpt = Annotated[
    bool, typer.Option("--skip-errors", help="Report bad files or rows and go on with the rest.")
]
OutputOpt = Annotated[
    Path | None,
    _path_option(
        "--output",
        "-o",
        help="Write to FILE (atomically) instead of stdout.",
    ),
]
ModelOpt = Annotated[
    Path | None,
    _path_option(
        "--model",
        help=(
            "A model directory written by `credence train … --out DIR` (its kind is read from "
            "its meta.json; the other models stay the defaults), or a set holding stance/ "
            "uncertainty/ claims/."
        ),
    ),
]
StanceModelOpt = Annotated[
    Path | None,
    _path_option(
        "--stance-model",
        help="Stance model directory (overrides --model).",
    ),
]
UncertaintyModelOpt = Annotated[
    Path | None,
    _path_option(
        "--uncertainty-model",
        help="Uncertainty model directory (overrides --model).",
    ),
]
ClaimModelOpt = Annotated[
    Path | None,
    _path_option(
        "--claim-model",
        help="Claim (check-worthiness) model directory (overrides --model).",
    ),
]
LexiconOpt = Annotated[
    Path | None,
    _path_option(
        "--hedge-lexicon",
        help="Extra hedge lexicon (TSV) to merge.",
    ),
]
AliasOpt = Annotated[
    Path | None,
    _path_option(
        "--source-aliases",
        help="Extra source alias table (TSV) to merge.",
    ),
]

WorkersOpt = Annotated[
    int | None,
    typer.Option(
        "--workers",
        min=1,
        envvar="CREDENCE_WORKERS",
        show_default=False,
        help=(
            "Processes analysing articles and comparing claims (default: the usable cores; "
            "1 = all in this process). The output is the same whatever the number."
        ),
    ),
]


def _extractor_names(value: Any) -> tuple[str, ...]:
    """Parse ``--extractors hedges,toy``: registry names, each known (plug-ins included)."""
    from credence.features.base import registered

    names = tuple(name.strip() for name in str(value).split(","))
    known = registered()
    for name in names:
        if not name:
            raise typer.BadParameter("empty extractor name; give registry names like hedges,dates")
        if name not in known:
            raise typer.BadParameter(
                f"unknown extractor {name!r}; the registered ones are {', '.join(known)}"
            )
    return tuple(dict.fromkeys(names))


@contextmanager
def _workers(workers: int | None) -> Iterator[None]:
    """Let the library use ``workers`` processes (default: the usable cores) inside the block."""
    from credence.scoring.parallel import usable_cores, using_workers

    with using_workers(usable_cores() if workers is None else workers):
        yield


@app.command(
    epilog=(
        "Examples:\n\n"
        "  credence score examples/                 # table on the terminal\n\n"
        "  credence score a.txt b.json --format json -o report.json\n\n"
        "  cat article.txt | credence score - --explain"
    )
)
@_one_line_errors
def score(
    paths: PathsArg,
    format: Annotated[ScoreFormat, typer.Option("--format", "-f")] = ScoreFormat.table,
    output: OutputOpt = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show what each score is made of.")
    ] = False,
    skip_errors: SkipOpt = False,
    max_mb: MaxMbOpt = 10.0,
    model: ModelOpt = None,
    stance_model: StanceModelOpt = None,
    uncertainty_model: UncertaintyModelOpt = None,
    claim_model: ClaimModelOpt = None,
    hedge_lexicon: LexiconOpt = None,
    source_aliases: AliasOpt = None,
    workers: WorkersOpt = None,
    store: StoreOpt = None,
    all_stored: AllStoredOpt = False,
    story_cap: StoryCapOpt = None,
    scheduler: SchedulerOpt = None,
) -> None:
    """Score the claims in articles: corroboration, uncertainty, origins, conflicts, sources."""
    from credence.render import render_report

    if story_cap is not None and (store is None or format is not ScoreFormat.jsonl):
        _fail("--story-cap applies to the chunked stage: give it with --store and -f jsonl")
    if store is not None:  # the claim store's run, reported in every format: credence.cli_store
        if scheduler is not None:
            _fail("--store scores in this process: give --store or --scheduler, not both")
        from credence.cli_store import score_with_store

        return score_with_store(paths, store, dict(locals()))
    report = _score_paths(
        paths,
        _ReadOptions(max_mb, skip_errors, output),
        _ModelDirs(model, stance_model, uncertainty_model, claim_model),
        hedge_lexicon,
        source_aliases,
        workers,
        scheduler,
    )
    if format in (ScoreFormat.table, ScoreFormat.csv):
        whole = report.collect()
        if format is ScoreFormat.csv:
            return _emit(whole.to_csv(), output)
        return _emit_table(render_report(whole, explain=explain), output)
    from credence.cli_store import write_lines
    from credence.scoring.report_json import json_chunks, jsonl_lines

    # A claim at a time: the whole text of a large set would outweigh its scoring.
    write_lines((json_chunks if format is ScoreFormat.json else jsonl_lines)(report), output)


@app.command(epilog="Example:\n\n  credence extract examples/ --format jsonl")
@_one_line_errors
def extract(
    paths: PathsArg,
    format: Annotated[ExtractFormat, typer.Option("--format", "-f")] = ExtractFormat.json,
    output: OutputOpt = None,
    skip_errors: SkipOpt = False,
    max_mb: MaxMbOpt = 10.0,
    hedge_lexicon: LexiconOpt = None,
    source_aliases: AliasOpt = None,
    workers: WorkersOpt = None,
    extractors: Annotated[
        Any,
        typer.Option(
            "--extractors",
            parser=_extractor_names,
            metavar="NAMES",
            show_default=False,
            help=(
                "Comma-separated registry names of the extractors to run, plug-ins included "
                "(default: hedges,attribution,chains,quantities,dates); what they require "
                "runs too."
            ),
        ),
    ] = None,
) -> None:
    """Print every article's hedges, attributions, chains, quantities and dates as JSON."""
    from credence.collector import frozen_as_made
    from credence.scoring.engine import Extractors, analyze_all
    from credence.scoring.report import extraction_dict

    _check_lexicons(hedge_lexicon, source_aliases)
    result = _read(paths, max_mb, skip_errors, output)
    configured = Extractors(
        hedge_lexicon=str(hedge_lexicon) if hedge_lexicon else None,
        source_aliases=str(source_aliases) if source_aliases else None,
        **({"names": extractors} if extractors else {}),
    )
    with _workers(workers):
        analyses = analyze_all(result.articles, extractors=configured)
    _warn_limits(analyses)
    with frozen_as_made() as settle:  # no collection walks the analyses again (see there)
        settle()
        docs = [extraction_dict(a) for a in analyses]
        if format is ExtractFormat.json:
            text = dumps_indented(docs, indent=2) + "\n"
        else:
            text = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs)
    _emit(text, output)


@app.command(epilog="Example:\n\n  credence sources examples/ --format json")
@_one_line_errors
def sources(
    paths: PathsArg,
    format: Annotated[MetricFormat, typer.Option("--format", "-f")] = MetricFormat.table,
    output: OutputOpt = None,
    skip_errors: SkipOpt = False,
    max_mb: MaxMbOpt = 10.0,
    model: ModelOpt = None,
    stance_model: StanceModelOpt = None,
    uncertainty_model: UncertaintyModelOpt = None,
    claim_model: ClaimModelOpt = None,
    hedge_lexicon: LexiconOpt = None,
    source_aliases: AliasOpt = None,
    workers: WorkersOpt = None,
) -> None:
    """Rate the outlets and the origins they cite (reliability, corroboration, hedging)."""
    from credence.render import render_sources

    sources = _score_paths(
        paths,
        _ReadOptions(max_mb, skip_errors, output),
        _ModelDirs(model, stance_model, uncertainty_model, claim_model),
        hedge_lexicon,
        source_aliases,
        workers,
    ).sources()
    if format is MetricFormat.json:
        _emit(
            json.dumps([s.to_dict() for s in sources], ensure_ascii=False, indent=2) + "\n",
            output,
        )
    else:
        _emit_table(render_sources(sources), output)


@app.command(
    epilog=(
        "Example:\n\n"
        '  credence check "At least 2,000 more soldiers were sent to the northern front" examples/'
    )
)
@_one_line_errors
def check(
    claim: Annotated[str, typer.Argument(help="The claim to check, in quotes.")],
    paths: PathsArg,
    format: Annotated[MetricFormat, typer.Option("--format", "-f")] = MetricFormat.table,
    output: OutputOpt = None,
    skip_errors: SkipOpt = False,
    max_mb: MaxMbOpt = 10.0,
    model: ModelOpt = None,
    stance_model: StanceModelOpt = None,
    uncertainty_model: UncertaintyModelOpt = None,
    claim_model: ClaimModelOpt = None,
    hedge_lexicon: LexiconOpt = None,
    source_aliases: AliasOpt = None,
    workers: WorkersOpt = None,
) -> None:
    """Score one typed claim against a set of articles."""
    from credence.render import render_claim

    if not claim.strip():
        raise CredenceError("the claim to check is empty")
    _check_lexicons(hedge_lexicon, source_aliases)
    result = _read(paths, max_mb, skip_errors, output)
    models = _ModelDirs(model, stance_model, uncertainty_model, claim_model)
    scorer = _load_scorer(models, hedge_lexicon, source_aliases)
    with _workers(workers):
        scored = scorer.check(claim, result.articles)
    if format is MetricFormat.json:
        _emit(json.dumps(scored.to_dict(), ensure_ascii=False, indent=2) + "\n", output)
    else:
        _emit_table(render_claim(scored), output)


_BodiesOpt = Annotated[str | None, typer.Option(parser=_text, help="FNC-1 bodies CSV (stance).")]
_StancesOpt = Annotated[str | None, typer.Option(parser=_text, help="FNC-1 stances CSV (stance).")]
_SplitFileOpt = Annotated[
    str | None,
    typer.Option(
        "--split-file",
        parser=_text,
        help="Topic split CSV (Headline, Body ID, split); needs --split.",
    ),
]
_SplitOpt = Annotated[
    str | None,
    typer.Option("--split", parser=_text, help="Part of --split-file to use: train, dev or drop."),
]


def _report_skipped(report: dict[str, Any]) -> None:
    data = report["data"]
    if not data["skipped_rows"]:
        return
    err = _stderr()
    count = data["skipped_rows"]
    err.print(
        f"[yellow]Skipped {count} bad {'row' if count == 1 else 'rows'} (--skip-errors):[/]",
        highlight=False,
    )
    for example in data["skipped_examples"]:
        err.print(f"  {example}", highlight=False, soft_wrap=True, markup=False)
    if data["skipped_rows"] > len(data["skipped_examples"]):
        err.print(f"  … and {data['skipped_rows'] - len(data['skipped_examples'])} more")


def _print_report(report: dict[str, Any], format: MetricFormat) -> None:
    from credence.render import render_metrics

    if format is MetricFormat.json:
        _emit(json.dumps(report, ensure_ascii=False, indent=2) + "\n", None)
    else:
        with _writing_stdout():
            _stdout().print(render_metrics(report))


@app.command(
    epilog=(
        "Examples:\n\n"
        "  credence train stance pairs.jsonl --out my-stance\n\n"
        "  credence train stance --bodies train_bodies.csv --stances train_stances.csv "
        "--split-file topic_split.csv --split train --out fnc-stance\n\n"
        "  credence train uncertainty ../shared/data/uncertainty/szeged --out my-unc\n\n"
        "  credence train claims ../shared/data/checkworthiness/clef2019/training --out my-claims"
    )
)
@_one_line_errors
def train(
    kind: Annotated[ModelKind, typer.Argument(help=_KIND_HELP)],
    data: Annotated[
        str | None,
        typer.Argument(
            parser=_text,
            help="JSONL (see docs/training.md), Szeged XML file/dir, CLEF-2019 TSV file/dir.",
        ),
    ] = None,
    out: Annotated[
        Path,
        _path_option("--out", help="Model directory to write."),
    ] = Path("model"),
    bodies: _BodiesOpt = None,
    stances: _StancesOpt = None,
    split_file: _SplitFileOpt = None,
    split: _SplitOpt = None,
    group_by: Annotated[
        str | None,
        typer.Option(
            parser=_text,
            help="Data field grouping the CV folds (default: topic for stance, doc_id for "
            "sentences).",
        ),
    ] = None,
    folds: Annotated[int, typer.Option(min=2, help="Cross-validation folds.")] = 3,
    skip_errors: SkipOpt = False,
    format: Annotated[MetricFormat, typer.Option("--format", "-f")] = MetricFormat.table,
) -> None:
    """Train a model of any kind; report metrics cross-validated over topic/document groups."""
    from credence.models.training import train as train_model

    result = train_model(
        kind.value,
        data,
        out,
        bodies=bodies,
        stances=stances,
        split_file=split_file,
        split=split,
        group_by=group_by,
        folds=folds,
        skip_errors=skip_errors,
        progress=lambda message: _stderr().print(
            message, highlight=False, style="dim", soft_wrap=True
        ),
    )
    _report_skipped(result.report)
    _print_report(result.report, format)
    _stderr().print(f"Model written to {result.model_dir}", highlight=False)


@app.command(
    epilog=(
        "Examples:\n\n"
        "  credence evaluate stance pairs.jsonl --model my-stance --format json\n\n"
        "  credence evaluate stance --bodies train_bodies.csv --stances train_stances.csv "
        "--split-file topic_split.csv --split dev --model fnc-stance\n\n"
        "  credence evaluate uncertainty sents.jsonl --model my-unc --plot reliability.png"
    )
)
@_one_line_errors
def evaluate(
    kind: Annotated[ModelKind, typer.Argument(help=_KIND_HELP)],
    data: Annotated[
        str | None,
        typer.Argument(
            parser=_text, help="JSONL (see docs/training.md), Szeged XML, CLEF-2019 TSV."
        ),
    ] = None,
    model: Annotated[
        Path | None,
        _path_option("--model", help="Model directory."),
    ] = None,
    bodies: _BodiesOpt = None,
    stances: _StancesOpt = None,
    split_file: _SplitFileOpt = None,
    split: _SplitOpt = None,
    plot: Annotated[
        str | None, typer.Option("--plot", parser=_text, help="Write a reliability diagram (PNG).")
    ] = None,
    skip_errors: SkipOpt = False,
    format: Annotated[MetricFormat, typer.Option("--format", "-f")] = MetricFormat.table,
) -> None:
    """Evaluate a model on labelled data: accuracy, per-class F1, Brier, ECE, training overlap."""
    from credence.models.persistence import default_model_dir
    from credence.models.training import OVERLAP_WARNING_SHARE
    from credence.models.training import evaluate as evaluate_model

    report = evaluate_model(
        kind.value,
        data,
        model or default_model_dir(kind.value),
        bodies=bodies,
        stances=stances,
        split_file=split_file,
        split=split,
        skip_errors=skip_errors,
        plot=plot,
    )
    _report_skipped(report)
    overlap = report["overlap"]
    if overlap["warn"]:
        seen = ", ".join(
            f"{block['share']:.1%} of the {block['distinct']} distinct {role}"
            for role, block in (
                ("claims", overlap["claims"]),
                ("evidence texts", overlap["evidence"]),
            )
            if block
        )
        _stderr().print(
            f"[yellow]Warning:[/] the model saw {seen} in training (over "
            f"{OVERLAP_WARNING_SHARE:.0%}): these figures overstate how it does on new data.",
            highlight=False,
            soft_wrap=True,
        )
    _print_report(report, format)


def main() -> None:
    """Console-script entry point."""
    try:
        with _writing_stdout():
            app()  # --help and typer's usage errors write outside the commands
    except CredenceError as exc:
        typer.echo(f"Error: {' '.join(str(exc).split())}", err=True)
        sys.exit(1)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
