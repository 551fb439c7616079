"""What the search index holds for each kind of public page, and keeping it in step with publishing.

The engine (`search.engine`) knows nothing of pages; this module maps a page to a document: its language, and its
text by weight (title, keywords such as subjects, degree, location and school, summary, body). The index holds every
live page; who may see a result is decided at query time by the caller's queryset (view restrictions, the site).
"""

import logging

from django.utils.html import strip_tags
from wagtail.models import Page, get_page_models

from events.models import EventPage
from programmes.models import ProgrammePage
from programmes.taxonomy import in_language
from schools.models import SchoolPage

from . import engine

logger = logging.getLogger(__name__)

KINDS = {ProgrammePage: "programme", SchoolPage: "school", EventPage: "event"}
DEFAULT_KIND = "page"
REINDEX_BATCH = 1000


def kind_of(model):
    return next((kind for cls, kind in KINDS.items() if issubclass(model, cls)), DEFAULT_KIND)


def language_of(page):
    code = (page.locale.language_code if page.locale_id else "en").split("-")[0]
    return code if code in engine.LANGUAGES else "en"


def plain(value):
    return " ".join(strip_tags(str(value or "")).split())


def programme_keywords(page, language):
    """Subjects and degree as the page's readers see them (in its language), location and school."""
    words = [subject.name for subject in in_language(page.subject_areas.all(), language)]
    for degree in in_language([page.degree_type] if page.degree_type_id else [], language):
        words += [degree.name, degree.abbreviation]
    words.append(page.location)
    school = page.school()
    if school is not None:
        words.append(school.title)
    return words


def body_fields(page):
    names = ("description", "curriculum", "career_opportunities", "about", "body", "intro")
    return " ".join(plain(getattr(page, name)) for name in names if hasattr(page, name))


def document_for(page):
    """The search document of a live page (specific type)."""
    language = language_of(page)
    keywords = programme_keywords(page, language) if isinstance(page, ProgrammePage) else []
    if isinstance(page, EventPage) and (school := page.school()) is not None:
        keywords.append(school.title)
    fields = {
        "title": page.title,
        "keywords": " ".join(word for word in keywords if word),
        "summary": getattr(page, "summary", "") or page.search_description,
        "body": body_fields(page),
    }
    return engine.Document(kind_of(type(page)), page.pk, language, fields)


def update_page(page):
    """Index `page` if it is live, take it out of the index otherwise."""
    page = page.specific
    if page.live:
        engine.index_documents([document_for(page)])
    else:
        engine.remove_document(kind_of(type(page)), page.pk)


def update_subtree(page):
    """A page and every page below it: a school's name is a keyword of its programmes and events."""
    for each in Page.objects.descendant_of(page, inclusive=True).specific():
        update_page(each)


def live_pages_to_index():
    """Every live page, per type, with what its document reads loaded in bulk (programmes: subjects and degree)."""
    for model in get_page_models():
        if model is Page or model._meta.abstract:
            continue
        pages = model.objects.live().exact_type(model).select_related("locale").order_by("path")
        if issubclass(model, ProgrammePage):
            pages = pages.select_related("degree_type").prefetch_related("subject_areas")
        yield from pages.iterator(chunk_size=REINDEX_BATCH)


def reindex(progress=None):
    """Rebuild the whole index from the live pages, in batches; `progress(done, total)` after each batch."""
    total = Page.objects.live().filter(depth__gt=1).count()
    for kind in {*KINDS.values(), DEFAULT_KIND}:
        engine.remove_kind(kind)
    batch, done = [], 0
    for page in live_pages_to_index():
        batch.append(document_for(page))
        if len(batch) >= REINDEX_BATCH:
            done += flush(batch, progress, done, total)
    done += flush(batch, progress, done, total)
    engine.refresh_statistics()
    return done


def flush(batch, progress, done, total):
    count = len(batch)
    if count:
        engine.index_documents(batch)
        batch.clear()
        if progress is not None:
            progress(done + count, total)
    return count
