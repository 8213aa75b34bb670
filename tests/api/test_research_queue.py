"""GET /api/v1/research-queue/: for token holders, the unknowns that could change most rankings."""
from catalog.models import Assistant, Criterion
from tests.support.api import API, api, editor_api, reader_api  # noqa: F401 (fixtures)


def test_anonymous_readers_get_a_401(api):
    assert api.get(f"{API}/research-queue/").status_code == 401


def test_token_holders_get_the_queue_most_rankings_first(reader_api):
    response = reader_api.get(f"{API}/research-queue/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert rows, "today's catalog has unknowns that could change a ranking"
    counts = [row["rankings_changed"] for row in rows]
    assert counts == sorted(counts, reverse=True)
    criteria = dict(Criterion.objects.values_list("slug", "category"))
    unverified = set(Assistant.objects.filter(status="unverified").values_list("slug", flat=True))
    for row in rows:
        assert row["category"] == criteria[row["criterion"]]
        assert row["rankings_changed"] == len(row["rankings"]) >= 1
        assert set(row["rankings"]) <= {"overall", row["category"]}
        assert row["assistant"] not in unverified
