"""The ``credence`` command line. Each command parses options and calls one library function;
typed library errors become a single ``Error: …`` line on stderr and exit code 1.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from credence import __version__
from credence.errors import CredenceError

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

_F = TypeVar("_F", bound=Callable[..., Any])
_MB = 1_000_000


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


class ModelKind(StrEnum):
    stance = "stance"
    uncertainty = "uncertainty"


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
        try:
            return func(*args, **kwargs)
        except CredenceError as exc:
            _fail(str(exc))
        except MemoryError:
            _fail("out of memory; score fewer articles at once")
        except KeyboardInterrupt:
            _fail("interrupted")

    return wrapper  # type: ignore[return-value]


def _emit(text: str, output: Path | None) -> None:
    from credence.output import atomic_write_text

    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        atomic_write_text(output, text)


def _read(paths: list[str], max_mb: float, skip_errors: bool) -> Any:
    from credence.ingest import read_articles

    result = read_articles(paths, max_bytes=int(max_mb * _MB), skip_errors=skip_errors)
    err = _stderr()
    for e in result.errors:
        err.print(f"[yellow]Skipped:[/] {e}", highlight=False, soft_wrap=True)
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


def _load_scorer(model: Path | None, hedge_lexicon: Path | None, source_aliases: Path | None):
    from credence.scoring.scorer import Scorer

    return Scorer.load(
        model,
        hedge_lexicon=str(hedge_lexicon) if hedge_lexicon else None,
        source_aliases=str(source_aliases) if source_aliases else None,
    )


def _score_with_progress(scorer: Any, articles: Any, errors: Any) -> Any:
    from rich.progress import Progress

    if len(articles) < 20:
        return scorer.score(articles, errors=errors)
    with Progress(console=_stderr(), transient=True) as progress:
        task = progress.add_task("analysing articles", total=len(articles))
        return scorer.score(articles, progress=lambda: progress.advance(task), errors=errors)


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
    typer.Option("--output", "-o", help="Write to FILE (atomically) instead of stdout."),
]
ModelOpt = Annotated[
    Path | None,
    typer.Option("--model", help="Directory with stance/ uncertainty/ claims/ models."),
]
LexiconOpt = Annotated[
    Path | None, typer.Option("--hedge-lexicon", help="Extra hedge lexicon (TSV) to merge.")
]
AliasOpt = Annotated[
    Path | None, typer.Option("--source-aliases", help="Extra source alias table (TSV) to merge.")
]


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
    hedge_lexicon: LexiconOpt = None,
    source_aliases: AliasOpt = None,
) -> None:
    """Score the claims in articles: corroboration, uncertainty, origins, conflicts, sources."""
    from credence.render import render_report

    result = _read(paths, max_mb, skip_errors)
    scorer = _load_scorer(model, hedge_lexicon, source_aliases)
    report = _score_with_progress(scorer, result.articles, result.errors)
    _warn_limits(report.analyses)
    if format is ScoreFormat.table:
        console = Console(record=True, width=140) if output else _stdout()
        if output is None:
            console.print(render_report(report, explain=explain))
        else:
            with console.capture():
                console.print(render_report(report, explain=explain))
            _emit(console.export_text(), output)
        return
    text = {
        ScoreFormat.json: lambda: report.to_json() + "\n",
        ScoreFormat.jsonl: report.to_jsonl,
        ScoreFormat.csv: report.to_csv,
    }[format]()
    _emit(text, output)


@app.command(epilog="Example:\n\n  credence extract ../shared/seeds --format json")
@_one_line_errors
def extract(
    paths: PathsArg,
    format: Annotated[ExtractFormat, typer.Option("--format", "-f")] = ExtractFormat.json,
    output: OutputOpt = None,
    skip_errors: SkipOpt = False,
    max_mb: MaxMbOpt = 10.0,
    hedge_lexicon: LexiconOpt = None,
    source_aliases: AliasOpt = None,
) -> None:
    """Print every article's hedges, attributions, chains, quantities and dates as JSON."""
    from credence.scoring.engine import Extractors, analyze_all
    from credence.scoring.report import extraction_dict

    result = _read(paths, max_mb, skip_errors)
    extractors = Extractors(
        hedge_lexicon=str(hedge_lexicon) if hedge_lexicon else None,
        source_aliases=str(source_aliases) if source_aliases else None,
    )
    analyses = analyze_all(result.articles, extractors=extractors)
    _warn_limits(analyses)
    docs = [extraction_dict(a) for a in analyses]
    if format is ExtractFormat.json:
        text = json.dumps(docs, ensure_ascii=False, indent=2) + "\n"
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
) -> None:
    """Rate the outlets and the origins they cite (reliability, corroboration, hedging)."""
    from credence.render import render_sources

    result = _read(paths, max_mb, skip_errors)
    report = _score_with_progress(_load_scorer(model, None, None), result.articles, result.errors)
    _warn_limits(report.analyses)
    if format is MetricFormat.json:
        _emit(json.dumps([s.to_dict() for s in report.sources], indent=2) + "\n", output)
    else:
        _stdout().print(render_sources(report.sources))


