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
from bisect import bisect_left
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
    """Evidence overall from {category: Evidence} and {category: weight}. One pass: rankings
    call this for every candidate under every weighting."""
    total = low = high = coverage = 0.0
    enough = True
    for key, weight in weights.items():
        evidence = categories.get(key) if weight > 0 else None
        if evidence is None or evidence.band is None:
            continue  # a category without criteria has nothing to learn: it takes no part
        total += weight
        low += evidence.band.low * weight
        high += evidence.band.high * weight
        coverage += evidence.coverage * weight
        enough = enough and evidence.enough
    if not total:
        return NO_EVIDENCE
    return Evidence(Band(low / total, high / total), coverage / total, enough)


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
    (None = unranked); `changes` counts the outcomes (worst, best) that change the order.
    `criterion` None: every open answer of an unranked assistant at once (no single one would
    give it enough evidence); `categories` then names the categories they are in."""

    assistant: str
    criterion: str | None
    positions: tuple
    changes: int
    categories: tuple = ()


def with_answers(candidate, criteria, learnt, threshold):
    """The candidate after learning `learnt` {criterion key: Known}."""
    answers = {**candidate.answers, **learnt}
    grouped = by_category(criteria)
    categories = dict(candidate.categories)
    for category in {c.category for c in criteria if c.key in learnt}:
        categories[category] = category_evidence(grouped[category], answers, threshold)
    return Candidate(candidate.key, candidate.name, categories, candidate.eligible, answers)


def open_questions(candidates, criteria, weights, threshold=EVIDENCE_THRESHOLD):
    """The open criteria that could change the order, most outcomes changing it first."""
    current = rank(candidates, weights)
    index = ranking_index(candidates, weights)
    totals = category_weights(criteria)
    questions = []
    for candidate in candidates:
        for criterion in criteria:
            if weights.get(criterion.category, 0) <= 0 or not is_open(candidate.answers.get(criterion.key)):
                continue
            ends = [learn_one(candidate, criterion, getattr(criterion, end), totals, threshold) for end in ("worst", "best")]
            before = current.position(candidate.key)
            positions = [position_in(index, candidate, end, weights) for end in ends]
            changes = sum(position != before for position in positions)
            if changes:
                questions.append(OpenQuestion(candidate.key, criterion.key, tuple(dict.fromkeys(positions)), changes))
        if candidate.key in dict(current.unranked) and candidate.eligible:
            questions += everything_open(candidates, candidate, criteria, weights, threshold, current, questions)
    questions.sort(key=lambda q: (-q.changes, -position_span(q.positions, len(candidates)), q.assistant, q.criterion or ""))
    return questions


def category_weights(criteria):
    """{category: the total weight of its criteria}."""
    totals = {}
    for criterion in criteria:
        totals[criterion.category] = totals.get(criterion.category, 0) + criterion.weight
    return totals


def learn_one(candidate, criterion, value, totals, threshold):
    """The candidate once an open `criterion` is known to score `value`: its category band
    moves by the criterion's share of the weight (the same as recomputing it, in O(1))."""
    evidence = candidate.categories[criterion.category]
    band, share = criterion_band(criterion, candidate.answers.get(criterion.key)), criterion.weight / totals[criterion.category]
    coverage = evidence.coverage + share
    learnt = Evidence(
        Band(evidence.band.low + share * (value - band.low), evidence.band.high + share * (value - band.high)),
        coverage,
        coverage + EPSILON >= threshold,
    )
    categories = {**candidate.categories, criterion.category: learnt}
    answers = {**candidate.answers, criterion.key: Known(value)}
    return Candidate(candidate.key, candidate.name, categories, candidate.eligible, answers)


def position_in(index, candidate, changed, weights):
    """Rank `changed` (the candidate after learning something) would take, others unchanged;
    None when unranked."""
    sorted_keys, keys = index
    new = order_key(changed.name, overall_evidence(changed.categories, weights), changed.eligible)
    return None if new[0] else place(sorted_keys, keys[candidate.key], new) + 1


def open_question(candidates, candidate, criteria, unknown, weights, threshold, current):
    """Where `candidate` would rank with the `unknown` criteria all at worst and all at best."""
    positions, changes = [], 0
    for end in ("worst", "best"):
        learnt = {c.key: Known(getattr(c, end)) for c in unknown}
        changed = with_answers(candidate, criteria, learnt, threshold)
        outcome = rank([changed if c.key == candidate.key else c for c in candidates], weights)
        positions.append(outcome.position(candidate.key))
        changes += outcome.ranked != current.ranked
    categories = tuple(dict.fromkeys(c.category for c in unknown))
    return OpenQuestion(candidate.key, None, tuple(dict.fromkeys(positions)), changes, categories)


