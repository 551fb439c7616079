import pytest

from .tree import build_tree


@pytest.fixture
def tree(db):
    return build_tree()
