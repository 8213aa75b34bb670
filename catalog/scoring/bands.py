"""Evidence bands: the honest method of scoring and ranking (docs/methodology.md).

Plain functions over plain values, no database: the stored scores (scores.py), comparisons,
alternatives, pages, embeds and the API all call these, so the method lives in one place.

- A criterion is *open* when it is unknown or its claim is disputed. An unknown criterion
  spans its rubric's worst..best score. A disputed claim spans worst..its own score: the
  claim is the best case, so a disputed answer never scores above a confirmed or reported
  one of the same value, and never lifts an assistant above it.
- A category's band is the weighted mean (criterion weights) with open criteria at their low
  end (band low) and at their high end (band high). The final score, once everything is
  known, always lies inside it.
- A category has *enough evidence* when its assessed (not open) criteria carry at least
  EVIDENCE_THRESHOLD of its criterion weight (settings.CANDOR_EVIDENCE_THRESHOLD). Its shown
  score is the band low, and only when there is enough evidence.
- Overall: the weighted mean of the category bands with the user's category weights; enough
  evidence only when every category with a non-zero weight has it.
- Ranking: assistants with enough evidence first, by band low, then coverage, then band
  high, then name; the others (and unverified assistants) are unranked, with a reason.
"""
from dataclasses import dataclass, field
from itertools import product

EVIDENCE_THRESHOLD = 0.5  # the default of settings.CANDOR_EVIDENCE_THRESHOLD
EPSILON = 1e-9  # float sums of the same weights may differ in the last bits
NOT_ENOUGH_EVIDENCE = "not_enough_evidence"
UNVERIFIED = "unverified"
GRID_WEIGHTS = (0, 1, 2, 3)


def evidence_threshold():
    """The configured threshold (settings.CANDOR_EVIDENCE_THRESHOLD), else the default."""
    from django.conf import settings

    return getattr(settings, "CANDOR_EVIDENCE_THRESHOLD", EVIDENCE_THRESHOLD)


# --- rubric scales and criteria -------------------------------------------------------------


@dataclass(frozen=True)
class Criterion:
    """What the method needs of a criterion: its key, category, weight and score range."""

    key: str
    category: str
    weight: float
    worst: float
    best: float


def rubric_scale(value_type, rubric):
    """(worst, best): the lowest and highest score the rubric can give (catalog/rubric.py)."""
    if "bands" not in rubric or value_type in {"boolean", "choice", "grade"}:
        scores = list(rubric.values())
    else:
        scores = [band["score"] for band in rubric["bands"]]
        scores += [rubric.get("otherwise", 0), *rubric.get("words", {}).values()]
    return float(min(scores)), float(max(scores))


@dataclass(frozen=True)
class Known:
    """A published answer's score; `disputed` when its confidence is disputed."""

    score: float
    disputed: bool = False


@dataclass(frozen=True)
class Band:
    low: float
    high: float

    def contains(self, value):
        return self.low - EPSILON <= value <= self.high + EPSILON


def criterion_band(criterion, known):
    """The range a criterion's score can take given what is known of it (None = unknown)."""
    if known is None:
        return Band(criterion.worst, criterion.best)
    if known.disputed:
        return Band(min(criterion.worst, known.score), known.score)
    return Band(known.score, known.score)


def is_open(known):
    return known is None or known.disputed


# --- evidence of a category and overall -----------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """A band, the share of weight assessed (coverage, 0-1) and whether that is enough."""

    band: Band | None
    coverage: float
    enough: bool

    @property
    def score(self):
        """The shown score: the band low, and only with enough evidence (else None)."""
        return self.band.low if self.enough and self.band else None


NO_EVIDENCE = Evidence(None, 0.0, False)


def weighted(pairs):
    """Weighted mean of (value, weight) pairs with positive weight; None when no weight."""
    pairs = [(value, weight) for value, weight in pairs if weight > 0]
    total = sum(weight for _, weight in pairs)
    return sum(value * weight for value, weight in pairs) / total if total else None


def category_evidence(criteria, answers, threshold=EVIDENCE_THRESHOLD):
    """Evidence of one category: `criteria` its criteria, `answers` {key: Known}."""
    bands = [(criterion_band(c, answers.get(c.key)), c.weight) for c in criteria]
    if not any(weight > 0 for _, weight in bands):
        return NO_EVIDENCE
    coverage = weighted((0.0 if is_open(answers.get(c.key)) else 1.0, c.weight) for c in criteria)
    low = weighted((band.low, weight) for band, weight in bands)
    high = weighted((band.high, weight) for band, weight in bands)
    return Evidence(Band(low, high), coverage, coverage + EPSILON >= threshold)


def overall_evidence(categories, weights):
    """Evidence overall from {category: Evidence} and {category: weight}."""
    # A category without criteria has nothing to learn: it takes no part.
    chosen = [(categories[key], w) for key, w in weights.items() if w > 0 and key in categories]
    chosen = [(evidence, w) for evidence, w in chosen if evidence.band is not None]
    if not chosen:
        return NO_EVIDENCE
    return Evidence(
        Band(weighted((e.band.low, w) for e, w in chosen), weighted((e.band.high, w) for e, w in chosen)),
        weighted((e.coverage, w) for e, w in chosen),
        all(evidence.enough for evidence, _ in chosen),
    )


def by_category(criteria):
    grouped = {}
    for criterion in criteria:
        grouped.setdefault(criterion.category, []).append(criterion)
    return grouped


