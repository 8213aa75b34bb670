"""Pages with a widget announce their oEmbed version, and the announced address answers."""
import html
import re

import pytest

DISCOVERY = re.compile(r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"')


@pytest.mark.parametrize(
    "path", ["/assistants/chatgpt/", "/fr/assistants/chatgpt/", "/compare/?assistants=chatgpt,claude", "/campaigns/quitgpt/"]
)
def test_pages_link_to_a_working_oembed(client, catalog, path):
    page = client.get(path)
    found = DISCOVERY.findall(page.content.decode())
    assert len(found) == 1, found
    oembed = client.get(html.unescape(found[0]).replace("http://testserver", ""))
    assert oembed.status_code == 200
    assert oembed.json()["type"] == "rich"


def test_pages_without_a_widget_announce_none(client, catalog):
    assert not DISCOVERY.search(client.get("/methodology/").content.decode())
