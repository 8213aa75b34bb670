"""What a reader sees of the evidence method on today's catalog: who is ranked, who is not and
the one sentence that says why; properties, not a hard-coded list of assistants."""
import re

from catalog.models import Assistant

EVERYONE = None  # filled from the data by `compared`


def compared(client, weights=""):
    # At most ten can be compared: the three the method is about, then the others by slug.
    named = ["alpine", "confer", "lumo"]
    others = Assistant.objects.exclude(slug__in=named).order_by("slug").values_list("slug", flat=True)
    slugs = named + list(others[: 10 - len(named)])
    query = f"/compare/?assistants={','.join(slugs)}" + (f"&weights={weights}" if weights else "")
    response = client.get(query)
    assert response.status_code == 200
    return response.content.decode(), slugs


def section(html, marker, end):
    start = html.index(marker)
    return html[start: html.index(end, start)]


def test_the_ranked_all_have_enough_evidence_and_come_first(client, catalog):
    html, slugs = compared(client)
    ranked = re.findall(r'data-assistant="([a-z0-9-]+)"', section(html, 'class="ranking-list"', "</ol>"))
    unranked = re.findall(r'data-assistant="([a-z0-9-]+)"', section(html, 'class="unranked-list"', "</ul>"))
    assert sorted(ranked + unranked) == sorted(slugs)
    enough = dict(Assistant.objects.values_list("slug", "enough_overall"))
    assert all(enough[slug] for slug in ranked)
    assert not any(enough[slug] for slug in unranked)
    assert html.index('class="ranking-list"') < html.index('class="unranked-list"')
    assert "Not ranked yet: not enough evidence" in html


def test_confer_and_lumo_are_not_first_and_say_why(client, catalog):
    html, _ = compared(client)
    ranked = re.findall(r'data-assistant="([a-z0-9-]+)"', section(html, 'class="ranking-list"', "</ol>"))
    assert ranked and ranked[0] not in {"confer", "lumo"}
    unranked = section(html, 'class="unranked-list"', "</ul>")
    for slug in ("confer", "lumo", "alpine"):
        if not Assistant.objects.get(slug=slug).enough_overall:
            name = Assistant.objects.get(slug=slug).name
            assert f"{name} is not ranked: less than 50% of its criteria are answered in" in unranked


def test_alpine_is_unranked_with_its_full_band(client, catalog):
    alpine = Assistant.objects.get(slug="alpine")
    assert alpine.band_high_overall == 100 and alpine.coverage_overall == 0
    html, _ = compared(client)
    row = section(html, 'data-assistant="alpine"', "</li>")
    assert f"{alpine.band_low_overall:.0f}–100" in row
    assert f"anywhere from {alpine.band_low_overall:.0f} to 100" in row


def test_a_better_documented_assistant_with_a_lower_mean_can_rank_above_a_higher_mean(client, catalog):
    """The mean of what is known no longer decides: whoever ranks first has enough evidence,
    and anyone whose mean is higher but is unranked lacks it."""
    html, slugs = compared(client)
    ranked = re.findall(r'data-assistant="([a-z0-9-]+)"', section(html, 'class="ranking-list"', "</ol>"))
    rows = {a.slug: a for a in Assistant.objects.filter(slug__in=slugs)}
    first = rows[ranked[0]]
    higher_means = [a for a in rows.values() if (a.score_overall or 0) > (first.score_overall or 0)]
    assert higher_means, "today's catalog has a higher mean resting on less evidence"
    assert all(not a.enough_overall or a.slug in ranked for a in higher_means)


def test_open_questions_link_to_the_corrections_form_prefilled(client, catalog):
    html, _ = compared(client)
    questions = section(html, 'id="questions-title"', "</section>")
    links = re.findall(r'href="(/corrections/new/\?assistant=[a-z0-9-]+[^"]*)"', questions)
    assert links
    assert "could rank" in questions
    response = client.get(links[0].replace("&amp;", "&"))
    assert response.status_code == 200


def test_the_first_choice_share_is_said_in_a_sentence(client, catalog):
    html, _ = compared(client)
    assert re.search(r"is first under \d+% of weightings", html)


def test_bars_are_drawn_with_their_band_as_a_range(client, catalog):
    html, _ = compared(client)
    assert html.count('class="chart-band"') >= 1
    assert "Not enough evidence" in section(html, 'id="categories-chart-title"', "</svg>")


def test_best_in_class_is_marked_on_known_answers_only(client, catalog):
    html, _ = compared(client)
    for cell in re.findall(r'<td class="best-in-class">(.*?)</td>', html, re.S):
        assert "score-pill" in cell and "Unknown" not in cell


def test_the_methodology_page_has_the_worked_example(client, catalog):
    html = client.get("/methodology/").content.decode()
    assert 'id="worked-example"' in html
    assert "(3 × 100 + 2 × 40 + 1 × 0) / 6 = 63" in html
    assert "at least 50%" in html
