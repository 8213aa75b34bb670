"""The change feeds (Atom): every published change, and those about one assistant, titled in
words, linked to the record's page, with their sources; linked from the pages."""
import re
import xml.etree.ElementTree as ET

from catalog.models import Assessment, PoliticalTie, Status, Vendor
from web.feeds import FEED_SIZE

ATOM = "{http://www.w3.org/2005/Atom}"
REQUIRED = ("id", "title", "updated")  # RFC 4287, 4.1.1 and 4.1.2; entries also need a link


def parse(response):
    assert response.status_code == 200, response.content[:300]
    assert response.headers["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    for name in REQUIRED:
        assert root.find(f"{ATOM}{name}") is not None, name
    entries = root.findall(f"{ATOM}entry")
    for entry in entries:
        assert entry.find(f"{ATOM}id").text and entry.find(f"{ATOM}title").text
        assert entry.find(f"{ATOM}updated") is not None or entry.find(f"{ATOM}published") is not None
        assert entry.find(f"{ATOM}link").attrib["href"]
    return root, entries


def change_an_assessment():
    assessment = (
        Assessment.objects.filter(status=Status.PUBLISHED, assistant__slug="claude", criterion__category="privacy")
        .select_related("criterion", "assistant")
        .first()
    )
    assessment.verdict = "Changed for the change feed test."
    assessment.save()
    return assessment


def test_the_catalog_feed_is_valid_atom_newest_change_first_titled_in_words(client, catalog):
    assessment = change_an_assessment()
    root, entries = parse(client.get("/changes/feed.atom"))
    assert len(entries) == FEED_SIZE
    ids = [entry.find(f"{ATOM}id").text for entry in entries]
    assert len(set(ids)) == len(ids)
    newest = entries[0]
    assert newest.find(f"{ATOM}title").text == (
        f"Claude: privacy assessment “{assessment.criterion.name}” changed"
    )
    assert newest.find(f"{ATOM}link").attrib["href"].endswith("/assistants/claude/")
    summary = newest.find(f"{ATOM}summary").text
    assert summary.startswith("Sources: ") and assessment.sources.first().title in summary
    assert not client.get("/changes/feed.atom").cookies


def test_an_assistant_feed_holds_its_vendor_changes_and_not_another_vendors(client, catalog):
    change_an_assessment()
    tie = PoliticalTie.objects.filter(status=Status.PUBLISHED, vendor__slug="openai").first()
    tie.summary = "Changed for the change feed test."
    tie.save()
    _, claude = parse(client.get("/assistants/claude/changes.atom"))
    titles = [entry.find(f"{ATOM}title").text for entry in claude]
    assert titles[0].startswith("Claude: privacy assessment")
    assert not [title for title in titles if title.startswith("OpenAI: political tie")]
    _, chatgpt = parse(client.get("/assistants/chatgpt/changes.atom"))
    assert chatgpt[0].find(f"{ATOM}title").text == "OpenAI: political tie changed"
    assert client.get("/assistants/no-such-assistant/changes.atom").status_code == 404


def test_a_retraction_says_so_and_a_draft_never_shows(client, catalog):
    tie = PoliticalTie.objects.filter(status=Status.PUBLISHED, vendor__slug="openai").first()
    tie.status = Status.RETRACTED
    tie.save()
    PoliticalTie.objects.create(
        key="feed-atom-draft", vendor=Vendor.objects.get(slug="openai"), recipient="Draft",
        kind="donation", summary="A draft.", confidence="reported",
    )
    _, entries = parse(client.get("/changes/feed.atom"))
    assert entries[0].find(f"{ATOM}title").text == "OpenAI: political tie retracted"
    assert entries[0].find(f"{ATOM}summary").text == "This record left the catalog."
    assert "feed-atom-draft" not in client.get("/changes/feed.atom").content.decode()


def test_titles_speak_the_language_of_the_prefix(client, catalog):
    change_an_assessment()
    root, entries = parse(client.get("/fr/changes/feed.atom"))
    assert root.find(f"{ATOM}title").text == "Candor : modifications du catalogue"
    assert re.fullmatch(r"Claude : évaluation confidentialité « .+ » — modification", entries[0].find(f"{ATOM}title").text)
    for language, title in (("ar", "Candor: تغييرات الفهرس"), ("uk", "Candor: зміни в каталозі")):
        assert parse(client.get(f"/{language}/changes/feed.atom"))[0].find(f"{ATOM}title").text == title


def test_pages_link_the_feeds_for_feed_readers_and_people(client, catalog):
    home = client.get("/en/").content.decode()
    assert re.search(r'<link rel="alternate" type="application/atom\+xml" title="Changes to the catalog \(Atom\)" href="/en/changes/feed.atom">', home)
    assert '<a href="/en/changes/feed.atom">Changes feed (Atom)</a>' in home
    page = client.get("/en/assistants/claude/").content.decode()
    assert 'href="/en/assistants/claude/changes.atom"' in page
    assert "Follow its changes (Atom)" in page
    assert 'title="Changes about Claude (Atom)"' in page
