"""The events listing as a visitor sees it: upcoming first, past apart, filters in the query string."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.filters import PROGRAMME_CHOICES
from events.models import EventIndexPage, EventPage
from programmes.models import ProgrammePage

from .tree import NEVER_PUBLIC, UPCOMING_PUBLIC, Mode, Status, add, make_event, make_programme

PER_PAGE = EventIndexPage.UPCOMING_PER_PAGE


def section(html, section_id):
    """The HTML of the <section id=...> element (sections are not nested in the listing)."""
    match = re.search(rf'<section[^>]*id="{section_id}"[^>]*>(.*?)</section>', html, re.DOTALL)
    assert match, f"no section {section_id}"
    return match.group(1)


def titles_in(html, tree):
    """The titles of the tree's events in `html`, in the order they appear."""
    positions = {page.title: html.find(unescape_title(page.title)) for page in tree.event.values()}
    return [title for title, position in sorted(positions.items(), key=lambda item: item[1]) if position >= 0]


def unescape_title(title):
    return title.replace("'", "&#x27;")


def listing(client, tree, query=""):
    response = client.get(tree.events.url + query)
    return response, response.content.decode()


def test_upcoming_events_first_in_date_order_and_past_ones_apart(client, tree):
    response, html = listing(client, tree)
    assert response.status_code == 200

    upcoming = section(html, "upcoming-events")
    past = section(html, "past-events")
    assert titles_in(upcoming, tree) == [tree.event[key].title for key in UPCOMING_PUBLIC]
    assert titles_in(past, tree) == ["Last month's info session", "Last spring's open day"]
    assert html.index('id="upcoming-events"') < html.index('id="past-events"')


def test_listing_never_shows_drafts_or_private_events(client, tree):
    _, html = listing(client, tree)
    for key in NEVER_PUBLIC:
        assert tree.event[key].title not in html


def test_cancelled_and_postponed_events_say_so(client, tree):
    upcoming = section(listing(client, tree)[1], "upcoming-events")
    card = upcoming[upcoming.index("Cancelled lab tour") :]
    assert "Cancelled" in card[: card.find("</article>")].replace("Cancelled lab tour", "")
    card = upcoming[upcoming.index("Postponed moot court") :]
    assert "Postponed" in card[: card.find("</article>")].replace("Postponed moot court", "")


def test_each_event_offers_an_add_to_calendar_download(client, tree):
    _, html = listing(client, tree)
    for key in UPCOMING_PUBLIC:
        assert f'href="/en/events/ics/{tree.event[key].pk}.ics"' in html
    assert html.count("Add to calendar") >= len(UPCOMING_PUBLIC)


def test_filter_by_school(client, tree):
    response, html = listing(client, tree, f"?school={tree.medicine.pk}")
    assert response.status_code == 200
    assert titles_in(section(html, "upcoming-events"), tree) == ["Cancelled lab tour", "Biomedical hybrid day"]
    assert titles_in(section(html, "past-events"), tree) == ["Last spring's open day"]


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("online", ["Social security webinar", "Biomedical hybrid day"]),
        (
            "on_campus",
            [
                "Law open day",
                "Cancelled lab tour",
                "Postponed moot court",
                "Biomedical hybrid day",
                "University open day",
            ],
        ),
        ("hybrid", ["Biomedical hybrid day"]),
    ],
)
def test_filter_by_way_of_attending(client, tree, mode, expected):
    response, html = listing(client, tree, f"?mode={mode}")
    assert response.status_code == 200
    assert titles_in(section(html, "upcoming-events"), tree) == expected


def test_an_event_moved_online_counts_as_online(client, tree):
    make_event(tree.law, "Moved online fair", 4, status=Status.MOVED_ONLINE, online_url="https://stream.example.org/")
    assert "Moved online fair" in section(listing(client, tree, "?mode=online")[1], "upcoming-events")
    assert "Moved online fair" not in section(listing(client, tree, "?mode=on_campus")[1], "upcoming-events")


def test_filter_by_programme(client, tree):
    response, html = listing(client, tree, f"?programme={tree.social_security.pk}")
    assert response.status_code == 200
    assert titles_in(section(html, "upcoming-events"), tree) == ["Social security webinar", "Law open day"]


