"""Two languages: prefixed URLs, `/` by the visitor's language, one tree per language, the switcher and hreflang."""

import pytest
from django.test import Client


def alternates(visit):
    return {link["hreflang"]: link["href"] for link in visit.head.find_all("link", rel="alternate", hreflang=True)}


@pytest.mark.django_db
def test_smoke(bilingual_tree, visit):
    tree = bilingual_tree
    print(tree.home.url, tree.programme.url, tree.en.programme.url)
    response = Client().get(tree.programme.url)
    print(response.status_code)
    print(response.content.decode()[:3000])
