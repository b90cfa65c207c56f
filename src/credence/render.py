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


def render_metrics(metrics: Mapping[str, Any]) -> Table:
    """Evaluation figures as a two-column table (confusion matrix as rows)."""
    table = Table(title="Evaluation", title_justify="left")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for key, value in metrics.items():
        if isinstance(value, float):
            table.add_row(key, f"{value:.4f}")
        elif isinstance(value, Mapping):
            table.add_row(
                key,
                ", ".join(
                    f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in value.items()
                ),
            )
        else:
            table.add_row(key, str(value))
    return table


def print_to(console: Console, renderable: Any) -> None:
    console.print(renderable)