def test_filters_combine(client, tree):
    query = f"?school={tree.law.pk}&mode=online&programme={tree.social_security.pk}"
    assert titles_in(section(listing(client, tree, query)[1], "upcoming-events"), tree) == ["Social security webinar"]
    repeated = section(
        listing(client, tree, f"?school={tree.medicine.pk}&mode=on_campus&mode=online")[1], "upcoming-events"
    )
    assert titles_in(repeated, tree) == ["Biomedical hybrid day"]  # the last value of a repeated parameter counts


def test_no_match_says_so(client, tree):
    response, html = listing(client, tree, f"?school={tree.law.pk}&mode=hybrid")
    assert response.status_code == 200
    assert titles_in(section(html, "upcoming-events"), tree) == []
    assert "No upcoming events match" in html


def test_filter_form_works_without_javascript(client, tree):
    _, html = listing(client, tree, f"?school={tree.law.pk}")
    # The filter form (the header's search form comes first on every page).
    form = re.search(r'<form(?:(?!</form>).)*name="mode".*?</form>', html, re.DOTALL).group(0)
    assert re.search(r'method="get"', form, re.IGNORECASE)
    for name in ("school", "mode", "programme"):
        assert f'name="{name}"' in form
    assert re.search(r'<button[^>]*type="submit"', form)
    assert f'<option value="{tree.law.pk}" selected>Faculty of Law</option>' in form
    # Only programmes some live event presents are offered; never an unpublished one.
    assert "Master of European Social Security" in form
    assert "Master of Biomedical Sciences" not in form
    assert "Unannounced" not in form


@pytest.mark.parametrize("query", ["?school=abc", "?mode=teleport", "?programme=99999999", "?school=1e3"])
def test_unknown_filter_values_get_a_400_with_the_form_error(client, tree, query):
    response, html = listing(client, tree, query)
    assert response.status_code == 400
    assert "Select a valid choice" in html
    assert section(html, "upcoming-events")  # the page itself still works


def test_pagination_keeps_the_filters(client, tree):
    for number in range(PER_PAGE + 1):
        make_event(tree.law, f"Lecture {number:02}", 40 + number, mode=Mode.ONLINE, revision=False)
    _, first = listing(client, tree, "?mode=online")
    assert "Lecture 00" in first and f"Lecture {PER_PAGE:02}" not in first
    assert 'href="?mode=online&amp;page=2"' in first
    _, second = listing(client, tree, "?mode=online&page=2")
    assert f"Lecture {PER_PAGE:02}" in second
    assert listing(client, tree, "?page=999")[0].status_code == 200
    assert listing(client, tree, "?page=abc")[0].status_code == 200


def test_calendar_feed_is_advertised_on_the_events_pages(client, tree):
    for page in (tree.events, tree.event["law_open_day"]):
        html = client.get(page.url).content.decode()
        assert '<link rel="alternate" type="text/calendar" href="http://testserver/en/events/feed.ics"' in html
    school_feed = (
        f'<link rel="alternate" type="text/calendar" href="http://testserver/en/events/schools/{tree.law.pk}/feed.ics"'
    )
    assert school_feed in client.get(tree.law.url).content.decode()
    assert school_feed in client.get(tree.event["law_open_day"].url).content.decode()


def test_event_page_offers_add_to_calendar(client, tree):
    page = tree.event["law_open_day"]
    html = client.get(page.url).content.decode()
    assert f'href="/en/events/ics/{page.pk}.ics"' in html


def query_count(client, url):
    client.get(url)  # warm the site root paths cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


LISTING_QUERIES = 2  # the upcoming events and the past ones; their count is kept (events.selectors.upcoming_summary)


def test_listing_runs_a_fixed_number_of_queries_with_10_or_200_events(client, tree):
    url = f"{tree.events.url}?mode=on_campus"
    assert EventPage.objects.count() == 10
    few = query_count(client, url), query_count(client, tree.events.url)
    for number in range(190):
        make_event(tree.law, f"Tour {number}", 40 + number % 60, programmes=[tree.social_security], revision=False)
    many = query_count(client, url), query_count(client, tree.events.url)
    assert few == many == (LISTING_QUERIES, LISTING_QUERIES)


