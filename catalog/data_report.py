"""The editors' data report (`manage.py data_report` and the admin page): how far the
evidence reaches, and what needs an editor.

- coverage per assistant and category: criteria with a published answer (the assistant's own
  or its vendor's) out of the category's criteria;
- cells searched and not found (unknown means looked-for) and cells never looked for;
- sources by kind, undated sources;
- claims past their check date (settings.CATALOG_RECHECK_MONTHS);
- what the political-ties search covered per vendor (coverage records), beside its ties.

A fixed number of queries, whatever the catalog's size.
"""
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from catalog.dates import recheck_cutoff
from catalog.models import (
    CATEGORY_KEYS,
    Assessment,
    Assistant,
    Criterion,
    PoliticalTie,
    SearchRecord,
    Source,
    Status,
    SwitchingFact,
    Vendor,
)
from catalog.scoring.scores import effective_assessments


@dataclass
class AssistantCoverage:
    slug: str
    name: str
    status: str
    # category -> (assessed criteria, all criteria)
    categories: dict = field(default_factory=dict)
    assessed: int = 0
    total: int = 0
    searched_not_found: list = field(default_factory=list)  # criterion slugs
    never_searched: list = field(default_factory=list)  # unknown cells without a search record

    @property
    def empty_categories(self):
        return [key for key, (done, _all) in self.categories.items() if done == 0]


@dataclass
class VendorTies:
    slug: str
    name: str
    ties: int
    searches: list = field(default_factory=list)  # (searched date, outcome, covered count)


@dataclass
class DataReport:
    cutoff: object
    assistants: list
    sources_by_kind: dict
    sources_total: int
    undated_sources: int
    past_check: list  # (kind, label, checked date or None)
    vendor_ties: list

    @property
    def assessed(self):
        return sum(a.assessed for a in self.assistants)

    @property
    def cells(self):
        return sum(a.total for a in self.assistants)


def build_report(today=None):
    cutoff = recheck_cutoff(today)
    criteria = list(Criterion.objects.order_by("category", "position", "slug"))
    by_category = defaultdict(list)
    for criterion in criteria:
        by_category[criterion.category].append(criterion)
    published = Assessment.objects.filter(status=Status.PUBLISHED).only(
        "id", "assistant_id", "vendor_id", "criterion_id"
    )
    own, inherited = defaultdict(list), defaultdict(list)
    for assessment in published:
        (own[assessment.assistant_id] if assessment.assistant_id else inherited[assessment.vendor_id]).append(assessment)
    searched_assistant, searched_vendor = defaultdict(set), defaultdict(set)
    for record in SearchRecord.objects.filter(criterion__isnull=False, outcome=SearchRecord.Outcome.NOT_FOUND).values(
        "assistant_id", "vendor_id", "criterion_id"
    ):
        if record["assistant_id"]:
            searched_assistant[record["assistant_id"]].add(record["criterion_id"])
        else:
            searched_vendor[record["vendor_id"]].add(record["criterion_id"])

    rows = []
    for assistant in Assistant.objects.order_by("name"):
        effective = effective_assessments(own[assistant.id], inherited[assistant.vendor_id])
        row = AssistantCoverage(assistant.slug, assistant.name, assistant.status)
        searched = searched_assistant[assistant.id] | searched_vendor[assistant.vendor_id]
        for key in CATEGORY_KEYS:
            in_category = by_category[key]
            done = sum(1 for c in in_category if c.id in effective)
            row.categories[key] = (done, len(in_category))
            for criterion in in_category:
                if criterion.id in effective:
                    continue
                (row.searched_not_found if criterion.id in searched else row.never_searched).append(criterion.slug)
        row.assessed = len(effective)
        row.total = len(criteria)
        rows.append(row)

    kinds = Counter(dict(Source.objects.values_list("kind").annotate(n=Count("id")).values_list("kind", "n")))
    past = [
        ("assessment", str(a), a.checked)
        for a in Assessment.objects.published()
        .needs_recheck(today)
        .select_related("assistant", "vendor", "criterion")
    ]
    past += [
        ("switching", f"{f.assistant} · {f.key}", f.checked)
        for f in SwitchingFact.objects.published().filter(checked__lt=cutoff).select_related("assistant")
    ]
    past += [
        ("switching", f"{f.assistant} · {f.key}", None)
        for f in SwitchingFact.objects.published().filter(checked__isnull=True).select_related("assistant")
    ]

    tie_counts = dict(
        PoliticalTie.objects.published().values_list("vendor_id").annotate(n=Count("id")).values_list("vendor_id", "n")
    )
    coverage = defaultdict(list)
    for record in SearchRecord.objects.filter(criterion__isnull=True, category="political_ties", vendor__isnull=False):
        coverage[record.vendor_id].append((record.searched, record.outcome, len(record.covered)))
    vendor_ties = [
        VendorTies(v.slug, v.name, tie_counts.get(v.id, 0), sorted(coverage[v.id]))
        for v in Vendor.objects.order_by("name")
    ]
    return DataReport(
        cutoff=cutoff,
        assistants=rows,
        sources_by_kind={kind or "(none)": kinds.get(kind, 0) for kind in [*Source.Kind.values, ""] if kinds.get(kind) or kind},
        sources_total=sum(kinds.values()),
        undated_sources=Source.objects.filter(published__isnull=True).count(),
        past_check=past,
        vendor_ties=vendor_ties,
    )


def report_lines(report):
    """The report as plain text lines (the command prints them)."""
    lines = [f"Coverage: {report.assessed} of {report.cells} assistant x criterion cells have a published answer", ""]
    header = f"{'assistant':<18} {'status':<11} " + " ".join(f"{k[:12]:>12}" for k in CATEGORY_KEYS)
    lines += [header + "  total  searched-not-found  never-searched"]
    for row in report.assistants:
        cells = " ".join(f"{f'{d}/{t}':>12}" for d, t in row.categories.values())
        lines.append(
            f"{row.slug:<18} {row.status:<11} {cells}  {row.assessed:>2}/{row.total:<2} "
            f"{len(row.searched_not_found):>18}  {len(row.never_searched):>14}"
        )
    lines += ["", "Categories with no published answer:"]
    lines += [f"  {row.slug}: {', '.join(row.empty_categories)}" for row in report.assistants if row.empty_categories]
    lines += ["", "Unknown cells never searched:"]
    lines += [f"  {row.slug}: {', '.join(row.never_searched)}" for row in report.assistants if row.never_searched]
    lines += ["", f"Sources: {report.sources_total}; by kind:"]
    lines += [f"  {kind:<16} {count}" for kind, count in report.sources_by_kind.items()]
    lines += [f"Undated sources: {report.undated_sources}", ""]
    lines += [f"Claims past their check date (checked before {report.cutoff.isoformat()}): {len(report.past_check)}"]
    lines += [f"  {kind}: {label} (checked {checked or 'never'})" for kind, label, checked in report.past_check]
    lines += ["", "Political ties per vendor, and what the search covered:"]
    for vendor in report.vendor_ties:
        searches = "; ".join(f"searched {d.isoformat()} ({n} places, {o})" for d, o, n in vendor.searches) or "no coverage record"
        lines.append(f"  {vendor.slug:<28} {vendor.ties:>3} ties  {searches}")
    return lines
