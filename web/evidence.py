"""What pages say about evidence: why an assistant is not ranked, which rankings more evidence
could change, and which open questions would settle them (the method: catalog/scoring/bands.py).
"""
from dataclasses import dataclass

from django.utils.http import urlencode
from django.utils.translation import gettext as _

from catalog.models import CATEGORY_KEYS, Category
from catalog.scoring import bands
from web.formatting import percent


def list_separator():
    """", " in the page's language (Arabic has its own comma)."""
    return _("list separator|, ").split("|", 1)[-1]


def short_of_evidence(categories, weights):
    """Labels of the weighted categories without enough evidence, from {category: Evidence}."""
    return [str(Category(key).label).lower() for key, evidence in categories.items()
            if key in CATEGORY_KEYS and weights.get(key, 0) > 0 and not evidence.enough]


def unranked_reason(name, evidence, reason, short=()):
    """One sentence: why `name` is listed after the ranked ones, with its band; `short` names
    the categories without enough evidence."""
    if reason == bands.UNVERIFIED:
        return _("%(name)s is not ranked: its operator could not be identified.") % {"name": name}
    if evidence.band is None:
        return _("%(name)s is not ranked: nothing about it is assessed yet.") % {"name": name}
    return _(
        "%(name)s is not ranked: less than %(threshold)s of its criteria are answered in "
        "%(categories)s, so its score could be anywhere from %(low)s to %(high)s."
    ) % {
        "name": name,
        "threshold": percent(bands.evidence_threshold()),
        "categories": list_separator().join(short) or _("the categories that count"),
        "low": f"{evidence.band.low:.0f}",
        "high": f"{evidence.band.high:.0f}",
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
    return _("Could change with more evidence: its band overlaps %(names)s.") % {"names": list_separator().join(names)}


@dataclass
class Question:
    sentence: str
    query: str  # for the corrections form, prefilled (the template adds its address)


def question_sentence(name, criterion_name, positions):
    """"If Claude's answer on X were known, Claude could rank anywhere from 1 to 2." A question
    about several answers at once passes their categories as `criterion_name`, in parentheses."""
    ranks = sorted(p for p in positions if p is not None)
    values = {"name": name, "criterion": criterion_name}
    if criterion_name.startswith("("):
        start = _("If the unknown answers about %(name)s %(criterion)s were known,") % values
    else:
        start = _("If %(name)s’s answer on “%(criterion)s” were known,") % values
    if not ranks:
        return " ".join([start, _("the ranking could change.")])
    values.update(best=ranks[0], worst=ranks[-1])
    if None in positions:
        end = _("%(name)s could rank %(best)s or not be ranked at all.") % values
    elif ranks[0] == ranks[-1]:
        end = _("%(name)s would rank %(best)s whatever they turn out to be.") % values
    else:
        end = _("%(name)s could rank anywhere from %(best)s to %(worst)s.") % values
    return " ".join([start, end])


def open_questions(comparison, limit=5):
    """The comparison's most telling open questions as sentences with a "suggest a source" link."""
    names = {a.slug: a.name for a in comparison.assistants}
    criteria = {row.criterion.slug: row.criterion.name for row in comparison.rows}
    questions = []
    for question in comparison.open_questions:
        if question.criterion is None:
            labels = list_separator().join(
                str(Category(key).label).lower() for key in CATEGORY_KEYS if key in question.categories
            )
            about, query = f"({labels})", {"assistant": question.assistant}
        elif question.criterion in criteria:
            about = criteria[question.criterion]
            query = {"assistant": question.assistant, "criterion": question.criterion}
        else:
            continue
        questions.append(Question(
            question_sentence(names[question.assistant], about, question.positions),
            urlencode(query),
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
