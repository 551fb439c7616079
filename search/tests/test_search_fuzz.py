"""Whatever a visitor or a crawler sends to /search/: 200 or 400, never 500 (and never a write to the database)."""

from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from programmes.tests.finder_tree import build_finder_tree

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
ALLOWED = {200, 400}

anything = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
very_long = st.text(st.characters(exclude_categories=["Cs"]), min_size=190, max_size=3000)
tricky = st.sampled_from(
    ["", " ", "\x00", "law\x00", "%00", "biomedicl", "law & order", "<mark>", "</script>", "' OR 1=1 --", "\\", "%",
     "_", "*", ":*", "!", "&|", "a:b", "(", ")", "’", "ß", "🎓", "ǅ", "\u200b", "\ufeff", "ﬁ", "İ", "a" * 200]
)  # fmt: skip
keys = st.sampled_from(["q", "q[]", "page", "type", "sort"]) | anything
values = anything | tricky | very_long | st.integers(min_value=-(10**40), max_value=10**40).map(str)


@pytest.fixture
def tree(db):
    return build_finder_tree()


def get(client, url):
    response = client.get(url)
    assert response.status_code in ALLOWED, f"{response.status_code} for {url[:300]}"
    return response


@FUZZ
@given(params=st.lists(st.tuples(keys, values), max_size=8), repeats=st.integers(min_value=0, max_value=200))
def test_search_query_string_never_errors(client, tree, params, repeats):
    params = params + [("q", "law")] * repeats  # repeated parameters: the last q wins
    get(client, f"/en/search/?{urlencode(params)}")


@FUZZ
@given(q=anything | tricky | very_long)
def test_any_search_text_never_errors(client, tree, q):
    response = get(client, f"/en/search/?{urlencode({'q': q})}")
    if response.status_code == 400:
        assert "Your search is too long" in response.content.decode()


@FUZZ
@given(raw=st.text(st.characters(exclude_categories=["Cs"]), max_size=80))
def test_search_raw_query_string_never_errors(client, tree, raw):
    """Broken percent escapes, encoded NULs, invalid UTF-8 (%ff), bare keys, as they come."""
    get(client, f"/en/search/?{quote(raw, safe='=&;+%[]')}")


def test_junk_around_a_real_search_still_finds_it(client, tree):
    response = get(client, "/en/search/?q=%ff&page=-1&q=biomedicl%00&type=%00")
    assert response.status_code == 200
    assert "Master of Biomedical Sciences" in response.content.decode()
