"""Small server-side SVG charts for the steering dashboard.

Drawn on the server, so the figures are current at every page load and no chart library is needed in the browser.
Each chart is an image with a title and a description for screen readers; the page always shows the same figures
as a data table right under it (the accessible alternative).
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH, HEIGHT = 640, 220
LEFT, BOTTOM, TOP = 48, 28, 12


def _scale(values: list[float]) -> float:
    top = max([v for v in values if v is not None] + [1.0])
    return top * 1.1


def _axis(top: float, plot_h: float) -> SafeString:
    ticks = [0, top / 2, top]
    return format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" class="chart-grid"/><text x="{}" y="{}" class="chart-tick">{}</text>',
        (
            (
                LEFT,
                WIDTH,
                TOP + plot_h * (1 - t / top),
                TOP + plot_h * (1 - t / top),
                4,
                TOP + plot_h * (1 - t / top) + 4,
                f"{t:.0f}",
            )
            for t in ticks
        ),
    )


def bar_chart(*, title: str, labels: list[str], series: list[tuple[str, list[float], str]]) -> SafeString:
    """Grouped bars: one group per label, one bar per series (name, values, css class)."""
    plot_w, plot_h = WIDTH - LEFT, HEIGHT - TOP - BOTTOM
    top = _scale([v for _, values, _ in series for v in values])
    group = plot_w / max(1, len(labels))
    bar = group * 0.8 / max(1, len(series))
    bars = []
    for s, (name, values, css) in enumerate(series):
        for n, value in enumerate(values):
            h = plot_h * (value or 0) / top
            x = LEFT + n * group + group * 0.1 + s * bar
            bars.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" class="{}"><title>{} {}: {} uur</title></rect>',
                    round(x, 1),
                    round(TOP + plot_h - h, 1),
                    round(bar, 1),
                    round(h, 1),
                    css,
                    name,
                    labels[n],
                    value,
                )
            )
    label_marks = format_html_join(
        "",
        '<text x="{}" y="{}" class="chart-label">{}</text>',
        ((round(LEFT + n * group + group / 2, 1), HEIGHT - 8, label) for n, label in enumerate(labels)),
    )
    legend = format_html_join(
        "",
        '<rect x="{}" y="0" width="10" height="10" class="{}"/><text x="{}" y="9" class="chart-tick">{}</text>',
        ((WIDTH - 220 + i * 110, css, WIDTH - 205 + i * 110, name) for i, (name, _, css) in enumerate(series)),
    )
    description = "; ".join(
        f"{name}: " + ", ".join(f"{labels[n]} {v} uur" for n, v in enumerate(values)) for name, values, _ in series
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}"><desc>{}</desc>{}{}{}{}</svg>',
        WIDTH,
        HEIGHT,
        title,
        description,
        _axis(top, plot_h),
        format_html_join("", "{}", ((b,) for b in bars)),
        label_marks,
        legend,
    )


def line_chart(*, title: str, labels: list[str], values: list[float | None]) -> SafeString:
    """A line of shares (0..1) shown as percentages; days without a plan leave a gap."""
    plot_w, plot_h = WIDTH - LEFT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(1, len(labels) - 1)
    points = []
    segments: list[list[str]] = [[]]
    for n, value in enumerate(values):
        if value is None:
            segments.append([])
            continue
        x, y = LEFT + n * step, TOP + plot_h * (1 - value)
        segments[-1].append(f"{x:.1f},{y:.1f}")
        points.append(
            format_html(
                '<circle cx="{}" cy="{}" r="3" class="chart-point"><title>{}: {}%</title></circle>',
                x,
                y,
                labels[n],
                round(value * 100),
            )
        )
    lines = format_html_join(
        "", '<polyline points="{}" class="chart-line"/>', ((" ".join(seg),) for seg in segments if seg)
    )
    ticks = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" class="chart-grid"/><text x="4" y="{}" class="chart-tick">{}%</text>',
        (
            (LEFT, WIDTH, TOP + plot_h * (1 - t), TOP + plot_h * (1 - t), TOP + plot_h * (1 - t) + 4, int(t * 100))
            for t in (0, 0.5, 1)
        ),
    )
    every = max(1, len(labels) // 8)
    label_marks = format_html_join(
        "",
        '<text x="{}" y="{}" class="chart-label">{}</text>',
        ((LEFT + n * step, HEIGHT - 8, label) for n, label in enumerate(labels) if n % every == 0),
    )
    description = (
        ", ".join(f"{labels[n]} {round(v * 100)}%" for n, v in enumerate(values) if v is not None) or "geen plannen"
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}"><desc>{}</desc>{}{}{}{}</svg>',
        WIDTH,
        HEIGHT,
        title,
        description,
        ticks,
        lines,
        format_html_join("", "{}", ((p,) for p in points)),
        label_marks,
    )
