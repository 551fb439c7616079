"""The tags of the page being served, recorded for the page cache (see `dependencies`)."""

from wagtail import hooks

from core import ports

from . import dependencies

# What a page of each type shows beyond its own place in the tree and what lies below it.
SERVED_TYPE_TAGS = {
    "core.homepage": {"programme-count"},
    "programmes.programmeindexpage": {ports.FINDER_LISTS},  # the finder; its cards record their programmes
    "programmes.programmepage": {"programmes"},  # its subjects, degree type, language tests, partners
    "events.eventindexpage": {"events", "schools", "programme-titles"},  # every event, the filters
    "events.eventpage": {"programme-titles"},  # the programmes it presents
}


# Types that show what lies below them only through lookups recording tags of their own (the home page: its sections
# `menu`, schools `schools`, events `events:<path>`, programme count `programme-count`), so that a change deep in the
# tree, such as a programme's republish, leaves them alone.
LISTS_BELOW_BY_LOOKUPS = {"core.homepage"}


def served_page_tags(page):
    """The page and each of its ancestors (content, breadcrumbs, address), what lies below it, and its type's."""
    label = page._meta.label_lower
    tags = dependencies.path_tags(page.path) | SERVED_TYPE_TAGS.get(label, set())
    return tags if label in LISTS_BELOW_BY_LOOKUPS else tags | {f"below:{page.path}"}


@hooks.register("before_serve_page")
def record_served_page(page, request, serve_args, serve_kwargs):
    dependencies.collect_page(served_page_tags(page))
