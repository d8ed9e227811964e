"""``corroborate history``: a claim's verdict and score across runs, and what changed."""

from __future__ import annotations

import json

import click

from corroborate.commands.common import (
    db_option,
    encoding_option,
    friendly_errors,
    json_option,
    load_article,
)
from corroborate.watch.changes import describe_change
from corroborate.watch.history import ArticleHistory, article_history


@click.command()
@click.argument("article", type=str, required=False)
@click.option("--watch", "watch_id", type=int, help="The runs of this watch (see watch list).")
@db_option
@encoding_option
@json_option
@friendly_errors
def history(
    article: str | None, watch_id: int | None, db_path: str, encoding: str | None, as_json: bool
) -> None:
    """Each claim's verdict and score across the runs of ARTICLE (or of --watch ID), and what
    the latest run changed: verdicts, new origins, pages edited or gone.

    Example:

        corroborate history article.txt --json
    """
    if (article is None) == (watch_id is None):
        raise click.UsageError("give ARTICLE or --watch ID (one of them)")
    loaded = load_article(article, encoding) if article is not None else None
    found = article_history(db_path, loaded, watch_id)
    if as_json:
        click.echo(json.dumps(found.as_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(render_history(found))


def render_history(found: ArticleHistory) -> str:
    lines = [f"{found.article_path}: runs {', '.join(map(str, found.run_ids))}"]
    for claim in found.claims:
        lines.append(f"[{claim.position}] {claim.claim}")
        steps = [f"run {row.run_id} {row.verdict} {row.score}" for row in claim.runs]
        lines.append("    " + " -> ".join(steps))
    latest = found.latest
    if latest is None or latest.previous_run_id is None:
        return "\n".join(lines)
    lines.append(f"changes in run {latest.run_id} since run {latest.previous_run_id}:")
    news = [describe_change(change) for change in latest.verdict_changes]
    news += [
        f"claim {change.position}: new origins {', '.join(change.new_supporting)}"
        for change in latest.claims
        if change.new_supporting and not change.verdict_changed
    ]
    news += [
        f"claim {change.position}: new contradicting {', '.join(change.new_contradicting)}"
        for change in latest.claims
        if change.new_contradicting and not change.verdict_changed
    ]
    news += [f"page {page.change}: {page.url} ({page.detail})" for page in latest.pages]
    lines.extend(f"    {line}" for line in news or ["nothing changed"])
    return "\n".join(lines)
