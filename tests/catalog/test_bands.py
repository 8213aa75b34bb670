"""The evidence-band method (catalog/scoring/bands.py): examples and properties over random
catalogs, unknowns and weights."""
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.scoring import bands

CATEGORIES = ("privacy", "political_ties", "safety", "deprecation")


def criterion(key, category="privacy", weight=1, worst=0, best=100):
    return bands.Criterion(key, category, weight, worst, best)


def test_numeric_rubric_scale_counts_bands_otherwise_and_words():
    rubric = {"bands": [{"min": 90, "score": 100}, {"min": 1, "score": 20}], "otherwise": 5, "words": {"none": 0}}
    assert bands.rubric_scale("number", rubric) == (0.0, 100.0)
    assert bands.rubric_scale("choice", {"a": 30, "b": 80}) == (30.0, 80.0)


def test_unknown_spans_the_rubric_and_a_disputed_claim_spans_worst_to_its_score():
    c = criterion("x", worst=10, best=90)
    assert bands.criterion_band(c, None) == bands.Band(10, 90)
    assert bands.criterion_band(c, bands.Known(70, disputed=True)) == bands.Band(10, 70)
    assert bands.criterion_band(c, bands.Known(70)) == bands.Band(70, 70)


def test_category_band_puts_open_criteria_at_worst_and_best():
    criteria = [criterion("a", weight=3), criterion("b", weight=1)]
    evidence = bands.category_evidence(criteria, {"a": bands.Known(100)})
    assert evidence.band == bands.Band(75.0, 100.0)
    assert evidence.coverage == 0.75 and evidence.enough and evidence.score == 75.0


def test_without_enough_evidence_there_is_no_shown_score_but_a_band():
    criteria = [criterion("a", weight=1), criterion("b", weight=3)]
    evidence = bands.category_evidence(criteria, {"a": bands.Known(100)})
    assert not evidence.enough and evidence.score is None
    assert evidence.band == bands.Band(25.0, 100.0)


def test_threshold_is_inclusive_and_configurable():
    criteria = [criterion("a"), criterion("b")]
    assert bands.category_evidence(criteria, {"a": bands.Known(50)}, threshold=0.5).enough
    assert not bands.category_evidence(criteria, {"a": bands.Known(50)}, threshold=0.6).enough


def test_a_disputed_claim_does_not_count_as_evidence():
    criteria = [criterion("a")]
    assert not bands.category_evidence(criteria, {"a": bands.Known(100, disputed=True)}).enough


def test_overall_needs_enough_in_every_weighted_category():
    enough = bands.Evidence(bands.Band(60, 60), 1.0, True)
    short = bands.Evidence(bands.Band(0, 100), 0.0, False)
    categories = {"privacy": enough, "safety": short}
    assert not bands.overall_evidence(categories, {"privacy": 1, "safety": 1}).enough
    only_privacy = bands.overall_evidence(categories, {"privacy": 1, "safety": 0})
    assert only_privacy.enough and only_privacy.band == bands.Band(60, 60)
    assert bands.overall_evidence(categories, {"privacy": 1, "safety": 1}).band == bands.Band(30, 80)


def candidate(key, categories, eligible=True, answers=None):
    return bands.Candidate(key, key.title(), categories, eligible, answers or {})


def test_the_least_researched_never_ranks_first():
    known = candidate("known", {"privacy": bands.Evidence(bands.Band(40, 40), 1.0, True)})
    guess = candidate("guess", {"privacy": bands.Evidence(bands.Band(30, 100), 0.3, False)})
    ranking = bands.rank([guess, known], {"privacy": 1})
    assert ranking.ranked == ["known"]
    assert ranking.unranked == [("guess", bands.NOT_ENOUGH_EVIDENCE)]


def test_unverified_assistants_are_never_ranked():
    full = bands.Evidence(bands.Band(90, 90), 1.0, True)
    ranking = bands.rank([candidate("anon", {"privacy": full}, eligible=False)], {"privacy": 1})
    assert ranking.ranked == [] and ranking.unranked == [("anon", bands.UNVERIFIED)]


def test_ties_on_low_break_on_coverage_then_high_then_name():
    wide = candidate("wide", {"privacy": bands.Evidence(bands.Band(50, 80), 0.6, True)})
    tight = candidate("tight", {"privacy": bands.Evidence(bands.Band(50, 55), 0.9, True)})
    assert bands.rank([wide, tight], {"privacy": 1}).ranked == ["tight", "wide"]


def test_overlapping_bands_could_swap():
    upper = candidate("upper", {"privacy": bands.Evidence(bands.Band(60, 70), 0.8, True)})
    lower = candidate("lower", {"privacy": bands.Evidence(bands.Band(50, 65), 0.8, True)})
    apart = candidate("apart", {"privacy": bands.Evidence(bands.Band(10, 20), 1.0, True)})
    swaps = bands.could_swap_with(bands.rank([upper, lower, apart], {"privacy": 1}))
    assert swaps == {"upper": ["lower"], "lower": ["upper"], "apart": []}


