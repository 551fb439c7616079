"""Services the domain apps ask for and the cross-cutting layers provide (ports and adapters).

The domain calls these functions and never imports a layer above it. A layer installs its implementation when its
app is ready (`provide`): caching keeps lookups until the content they read changes, search matches text with its
index. Without that layer each has a plain default: build every time; Wagtail's own search.
"""

_providers = {}


def provide(name, implementation):
    """Install `implementation` for the port `name` ("remember", "matching_ids" or "client_address")."""
    _providers[name] = implementation


def remember(key, build, tags=None):
    """`build()`, which the caching layer may keep and reuse for `key` until the content changes.

    `tags` name what the answer reads, so that only a change to one of them rebuilds it (none: any change does):
    `path:<tree path>` (a page and what is below it), `below:<tree path>`, `catalogue` (every programme), `events`,
    `schools`, `menu`, `programme-titles`, `settings`, `restrictions`, `routes` (which page a URL path names),
    `sites`, `announcements`. The caching layer records them for the page being rendered too.
    """
    implementation = _providers.get("remember")
    return build() if implementation is None else implementation(key, build, tags=tags)


def matching_ids(queryset, query):
    """The primary keys of the objects of `queryset` that match the visitor's `query`, best match first."""
    implementation = _providers.get("matching_ids")
    if implementation is None:
        return [item.pk for item in queryset.search(query)]
    return implementation(queryset, query)


def client_address(request):
    """The visitor's address for rate limits: installed by security (which knows the trusted proxies), else
    REMOTE_ADDR."""
    implementation = _providers.get("client_address")
    if implementation is None:
        return request.META.get("REMOTE_ADDR", "")
    return implementation(request)
