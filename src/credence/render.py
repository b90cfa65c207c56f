"""Human-readable tables (rich) for the CLI. Machine formats live in ``scoring.report``.

The claims and sources tables fit the terminal they are printed on: they are built when rich
renders them, for the width it offers. Columns are kept by importance while they fit (the
sources table says which it dropped), headers never wrap or shrink, and names wrap between
words, never inside one, up to :data:`LONGEST_UNBROKEN_NAME_WORD` characters.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.console import (
    Console,
    ConsoleOptions,
    Group,
    JustifyMethod,
    RenderableType,
    RenderResult,
)
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from credence.scoring.report import Report, claims_by_story

if TYPE_CHECKING:
    from credence.scoring.corroboration import ScoredClaim
    from credence.scoring.sources import SourceScore

__all__ = [
    "LONGEST_UNBROKEN_NAME_WORD",
    "FitToWidth",
    "render_report",
    "render_sources",
    "render_claim",
    "render_metrics",
]

#: Name words up to this long are never broken; longer ones (rare ids) fold at the edge.
LONGEST_UNBROKEN_NAME_WORD = 24
#: The narrowest a wrapped name column gets while optional columns are still added.
_NAME_MIN_WIDTH = 16
#: Border and padding a column adds to a rich table with the default box and padding (1, 1).
_COLUMN_FRAME = 3


def _score_text(value: float | None, *, high_is_good: bool) -> Text:
    if value is None:
        return Text("–", style="dim")
    good = value >= 0.66 if high_is_good else value <= 0.33
    bad = value <= 0.33 if high_is_good else value >= 0.66
    style = "green" if good else "red" if bad else "yellow"
    return Text(f"{value:.2f}", style=style)


def _short(text: str, width: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _longest_word(names: Sequence[str]) -> int:
    return max((len(w) for name in names for w in name.split()), default=0)


def _name_width(header: str, names: Sequence[str]) -> int:
    """The narrowest a name column may get without breaking a word (nor its header)."""
    return max(len(header), min(_longest_word(names), LONGEST_UNBROKEN_NAME_WORD))


@dataclass(frozen=True)
class FitToWidth:
    """A renderable built for the width rich offers when it prints it.

    Parameters
    ----------
    build : callable
        ``build(width) -> renderable``, called at render time with the available width.
    """

    build: Callable[[int], RenderableType]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """Build the renderable for ``options.max_width`` and hand it to rich."""
        yield self.build(options.max_width)


@dataclass(frozen=True)
class _Column:
    header: str
    justify: JustifyMethod = "right"


def _fit_columns(
    width: int, fixed: int, widths: Mapping[str, int], by_priority: Sequence[str]
) -> list[str]:
    """Headers of the columns kept in ``width`` beside ``fixed`` characters.

    ``widths`` gives each column's widest cell (header included). Columns are taken in
    ``by_priority`` order up to the first that does not fit, so that a less important column
    is never shown while a more important one is left out.
    """
    used = fixed
    kept: list[str] = []
    for header in by_priority:
        used += widths[header] + _COLUMN_FRAME
        if used > width:
            break
        kept.append(header)
    return kept


def _claim_cell(
    d: Mapping[str, Any], explain: bool, *, article_line: bool = False, origins_line: bool = False
) -> Text:
    """The claim text, then its hedges, chain, conflicts and copies as short coloured lines.

    On narrow terminals the article id heads the cell and the origins close it (their
    columns are left out).
    """
    cell = Text(d["article_id"] + "\n", style="dim") if article_line else Text()
    cell.append(_short(d["text"], 400 if explain else 220))
    hedges = sorted({f"{h['text'].lower()} ({h['category']})" for h in d["hedges"]})
    if hedges:
        cell.append("\nhedged: " + ", ".join(hedges), style="yellow")
    if len(d["chain"]) > 1:
        cell.append("\nchain: " + " → ".join(d["chain"]), style="cyan")
    for x in d["conflicts"]:
        values = " vs ".join(str(v) for v in x["values"])
        cell.append(f"\n{x['kind']} conflict: {values}", style="red")
    for key, label, style in _STRONGEST:
        if d[key] is not None:
            cell.append(
                f"\n{label}: {_evidence_line(d[key], 300 if explain else 120)}", style=style
            )
    if d["copies"]:
        ids = ", ".join(c["id"].removeprefix(d["article_id"] + ":") for c in d["copies"])
        cell.append(f"\nrepeated as {ids} (scored once)", style="dim")
    if origins_line:
        names = "; ".join(d["origins"]) or "–"
        cell.append(f"\nindependent origins ({d['independent_origins']}): {names}", style="bold")
    if explain:
        for e in d["explanation"]:
            line = f"{e.get('factor')}: {e.get('value')}  {e.get('detail', '')}".rstrip()
            cell.append("\n  " + line, style="dim")
            for ref in e.get("evidence", ()):
                cell.append(f"\n    {_evidence_line(ref, 160)}", style="dim")
    return cell


#: The strongest supporting and contradicting claim shown under each claim.
_STRONGEST = (
    ("strongest_support", "strongest support", "green"),
    ("strongest_contradiction", "strongest contradiction", "red"),
)


def _evidence_line(e: Mapping[str, Any], width: int) -> str:
    """A supporting or contradicting claim as "article · origin · P(agree): passage"."""
    passage = e.get("passage", e.get("text", ""))
    return (
        f"{e['article_id']} · {e.get('origin') or '–'} · P(agree) {e['agreement']:.2f}: "
        f"{_short(passage, width)}"
    )


#: The narrowest claim column beside an article or origins column.
_CLAIM_MIN_WIDTH = 32


def _claims_table(title: str, claims: Sequence[ScoredClaim], explain: bool, width: int) -> Table:
    """Claims with their scores; the article and origins columns only where they fit."""
    dicts = [c.to_dict() for c in claims]
    nonfactual_column = any(d.get("nonfactual") is not None for d in dicts)
    scores = 1 + (5 + _COLUMN_FRAME) + (4 + _COLUMN_FRAME)  # outer border, corr., unc.
    scores += (4 + _COLUMN_FRAME) if nonfactual_column else 0  # n.f.
    room = width - scores - _COLUMN_FRAME - _CLAIM_MIN_WIDTH
    origins_header = "independent origins"
    origins_width = _name_width(origins_header, [n for d in dicts for n in d["origins"]])
    if origins_width + _COLUMN_FRAME > room:
        origins_header = "origins"
        origins_width = _name_width(origins_header, [n for d in dicts for n in d["origins"]])
    origins_column = origins_width + _COLUMN_FRAME <= room
    if origins_column:
        # As wide as the longest name up to a readable line, within the room there is.
        longest = max((len(n) for d in dicts for n in d["origins"]), default=0)
        origins_width = min(max(origins_width, min(longest, 30)), room - _COLUMN_FRAME)
    article_width = _name_width("article", [d["article_id"] for d in dicts])
    article_column = origins_column and origins_width + article_width + 2 * _COLUMN_FRAME <= room
    table = Table(title=title, show_lines=True, expand=True, title_justify="left")
    if article_column:
        table.add_column("article", style="dim", width=article_width, overflow="fold")
    table.add_column("claim", ratio=1)
    table.add_column("corr.", justify="right", no_wrap=True, width=5)
    table.add_column("unc.", justify="right", no_wrap=True, width=4)
    if nonfactual_column:
        # P(not presented as having happened): future, modal, negated, reported, hedged.
        table.add_column("n.f.", justify="right", no_wrap=True, width=4)
    if origins_column:
        table.add_column(origins_header, width=origins_width, overflow="fold")
    for d in dicts:
        cells: list[RenderableType] = [d["article_id"]] if article_column else []
        cells += [
            _claim_cell(
                d, explain, article_line=not article_column, origins_line=not origins_column
            ),
            _score_text(d["corroboration"], high_is_good=True),
            _score_text(d["uncertainty"], high_is_good=False),
        ]
        if nonfactual_column:
            cells.append(_score_text(d.get("nonfactual"), high_is_good=False))
        if origins_column:
            origins = "\n".join(d["origins"]) or "–"
            cells.append(Text(f"{d['independent_origins']}\n", style="bold") + Text(origins))
        table.add_row(*cells)
    return table


#: The sources columns after the name, left to right.
_SOURCE_COLUMNS = (
    _Column("kind", "left"),
    _Column("claims"),
    _Column("corroborated"),
    _Column("contradicted"),
    _Column("hedged"),
    _Column("anonymous"),
    _Column("conflicts"),
    _Column("dup. paras"),
    _Column("reliability"),
)
#: The order in which optional columns are kept while they fit (the rest are dropped).
_SOURCE_PRIORITY = (
    "reliability",
    "claims",
    "corroborated",
    "contradicted",
    "kind",
    "hedged",
    "anonymous",
    "conflicts",
    "dup. paras",
)


def _source_cells(d: Mapping[str, Any]) -> dict[str, Text]:
    return {
        "kind": Text(d["kind"]),
        "claims": Text(str(d["claims"])),
        "corroborated": Text(f"{d['corroborated_share']:.0%}"),
        "contradicted": Text(f"{d['contradicted_share']:.0%}"),
        "hedged": Text(f"{d['hedging_rate']:.0%}"),
        "anonymous": Text(f"{d['anonymous_rate']:.0%}"),
        "conflicts": Text(str(d["internal_conflicts"])),
        "dup. paras": Text(str(d["duplicated_paragraphs"])),
        "reliability": _score_text(d["reliability"], high_is_good=True),
    }


def _sources_table(sources: Sequence[SourceScore], width: int) -> Table:
    dicts = [s.to_dict() for s in sources]
    rows = [_source_cells(d) for d in dicts]
    widths = {
        c.header: max([len(c.header), *(row[c.header].cell_len for row in rows)])
        for c in _SOURCE_COLUMNS
    }
    name_width = _name_width("source", [d["name"] for d in dicts])
    name_room = max(name_width, _NAME_MIN_WIDTH)
    kept = _fit_columns(width, 1 + name_room + _COLUMN_FRAME, widths, _SOURCE_PRIORITY)
    dropped = [c.header for c in _SOURCE_COLUMNS if c.header not in kept]
    caption = (
        f"Left out at this width: {', '.join(dropped)} (a wider terminal, or --format json, "
        "shows them)"
        if dropped
        else None
    )
    table = Table(title="Sources", caption=caption, caption_justify="left", title_justify="left")
    table.add_column("source", min_width=name_width, overflow="fold")
    shown = [c for c in _SOURCE_COLUMNS if c.header in kept]
    for column in shown:
        table.add_column(
            column.header,
            justify=column.justify,
            no_wrap=True,
            min_width=widths[column.header],
        )
    for d, row in zip(dicts, rows, strict=True):
        table.add_row(d["name"], *(row[c.header] for c in shown))
    return table


def render_sources(sources: Sequence[SourceScore]) -> FitToWidth:
    """The source-reliability table, with the columns that fit the terminal.

    Less important columns (duplicated paragraphs, conflicts, anonymous, hedged, kind, ...)
    are left out on narrow terminals, and the caption names them; names wrap between words.
    """
    return FitToWidth(lambda width: _sources_table(sources, width))


def render_report(report: Report, *, explain: bool = False) -> Group:
    """Claims grouped by story, then the sources table (both fitted to the terminal width)."""
    parts: list[RenderableType] = []
    for story, claims in claims_by_story(report):
        if not claims:
            continue
        if story is None:
            title = "Claims not linked to any other claim"
        else:
            title = f"Story: {story.label} ({len(story.article_ids)} articles)"
        parts.append(
            FitToWidth(
                lambda width, title=title, claims=claims: _claims_table(
                    title, claims, explain, width
                )
            )
        )
    dups = [
        f"{a.article.id}: paragraph {p.index} repeats paragraph {p.duplicate_of}"
        for a in report.analyses
        for p in a.paragraphs
        if p.duplicate_of is not None
    ]
    if dups:
        parts.append(
            Panel(
                "\n".join(dups),
                title="Repeated paragraphs (their claims are scored once)",
                style="dim",
            )
        )
    if report.sources:
        parts.append(render_sources(report.sources))
    if report.errors:
        parts.append(Panel("\n".join(str(e) for e in report.errors), title="Skipped", style="red"))
    if not report.claims:
        parts.append(Text("No checkable claims found.", style="yellow"))
    return Group(*parts)


def _evidence_table(
    title: str, style: str, evidence: Sequence[Mapping[str, Any]], width: int
) -> Table:
    """Supporting or contradicting passages; article and origin columns only where they fit."""
    scores = 1 + (len("disagree") + _COLUMN_FRAME) + (4 + _COLUMN_FRAME)  # border, stance, p
    room = width - scores - _COLUMN_FRAME - _CLAIM_MIN_WIDTH
    article_width = _name_width("article", [e["article_id"] for e in evidence])
    origins = [str(e.get("origin") or "–") for e in evidence]
    origin_width = _name_width("origin", origins)
    columns = article_width + origin_width + 2 * _COLUMN_FRAME <= room
    if columns:
        longest = max((len(o) for o in origins), default=0)
        origin_width = min(max(origin_width, min(longest, 30)), room - article_width - 6)
    table = Table(title=title, expand=True, title_justify="left", title_style=style)
    if columns:
        table.add_column("article", width=article_width, overflow="fold")
    table.add_column("passage", ratio=1)
    table.add_column("stance", no_wrap=True, width=len("disagree"))
    table.add_column("p", justify="right", no_wrap=True, width=4)
    if columns:
        table.add_column("origin", width=origin_width, overflow="fold")
    for e, origin in zip(evidence, origins, strict=True):
        passage = Text(_short(e["text"], 300))
        if not columns:
            passage = Text(f"{e['article_id']} · {origin}\n", style="dim") + passage
        cells: list[RenderableType] = [e["article_id"]] if columns else []
        cells += [passage, e["stance"], f"{e['probability']:.2f}"]
        if columns:
            cells.append(origin)
        table.add_row(*cells)
    return table


def render_claim(scored: ScoredClaim) -> Group:
    """One checked claim with its supporting and contradicting passages (fitted to the width)."""
    d = scored.to_dict()
    head = Table.grid(padding=(0, 2))
    head.add_row("claim", d["text"])
    head.add_row("corroboration", _score_text(d["corroboration"], high_is_good=True))
    head.add_row("uncertainty", _score_text(d["uncertainty"], high_is_good=False))
    if d.get("nonfactual") is not None:
        head.add_row("nonfactual", _score_text(d["nonfactual"], high_is_good=False))
    origins = f"{d['independent_origins']}"
    if d["origins"]:  # none: "0", not "0: "
        origins += f": {', '.join(d['origins'])}"
    head.add_row("independent origins", origins)
    parts: list[RenderableType] = [head]
    for key, style in (("support", "green"), ("contradictions", "red")):
        if d[key]:
            parts.append(
                FitToWidth(
                    lambda width, key=key, style=style: _evidence_table(key, style, d[key], width)
                )
            )
    if d["conflicts"]:
        parts.append(
            Panel(
                "\n".join(
                    f"{x['kind']}: {' vs '.join(x['values'])} (with {x['with']})"
                    for x in d["conflicts"]
                ),
                title="conflicts",
                style="red",
            )
        )
    parts.append(
        Panel(
            "\n".join(
                f"{e.get('factor')}: {e.get('value')}  {e.get('detail', '')}"
                for e in d["explanation"]
            ),
            title="explanation",
            style="dim",
        )
    )
    return Group(*parts)


def _figure(value: Any, digits: int = 3) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _overlap_line(overlap: Mapping[str, Any]) -> str:
    if not overlap.get("known"):
        return "unknown (the model directory has no training-text fingerprints)"
    parts = []
    for role, name in (("claims", "claims"), ("evidence", "evidence texts")):
        block = overlap.get(role)
        if block:
            parts.append(
                f"{block['seen_in_training']} of {block['distinct']} distinct {name} "
                f"({block['share']:.1%})"
            )
    return "; ".join(parts) + (" (over 5 %: optimistic figures)" if overlap.get("warn") else "")


def _overview_table(report: Mapping[str, Any]) -> Table:
    data = report["data"]
    overview = Table(
        title=f"{report['kind']} model: {report['command']}",
        title_justify="left",
        show_header=False,
    )
    overview.add_column("what")
    overview.add_column("value", overflow="fold")
    overview.add_row("model", str(report["model_dir"]))
    rows = f"{data['rows']} rows from {data['source']}"
    if data.get("split"):
        rows += f" (split {data['split']['name']!r} of {data['split']['file']})"
    overview.add_row("data", rows)
    overview.add_row(
        "classes", ", ".join(f"{k} {v}" for k, v in data.get("class_counts", {}).items())
    )
    if data["skipped_rows"]:
        overview.add_row("skipped", f"{data['skipped_rows']} bad rows (--skip-errors)")
    if report.get("grouping"):
        g = report["grouping"]
        overview.add_row(
            "folds", f"{report['cv']['folds']} folds over {g['groups']} {g['by']} groups"
        )
        overview.add_row("groups", g["description"])
    if report.get("overlap") is not None:
        overview.add_row("seen in training", _overlap_line(report["overlap"]))
    return overview


def _headline_table(report: Mapping[str, Any]) -> Table:
    metrics = report["metrics"]
    cross_validated = report["command"] == "train"
    headline = Table(
        title="cross-validated (out-of-fold)" if cross_validated else "on this data",
        title_justify="left",
    )
    headline.add_column("figure")
    headline.add_column("model", justify="right")
    baseline = report.get("baseline") or {}
    headline.add_column(f"baseline: {baseline.get('strategy', '–')}", justify="right")
    headline.add_row("accuracy", _figure(metrics["accuracy"]), _figure(baseline.get("accuracy")))
    headline.add_row("macro-F1", _figure(metrics["macro_f1"]), _figure(baseline.get("macro_f1")))
    if metrics.get("fnc"):
        headline.add_row(
            "FNC score (share of max)",
            _figure(metrics["fnc"]["relative"]),
            _figure(baseline.get("fnc_relative")),
        )
    headline.add_row("Brier", _figure(metrics["brier"]), "–")
    headline.add_row("ECE (top label)", _figure(metrics["ece"]), "–")
    headline.add_row("rows", str(metrics["n"]), "")
    return headline


def _per_class_table(metrics: Mapping[str, Any]) -> Table:
    per_class = Table(title="per class", title_justify="left")
    for name in ("class", "precision", "recall", "F1", "support"):
        per_class.add_column(name, justify="left" if name == "class" else "right")
    for label, figures in metrics["per_class"].items():
        per_class.add_row(
            label,
            _figure(figures["precision"]),
            _figure(figures["recall"]),
            _figure(figures["f1"]),
            str(figures["support"]),
        )
    return per_class


def _confusion_table(metrics: Mapping[str, Any]) -> Table:
    confusion = Table(title="confusion (rows gold, columns predicted)", title_justify="left")
    confusion.add_column("gold \\ predicted")
    labels = metrics["confusion"]["labels"]
    for label in labels:
        confusion.add_column(label, justify="right")
    for label, counts in zip(labels, metrics["confusion"]["matrix"], strict=True):
        confusion.add_row(label, *(str(c) for c in counts))
    return confusion


def _folds_table(cv: Mapping[str, Any]) -> Table:
    folds = Table(title="per fold", title_justify="left")
    for name in ("fold", "rows", "groups", "accuracy", "macro-F1"):
        folds.add_column(name, justify="right")
    for i, fold in enumerate(cv["per_fold"], start=1):
        folds.add_row(
            str(i),
            str(fold["n"]),
            str(fold["groups"]),
            _figure(fold["accuracy"]),
            _figure(fold["macro_f1"]),
        )
    return folds


def render_metrics(report: Mapping[str, Any]) -> Group:
    """A ``credence train`` / ``evaluate`` report (``docs/training.md``) as readable tables.

    An overview (data, grouping, overlap with training), the headline figures beside the
    baseline, one row per class, and the confusion matrix (rows gold, columns predicted).
    """
    metrics = report["metrics"]
    parts: list[Any] = [
        _overview_table(report),
        _headline_table(report),
        _per_class_table(metrics),
        _confusion_table(metrics),
    ]
    if report.get("cv"):
        parts.append(_folds_table(report["cv"]))
    return Group(*parts)


def print_to(console: Console, renderable: Any) -> None:
    console.print(renderable)
