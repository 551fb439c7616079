"""Property-based tests of the .ics feeds and the event filters beyond "no 500" (test_listing_fuzz.py): whatever a
calendar client or a crawler adds (query strings, odd conditional or range headers, HEAD), a feed is the same valid
calendar of public events, and no combination of filters ever lists a draft or a private event."""

from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from .tree import NEVER_PUBLIC, UPCOMING_PUBLIC

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
REQUESTS = {"count": 0}

junk = st.text(max_size=40)
header_values = junk.filter(lambda value: "\n" not in value and "\r" not in value) | st.sampled_from(
    ["", "*", "0", "-1", "bytes=0-10", "bytes=-5,10-", "Thu, 01 Jan 1970 00:00:00 GMT", "Mon, 99 Foo 2024", '"x"', "W/"]
)
conditional_headers = st.dictionaries(
    st.sampled_from(
        [
            "HTTP_IF_MODIFIED_SINCE",
            "HTTP_IF_NONE_MATCH",
            "HTTP_RANGE",
            "HTTP_IF_RANGE",
            "HTTP_ACCEPT",
            "HTTP_ACCEPT_ENCODING",
        ]
    ),
    header_values,
    max_size=4,
)
query_params = st.lists(st.tuples(junk, junk), max_size=5)


@pytest.fixture(scope="module", autouse=True)
def report_request_count():
    yield
    print(f"\nfeed and filter fuzz: {REQUESTS['count']} requests")


def fetch(client, url, method="get", **headers):
    REQUESTS["count"] += 1
    return getattr(client, method)(url, **headers)


def feed_urls(tree):
    return {
        "site": "/en/events/feed.ics",
        "school": f"/en/events/schools/{tree.law.pk}/feed.ics",
        "event": f"/en/events/ics/{tree.event['law_open_day'].pk}.ics",
    }


def summaries(response):
    calendar = Calendar.from_ical(response.content)
    return sorted(str(event["SUMMARY"]) for event in calendar.walk("VEVENT"))


@FUZZ
@given(params=query_params, headers=conditional_headers, which=st.sampled_from(["site", "school", "event"]))
def test_a_feed_is_the_same_valid_calendar_whatever_is_added_to_the_request(client, tree, params, headers, which):
    url = feed_urls(tree)[which]
    expected = summaries(fetch(client, url))

    response = fetch(client, f"{url}?{urlencode(params)}", **headers)

    assert response.status_code in (200, 304)
    if response.status_code == 200:
        assert response["Content-Type"].startswith("text/calendar")
        assert summaries(response) == expected
        assert not {tree.event[name].title for name in NEVER_PUBLIC} & set(expected)


@FUZZ
@given(params=query_params, which=st.sampled_from(["site", "school", "event"]))
def test_head_of_a_feed_answers_like_get_without_a_body(client, tree, params, which):
    url = f"{feed_urls(tree)[which]}?{urlencode(params)}"
    response = fetch(client, url, method="head")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response.content == b""


def filter_value(tree, data, name):
    real = {
        "school": [str(tree.law.pk), str(tree.medicine.pk), str(tree.event["private"].pk)],
        "mode": ["online", "on_campus", "hybrid"],
        "programme": [str(tree.social_security.pk), str(tree.hidden_programme.pk), str(tree.biomedical.pk)],
    }[name]
    return data.draw(st.sampled_from(real) | junk | st.integers(-(2**70), 2**70).map(str))


@FUZZ
@given(
    names=st.lists(st.sampled_from(["school", "mode", "programme", "page"]), max_size=6),
    raw_suffix=st.text(max_size=20),
    data=st.data(),
)
def test_no_filter_combination_lists_a_draft_or_private_event(client, tree, names, raw_suffix, data):
    params = [(name, filter_value(tree, data, name) if name != "page" else data.draw(junk)) for name in names]
    url = f"{tree.events.url}?{urlencode(params)}&{quote(raw_suffix, safe='=&')}"
    response = fetch(client, url)
    assert response.status_code in (200, 400, 404)
    html = response.content.decode()
    for name in NEVER_PUBLIC:
        assert tree.event[name].title not in html
    if response.status_code == 200 and not names:
        for name in UPCOMING_PUBLIC:
            assert tree.event[name].title in html


@pytest.mark.parametrize("school", ["law", "medicine"])
def test_a_school_feed_never_carries_a_private_or_draft_event(client, tree, school):
    """The draft sits in the Faculty of Law, the private briefing in Medicine: neither school's feed has them."""
    titles = summaries(fetch(client, f"/en/events/schools/{getattr(tree, school).pk}/feed.ics"))
    assert titles
    assert not {tree.event[name].title for name in NEVER_PUBLIC} & set(titles)
