"""Bar charts drawn on the server as inline SVG.

No script and no style attribute (the Content-Security-Policy forbids inline styles): colours
come from CSS classes in candor.css, geometry from presentation attributes. Right-to-left
pages get a mirrored chart, computed here rather than with a transform so text stays upright.
"""
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe

# About a phone's content width (358 px at 390), so a phone barely scales the chart down and
# its 14-unit labels stay at 12 px or more (at 420 units they shrank to about 11 px).
WIDTH = 360
LABEL_END = 154  # labels are right-aligned against this x (mirrored in RTL)
BAR_START = 162
BAR_MAX = 160  # the value after the longest bar still ends before WIDTH
BAR_HEIGHT = 18
BAR_GAP = 6
HEADING_HEIGHT = 24
GROUP_GAP = 12


@dataclass
class Bar:
    label: str
    value: float | None  # 0-100, None when unknown (or without enough evidence)
    css_class: str = ""
    band: tuple | None = None  # (low, high): the evidence band, drawn as a lighter range
    band_text: str = ""  # what a bar without a value says beside its band


def evidence_bar(label, evidence, css_class, band_text):
    """A Bar for a bands.Evidence: its shown score, and its band as a range."""
    band = (evidence.band.low, evidence.band.high) if evidence.band else None
    return Bar(label, evidence.score, css_class, band, band_text if evidence.score is None else "")


@dataclass
class Group:
    heading: str  # "" for a chart without group headings
    bars: list


def _x(x, rtl):
    return WIDTH - x if rtl else x


def _text(x, y, text, anchor, css_class, rtl):
    if rtl:
        anchor = {"start": "end", "end": "start"}.get(anchor, anchor)
    return (
        f'<text x="{_x(x, rtl):.1f}" y="{y:.1f}" text-anchor="{anchor}" class="{css_class}">'
        f"{escape(text)}</text>"
    )


def _band(band, y, rtl):
    """The range a score could still take, as a light rectangle from band low to band high."""
    start, length = BAR_MAX * band[0] / 100, max(BAR_MAX * (band[1] - band[0]) / 100, 2)
    x = WIDTH - BAR_START - start - length if rtl else BAR_START + start
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{length:.1f}" height="{BAR_HEIGHT}" '
        f'rx="2" class="chart-band"><title>{band[0]:.0f}–{band[1]:.0f}</title></rect>'
    )


def bar_chart(groups, *, title, unknown_text, rtl=False, chart_id="chart"):
    """An accessible horizontal bar chart (role=img with a title) as safe SVG markup."""
    parts = []
    y = 4
    for group in groups:
        if group.heading:
            y += HEADING_HEIGHT - 6
            parts.append(_text(0, y, group.heading, "start", "chart-heading", rtl))
            y += 8
        for bar in group.bars:
            middle = y + BAR_HEIGHT / 2 + 5
            parts.append(_text(LABEL_END, middle, bar.label, "end", "chart-label", rtl))
            if bar.band and bar.band[1] > bar.band[0]:
                parts.append(_band(bar.band, y, rtl))
            if bar.value is None:
                # Without a value, the words sit inside the band (a light box), never on its edge.
                start = BAR_START + (BAR_MAX * bar.band[0] / 100 if bar.band else 0)
                text = bar.band_text or unknown_text
                parts.append(_text(start + 6, middle, text, "start", "chart-unknown", rtl))
            else:
                length = max(BAR_MAX * bar.value / 100, 2)
                x = WIDTH - BAR_START - length if rtl else BAR_START
                parts.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{length:.1f}" height="{BAR_HEIGHT}" '
                    f'rx="3" class="chart-bar {escape(bar.css_class)}"></rect>'
                )
                end = BAR_MAX * bar.band[1] / 100 if bar.band else length
                parts.append(
                    _text(BAR_START + max(length, end) + 6, middle, f"{bar.value:.0f}", "start", "chart-value", rtl)
                )
            y += BAR_HEIGHT + BAR_GAP
        y += GROUP_GAP
    height = y
    title_id = f"{chart_id}-chart-title"  # apart from the section heading's "<name>-title"
    svg = (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'direction="ltr" role="img" aria-labelledby="{title_id}" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{title_id}">{escape(title)}</title>'
        f'<line x1="{_x(BAR_START, rtl)}" y1="0" x2="{_x(BAR_START, rtl)}" y2="{height - GROUP_GAP}" '
        f'class="chart-axis"></line>'
        + "".join(parts)
        + "</svg>"
    )
    return mark_safe(svg)
