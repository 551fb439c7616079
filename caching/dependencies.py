"""What a cached page or kept lookup depends on (its tags), and which tags have changed since it was built.

A tag is a short string naming something output can depend on:

- `path:<tree path>`: a page and everything below it. A page depends on the `path:` tag of itself and of each of its
  ancestors (its breadcrumbs, its URL); a change to a page bumps its own, so a school's rename reaches its programmes.
- `below:<tree path>`: what lies below a page (a school's programmes and events, an index's children). A change to a
  page bumps the `below:` tag of each of its ancestors.
- `catalogue` (every programme: the finder), `events`, `schools`, `menu` (the home page's children),
  `programme-titles` (the programmes events present), `settings`, `restrictions`, `routes` (which page a URL path
  names), `sites`, `announcements` and `announcements:site`, `pages` (any page: sitemap, search, feeds).
- `content`: everything; every entry depends on it (Redis lost contact, an image or a site changed). `any`: bumped
  by every change, what a lookup kept without tags depends on.
- `events:<tree path>`: the events at or below a page (a school's; the site's at its root); `presenting:<programme
  id>`: the events that present a programme; `event-subtrees`: a page with events below it moved, left or joined the
  site. A page lists events through the kept list of every event (`events`, not recorded for pages) and records only
  these, so an event of one school re-renders neither another school's pages nor its programmes.
- `translations:<translation key>`: the live translations of a page and their addresses (its language switcher and
  hreflang links); bumped when one of them goes live, goes offline or moves, not by an edit of its content.
  `translations` (any of them) is what the kept map of every translation group depends on.
- `programme:<page id>` (a row tag): the change touched that programme's row only. A kept lookup made of such rows
  (the finder's catalogue) is updated by reading those rows again when every change since it was built named its
  rows (`Tracker.changed_rows`), instead of being rebuilt. `page:<page id>` with `page-rows`: the same for any page (the
  pages routing keeps by URL path).
- `programme-count`: which programmes are live and public (the home page's count); a republish leaves it alone.

Every change is appended to a change log with a sequence number (`page_cache.store().record(tags)`). Each process
reads the current sequence number once per request and, when it moved, the new log entries, and notes for each tag
the last sequence number that changed it (`Tracker`). An entry built at sequence number `seq` is fresh while none of
its tags changed after `seq`. A process that falls behind the capped log forgets everything it knew (`horizon`).
"""

import contextvars
import threading

from django.conf import settings
from wagtail.models import Page

from core import ports

EVERYTHING = "content"
ANY_CHANGE = "any"  # bumped by every change: what a lookup without tags depends on
ANY_PAGE = ports.ANY_PAGE
SITE_ANNOUNCEMENTS = "announcements:site"
# Site-wide indexes kept as one lookup (the whole catalogue, every event, every view restriction, the page at each
# URL path and those pages):
# a page reading them does not depend on every change to them. What a page takes from them is covered by its own
# tags (its path, what lies below it, its type), so these are not recorded for the page being rendered.
INDEX_TAGS = frozenset(
    {"catalogue", "restrictions", "routes", "page-rows", "sites", "announcements", "events", "translations"}
)
MAX_TRACKED_TAGS = 50_000  # beyond this a process forgets what it knew and starts afresh (bounded memory)
ROW_FAMILIES = frozenset({"programme", "page"})  # row tags: `programme:<page id>`, `page:<page id>`


# Site-wide aggregates that exist once per language: a change in the Dutch tree names `catalogue@nl`, and the English
# finder, which recorded `catalogue@en`, stays cached. A change naming the bare tag (a taxonomy snippet, every
# language) reaches every language; a change naming one language reaches what recorded the bare tag too (the kept
# lookups, and responses that are in no language: the sitemap).
PER_LANGUAGE_TAGS = frozenset(
    {
        "catalogue",
        "events",
        "schools",
        "programme-titles",
        "programmes",
        "menu",
        ANY_PAGE,
        ports.FINDER_LISTS,
        "programme-count",
    }
)


def in_language(tag, language):
    """`tag` as recorded or changed in one language's tree (other tags are returned as they are)."""
    return f"{tag}@{language}" if language and tag in PER_LANGUAGE_TAGS else tag


def expanded(tags):
    """The tags a change of `tags` affects: per-language tags reach their bare tag, bare ones every language."""
    result = set(tags)
    for tag in tags:
        base, at, _language = tag.partition("@")
        if at and base in PER_LANGUAGE_TAGS:
            result.add(base)
        elif tag in PER_LANGUAGE_TAGS:
            result.update(in_language(tag, code) for code, _name in settings.LANGUAGES)
    return result


def row_tag(family, pk):
    return f"{family}:{pk}"


def row_of(tag):
    """(family, id) of a row tag, or None for any other tag."""
    family, _, pk = tag.partition(":")
    return (family, int(pk)) if family in ROW_FAMILIES and pk.isdecimal() else None


