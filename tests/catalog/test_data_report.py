"""The editors' data report says how far the evidence reaches and what needs an editor."""
import datetime
from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from catalog.data_report import build_report
from catalog.models import Assessment, Assistant, Criterion, SearchRecord, Source, Status


def test_coverage_per_assistant_and_category_matches_the_published_answers(catalog):
    report = build_report()
    rows = {row.slug: row for row in report.assistants}
    assert set(rows) == set(Assistant.objects.values_list("slug", flat=True))
    criteria = Criterion.objects.count()
    for slug, row in rows.items():
        assistant = Assistant.objects.get(slug=slug)
        answered = set(
            Assessment.objects.filter(status=Status.PUBLISHED, assistant=assistant).values_list("criterion", flat=True)
        ) | set(
            Assessment.objects.filter(status=Status.PUBLISHED, vendor=assistant.vendor).values_list("criterion", flat=True)
        )
        assert row.assessed == len(answered) and row.total == criteria, slug
        assert sum(done for done, _ in row.categories.values()) == row.assessed
        # Every cell is answered, searched and not found, or listed as never searched.
        assert row.assessed + len(row.searched_not_found) + len(row.never_searched) == criteria, slug
    assert rows["alpine"].assessed == 0 and len(rows["alpine"].empty_categories) == 4


def test_sources_by_kind_and_undated_sources_add_up(catalog):
    report = build_report()
    assert report.sources_total == Source.objects.count()
    assert sum(report.sources_by_kind.values()) == report.sources_total
    assert report.undated_sources == Source.objects.filter(published__isnull=True).count()


def test_claims_past_their_check_date_are_listed(catalog):
    assert build_report(today=datetime.date(2026, 12, 2)).past_check == []
    # Thirteen months on, every claim checked in the second round is due again.
    later = build_report(today=datetime.date(2028, 1, 15))
    assert len([c for c in later.past_check if c[0] == "assessment"]) == Assessment.objects.published().count()


def test_ties_searched_per_vendor_come_from_coverage_records(catalog):
    report = build_report()
    searched = {v.slug for v in report.vendor_ties if v.searches}
    coverage = set(
        SearchRecord.objects.filter(criterion__isnull=True, category="political_ties").values_list("vendor__slug", flat=True)
    )
    assert searched == coverage and searched


def test_the_command_prints_the_figures(catalog):
    out = StringIO()
    call_command("data_report", stdout=out)
    text = out.getvalue()
    report = build_report()
    assert f"{report.assessed} of {report.cells}" in text
    assert "duck-ai" in text and "Sources: " in text and "Political ties per vendor" in text


def test_the_admin_page_is_linked_from_the_index_and_staff_only(admin_client, client, catalog):
    url = reverse("admin:catalog_data_report")
    assert url in admin_client.get(reverse("admin:index")).content.decode()
    page = admin_client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Duck.ai" in text and "Coverage per assistant and category" in text
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
