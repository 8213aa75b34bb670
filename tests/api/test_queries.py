"""SQL queries per API request: the same small number for the six seed assistants and for 500
more. The cache is off the path here (each measured request follows a revision bump)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog import revision
from catalog.models import Assistant
from tests.support.api import API, api, editor_api, grow_catalog  # noqa: F401 (fixtures)
from tests.support import postgres_only

SEEDS = "chatgpt,claude,gemini,lumo,confer,alpine"

# Each request costs one query for the catalog revision, then what the endpoint needs.
MEASURED = {
    "/assistants/": 3,  # + count, page
    "/assistants/?ordering=-overall&min_privacy=10&q=a": 3,
    "/assistants/?vendor=openai&format=csv": 4,  # + the vendor the filter validates
    "/assistants/?page_size=100": 3,
    # + assistant, its models, sources, ties (+ sources), evidence (+ sources), criteria,
    # retirements (+ sources), searched-not-found cells, regulator actions, offered models
    # (chatgpt has neither actions nor offers, so no sources query for them)
    "/assistants/chatgpt/": 14,
    # + assistant, count, page
    # + criteria and the page's published answers (own, vendor's): its open questions
    "/assistants/chatgpt/alternatives/?weights=privacy:3,safety:1&min_privacy=10": 7,
    f"/compare/?assistants={SEEDS}": 5,  # + assistants, evidence (+ sources), criteria
    "/vendors/": 6,  # + count, page, sources, assistants, data-storage sources
    "/criteria/": 3,
    "/sources/?page_size=100": 3,
    "/deprecations/?vendor=openai": 5,  # + vendor check, count, page, sources
    "/political-ties/": 4,
    "/assessments/?page_size=100": 4,
    "/campaigns/": 6,  # + count, page, sources, leave, alternatives
}


def count_queries(client, path):
    revision.bump()  # a fresh revision: nothing from the cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(API + path)
    assert response.status_code == 200, response.content
    return len(queries)


@pytest.fixture
def counts_before_growth(api):
    return {path: count_queries(api, path) for path in MEASURED}


def test_queries_per_request_are_small_and_do_not_grow_with_the_catalog(api, counts_before_growth):
    assert counts_before_growth == MEASURED
    grow_catalog(500)
    assert Assistant.objects.count() >= 506
    after = {path: count_queries(api, path) for path in MEASURED}
    assert after == counts_before_growth


def test_comparing_ten_generated_assistants_costs_what_comparing_the_six_seeds_does(api):
    seeds = count_queries(api, f"/compare/?assistants={SEEDS}")
    grow_catalog(500)
    generated = Assistant.objects.filter(slug__startswith="synthetic-").order_by("?")[:10]
    ten = ",".join(a.slug for a in generated)
    assert count_queries(api, f"/compare/?assistants={ten}") == seeds


def test_a_full_page_of_generated_assistants_costs_the_same_as_six(api):
    six = count_queries(api, "/assistants/?page_size=100")
    grow_catalog(500)
    assert count_queries(api, "/assistants/?page_size=100&ordering=-overall") == six
    assert count_queries(api, "/assistants/?page_size=100&page=5") == six


def test_editor_reads_add_only_the_token_and_group_lookups(editor_api):
    assert (
        count_queries(editor_api, "/assessments/?page_size=100")
        == MEASURED["/assessments/?page_size=100"] + 2
    )


@postgres_only
@pytest.mark.parametrize("category", ["privacy", "political_ties", "safety", "deprecation", "overall"])
def test_a_best_first_page_is_read_in_index_order(catalog, category):
    """Sorting best first (enough evidence first, then band low, coverage, band high, name)
    must match an index, or at 10,000 assistants every page sorts them all (6 ms instead of
    0.1 ms)."""
    from api.filtersets import AssistantFilterSet

    params = {"ordering": f"-{category}"}
    if category != "overall":
        params[f"min_{category}"] = "10"  # a minimum reads the same index
    queryset = AssistantFilterSet(params, queryset=Assistant.objects.all()).qs[:20]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # six rows: make the planner show its options
        cursor.execute("SET LOCAL enable_sort = off")
        sql, sql_params = queryset.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, sql_params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert f"assistant_rank_{category}" in plan
    assert "Sort" not in plan.replace("Sort Key", ""), plan