def everything_open(candidates, candidate, criteria, weights, threshold, current, asked):
    """For an unranked assistant no single answer would rank: all its open answers at once."""
    if any(q.assistant == candidate.key for q in asked):
        return []
    unknown = [c for c in criteria if weights.get(c.category, 0) > 0 and is_open(candidate.answers.get(c.key))]
    if len(unknown) < 2:
        return []
    question = open_question(candidates, candidate, criteria, unknown, weights, threshold, current)
    return [question] if question.changes else []


def position_span(positions, size):
    numbers = [size + 1 if p is None else p for p in positions]
    return max(numbers) - min(numbers)


def first_choice_share(candidates, category_keys, first, weights_grid=GRID_WEIGHTS):
    """Share (0-1) of the weightings on a grid (each of `category_keys` weighted 0..3, not
    all 0) under which `first` is still ranked first; None when there is no first.

    Ranks 255 weightings for up to ten assistants per comparison, so it works on plain tuples
    (the same arithmetic as overall_evidence and order_key)."""
    if first is None:
        return None
    rows = [(c.key, c.name, c.eligible, [c.categories.get(k, NO_EVIDENCE) for k in category_keys]) for c in candidates]
    grid = [w for w in product(weights_grid, repeat=len(category_keys)) if any(w)]
    kept = sum(1 for weights in grid if first_under(rows, weights) == first)
    return kept / len(grid)


def first_under(rows, weights):
    """The key of the first ranked under the `weights` tuple (None if nobody is)."""
    best = None
    for key, name, eligible, categories in rows:
        total = low = high = coverage = 0.0
        enough = eligible
        for evidence, weight in zip(categories, weights):
            if weight and evidence.band is not None:
                total += weight
                low += evidence.band.low * weight
                high += evidence.band.high * weight
                coverage += evidence.coverage * weight
                enough = enough and evidence.enough
        if not (total and enough):
            continue
        order = (-round(low / total, 6), -round(coverage / total, 6), -round(high / total, 6), name)
        if best is None or order < best[0]:
            best = (order, key)
    return best[1] if best else None


def best_in_class(answers_by_assistant, criterion_key):
    """Keys of the assistants with the best known (not open) score on a criterion."""
    known = {key: answers[criterion_key].score for key, answers in answers_by_assistant.items()
             if not is_open(answers.get(criterion_key))}
    if not known:
        return []
    best = max(known.values())
    return [key for key, score in known.items() if score == best]


# --- the research queue: which unknowns matter most across the catalog ----------------------


@dataclass(frozen=True)
class ResearchItem:
    """An open criterion of one assistant and the rankings (names) it could change."""

    assistant: str
    criterion: str
    category: str
    rankings: tuple


def ranking_index(candidates, weights):
    """(sorted order keys, {key: its order key}) of one ranking, for bisecting."""
    keys = {c.key: order_key(c.name, overall_evidence(c.categories, weights), c.eligible) for c in candidates}
    return sorted(keys.values()), keys


def place(sorted_keys, old, new):
    """Index `new` would take among the others (the list without `old`)."""
    index = bisect_left(sorted_keys, new)
    return index - 1 if old < new else index


def could_change(index, candidate, changed, weights):
    """Whether `changed` (the candidate after learning an answer) would take another rank."""
    sorted_keys, keys = index
    old = keys[candidate.key]
    before = None if old[0] else bisect_left(sorted_keys, old) + 1
    return position_in(index, candidate, changed, weights) != before


def research_queue(candidates, criteria, rankings, threshold=EVIDENCE_THRESHOLD):
    """Every open criterion of every eligible candidate with the rankings ({name: weights}) it
    could change, most rankings first. Each learnt value is placed by bisection among the
    others, so the cost grows as n log n."""
    indexes = {name: ranking_index(candidates, weights) for name, weights in rankings.items()}
    totals = category_weights(criteria)
    items = []
    for candidate in (c for c in candidates if c.eligible):
        for criterion in criteria:
            if not is_open(candidate.answers.get(criterion.key)):
                continue
            ends = [learn_one(candidate, criterion, getattr(criterion, end), totals, threshold)
                    for end in ("worst", "best")]
            changed = tuple(
                name for name, weights in rankings.items()
                if weights.get(criterion.category, 0) > 0
                and any(could_change(indexes[name], candidate, end, weights) for end in ends)
            )
            if changed:
                items.append(ResearchItem(candidate.key, criterion.key, criterion.category, changed))
    items.sort(key=lambda item: (-len(item.rankings), item.assistant, item.criterion))
    return items
