"""Pictures drawn as inline SVG on the server: no script, no chart library, nothing fetched.

The timeline puts the same-event pages on a line of days, the article's own date marked, so a
wrong date stands apart at a glance. The score chart shows a claim's score in each run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import Markup

WIDTH = 600
MARGIN = 40
DOT = 6
ROW = 14
MAX_TICKS = 7
MAX_STACK = 8  # dots drawn per day; more pages that day are counted in a label


@dataclass(frozen=True)
class Dated:
    """One page on the timeline."""

    day: date
    label: str


@dataclass(frozen=True)
class ScorePoint:
    run_id: int
    score: int
    verdict: str


def parse_day(text: str | None) -> date | None:
    """A page's ``published`` (YYYY-MM-DD, maybe with a time) as a day; None when unreadable."""
    try:
        return date.fromisoformat((text or "")[:10])
    except ValueError:
        return None


def timeline_svg(pages: Sequence[Dated], article_day: date | None) -> Markup:
    """Dots per page by day (stacked when several share one), the article's day as a line."""
    days = [page.day for page in pages] + ([article_day] if article_day else [])
    if not days:
        return Markup("")
    first, last = min(days), max(days)
    if first == last:
        first, last = first - timedelta(days=1), last + timedelta(days=1)
    span = (last - first).days
    stacks = Counter(page.day for page in pages)
    height = 72 + ROW * (min(max(stacks.values(), default=1), MAX_STACK) + 1)
    axis_y = height - 34

    def x(day: date) -> float:
        return MARGIN + (WIDTH - 2 * MARGIN) * (day - first).days / span

    parts = [
        f'<svg class="timeline" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="Publication dates of {len(pages)} same-event pages">',
        f'<line class="axis" x1="{MARGIN}" y1="{axis_y}" x2="{WIDTH - MARGIN}" y2="{axis_y}"/>',
    ]
    parts += [_tick(x(day), axis_y, day) for day in _ticks(first, last)]
    if article_day:
        parts.append(_article_marker(x(article_day), axis_y, article_day))
    placed: Counter[date] = Counter()
    for page in sorted(pages, key=lambda page: (page.day, page.label)):
        placed[page.day] += 1
        if placed[page.day] <= MAX_STACK:
            parts.append(_dot(x(page.day), axis_y - ROW * placed[page.day], page))
    for day, count in stacks.items():
        if count > MAX_STACK:
            y = axis_y - ROW * (MAX_STACK + 1)
            parts.append(
                f'<text class="more" x="{x(day) + DOT + 3:.1f}" y="{y + 4}">'
                f"+{count - MAX_STACK}</text>"
            )
    parts.append("</svg>")
    return Markup("".join(parts))


def _dot(x: float, y: int, page: Dated) -> str:
    return (
        f'<circle class="page" cx="{x:.1f}" cy="{y}" r="{DOT}">'
        f"<title>{Markup.escape(page.label)} ({page.day.isoformat()})</title></circle>"
    )


def _article_marker(x: float, axis_y: int, day: date) -> str:
    """A dashed line at the article's own date, labelled on the side with room for it."""
    anchor = "start" if x < WIDTH / 3 else "end" if x > 2 * WIDTH / 3 else "middle"
    return (
        f'<g class="article-date"><line x1="{x:.1f}" y1="26" x2="{x:.1f}" y2="{axis_y}"/>'
        f'<text x="{x:.1f}" y="20" text-anchor="{anchor}">article: {day.isoformat()}</text></g>'
    )


def _ticks(first: date, last: date) -> list[date]:
    step = max(1, -(-(last - first).days // (MAX_TICKS - 1)))
    count = (last - first).days // step + 1
    return [first + timedelta(days=step * index) for index in range(count)]


def _tick(x: float, axis_y: int, day: date) -> str:
    return (
        f'<g class="tick"><line x1="{x:.1f}" y1="{axis_y}" x2="{x:.1f}" y2="{axis_y + 5}"/>'
        f'<text x="{x:.1f}" y="{axis_y + 24}" text-anchor="middle">{day:%b %d}</text></g>'
    )


def score_svg(points: Sequence[ScorePoint]) -> Markup:
    """A line through the claim's score in each run (0 at the bottom, 100 at the top)."""
    if len(points) < 2:
        return Markup("")
    height, top, bottom = 136, 12, 100
    step = (WIDTH - 2 * MARGIN) / (len(points) - 1)

    def y(score: int) -> float:
        return bottom - (bottom - top) * score / 100

    coords = [(MARGIN + step * index, y(point.score)) for index, point in enumerate(points)]
    parts = [
        f'<svg class="score-history" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="Score in {len(points)} runs">',
        f'<line class="axis" x1="{MARGIN}" y1="{bottom}" x2="{WIDTH - MARGIN}" y2="{bottom}"/>',
        f'<text x="0" y="{top + 6}">100</text><text x="0" y="{bottom}">0</text>',
        '<polyline points="' + " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in coords) + '"/>',
    ]
    for (cx, cy), point in zip(coords, points):
        parts.append(
            f'<circle class="run {point.verdict.replace(" ", "-")}" cx="{cx:.1f}" cy="{cy:.1f}" '
            f'r="{DOT}"><title>run {point.run_id}: {point.score} ({point.verdict})</title></circle>'
            f'<text x="{cx:.1f}" y="{bottom + 26}" text-anchor="middle">run {point.run_id}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
