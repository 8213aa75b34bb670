"""SVG score badges: accessible, self-contained, no font to load.

Text widths are estimated from per-character advances of Verdana at 11px (the usual badge
font) with coarse classes for Arabic, Cyrillic and wide scripts; each text also carries
textLength, so whatever system font the reader has is fitted to the estimated box and Arabic
labels neither overflow nor get clipped.
"""

import unicodedata
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import pgettext

from catalog.scoring.scores import stored_evidence
from web.embeds import labels
from web.formatting import score_band

HEIGHT = 20
PADDING = 6
FONT_SIZE = 11
LABEL_COLOR = "#4a4a52"
# White text on each band keeps a contrast ratio of at least 4.5:1.
BAND_COLORS = {"good": "#1a7f37", "mixed": "#8a5a00", "poor": "#b42318", "unknown": "#5f5f68"}

# Verdana 11px advances, by character class (px); anything else uses DEFAULT_ADVANCE.
NARROW = {c: 3.1 for c in "ijl|!.,:;'`"}
SEMI_NARROW = {c: 4.4 for c in "frtI()[]{}/\\-"}
WIDE = {c: 10.4 for c in "mwMW@%"}
ADVANCES = {" ": 3.9, **NARROW, **SEMI_NARROW, **WIDE}
DEFAULT_ADVANCE = 6.9
UPPER_ADVANCE = 7.6
ARABIC_ADVANCE = 6.4
CYRILLIC_ADVANCE = 7.3
FULL_WIDTH_ADVANCE = 11.0


def advance(char):
    """Estimated width of one character at 11px, in pixels."""
    if char in ADVANCES:
        return ADVANCES[char]
    code = ord(char)
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Cf"):
        return 0.0  # Arabic vowel marks and joiners take no room of their own
    if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFF:
        return ARABIC_ADVANCE
    if 0x0400 <= code <= 0x04FF:
        return CYRILLIC_ADVANCE
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return FULL_WIDTH_ADVANCE
    if char.isupper():
        return UPPER_ADVANCE
    return DEFAULT_ADVANCE


def text_width(text):
    """Estimated rendered width of `text` at 11px, rounded up to a whole pixel."""
    return int(-(-sum(advance(c) for c in text) // 1))


@dataclass(frozen=True)
class Part:
    text: str
    color: str
    x: int  # left edge
    width: int

    @property
    def text_length(self):
        return self.width - 2 * PADDING

    @property
    def middle(self):
        return self.x + self.width / 2


def render_badge(label, value, band, description, lang):
    """SVG source of a two-part badge; `description` is what a screen reader says."""
    label_width = text_width(label) + 2 * PADDING
    value_width = text_width(value) + 2 * PADDING
    context = {
        "label": Part(label, LABEL_COLOR, 0, label_width),
        "value": Part(value, BAND_COLORS[band], label_width, value_width),
        "width": label_width + value_width,
        "height": HEIGHT,
        "font_size": FONT_SIZE,
        "description": description,
        "lang": lang,
        "rtl": translation.get_language_info(lang)["bidi"],
    }
    return render_to_string("embed/badge.svg", context)


def score_badge(assistant, category, lang):
    """The badge for one assistant's category (or overall) score, in `lang`."""
    evidence = stored_evidence(assistant)[category]
    score = evidence.score  # the band low, only with enough evidence
    with translation.override(lang):
        names = {"category": str(labels.CATEGORIES[category]), "assistant": assistant.name}
        label = pgettext("embed", "Candor · %(category)s") % names
        if score is None and evidence.band is not None:
            band = {"low": f"{evidence.band.low:.0f}", "high": f"{evidence.band.high:.0f}"}
            value = pgettext("embed", "not enough evidence")
            description = pgettext(
                "embed",
                "%(category)s score of %(assistant)s on Candor: not enough evidence; "
                "between %(low)s and %(high)s out of 100 once the unknowns are known",
            ) % {**names, **band}
        elif score is None:
            value = str(labels.UNKNOWN)
            description = (
                pgettext("embed", "%(category)s score of %(assistant)s on Candor: unknown") % names
            )
        else:
            value = f"{score:.0f}/100"
            description = pgettext(
                "embed", "%(category)s score of %(assistant)s on Candor: %(score)s out of 100"
            ) % {**names, "score": f"{score:.0f}"}
        return render_badge(label, value, score_band(score), description, lang)


def error_badge(error, lang):
    """A badge that says what went wrong, readable where an image is all the host shows."""
    with translation.override(lang):
        if getattr(error, "status", 400) == 404:
            value = pgettext("embed", "not found")
        else:
            value = pgettext("embed", "bad %(parameter)s") % {"parameter": error.parameter}
        description = f"Candor: {error.parameter}: {error.message}"
        return render_badge("Candor", value, "unknown", description, lang)