def make_candidate(key, criteria, answers, eligible=True):
    return bands.Candidate(key, key, bands.profile(criteria, answers, CATEGORIES), eligible, answers)


def test_open_questions_name_the_unknown_that_could_change_the_order():
    criteria = [criterion("a"), criterion("b")]
    leader = make_candidate("leader", criteria, {"a": bands.Known(60), "b": bands.Known(60)})
    chaser = make_candidate("chaser", criteria, {"a": bands.Known(100)})
    questions = bands.open_questions([leader, chaser], criteria, {"privacy": 1})
    assert [(q.assistant, q.criterion) for q in questions] == [("chaser", "b")]
    assert set(questions[0].positions) == {1, 2}


def test_first_choice_share_counts_the_weightings_that_keep_the_first():
    criteria = [criterion("p", "privacy"), criterion("s", "safety")]
    a = make_candidate("a", criteria, {"p": bands.Known(100), "s": bands.Known(0)})
    b = make_candidate("b", criteria, {"p": bands.Known(0), "s": bands.Known(90)})
    share = bands.first_choice_share([a, b], ["privacy", "safety"], "a")
    # 15 weightings: a is first when privacy outweighs 0.9 x safety.
    expected = sum(1 for p in range(4) for s in range(4) if (p or s) and 100 * p > 90 * s) / 15
    assert share == expected
    assert bands.first_choice_share([a, b], ["privacy"], None) is None


def test_best_in_class_counts_only_known_answers():
    answers = {"a": {"x": bands.Known(80)}, "b": {"x": bands.Known(100, disputed=True)}, "c": {}}
    assert bands.best_in_class(answers, "x") == ["a"]
    assert bands.best_in_class({"c": {}}, "x") == []


# --- properties over random catalogs ---------------------------------------------------------

scales = st.tuples(st.integers(0, 100), st.integers(0, 100)).map(sorted)


@st.composite
def catalogs(draw):
    """Criteria over the four categories, and answers (some unknown, some disputed)."""
    criteria = []
    for index in range(draw(st.integers(1, 8))):
        worst, best = draw(scales)
        criteria.append(bands.Criterion(f"c{index}", draw(st.sampled_from(CATEGORIES)), draw(st.integers(1, 3)), worst, best))
    answers = {}
    for c in criteria:
        kind = draw(st.sampled_from(["unknown", "known", "disputed"]))
        if kind != "unknown":
            answers[c.key] = bands.Known(draw(st.integers(int(c.worst), int(c.best))), kind == "disputed")
    return criteria, answers


category_weights = st.fixed_dictionaries({key: st.integers(0, 3) for key in CATEGORIES})


def overall(criteria, answers, weights):
    return bands.overall_evidence(bands.profile(criteria, answers, CATEGORIES), weights)


@settings(max_examples=300, deadline=None)
@given(catalogs(), category_weights, st.data())
def test_learning_a_value_keeps_every_score_inside_its_previous_band(catalog, weights, data):
    criteria, answers = catalog
    open_ones = [c for c in criteria if bands.is_open(answers.get(c.key))]
    if not open_ones:
        return
    learnt = data.draw(st.sampled_from(open_ones))
    before = bands.criterion_band(learnt, answers.get(learnt.key))
    value = data.draw(st.integers(int(before.low), int(before.high)))
    after_answers = {**answers, learnt.key: bands.Known(value)}
    old, new = bands.profile(criteria, answers, CATEGORIES), bands.profile(criteria, after_answers, CATEGORIES)
    for key in CATEGORIES:
        if old[key].band:
            assert old[key].band.contains(new[key].band.low) and old[key].band.contains(new[key].band.high)
    old_overall, new_overall = overall(criteria, answers, weights), overall(criteria, after_answers, weights)
    if old_overall.band:
        assert old_overall.band.contains(new_overall.band.low)
        assert old_overall.band.contains(new_overall.band.high)


@settings(max_examples=300, deadline=None)
@given(catalogs(), category_weights, st.data())
def test_the_band_contains_the_final_score(catalog, weights, data):
    criteria, answers = catalog
    final = {}
    for c in criteria:
        band = bands.criterion_band(c, answers.get(c.key))
        final[c.key] = bands.Known(data.draw(st.integers(int(band.low), int(band.high))))
    before, after = overall(criteria, answers, weights), overall(criteria, final, weights)
    if before.band:
        assert after.band.low == after.band.high or abs(after.band.high - after.band.low) < 1e-6
        assert before.band.contains(after.band.low)