def profile(criteria, answers, category_keys, threshold=EVIDENCE_THRESHOLD):
    """{category: Evidence} for every key in `category_keys`."""
    grouped = by_category(criteria)
    return {key: category_evidence(grouped.get(key, []), answers, threshold) for key in category_keys}


# --- ranking --------------------------------------------------------------------------------


@dataclass
class Candidate:
    """One assistant as the ranking sees it: `categories` {category: Evidence}."""

    key: str
    name: str
    categories: dict
    eligible: bool = True  # False for unverified assistants: never ranked
    answers: dict = field(default_factory=dict)  # {criterion key: Known}, for open questions


def unranked_reason(overall, eligible):
    if not overall.enough:
        return NOT_ENOUGH_EVIDENCE
    return None if eligible else UNVERIFIED


def order_key(name, overall, eligible):
    """Ranked before unranked; then band low, coverage, band high (all descending), name."""
    band = overall.band or Band(0.0, 0.0)
    ranked = unranked_reason(overall, eligible) is None
    return (not ranked, -round(band.low, 6), -round(overall.coverage, 6), -round(band.high, 6), name)


@dataclass
class Ranking:
    ranked: list  # keys, best first
    unranked: list  # (key, reason), in order
    overall: dict  # {key: Evidence}

    def position(self, key):
        """1-based rank, or None when unranked."""
        return self.ranked.index(key) + 1 if key in self.ranked else None


def rank(candidates, weights):
    """Rank candidates under {category: weight}."""
    overall = {c.key: overall_evidence(c.categories, weights) for c in candidates}
    ordered = sorted(candidates, key=lambda c: order_key(c.name, overall[c.key], c.eligible))
    ranked, unranked = [], []
    for c in ordered:
        reason = unranked_reason(overall[c.key], c.eligible)
        (unranked.append((c.key, reason)) if reason else ranked.append(c.key))
    return Ranking(ranked, unranked, overall)


def could_swap_with(ranking):
    """{key: [keys]}: ranked pairs whose bands overlap so that more evidence could swap them
    (the lower one's band high is above the upper one's band low)."""
    swaps = {key: [] for key in ranking.ranked}
    for i, upper in enumerate(ranking.ranked):
        for lower in ranking.ranked[i + 1:]:
            if ranking.overall[lower].band.high > ranking.overall[upper].band.low + EPSILON:
                swaps[upper].append(lower)
                swaps[lower].append(upper)
    return swaps


# --- what would change the ranking ----------------------------------------------------------


@dataclass(frozen=True)
class OpenQuestion:
    """If `criterion` of `assistant` were known, it could rank anywhere in `positions`
    (None = unranked); `changes` counts the outcomes (worst, best) that change the order."""

    assistant: str
    criterion: str
    positions: tuple
    changes: int


def with_answer(candidate, criteria, answer, threshold):
    """The candidate after learning `answer` (criterion key, Known)."""
    answers = {**candidate.answers, answer[0]: answer[1]}
    categories = dict(candidate.categories)
    category = next(c.category for c in criteria if c.key == answer[0])
    categories[category] = category_evidence(by_category(criteria)[category], answers, threshold)
    return Candidate(candidate.key, candidate.name, categories, candidate.eligible, answers)


def open_questions(candidates, criteria, weights, threshold=EVIDENCE_THRESHOLD):
    """The open criteria that could change the order, most outcomes changing it first."""
    current = rank(candidates, weights)
    questions = []
    for candidate in candidates:
        for criterion in criteria:
            if weights.get(criterion.category, 0) <= 0 or not is_open(candidate.answers.get(criterion.key)):
                continue
            question = open_question(candidates, candidate, criteria, criterion, weights, threshold, current)
            if question.changes:
                questions.append(question)
    questions.sort(key=lambda q: (-q.changes, -position_span(q.positions, len(candidates)), q.assistant, q.criterion))
    return questions


def open_question(candidates, candidate, criteria, criterion, weights, threshold, current):
    """Where `candidate` would rank with `criterion` at its worst and at its best."""
    positions, changes = [], 0
    for value in (criterion.worst, criterion.best):
        learnt = with_answer(candidate, criteria, (criterion.key, Known(value)), threshold)
        outcome = rank([learnt if c.key == candidate.key else c for c in candidates], weights)
        positions.append(outcome.position(candidate.key))
        changes += outcome.ranked != current.ranked
    return OpenQuestion(candidate.key, criterion.key, tuple(dict.fromkeys(positions)), changes)


def position_span(positions, size):
    numbers = [size + 1 if p is None else p for p in positions]
    return max(numbers) - min(numbers)


def first_choice_share(candidates, category_keys, first, weights_grid=GRID_WEIGHTS):
    """Share (0-1) of the weightings on a grid (each of `category_keys` weighted 0..3, not
    all 0) under which `first` is still ranked first; None when there is no first."""
    if first is None:
        return None
    grid = [dict(zip(category_keys, w)) for w in product(weights_grid, repeat=len(category_keys)) if any(w)]
    kept = sum(1 for weights in grid if rank(candidates, weights).ranked[:1] == [first])
    return kept / len(grid)


def best_in_class(answers_by_assistant, criterion_key):
    """Keys of the assistants with the best known (not open) score on a criterion."""
    known = {key: answers[criterion_key].score for key, answers in answers_by_assistant.items()
             if not is_open(answers.get(criterion_key))}
    if not known:
        return []
    best = max(known.values())
    return [key for key, score in known.items() if score == best]
