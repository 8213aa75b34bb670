"""What pages say about evidence: why an assistant is not ranked, which rankings more evidence
could change, and which open questions would settle them (the method: catalog/scoring/bands.py).
"""
from dataclasses import dataclass

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from catalog.scoring import bands
from web.formatting import band_range, percent


def unranked_reason(name, evidence, reason):
    """One sentence: why `name` is listed after the ranked ones, with its band."""
    if reason == bands.UNVERIFIED:
        return _("%(name)s is not ranked: its operator could not be identified.") % {"name": name}
    if evidence.band is None:
        return _("%(name)s is not ranked: nothing about it is assessed yet.") % {"name": name}
    return _(
        "%(name)s is not ranked: the sources answer %(coverage)s of what counts, and every "
        "category needs at least %(threshold)s; its score could be anywhere from %(band)s."
    ) % {
        "name": name,
        "coverage": percent(evidence.coverage),
        "threshold": percent(bands.evidence_threshold()),
        "band": band_range(evidence),
    }


def no_score_sentence(name, evidence):
    """For a profile: why there is no overall number, or None when there is one."""
    if evidence.score is not None:
        return None
    if evidence.band is None:
        return _("%(name)s has no score: nothing about it is assessed yet.") % {"name": name}
    return _(
        "%(name)s has no overall score: not enough evidence. Once the unknowns are known it "
        "will be between %(low)s and %(high)s."
    ) % {"name": name, "low": f"{evidence.band.low:.0f}", "high": f"{evidence.band.high:.0f}"}


def swap_sentence(names):
    """"Could change with more evidence": the ranked neighbours whose bands overlap."""
    if not names:
        return ""
    return _("Could change with more evidence: its band overlaps %(names)s.") % {"names": ", ".join(names)}


@dataclass
class Question:
    sentence: str
    link: str  # the corrections form, prefilled


def question_sentence(name, criterion_name, positions):
    ranks = sorted(p for p in positions if p is not None)
    values = {"name": name, "criterion": criterion_name}
    if not ranks:
        return _("If %(name)s’s answer on “%(criterion)s” were known, the ranking could change.") % values
    values.update(best=ranks[0], worst=ranks[-1])
    if None in positions:
        return _(
            "If %(name)s’s answer on “%(criterion)s” were known, %(name)s could rank %(best)s or "
            "not be ranked at all."
        ) % values
    if ranks[0] == ranks[-1]:
        return _("If %(name)s’s answer on “%(criterion)s” were known, %(name)s could rank %(best)s.") % values
    return _(
        "If %(name)s’s answer on “%(criterion)s” were known, %(name)s could rank anywhere "
        "from %(best)s to %(worst)s."
    ) % values


def open_questions(comparison, limit=5):
    """The comparison's most telling open questions as sentences with a "suggest a source" link."""
    names = {a.slug: a.name for a in comparison.assistants}
    criteria = {row.criterion.slug: row.criterion.name for row in comparison.rows}
    questions = []
    for question in comparison.open_questions:
        if question.criterion not in criteria:
            continue
        query = urlencode({"assistant": question.assistant, "criterion": question.criterion})
        questions.append(Question(
            question_sentence(names[question.assistant], criteria[question.criterion], question.positions),
            f"{reverse('pages:correction-new')}?{query}",
        ))
    return questions[:limit]


def first_choice_sentence(comparison):
    """"Lumo is first under 81% of weightings", or why there is no first choice."""
    if not comparison.ranked:
        return _("None of these assistants has enough evidence to be ranked.")
    name = next(a.name for a in comparison.assistants if a.slug == comparison.ranked[0])
    share = comparison.first_choice_share
    return _(
        "%(name)s is first under %(share)s of weightings (each category weighted from 0 to 3)."
    ) % {"name": name, "share": percent(share)}


def unranked_heading():
    return _("Not ranked yet: not enough evidence")