def path_prefixes(path):
    """The tree paths of a page and all its ancestors, from its own path (no query)."""
    step = Page.steplen
    return [path[:end] for end in range(step, len(path) + 1, step)]


def path_tags(path):
    return {f"path:{prefix}" for prefix in path_prefixes(path)}


def below_tags(path):
    """The `below:` tags a change to the page at `path` bumps: those of its ancestors."""
    return {f"below:{prefix}" for prefix in path_prefixes(path)[:-1]}


# --- Tags of the request being rendered ------------------------------------------------------------------------

_collected = contextvars.ContextVar("cache_tags", default=None)


class Collected(set):
    """The tags a response depends on, and whether it is a page of the tree (which records its own).

    `language`: the language of the URL being rendered; the site-wide aggregates it reads are those of that language
    (`PER_LANGUAGE_TAGS`), None for a response in no language (the sitemap, the API).
    """

    page_served = False
    language = None

    def add_tags(self, tags):
        self.update(in_language(tag, self.language) for tag in tags)


def start_collecting(language=None):
    """Collect the tags of what the current request reads; returns the token for `stop_collecting`."""
    collected = Collected()
    collected.language = language
    return _collected.set(collected)


def stop_collecting(token):
    tags = _collected.get()
    _collected.reset(token)
    return tags


def collect(tags):
    """Record that the output being rendered depends on `tags` (nothing happens outside a collecting request)."""
    collected = _collected.get()
    if collected is not None:
        collected.add_tags(tag for tag in tags if tag not in INDEX_TAGS)


def collect_page(tags):
    """Record the tags of the page being served (see `caching.wagtail_hooks`)."""
    collected = _collected.get()
    if collected is not None:
        collected.add_tags(tags)
        collected.page_served = True


# --- What changed since ----------------------------------------------------------------------------------------


class Tracker:
    """This process's knowledge of the change log: the last sequence number that changed each tag."""

    def __init__(self):
        self.lock = threading.Lock()
        self.reset(None)

    def reset(self, sequence):
        """Forget every change: whatever was built before `sequence` counts as stale."""
        self.known = sequence
        self.horizon = sequence if sequence is not None else 0
        self.changed_at = {}
        # Per row family: the last sequence number that changed each row, and that changed each tag without naming
        # rows of that family (what a change of rows cannot patch).
        self.rows_changed_at = {family: {} for family in ROW_FAMILIES}
        self.whole_changed_at = {family: {} for family in ROW_FAMILIES}

    def catch_up(self, sequence, read_changes):
        """Move to `sequence`, reading the changes since the last one known with `read_changes(after, upto)`.

        `read_changes` returns [(seq, tags), ...] or None when the log no longer reaches back that far.
        """
        if sequence == self.known:
            return
        with self.lock:
            if sequence == self.known:
                return
            if self.known is None or sequence < self.known:
                changes = read_changes(None, sequence)  # first contact (or Redis was emptied): the whole log
                self.reset(sequence)
                if changes:
                    self.horizon = changes[0][0] - 1
                    self.apply(changes)
                return
            changes = read_changes(self.known, sequence)
            if changes is None or len(self.changed_at) > MAX_TRACKED_TAGS:
                self.reset(sequence)  # fell behind the capped log: everything built so far is stale
                return
            self.apply(changes)
            self.known = sequence

    def apply(self, changes):
        for seq, tags in changes:
            tags = expanded(tags)
            rows = [row for row in map(row_of, tags) if row is not None]
            for family, pk in rows:
                self.rows_changed_at[family][pk] = max(seq, self.rows_changed_at[family].get(pk, 0))
            whole = [self.whole_changed_at[family] for family in ROW_FAMILIES - {family for family, _pk in rows}]
            for tag in (*tags, ANY_CHANGE):
                self.changed_at[tag] = max(seq, self.changed_at.get(tag, 0))
                for changed_at in whole:
                    changed_at[tag] = max(seq, changed_at.get(tag, 0))

    def is_fresh(self, built_at, tags):
        """Whether something built at sequence number `built_at` from `tags` is still current."""
        if built_at is None or built_at < self.horizon:
            return False
        changed_at = self.changed_at
        if changed_at.get(EVERYTHING, 0) > built_at:
            return False
        return all(changed_at.get(tag, 0) <= built_at for tag in tags)

    def changed_rows(self, built_at, tags, family, limit):
        """The ids of the `family` rows changed since `built_at`, when every change to `tags` since then named the
        rows it touched and there are at most `limit` of them; None when something else changed (rebuild)."""
        if built_at is None or built_at < self.horizon or self.changed_at.get(EVERYTHING, 0) > built_at:
            return None
        whole = self.whole_changed_at[family]
        if any(whole.get(tag, 0) > built_at for tag in tags):
            return None
        ids = [pk for pk, seq in self.rows_changed_at[family].items() if seq > built_at]
        return ids if len(ids) <= limit else None


tracker = Tracker()
