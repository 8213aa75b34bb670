"""The switching plan: what a person leaving an assistant needs, built from records only.

Why people leave it (its weakest published answers, its vendor's political ties, its models'
retirements, each with its sources), where to go (catalog.comparison.alternatives, the one
ranking every surface uses, with the reader's weights), each alternative's reasons and caveats
(criterion by criterion against the assistant left), its plans and whether it imports what the
reader brings, how to leave (export, training opt-out, deletion) and where a retired model is
still reachable, with the ledger's dates. Nothing here writes prose about a fact: every line
shown is a record's own text, and what no record holds is returned as unknown.

A plan costs a fixed number of queries, whatever the size of the catalog.
"""
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch

from catalog import comparison, selectors
from catalog.models import Assistant, DeprecationEvent, Source, SwitchingFact
from catalog.scoring import scores as scoring

ALTERNATIVES_SHOWN = 5
# A published answer below this score is a reason people give for leaving (the rubric's
# middle: below it the answer is worse for the user than not).
WEAK_SCORE = 50
WEAK_SHOWN = 3
TIES_SHOWN = 2
RETIREMENTS_SHOWN = 3
REASONS_SHOWN = 3
# What "how to leave" covers, in the order a person does it.
LEAVING_KINDS = (
    SwitchingFact.Kind.EXPORT,
    SwitchingFact.Kind.TRAINING_OPT_OUT,
    SwitchingFact.Kind.DELETION,
)
# Ledger events that end or date a model's availability.
ENDING_KINDS = (DeprecationEvent.Kind.SHUTDOWN_SCHEDULED, DeprecationEvent.Kind.RETIRED)


@dataclass
class Difference:
    """One criterion both assistants answer, with both answers (selectors.Answer)."""

    criterion: object
    theirs: object  # the alternative's Answer
    ours: object  # the Answer of the assistant left

    @property
    def gap(self):
        return self.theirs.assessment.score - self.ours.assessment.score


@dataclass
class Alternative:
    assistant: Assistant
    weighted_score: float | None
    better: list = field(default_factory=list)  # [Difference], biggest gap first
    worse: list = field(default_factory=list)  # [Difference], biggest gap first
    unknown: list = field(default_factory=list)  # [Criterion] answered for the one left, not for this
    plans: list = field(default_factory=list)  # [SwitchingFact] of kind plan, cheapest first
    imports: list = field(default_factory=list)  # [SwitchingFact] importing from the one left

    @property
    def reasons(self):
        """The one-line reason: the criteria where it does best against the one left."""
        return self.better[:REASONS_SHOWN]

    @property
    def free_plan(self):
        return next((plan for plan in self.plans if plan.price == 0), None)

    @property
    def paid_plans(self):
        return [plan for plan in self.plans if plan.price != 0]


@dataclass
class Step:
    """One part of leaving (export, opt-out, deletion): its facts, or none found."""

    kind: str
    label: str
    facts: list = field(default_factory=list)

    @property
    def known(self):
        return bool(self.facts)


@dataclass
class ModelAccess:
    """A place where a retired model stays reachable, with the ledger's events for the model.

    `until_in_ledger` says whether a published ledger event holds the fact's end date: a date
    only drafts carry is shown as reported by the fact, not as the ledger's.
    """

    fact: SwitchingFact
    ledger: list = field(default_factory=list)  # published DeprecationEvents of the model

    @property
    def until_in_ledger(self):
        if self.fact.until is None:
            return None
        return any(event.date == self.fact.until and event.kind in ENDING_KINDS for event in self.ledger)


@dataclass
class SwitchPlan:
    assistant: Assistant
    weights: dict
    weak: list = field(default_factory=list)  # [selectors.Answer], weakest first
    ties: list = field(default_factory=list)  # [PoliticalTie], newest first
    ties_count: int = 0
    retirements: list = field(default_factory=list)  # [DeprecationEvent], newest first
    alternatives: list = field(default_factory=list)  # [Alternative], best first
    leaving: list = field(default_factory=list)  # [Step] in LEAVING_KINDS order
    plans: list = field(default_factory=list)  # the assistant's own plans
    model_access: list = field(default_factory=list)  # [ModelAccess]
    notice_promises: list = field(default_factory=list)

    @property
    def ledgers(self):
        """[(model, its published ledger events)], once per model, in the order first met."""
        seen = {}
        for access in self.model_access:
            if access.fact.model_id and access.fact.model_id not in seen:
                seen[access.fact.model_id] = (access.fact.model, access.ledger)
        return [pair for pair in seen.values() if pair[1]]

    @property
    def has_unledgered_dates(self):
        """Some end date is reported by a fact but held by no published ledger event."""
        return any(access.until_in_ledger is False for access in self.model_access)

    @property
    def has_reasons(self):
        return bool(self.weak or self.ties or self.retirements)


def published_facts(assistants):
    """{assistant id: [published SwitchingFact]} with sources, model and import origin: two queries."""
    facts = (
        SwitchingFact.objects.published()
        .filter(assistant__in=assistants)
        .select_related("model", "from_assistant")
        .prefetch_related(selectors.cited_sources())
        .order_by("kind", "price", "as_of", "key")
    )
    grouped = defaultdict(list)
    for fact in facts:
        grouped[fact.assistant_id].append(fact)
    return grouped


