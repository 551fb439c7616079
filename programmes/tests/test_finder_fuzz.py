"""Whatever a visitor, a stale bookmark or a crawler puts in the finder's query string: 200 or 400, never 500."""

from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from programmes.finder import FACET_KEYS

from .finder_tree import build_finder_tree

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
ALLOWED = {200, 400}
REQUESTS = {"count": 0}  # how many requests the property tests made, for the record

# Any text: unicode from every plane, control characters and NUL bytes included (but no lone surrogates, which a
# browser cannot send and urlencode cannot encode).
anything = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
very_long = st.text(st.characters(exclude_categories=["Cs"]), min_size=190, max_size=3000)
numbers = st.integers(min_value=-(10**40), max_value=10**40).map(str)
tricky = st.sampled_from(
    ["", " ", "0", "-1", "1e9", "NaN", "inf", "\x00", "a\x00b", "%00", "yes", "no", "on_campus", "msc", "nl", "13-24",
     "relevance", "deadline", "duration", "name", "last", "’", "ß", "🎓", "<script>", "' OR 1=1 --", "\\", "%", "_"]
)  # fmt: skip
keys = st.sampled_from([*FACET_KEYS, "q", "sort", "page", "ids", "q[]", "page[]"]) | anything
values = anything | numbers | tricky | very_long


@pytest.fixture
def tree(db):
    return build_finder_tree()


def real_values(tree):
    """Values the finder really offers, so that fuzzed links also combine real facets."""
    return (
        [("school", str(tree.law.pk)), ("school", str(tree.medicine.pk)), ("open", "yes"), ("ects", "120")]
        + [("degree", slug) for slug in tree.degrees]
        + [("subject", slug) for slug in tree.subjects]
        + [("ids", str(page.pk)) for page in [*tree.programmes.values(), *tree.hidden.values()]]
    )


def get(client, url):
    REQUESTS["count"] += 1
    response = client.get(url)
    assert response.status_code in ALLOWED, f"{response.status_code} for {url[:300]}"
    return response


@FUZZ
@given(
    params=st.lists(st.tuples(keys, values), max_size=8),
    repeat=st.tuples(keys, values, st.integers(min_value=1, max_value=300)) | st.none(),
    real=st.lists(st.integers(min_value=0, max_value=100), max_size=4),
)
def test_finder_query_string_never_errors(client, tree, params, repeat, real):
    offered = real_values(tree)
    params = params + [offered[index % len(offered)] for index in real]
    if repeat:
        key, value, times = repeat
        params += [(key, value)] * times
    get(client, f"{tree.finder.url}?{urlencode(params)}")


@FUZZ
@given(raw=st.text(st.characters(exclude_categories=["Cs"]), max_size=80))
def test_finder_raw_query_string_never_errors(client, tree, raw):
    """Bytes as they come: broken percent escapes (%zz, %), encoded NULs and invalid UTF-8 (%ff), bare keys."""
    get(client, f"{tree.finder.url}?{quote(raw, safe='=&;+%[]')}")


@FUZZ
@given(page=numbers | anything | tricky, sort=anything | tricky, q=anything | tricky)
def test_finder_page_numbers_and_sorts_never_error(client, tree, page, sort, q):
    get(client, f"{tree.finder.url}?{urlencode({'q': q, 'sort': sort, 'page': page, 'language': 'en'})}")


def test_junk_beside_a_real_search_still_finds_it(client, tree):
    response = get(client, f"{tree.finder.url}?q=bio%00medicl&page=999&sort=%ff&degree=%ff&ids=x&ids=%00")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Master of Biomedical Sciences" in html
    assert "Some filters in this link are no longer offered and were left out." in html


def test_a_nul_byte_in_the_sort_order_is_refused_with_a_message(client, tree):
    response = get(client, f"{tree.finder.url}?q=biomedicl&sort=%00")
    assert response.status_code == 400
    assert "Null characters are not allowed." in response.content.decode()
    print(f"\nfinder fuzz requests in this run: {REQUESTS['count']}")  # shown with -s
