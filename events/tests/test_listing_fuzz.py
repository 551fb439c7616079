"""Whatever a visitor (or a crawler) puts in the listing's query string or the feed URLs: 200, 400 or 404, never 500."""

from urllib.parse import quote, urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FUZZ = settings(max_examples=75, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
ALLOWED = {200, 400, 404}

anything = st.text(max_size=30)
numbers = st.integers(min_value=-(10**30), max_value=10**30).map(str)
keys = st.sampled_from(["school", "mode", "programme", "page", "q", "school[]"]) | anything
values = anything | numbers | st.sampled_from(["online", "on_campus", "hybrid", "", "0", "1", "-1", "NaN", "\x00"])


def page_ids(tree):
    return [str(page.pk) for page in [tree.law, tree.medicine, tree.social_security, *tree.event.values()]]


@FUZZ
@given(params=st.lists(st.tuples(keys, values), max_size=6), use_real_ids=st.booleans(), data=st.data())
def test_listing_query_string_never_errors(client, tree, params, use_real_ids, data):
    if use_real_ids:
        params.append((data.draw(st.sampled_from(["school", "programme"])), data.draw(st.sampled_from(page_ids(tree)))))
    response = client.get(f"{tree.events.url}?{urlencode(params)}")
    assert response.status_code in ALLOWED


@FUZZ
@given(raw=st.text(max_size=60))
def test_listing_raw_query_string_never_errors(client, tree, raw):
    response = client.get(f"{tree.events.url}?{quote(raw, safe='=&;+%')}")
    assert response.status_code in ALLOWED


@FUZZ
@given(number=st.integers(min_value=0, max_value=10**30) | st.sampled_from([0, 1, 2**31 - 1, 2**31, 2**63]))
def test_feed_urls_never_error(client, tree, number):
    for url in (f"/en/events/schools/{number}/feed.ics", f"/en/events/ics/{number}.ics"):
        assert client.get(url).status_code in ALLOWED


@FUZZ
@given(segment=st.text(min_size=1, max_size=40))
def test_other_paths_under_events_never_error(client, tree, segment):
    for url in (f"/en/events/{quote(segment, safe='')}.ics", f"/en/events/schools/{quote(segment, safe='')}/feed.ics"):
        assert client.get(url).status_code in ALLOWED


def test_real_ids_of_feeds_and_downloads_answer(client, tree):
    assert client.get(f"/en/events/schools/{tree.law.pk}/feed.ics").status_code == 200
    assert client.get(f"/en/events/ics/{tree.event['law_open_day'].pk}.ics").status_code == 200