@app.command(
    epilog=(
        'Example:\n\n  credence check "North Korea sent at least 1,000 more troops" ../shared/seeds'
    )
)
@_one_line_errors
def check(
    claim: Annotated[str, typer.Argument(help="The claim to check, in quotes.")],
    paths: PathsArg,
    format: Annotated[MetricFormat, typer.Option("--format", "-f")] = MetricFormat.table,
    skip_errors: SkipOpt = False,
    max_mb: MaxMbOpt = 10.0,
    model: ModelOpt = None,
) -> None:
    """Score one typed claim against a set of articles."""
    from credence.render import render_claim

    if not claim.strip():
        raise CredenceError("the claim to check is empty")
    result = _read(paths, max_mb, skip_errors)
    scored = _load_scorer(model, None, None).check(claim, result.articles)
    if format is MetricFormat.json:
        _emit(json.dumps(scored.to_dict(), ensure_ascii=False, indent=2) + "\n", None)
    else:
        _stdout().print(render_claim(scored))


@app.command(
    epilog=(
        "Examples:\n\n"
        "  credence train stance pairs.jsonl --out my-stance\n\n"
        "  credence train stance --bodies train_bodies.csv --stances train_stances.csv --out m\n\n"
        "  credence train uncertainty ../shared/data/uncertainty/szeged --out my-unc"
    )
)
@_one_line_errors
def train(
    kind: Annotated[ModelKind, typer.Argument(help="stance or uncertainty")],
    data: Annotated[
        str | None, typer.Argument(help="JSONL (see README), Szeged XML file/dir.")
    ] = None,
    out: Annotated[Path, typer.Option("--out", help="Model directory to write.")] = Path("model"),
    bodies: Annotated[str | None, typer.Option(help="FNC-1 bodies CSV (stance).")] = None,
    stances: Annotated[str | None, typer.Option(help="FNC-1 stances CSV (stance).")] = None,
    group_by: Annotated[
        str | None,
        typer.Option(help="Field grouping CV folds (default evidence_id / doc_id)."),
    ] = None,
    folds: Annotated[int, typer.Option(min=2, help="Cross-validation folds.")] = 3,
    skip_errors: SkipOpt = False,
    format: Annotated[MetricFormat, typer.Option("--format", "-f")] = MetricFormat.table,
) -> None:
    """Train a stance or uncertainty model; report grouped cross-validated metrics."""
    from credence.models.training import train as train_model
    from credence.render import render_metrics

    result = train_model(
        kind.value,
        data,
        out,
        bodies=bodies,
        stances=stances,
        group_by=group_by,
        folds=folds,
        skip_errors=skip_errors,
    )
    if result.skipped:
        _stderr().print(f"[yellow]Skipped {result.skipped} bad rows.[/]")
    if format is MetricFormat.json:
        typer.echo(json.dumps({"model_dir": str(result.model_dir), **result.metrics}, indent=2))
    else:
        _stdout().print(render_metrics(result.metrics))
        _stderr().print(f"Model written to {result.model_dir}")


@app.command(
    epilog=(
        "Examples:\n\n"
        "  credence evaluate stance pairs.jsonl --model my-stance --format json\n\n"
        "  credence evaluate uncertainty sents.jsonl --model my-unc --plot reliability.png"
    )
)
@_one_line_errors
def evaluate(
    kind: Annotated[ModelKind, typer.Argument(help="stance or uncertainty")],
    data: Annotated[str | None, typer.Argument(help="JSONL (see README), Szeged XML.")] = None,
    model: Annotated[Path | None, typer.Option("--model", help="Model directory.")] = None,
    bodies: Annotated[str | None, typer.Option(help="FNC-1 bodies CSV (stance).")] = None,
    stances: Annotated[str | None, typer.Option(help="FNC-1 stances CSV (stance).")] = None,
    plot: Annotated[
        str | None, typer.Option("--plot", help="Write a reliability diagram (PNG).")
    ] = None,
    skip_errors: SkipOpt = False,
    format: Annotated[MetricFormat, typer.Option("--format", "-f")] = MetricFormat.table,
) -> None:
    """Evaluate a model on labelled data: accuracy, macro-F1, per-class F1, Brier, ECE."""
    from credence.models.persistence import default_model_dir
    from credence.models.training import evaluate as evaluate_model
    from credence.render import render_metrics

    metrics = evaluate_model(
        kind.value,
        data,
        model or default_model_dir(kind.value),
        bodies=bodies,
        stances=stances,
        skip_errors=skip_errors,
        plot=plot,
    )
    if format is MetricFormat.json:
        typer.echo(json.dumps(metrics, indent=2))
    else:
        _stdout().print(render_metrics(metrics))


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