def differences(criteria, theirs, ours):
    """(better, worse, unknown) for the alternative's evidence against the one left."""
    better, worse, unknown = [], [], []
    for criterion in criteria:
        mine, yours = selectors.answer_to(criterion, theirs), selectors.answer_to(criterion, ours)
        if yours.assessment is None:
            continue
        if mine.assessment is None:
            unknown.append(criterion)
            continue
        difference = Difference(criterion, mine, yours)
        if difference.gap > 0:
            better.append(difference)
        elif difference.gap < 0:
            worse.append(difference)
    better.sort(key=lambda d: (-d.gap, d.criterion.category, d.criterion.position))
    worse.sort(key=lambda d: (d.gap, d.criterion.category, d.criterion.position))
    return better, worse, unknown


def model_ledger(model_ids):
    """{model id: [published DeprecationEvent]} oldest first, with sources: two queries."""
    events = (
        DeprecationEvent.objects.published()
        .filter(model_id__in=model_ids)
        .select_related("model__vendor")
        .prefetch_related(Prefetch("sources", queryset=Source.objects.order_by("-published", "title", "key")))
        .order_by("date", "key")
    )
    grouped = defaultdict(list)
    for event in events:
        grouped[event.model_id].append(event)
    return grouped


def newest_retirements(events, assistant):
    """Its models' retirements, newest date first, one per date: on a day several models went,
    the one with the longest ledger (the model people followed). Another assistant's own
    removal of a shared model is not this assistant's doing."""
    ledger_length = defaultdict(int)
    for event in events:
        ledger_length[event.model_id] += 1
    by_date = {}
    for event in events:
        if event.kind != DeprecationEvent.Kind.RETIRED or event.assistant_id not in (None, assistant.id):
            continue
        kept = by_date.get(event.date)
        if kept is None or ledger_length[event.model_id] > ledger_length[kept.model_id]:
            by_date[event.date] = event
    return [by_date[day] for day in sorted(by_date, reverse=True)]


def switch_plan(assistant, weights=None, limit=ALTERNATIVES_SHOWN):
    """The SwitchPlan for leaving `assistant` (with its vendor loaded), alternatives ranked
    with `weights` (default: every category counts the same)."""
    weights = weights or dict(scoring.DEFAULT_CATEGORY_WEIGHTS)
    ranked = list(comparison.alternatives(assistant, weights=weights, limit=limit))
    criteria = selectors.criteria()
    evidence = selectors.effective_evidence([assistant, *ranked])
    ours = evidence[assistant.id]
    facts = published_facts([assistant, *ranked])
    own = facts[assistant.id]

    answers = [selectors.answer_to(c, ours) for c in criteria]
    weak = sorted(
        (a for a in answers if a.assessment is not None and a.assessment.score < WEAK_SCORE),
        key=lambda a: (a.assessment.score, a.criterion.category, a.criterion.position),
    )
    ties = selectors.vendor_ties(assistant.vendor)
    retirements = newest_retirements(
        list(selectors.published_deprecations().filter(model__assistants=assistant)), assistant
    )

    alternatives = []
    for other in ranked:
        better, worse, unknown = differences(criteria, evidence[other.id], ours)
        theirs = facts[other.id]
        alternatives.append(
            Alternative(
                assistant=other,
                weighted_score=other.weighted_score,
                better=better,
                worse=worse,
                unknown=unknown,
                plans=[f for f in theirs if f.kind == SwitchingFact.Kind.PLAN],
                imports=[
                    f for f in theirs if f.kind == SwitchingFact.Kind.IMPORT and f.from_assistant_id == assistant.id
                ],
            )
        )

    by_kind = defaultdict(list)
    for fact in own:
        by_kind[fact.kind].append(fact)
    access = by_kind[SwitchingFact.Kind.MODEL_ACCESS]
    ledger = model_ledger({fact.model_id for fact in access if fact.model_id})
    return SwitchPlan(
        assistant=assistant,
        weights=weights,
        weak=weak[:WEAK_SHOWN],
        ties=ties[:TIES_SHOWN],
        ties_count=len(ties),
        retirements=retirements[:RETIREMENTS_SHOWN],
        alternatives=alternatives,
        leaving=[Step(kind, SwitchingFact.Kind(kind).label, by_kind[kind]) for kind in LEAVING_KINDS],
        plans=by_kind[SwitchingFact.Kind.PLAN],
        model_access=[
            ModelAccess(fact, ledger.get(fact.model_id, []))
            for fact in sorted(access, key=lambda f: (f.until is None, f.until or f.as_of, f.key))
        ],
        notice_promises=by_kind[SwitchingFact.Kind.NOTICE_PROMISE],
    )


def leaving_profile(slug):
    """The assistant to leave, with its vendor. Raises Assistant.DoesNotExist."""
    return Assistant.objects.select_related("vendor").get(slug=slug)
