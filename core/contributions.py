"""What other apps add to a page's template context, without the page's own app importing them.

The home page lists schools, programmes and events; a school page lists its programmes and events. Those apps sit
above the core and the schools app, so they register a `page_context` hook (Wagtail's hooks) in their
`wagtail_hooks.py`, and `BasePage.get_context` calls every one: `hook(page, request, context)`.
"""

from wagtail import hooks

PAGE_CONTEXT_HOOK = "page_context"


def add_contributions(page, request, context):
    for contribute in hooks.get_hooks(PAGE_CONTEXT_HOOK):
        contribute(page, request, context)
    return context
