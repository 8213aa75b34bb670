"""A renamed assistant, vendor or AI model keeps its old address: pages answer a 301 to the new
one (same language, same query), the API answers the record."""
import pytest

from catalog.models import AIModel, Assistant, SlugAlias, Vendor
from tests.support.api import API, api  # noqa: F401 (fixtures)


def rename(model, old, new):
    record = model.objects.get(slug=old)
    record.slug = new
    record.save()
    return record


@pytest.mark.parametrize(
    ("model", "old", "new", "path"),
    [
        (Assistant, "claude", "claude-ai", "assistants"),
        (Vendor, "anthropic", "anthropic-pbc", "vendors"),
        (AIModel, None, None, "models"),
    ],
)
def test_an_old_slug_answers_a_301_to_the_new_page_keeping_language_and_query(client, catalog, model, old, new, path):
    if new is None:  # any model: the first one
        old = AIModel.objects.order_by("slug").values_list("slug", flat=True).first()
        new = f"{old}-renamed"
    rename(model, old, new)
    assert SlugAlias.objects.filter(old_slug=old).count() == 1
    response = client.get(f"/fr/{path}/{old}/?x=1")
    assert response.status_code == 301
    assert response["Location"] == f"/fr/{path}/{new}/?x=1"
    assert client.get(response["Location"]).status_code in (200, 400)
    assert client.get(f"/{path}/{new}/").status_code in (200, 302)
    assert client.get(f"/en/{path}/never-was-a-slug/").status_code == 404


def test_the_api_answers_the_record_for_an_old_slug(api):
    rename(Assistant, "claude", "claude-ai")
    rename(Vendor, "openai", "openai-inc")
    assert api.get(f"{API}/assistants/claude/").json()["slug"] == "claude-ai"
    assert api.get(f"{API}/vendors/openai/").json()["slug"] == "openai-inc"
    assert api.get(f"{API}/assistants/never-was/").status_code == 404


def test_a_slug_taken_back_stops_being_an_alias_and_renames_chain(client, catalog):
    rename(Assistant, "claude", "claude-ai")
    rename(Assistant, "claude-ai", "claude-2")
    assert client.get("/en/assistants/claude/")["Location"] == "/en/assistants/claude-2/"
    assert client.get("/en/assistants/claude-ai/")["Location"] == "/en/assistants/claude-2/"
    rename(Assistant, "claude-2", "claude")
    assert client.get("/en/assistants/claude/").status_code == 200
    assert not SlugAlias.objects.filter(old_slug="claude").exists()


def test_an_old_slug_keeps_the_switching_plan_and_alternatives_working(api, client):
    rename(Assistant, "chatgpt", "chatgpt-app")
    plan = api.get(f"{API}/assistants/chatgpt/switch/")
    assert plan.status_code == 200
    assert plan.json()["assistant"]["slug"] == "chatgpt-app"
    assert api.get(f"{API}/assistants/chatgpt/alternatives/").status_code == 200
    page = client.get("/en/switch/chatgpt/?weights=privacy:3")
    assert page.status_code == 301
    assert page["Location"] == "/en/switch/chatgpt-app/?weights=privacy:3"