@settings(max_examples=200, deadline=None)
@given(st.lists(catalogs(), min_size=2, max_size=6), category_weights, st.lists(st.booleans(), min_size=6, max_size=6))
def test_no_assistant_without_enough_evidence_ranks_above_one_with(catalog_list, weights, eligible):
    candidates = [
        make_candidate(f"a{index}", criteria, answers, eligible[index])
        for index, (criteria, answers) in enumerate(catalog_list)
    ]
    ranking = bands.rank(candidates, weights)
    assert all(ranking.overall[key].enough for key in ranking.ranked)
    assert all(reason for _, reason in ranking.unranked)
    lows = [ranking.overall[key].band.low for key in ranking.ranked]
    assert lows == sorted(lows, reverse=True)


@settings(max_examples=200, deadline=None)
@given(catalogs(), st.integers(0, 100))
def test_a_disputed_claim_never_beats_a_confirmed_one_of_the_same_value(catalog, score):
    criteria, answers = catalog
    c = criteria[0]
    score = min(max(score, c.worst), c.best)
    # Named so that the tie-break on name would favour the disputed one.
    confirmed = make_candidate("b-confirmed", criteria, {**answers, c.key: bands.Known(score)})
    disputed = make_candidate("a-disputed", criteria, {**answers, c.key: bands.Known(score, disputed=True)})
    ranking = bands.rank([disputed, confirmed], dict.fromkeys(CATEGORIES, 1))
    order = ranking.ranked + [key for key, _ in ranking.unranked]
    assert order.index("b-confirmed") < order.index("a-disputed")


@settings(max_examples=100, deadline=None)
@given(st.lists(catalogs(), min_size=2, max_size=5))
def test_the_research_queue_agrees_with_ranking_again(catalog_list):
    """Placing a learnt value by bisection gives what re-ranking everyone would."""
    criteria, _ = catalog_list[0]
    candidates = [make_candidate(f"a{index}", criteria, answers) for index, (_, answers) in enumerate(
        [(criteria, {k: v for k, v in answers.items() if k in {c.key for c in criteria}}) for _, answers in catalog_list]
    )]
    rankings = {"overall": dict.fromkeys(CATEGORIES, 1), "privacy": {"privacy": 1}}
    queue = {(item.assistant, item.criterion): set(item.rankings) for item in bands.research_queue(candidates, criteria, rankings)}
    for candidate in candidates:
        for criterion in criteria:
            if not bands.is_open(candidate.answers.get(criterion.key)):
                continue
            expected = set()
            for name, weights in rankings.items():
                if not weights.get(criterion.category):
                    continue
                before = bands.rank(candidates, weights)
                for end in (criterion.worst, criterion.best):
                    changed = bands.with_answers(candidate, criteria, {criterion.key: bands.Known(end)}, bands.EVIDENCE_THRESHOLD)
                    after = bands.rank([changed if c.key == candidate.key else c for c in candidates], weights)
                    if after.position(candidate.key) != before.position(candidate.key):
                        expected.add(name)
            assert queue.get((candidate.key, criterion.key), set()) == expected


@settings(max_examples=100, deadline=None)
@given(st.lists(catalogs(), min_size=2, max_size=5), category_weights)
def test_open_questions_agree_with_ranking_again(catalog_list, weights):
    """Each single-answer open question says where a full re-ranking would put the assistant."""
    criteria, _ = catalog_list[0]
    keys = {c.key for c in criteria}
    candidates = [make_candidate(f"a{i}", criteria, {k: v for k, v in answers.items() if k in keys})
                  for i, (_, answers) in enumerate(catalog_list)]
    before = bands.rank(candidates, weights)
    asked = {(q.assistant, q.criterion): q for q in bands.open_questions(candidates, criteria, weights) if q.criterion}
    for candidate in candidates:
        for criterion in criteria:
            if not weights.get(criterion.category) or not bands.is_open(candidate.answers.get(criterion.key)):
                continue
            positions = []
            for end in (criterion.worst, criterion.best):
                changed = bands.with_answers(candidate, criteria, {criterion.key: bands.Known(end)}, bands.EVIDENCE_THRESHOLD)
                positions.append(bands.rank([changed if c.key == candidate.key else c for c in candidates], weights).position(candidate.key))
            changes = sum(p != before.position(candidate.key) for p in positions)
            question = asked.get((candidate.key, criterion.key))
            assert (question.changes if question else 0) == changes
            if question:
                assert set(question.positions) == set(positions)


@settings(max_examples=60, deadline=None)
@given(st.lists(catalogs(), min_size=2, max_size=4))
def test_first_choice_share_agrees_with_ranking_every_weighting(catalog_list):
    from itertools import product

    candidates = [make_candidate(f"a{i}", criteria, answers) for i, (criteria, answers) in enumerate(catalog_list)]
    first = bands.rank(candidates, dict.fromkeys(CATEGORIES, 1)).ranked[:1]
    grid = [dict(zip(CATEGORIES, w)) for w in product(range(4), repeat=4) if any(w)]
    expected = sum(1 for w in grid if bands.rank(candidates, w).ranked[:1] == first) / len(grid) if first else None
    assert bands.first_choice_share(candidates, list(CATEGORIES), first[0] if first else None) == expected
