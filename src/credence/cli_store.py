"""The claim store on the command line: ``credence score … --store FILE`` and
``credence store stats|export|gc``.

Each command opens a :class:`~credence.scoring.store.ClaimStore` and calls one library
function (:func:`credence.scoring.incremental.score_into_store`,
:mod:`credence.scoring.store_maintenance`); what the run did goes to stderr, results to
stdout or ``--output``. ``--format jsonl`` output is written a line at a time: to stdout as
the lines are made, or to a temporary file beside ``--output`` renamed over it at the end
(a reader never sees a half-written file).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Annotated, Any

import typer

from credence.errors import CredenceError, DataError, OutputError

if TYPE_CHECKING:
    pass

__all__ = [
    "StoreOpt",
    "AllStoredOpt",
    "store_app",
    "score_with_store",
    "write_lines",
    "capped_blocks_line",
]


def _store_path(value: Any) -> Path:
    if not str(value).strip():
        raise typer.BadParameter("empty path; give the claim store file")
    return Path(value)


StoreOpt = Annotated[
    Path | None,
    typer.Option(
        "--store",
        parser=_store_path,
        metavar="<path>",
        help=(
            "Claim store (SQLite; created when missing): articles already in it are not "
            "analysed again, claim pairs already read are not read again, and the claims "
            "are scored against everything it holds. See docs/store.md."
        ),
    ),
]
AllStoredOpt = Annotated[
    bool,
    typer.Option(
        "--all-stored",
        help="With --store: report every stored article's claims, not only the given ones'.",
    ),
]
StoryCapOpt = Annotated[
    int | None,
    typer.Option(
        "--story-cap",
        min=1,
        metavar="<articles>",
        help=(
            "Chunked stage (store score; score --store -f jsonl): articles of a story read at "
            "once for its attribute slips (default 2,000, "
            "credence.scoring.blockwise_slips.STORY_ARTICLES_CAP). A larger story is read "
            'in pieces: said on stderr and in its lines ("slips_capped").'
        ),
    ),
]

store_app = typer.Typer(
    help="Look after a claim store made by credence score --store (see docs/store.md).",
    no_args_is_help=True,
)


def write_lines(lines: Iterable[str], output: Path | None) -> int:
    """Write ``lines`` as they come: to stdout, or to ``output`` through a temporary file
    renamed over it once every line is written. Returns the number of lines.

    Raises
    ------
    OutputError
        When ``output`` cannot be written (the temporary file is removed).
    """
    from credence.cli import _writing_stdout
    from credence.output import check_output_path

    count = 0
    if output is None:
        with _writing_stdout():
            for line in lines:
                sys.stdout.write(line)
                count += 1
            sys.stdout.flush()
        return count
    check_output_path(output)
    partial = output.with_name(f".{output.name}.{os.getpid()}.part")
    try:
        with open(partial, "w", encoding="utf-8") as handle:
            for line in lines:
                handle.write(line)
                count += 1
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, output)
    except OSError as exc:
        raise OutputError(str(output), f"cannot write ({exc.strerror or exc})") from None
    finally:
        partial.unlink(missing_ok=True)
    return count


def _run(
    scorer: Any,
    result: Any,
    store_path: Path,
    all_stored: bool,
    finish: Callable[[Any], Any],
    chunked: bool = False,
    story_cap: int | None = None,
) -> tuple[Any, Any]:
    """Score into the store; ``finish`` makes the claims of the started run (writing or
    keeping them) and returns the report. The report and the run (a
    :class:`~credence.scoring.store_chunked.ChunkedRun` when ``chunked``, else a
    :class:`~credence.scoring.incremental.StreamedRun`).
    """
    try:
        return _run_in_store(scorer, result, store_path, all_stored, finish, chunked, story_cap)
    except sqlite3.Error as exc:  # disk full, a locked or damaged file: one line, not a traceback
        raise DataError(str(store_path), f"claim store error: {exc}") from None


def _run_in_store(
    scorer: Any,
    result: Any,
    store_path: Path,
    all_stored: bool,
    finish: Callable[[Any], Any],
    chunked: bool,
    story_cap: int | None,
) -> tuple[Any, Any]:
    from rich.progress import Progress

    from credence.cli import _stderr
    from credence.scoring.incremental import StreamedRun
    from credence.scoring.store import ClaimStore
    from credence.scoring.store_chunked import ChunkedRun

    runner: Any = StreamedRun.start
    if chunked:
        runner = functools.partial(ChunkedRun.start, story_cap=story_cap)
    with ClaimStore(store_path) as store:
        if len(result.articles) < 20:
            run = runner(scorer, result.articles, store, report_all=all_stored)
        else:
            with Progress(console=_stderr(), transient=True) as progress:
                task = progress.add_task("analysing new articles", total=len(result.articles))
                run = runner(
                    scorer,
                    result.articles,
                    store,
                    progress=lambda: progress.advance(task),
                    report_all=all_stored,
                )
        return finish(run), run


def _options(options: dict[str, Any]) -> Any:
    from credence import cli

    return SimpleNamespace(
        **options,
        reading=cli._ReadOptions(options["max_mb"], options["skip_errors"], options["output"]),
        models=cli._ModelDirs(
            options["model"],
            options["stance_model"],
            options["uncertainty_model"],
            options["claim_model"],
        ),
    )


def _store_report(
    paths: list[str],
    store_path: Path,
    options: Any,
    finish: Callable[[Any], Any],
    chunked: bool = False,
) -> Any:
    """Read, score into the store (``finish`` making the claims; on the chunked stage when
    ``chunked``), say what the run did on stderr; the report.
    """
    from credence import cli

    cli._check_lexicons(options.hedge_lexicon, options.source_aliases)
    reading = options.reading
    result = cli._read(paths, reading.max_mb, reading.skip_errors, reading.output)
    scorer = cli._load_scorer(options.models, options.hedge_lexicon, options.source_aliases)
    with cli._workers(options.workers):
        report, run = _run(
            scorer,
            result,
            store_path,
            options.all_stored,
            lambda run: finish(run, result.errors),
            chunked,
            options.story_cap if chunked else None,
        )
    c = run.counts
    cli._stderr().print(
        f"Store {store_path}: {c['articles_new']} of {c['articles_given']} articles analysed "
        f"(new or changed), {c['articles_stored']} stored; {c['claims_scored']} claims scored, "
        f"{c['claims_changed']} changed, {c['claims_reached']} earlier ones reached by new "
        f"claims; {c['readings_new']} new model readings, "
        f"{c['readings_looked_up']} looked up",
        highlight=False,
        soft_wrap=True,
        markup=False,
    )
    capped = run.blocking_line() if chunked else capped_blocks_line(report.blocking)
    if capped is not None:
        cli._stderr().print(capped, highlight=False, soft_wrap=True, markup=False)
    if chunked and (split := run.slips_line()) is not None:
        cli._stderr().print(split, highlight=False, soft_wrap=True, markup=False)
    cli._warn_limits(report.analyses)
    return report


def capped_blocks_line(blocking: dict[str, Any] | None, show: int = 5) -> str | None:
    """The line that tells a reader of any format (``jsonl`` has no ``blocking`` object) which
    blocking keys were too common to compare on; ``None`` when none was capped.

    A key held by more than ``max_postings`` stored claims (a common word, or a story told by
    thousands of articles) makes no candidate pairs: its claims are matched through their
    rarer words only.

    Examples
    --------
    >>> line = capped_blocks_line({"max_postings": 200, "blocks_capped": 1,
    ...                            "capped_terms": [{"term": "kursk", "claims": 4210}]})
    >>> line.endswith("1 key held by more than 200 claims was capped (compared through "
    ...               "rarer words only): kursk (4210 claims)")
    True
    """
    if not blocking or not blocking.get("blocks_capped"):
        return None
    count = blocking["blocks_capped"]
    terms = ", ".join(
        f"{t['term']} ({t['claims']} claims)" for t in blocking["capped_terms"][:show]
    )
    more = f", and {count - show} more" if count > show else ""
    keys = "key" if count == 1 else "keys"
    verb = "was" if count == 1 else "were"
    return (
        f"Blocking: {count} {keys} held by more than {blocking['max_postings']} claims {verb} "
        f"capped (compared through rarer words only): {terms}{more}"
    )


def score_with_store(paths: list[str], store_path: Path, options: dict[str, Any]) -> None:
    """What ``credence score … --store`` does, ``options`` being the ``score`` command's
    arguments: score into the store, then write the report in the format asked for.

    ``jsonl`` is streamed, on the chunked stage (memory bounded by a chunk of claims, not
    the store): each claim's line is written as its chunk is scored
    (:meth:`credence.scoring.store_chunked.ChunkedRun.lines`, :func:`write_lines`), and no
    scored claim is kept. The other formats need the whole report (stories, sources,
    blocking figures) and run the in-memory stage over the store.
    """
    from credence import cli
    from credence.render import render_report

    given = _options(options)
    output, format = given.output, given.format
    if format is cli.ScoreFormat.jsonl:

        def streamed(run: Any, errors: Any) -> Any:
            write_lines(run.lines(), output)
            cli._warn_limits(run.reported_analyses())  # read while the store is open
            return run.report(errors)

        _store_report(paths, store_path, given, streamed, chunked=True)
        return
    report = _store_report(
        paths, store_path, given, lambda run, errors: run.report(list(run.claims()), errors)
    )
    if format is cli.ScoreFormat.table:
        cli._emit_table(render_report(report, explain=given.explain), output)
    elif format is cli.ScoreFormat.json:
        from credence.scoring.report_json import json_chunks

        write_lines(json_chunks(report), output)
    else:
        cli._emit(report.to_csv(), output)


def _open(path: Path) -> Any:
    from credence.scoring.store import ClaimStore

    return ClaimStore(path, readonly=True)


def _one_line(func: Any) -> Any:
    # credence.cli's one-line errors, looked up when called (cli imports this module).
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from credence.cli import _one_line_errors

        return _one_line_errors(func)(*args, **kwargs)

    return wrapper


StoreArg = Annotated[Path, typer.Argument(parser=_store_path, metavar="STORE", show_default=False)]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", parser=_store_path, metavar="<path>", help="Write to FILE."),
]


@store_app.command("stats")
@_one_line
def stats(
    store: StoreArg,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of lines.")] = False,
) -> None:
    """Rows per table, bytes on disk, the dates covered and the last run."""
    from credence.scoring.store_maintenance import store_stats

    with _open(store) as opened:
        found = store_stats(opened)
    if as_json:
        write_lines([json.dumps(found, indent=2) + "\n"], None)
        return
    lines = [f"{found['path']}: {found['bytes']:,} bytes\n"]
    lines += [f"  {table:<12} {n:>12,} rows\n" for table, n in found["counts"].items()]
    lines.append(f"  published    {found['published']['first']} .. {found['published']['last']}\n")
    if found["last_run"]:
        run = found["last_run"]
        lines.append(
            f"  last run     #{run['id']} {run['started']}: {run['articles_new']} new of "
            f"{run['articles_given']} articles, {run['claims_scored']} claims scored\n"
        )
    write_lines(lines, None)


@store_app.command("export")
@_one_line
def export(
    store: StoreArg,
    output: OutputOpt = None,
) -> None:
    """Every stored article as one JSON line: metadata, claims, spans, last scores."""
    from credence.scoring.store_maintenance import export_lines

    with _open(store) as opened:
        write_lines(export_lines(opened), output)


def _date(value: Any) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date like 2024-05-31") from None


@store_app.command("gc")
@_one_line
def gc(
    store: StoreArg,
    before: Annotated[
        dt.datetime,
        typer.Option(
            "--before",
            parser=_date,
            metavar="YYYY-MM-DD",
            help="Drop articles published before this day (undated ones: stored before it).",
        ),
    ],
    vacuum: Annotated[
        bool, typer.Option("--vacuum", help="Give the space back to the disk.")
    ] = False,
) -> None:
    """Drop old articles and everything hanging off them (claims, keys, scores, readings)."""
    from credence.scoring.store import ClaimStore
    from credence.scoring.store_maintenance import collect_garbage

    if not Path(store).exists():
        raise CredenceError(f"{store}: no claim store there")
    with ClaimStore(store) as opened:
        dropped = collect_garbage(opened, before, vacuum=vacuum)  # type: ignore[arg-type]
    write_lines([", ".join(f"{n} {table} dropped" for table, n in dropped.items()) + "\n"], None)


@store_app.command("score")
@_one_line
def score_chunked(
    store: StoreArg,
    output: OutputOpt = None,
    chunk: Annotated[
        int, typer.Option("--chunk", min=1, help="Claims a chunk (whole articles): what is held.")
    ] = 5000,
    top_k: Annotated[
        int,
        typer.Option(
            "--top-k",
            min=1,
            help=(
                "Candidate pairs kept per claim, by cosine. The default is the in-memory "
                "path's; a lower cap is reported on stderr and in the lines it bites."
            ),
        ),
    ] = 10,
    scores_only: Annotated[
        bool,
        typer.Option(
            "--scores-only",
            help=(
                "Lines of scores only (no evidence, explanation or copies): the pairs are "
                "not read again for the explanations."
            ),
        ),
    ] = False,
    story_cap: StoryCapOpt = None,
) -> None:
    """Score every stored claim a chunk at a time (memory bounded by the chunk), as JSONL.

    The chunked cross-article stage: each line is the claim as ``credence score --format
    json`` gives it (evidence, strongest support and contradiction, explanation, copies),
    the chunked stage's fields (origin, outlet, support and contradiction scores, evidence
    items, origin reliability, story, cap) under ``store``; with ``--scores-only``, those
    fields and the scores alone (docs/store.md). What the blocking capped goes to stderr.

    Example: credence store score claims.db --chunk 5000 --top-k 10 -o claims.jsonl
    """
    from credence.cli import _stderr
    from credence.scoring.blockwise import score_blockwise
    from credence.scoring.blockwise_candidates import ChunkBlocking
    from credence.scoring.incremental import fingerprint
    from credence.scoring.scorer import Scorer
    from credence.scoring.store import ClaimStore
    from credence.scoring.store_cache import store_models

    if not Path(store).exists():
        raise CredenceError(f"{store}: no claim store there")
    scorer = Scorer.load()
    try:
        with ClaimStore(store) as opened:
            opened.check_fingerprint(fingerprint(scorer))
            model, uncertainty = store_models(scorer, opened.conn)
            run = score_blockwise(
                opened.conn,
                model,
                blocking=ChunkBlocking(top_k=top_k),
                chunk_claims=chunk,
                story_cap=story_cap,
            )
            pairs = None if scores_only else model
            lines = write_lines((line + "\n" for line in run.lines(uncertainty, pairs)), output)
    except sqlite3.Error as exc:
        raise DataError(str(store), f"claim store error: {exc}") from None
    for said in _chunked_run_lines(store, run, lines):
        _stderr().print(said, markup=False, highlight=False)


def _chunked_run_lines(store: Path, run: Any, lines: int) -> list[str]:
    """What ``credence store score`` says on stderr once its ``lines`` are written: the
    blocking, the stories read in pieces (if any) and the run's counts.
    """
    counts = run.counts
    said = [run.blocking_line()]
    if (split := run.slips_line()) is not None:
        said.append(split)
    said.append(
        f"Store {store}: {lines:,} claims scored in {counts['chunks']:,} chunks; "
        f"{counts['pairs_read']:,} pairs read, each once ({counts['readings_computed']:,} new "
        f"model readings, {counts['readings_looked_up']:,} looked up; "
        f"{counts['items_looked_up']:,} items of pairs an earlier chunk read looked up); "
        f"{counts['sources']:,} "
        f"sources, reliability {'converged' if counts['converged'] else 'not converged'} "
        f"in {counts['iterations']} passes"
    )
    return said
