"""GET /api/v1/models/ and /api/v1/models/<slug>/: each AI model, and its whole ledger."""
import pytest

from catalog.models import AIModel, DeprecationEvent
from tests.support.api import API, all_rows, api, errors_of  # noqa: F401 (fixtures)


def test_models_list_every_model_with_vendor_and_assistants(api):
    rows = all_rows(api, f"{API}/models/")
    assert {row["slug"] for row in rows} == set(AIModel.objects.values_list("slug", flat=True))
    gpt_4o = next(row for row in rows if row["slug"] == "gpt-4o")
    assert gpt_4o["vendor"]["slug"] == "openai"
    assert "chatgpt" in gpt_4o["assistants"]
    assert set(gpt_4o) == {"slug", "name", "vendor", "status", "released", "retired", "successor", "open_weights", "assistants"}


@pytest.mark.parametrize(
    "params, lookup",
    [({"vendor": "openai"}, {"vendor__slug": "openai"}), ({"status": "retired"}, {"status": "retired"}),
     ({"assistant": "claude"}, {"assistants__slug": "claude"})],
)
def test_model_filters(api, params, lookup):
    expected = set(AIModel.objects.filter(**lookup).values_list("slug", flat=True))
    assert 0 < len(expected) < AIModel.objects.count()
    assert {row["slug"] for row in all_rows(api, f"{API}/models/", **params)} == expected


def test_a_model_detail_carries_its_published_ledger_in_the_order_things_happened(api):
    body = api.get(f"{API}/models/gpt-4o/").json()
    expected = list(
        DeprecationEvent.objects.published().filter(model__slug="gpt-4o").order_by(*DeprecationEvent.TIMELINE_ORDER)
        .values_list("key", flat=True)
    )
    assert [event["key"] for event in body["deprecations"]] == expected
    keys = [event["key"] for event in body["deprecations"]]
    assert keys.index("gpt-4o-chatgpt-retired-2025-08") < keys.index("gpt-4o-chatgpt-reinstated-2025-08")
    assert all(event["sources"] for event in body["deprecations"])


def test_unknown_models_and_filters_are_refused(api):
    assert errors_of(api.get(f"{API}/models/gpt-99/"))[None]["code"] == "not_found"
    assert "openai" in errors_of(api.get(f"{API}/models/", {"vendor": "nobody"}))["vendor"]["accepted"]
    assert errors_of(api.get(f"{API}/models/", {"vendr": "openai"}))["vendr"]["code"] == "unknown_parameter"
