"""The tags of the page being served, recorded for the page cache (see `dependencies`)."""

from wagtail import hooks

from . import dependencies

# What a page of each type shows beyond its own place in the tree and what lies below it.
SERVED_TYPE_TAGS = {
    "core.homepage": {"catalogue"},  # the programme count
    "programmes.programmeindexpage": {"catalogue"},  # the finder
    "programmes.programmepage": {"programmes"},  # its subjects, degree type, language tests, partners
    "events.eventindexpage": {"events", "schools", "programme-titles"},  # every event, the filters
    "events.eventpage": {"programme-titles"},  # the programmes it presents
}


def served_page_tags(page):
    """The page and each of its ancestors (content, breadcrumbs, address), what lies below it, and its type's."""
    tags = dependencies.path_tags(page.path) | {f"below:{page.path}"}
    return tags | SERVED_TYPE_TAGS.get(page._meta.label_lower, set())


@hooks.register("before_serve_page")
def record_served_page(page, request, serve_args, serve_kwargs):
    dependencies.collect_page(served_page_tags(page))