def programme_choices(html):
    select = re.search(r'<select[^>]*name="programme"[^>]*>(.*?)</select>', html, re.DOTALL).group(1)
    return re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select)


def test_the_programme_filter_offers_what_events_present_and_keeps_the_choice(client, tree):
    choices = programme_choices(listing(client, tree, f"?programme={tree.social_security.pk}")[1])
    assert choices[0] == ("", "", "All programmes")
    chosen = [(value, label) for value, selected, label in choices if selected]
    assert chosen == [(str(tree.social_security.pk), tree.social_security.title)]
    labels = [label for _value, _selected, label in choices]
    assert tree.hidden_programme.title not in labels  # never a programme the public cannot see


def test_a_programme_an_event_starts_presenting_is_offered_at_once(client, tree):
    before = [label for _value, _selected, label in programme_choices(listing(client, tree)[1])]
    assert "Nursing &amp; Care" not in before
    nursing = make_programme(tree.medicine, "Nursing & Care", tree.social_security.degree_type)
    make_event(tree.medicine, "Nursing evening", 9, programmes=[nursing])
    after = [label for _value, _selected, label in programme_choices(listing(client, tree)[1])]
    assert "Nursing &amp; Care" in after


def add_presented_programmes(tree, first, last):
    """Programmes `first`..`last - 1` of the Law school, each presented by an upcoming event of its own."""
    degree = tree.social_security.degree_type
    for number in range(first, last):
        programme = ProgrammePage(
            title=f"Master of Listed Studies {number:03}", slug=f"listed-{number}", degree_type=degree,
            ects_credits=60, duration_months=12, summary="A master.",
        )  # fmt: skip
        add(tree.law, programme, revision=False)
        make_event(tree.law, f"Listed day {number:03}", 20 + number % 60, programmes=[programme], revision=False)


def listing_size_and_queries(client, tree):
    url = tree.events.url
    queries = query_count(client, url)
    _, html = listing(client, tree)
    return queries, len(programme_choices(html)), len(html.encode())


def test_the_programme_filter_and_the_page_stay_bounded_with_10_or_200_programmes(client, tree):
    add_presented_programmes(tree, 0, 10)
    small = listing_size_and_queries(client, tree)
    add_presented_programmes(tree, 10, 200)
    large = listing_size_and_queries(client, tree)

    assert small[0] == large[0] == LISTING_QUERIES
    assert large[1] == 1 + PROGRAMME_CHOICES, "'All programmes' and the programmes of the soonest events"
    # 20 event cards, the programme filter's options, pagination: the same page whatever the catalogue holds.
    assert large[2] < small[2] + PROGRAMME_CHOICES * 100
    assert large[2] < 60_000


def test_a_programme_left_out_of_the_filter_can_still_be_chosen_by_link(client, tree):
    add_presented_programmes(tree, 0, PROGRAMME_CHOICES + 5)
    offered = {value for value, _selected, _label in programme_choices(listing(client, tree)[1])}
    latest = ProgrammePage.objects.get(slug=f"listed-{PROGRAMME_CHOICES + 4}")
    assert str(latest.pk) not in offered, "its event is the furthest away"

    response, html = listing(client, tree, f"?programme={latest.pk}")
    assert response.status_code == 200
    chosen = [(value, label) for value, selected, label in programme_choices(html) if selected]
    assert chosen == [(str(latest.pk), latest.title)]
    assert titles_in(section(html, "upcoming-events"), tree) == []  # the tree's own events present other programmes
    assert f"Listed day {PROGRAMME_CHOICES + 4:03}" in section(html, "upcoming-events")
    assert listing(client, tree, f"?programme={tree.hidden_programme.pk}")[0].status_code == 400


def test_the_page_count_follows_the_clock_when_an_upcoming_event_ends(client, tree, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    soonest = min(EventPage.objects.live().filter(end__gte=timezone.now()), key=lambda event: event.end)
    for number in range(PER_PAGE + 1 - len(UPCOMING_PUBLIC)):
        make_event(tree.law, f"Campus tour {number}", 30 + number, revision=False)
    assert "Page 1 of 2" in listing(client, tree)[1]  # one upcoming event more than a page holds

    later = soonest.end + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)  # nothing published: only the clock moved past its end
    assert "Page 1 of 2" not in listing(client, tree)[1]
