"""Services the domain apps ask for and the cross-cutting layers provide (ports and adapters).

The domain calls these functions and never imports a layer above it. A layer installs its implementation when its
app is ready (`provide`): caching keeps lookups until the content they read changes, search matches text with its
index. Without that layer each has a plain default: build every time; Wagtail's own search.
"""

_providers = {}


def provide(name, implementation):
    """Install `implementation` for the port `name` ("remember", "depends_on", "matching_ids" or "client_address")."""
    _providers[name] = implementation


def remember(key, build, tags=None, rows=None):
    """`build()`, which the caching layer may keep and reuse for `key` until the content changes.

    `tags` name what the answer reads, so that only a change to one of them rebuilds it (none: any change does):
    `path:<tree path>` (a page and what is below it), `below:<tree path>`, `catalogue` (every programme), `events`,
    `schools`, `menu`, `programme-titles`, `programme-count` (which programmes are live and public), `settings`,
    `restrictions`, `routes` (which page a URL path names), `sites`, `announcements`, `page-rows` (any page's own
    row). The caching layer records them for the page being rendered too.

    `rows=(family, update)`: the answer is made of rows, one per object of `family` ("programme": a programme page;
    "page": any page).
    When the only changes since it was built were to a few such objects, the caching layer calls
    `update(answer, ids)` for a new answer with those objects' rows read again (it must not change the old answer,
    which other requests may be using), instead of `build()`; `update` may return None to have it rebuilt.
    """
    implementation = _providers.get("remember")
    if implementation is None:
        return build()
    return implementation(key, build, tags=tags, rows=rows)


def depends_on(tags):
    """Record that the output being rendered depends on `tags`: for what is worked out per request from a lookup kept
    under a wider tag (a school's next event, from every event)."""
    implementation = _providers.get("depends_on")
    if implementation is not None:
        implementation(tags)


# Tags of events, finer than `events` (any event): a page showing some events depends only on those.
EVENT_SUBTREES = "event-subtrees"  # a page with events below it moved, left or joined the site, gated or not


def events_tag(path):
    """The events at or below the page at tree path `path` (a school's, or the whole site's for its root)."""
    return f"events:{path}"


def presenting_tag(programme_id):
    """The events that present a programme."""
    return f"presenting:{programme_id}"


# What the finder filters, counts and sorts by: which programmes are live and public, and each one's facet values,
# title, duration and deadlines. A change to a programme's other content changes only its card (`programme_tag`).
FINDER_LISTS = "finder-lists"
ANY_PAGE = "pages"  # any page's content: what a text search matches


def programme_tag(programme_id):
    """One programme's own content, as its card shows it."""
    return f"programme:{programme_id}"


def matching_ids(queryset, query, checked=True):
    """The primary keys of the objects of `queryset` that match the visitor's `query`, best match first.

    `checked=False`: the caller keeps to what it may show itself (the finder's catalogue), so ids of objects of the
    model outside `queryset` may be among them; this spares a query over every match.
    """
    implementation = _providers.get("matching_ids")
    if implementation is None:
        return [item.pk for item in queryset.search(query)]
    return implementation(queryset, query, checked)


def client_address(request):
    """The visitor's address for rate limits: installed by security (which knows the trusted proxies), else
    REMOTE_ADDR."""
    implementation = _providers.get("client_address")
    if implementation is None:
        return request.META.get("REMOTE_ADDR", "")
    return implementation(request)
