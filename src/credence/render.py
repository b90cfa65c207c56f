"""Human-readable tables (rich) for the CLI. Machine formats live in ``scoring.report``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from credence.scoring.report import Report, claims_by_story

__all__ = ["render_report", "render_sources", "render_claim", "render_metrics"]


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


def _claim_cell(d: Mapping[str, Any], explain: bool) -> Text:
    """The claim text, then its hedges, chain and conflicts as short dim/red lines."""
    cell = Text(_short(d["text"], 400 if explain else 220))
    hedges = sorted({f"{h['text'].lower()} ({h['category']})" for h in d["hedges"]})
    if hedges:
        cell.append("\nhedged: " + ", ".join(hedges), style="yellow")
    if len(d["chain"]) > 1:
        cell.append("\nchain: " + " → ".join(d["chain"]), style="cyan")
    for x in d["conflicts"]:
        values = " vs ".join(str(v) for v in x["values"])
        cell.append(f"\n{x['kind']} conflict: {values}", style="red")
    for e in d["contradictions"][:3]:
        cell.append(f"\ncontradicted by {e['article_id']}: {_short(e['text'], 90)}", style="red")
    if explain:
        for e in d["explanation"]:
            line = f"{e.get('factor')}: {e.get('value')}  {e.get('detail', '')}".rstrip()
            cell.append("\n  " + line, style="dim")
    return cell


def _claims_table(title: str, claims: Sequence[Any], explain: bool) -> Table:
    table = Table(title=title, show_lines=True, expand=True, title_justify="left")
    table.add_column("article", max_width=14, overflow="fold", style="dim")
    table.add_column("claim", ratio=6)
    table.add_column("corr.", justify="right", no_wrap=True)
    table.add_column("unc.", justify="right", no_wrap=True)
    table.add_column("independent origins", ratio=2)
    for claim in claims:
        d = claim.to_dict()
        origins = "\n".join(d["origins"]) or "–"
        table.add_row(
            d["article_id"],
            _claim_cell(d, explain),
            _score_text(d["corroboration"], high_is_good=True),
            _score_text(d["uncertainty"], high_is_good=False),
            Text(f"{d['independent_origins']}\n", style="bold") + Text(origins),
        )
    return table


def render_sources(sources: Sequence[Any]) -> Table:
    """The source-reliability table."""
    table = Table(title="Sources", expand=True, title_justify="left")
    for name, justify in (
        ("source", "left"),
        ("kind", "left"),
        ("claims", "right"),
        ("corroborated", "right"),
        ("contradicted", "right"),
        ("hedged", "right"),
        ("anonymous", "right"),
        ("conflicts", "right"),
        ("dup. paras", "right"),
        ("reliability", "right"),
    ):
        table.add_column(name, justify=justify)
    for s in sources:
        d = s.to_dict()
        table.add_row(
            d["name"],
            d["kind"],
            str(d["claims"]),
            f"{d['corroborated_share']:.0%}",
            f"{d['contradicted_share']:.0%}",
            f"{d['hedging_rate']:.0%}",
            f"{d['anonymous_rate']:.0%}",
            str(d["internal_conflicts"]),
            str(d["duplicated_paragraphs"]),
            _score_text(d["reliability"], high_is_good=True),
        )
    return table


def render_report(report: Report, *, explain: bool = False) -> Group:
    """Claims grouped by story, then the sources table."""
    parts: list[Any] = []
    # Claims of a repeated paragraph are listed once, under their first occurrence.
    repeats = {
        c.id
        for a in report.analyses
        for c in a.claims
        if any(r.startswith("repeats paragraph") for r in c.reasons)
    }
    for story, members in claims_by_story(report):
        claims = [c for c in members if c.id not in repeats]
        if not claims:
            continue
        if story is None:
            title = "Claims not linked to any other claim"
        else:
            sd = story.to_dict()
            title = f"Story: {sd.get('label', '')} ({len(sd.get('article_ids', []))} articles)"
        parts.append(_claims_table(title, claims, explain))
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
                title="Repeated paragraphs: their claims are listed once and add no support",
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


def render_claim(scored: Any) -> Group:
    """One checked claim with its supporting and contradicting passages."""
    d = scored.to_dict()
    head = Table.grid(padding=(0, 2))
    head.add_row("claim", d["text"])
    head.add_row("corroboration", _score_text(d["corroboration"], high_is_good=True))
    head.add_row("uncertainty", _score_text(d["uncertainty"], high_is_good=False))
    head.add_row("independent origins", f"{d['independent_origins']}: {', '.join(d['origins'])}")
    parts: list[Any] = [head]
    for key, style in (("support", "green"), ("contradictions", "red")):
        if d[key]:
            t = Table(title=key, expand=True, title_justify="left", title_style=style)
            for col in ("article", "passage", "stance", "p", "origin"):
                t.add_column(col)
            for e in d[key]:
                t.add_row(
                    e["article_id"],
                    _short(e["text"], 300),
                    e["stance"],
                    f"{e['probability']:.2f}",
                    str(e.get("origin") or "–"),
                )
            parts.append(t)
    if d["conflicts"]:
        parts.append(
            Panel(
                "\n".join(f"{x['kind']}: {x['values']} (with {x['with']})" for x in d["conflicts"]),
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


def render_metrics(report: Mapping[str, Any]) -> Group:
    """A ``credence train`` / ``evaluate`` report (``docs/training.md``) as readable tables.

    An overview (data, grouping, overlap with training), the headline figures beside the
    baseline, one row per class, and the confusion matrix (rows gold, columns predicted).
    """
    data, metrics = report["data"], report["metrics"]
    cross_validated = report["command"] == "train"
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

    confusion = Table(title="confusion (rows gold, columns predicted)", title_justify="left")
    confusion.add_column("gold \\ predicted")
    labels = metrics["confusion"]["labels"]
    for label in labels:
        confusion.add_column(label, justify="right")
    for label, counts in zip(labels, metrics["confusion"]["matrix"], strict=True):
        confusion.add_row(label, *(str(c) for c in counts))

    parts: list[Any] = [overview, headline, per_class, confusion]
    if report.get("cv"):
        folds = Table(title="per fold", title_justify="left")
        for name in ("fold", "rows", "groups", "accuracy", "macro-F1"):
            folds.add_column(name, justify="right")
        for i, fold in enumerate(report["cv"]["per_fold"], start=1):
            folds.add_row(
                str(i),
                str(fold["n"]),
                str(fold["groups"]),
                _figure(fold["accuracy"]),
                _figure(fold["macro_f1"]),
            )
        parts.append(folds)
    return Group(*parts)


def print_to(console: Console, renderable: Any) -> None:
    console.print(renderable)
