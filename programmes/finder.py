"""The programme finder: a text search plus facets with live counts, sorting and pagination, all from GET parameters.

How it works, in a fixed number of SQL queries whatever the number of programmes:

1. the catalogue: one compact row per live public programme of the site (`values()`), one query each for subject
   areas, teaching languages and intakes, and one for the schools (to place each programme in its school by tree
   path). Each facet value gets a bit mask of the rows that have it. The catalogue is kept in the process until the
   content changes (`core.ports.remember`), so most requests make none of these queries. After a programme's
   publish, unpublish, move or deletion only that programme's row is read again (five queries) and put in its slot
   of the masks and sort orders; a change to a school, the taxonomy or a restriction above programmes rebuilds it;
2. the text query, if any, as one search query giving the matching programme ids in relevance order;
3. filtering and facet counts as AND/OR/popcount over the bit masks, sorting by orders worked out in advance;
4. the result cards from the same rows: each row also holds what its card shows, so a result page needs no query.

Facets are disjunctive within a facet (Dutch or English) and conjunctive across facets (Dutch or English, and MSc).
Each option shows what choosing it leads to: with nothing chosen yet in its facet, the number of results it gives;
in a facet where something is already chosen, "+n" when choosing it adds n results; for a chosen option, how many of
the current results have it.
"""

from bisect import insort
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import islice
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.functional import lazy
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.l10n import credits_text
from core.languages import active_language
from core.ports import ANY_PAGE, depends_on, matching_ids, programme_tag, remember
from core.query import QueryField, highlight
from core.visibility import public, unexpired
from schools.models import SchoolPage

from .models import ApplicationDeadline, DegreeType, Intake, ProgrammePage, SubjectArea, TeachingLanguage
from .taxonomy import translations

PER_PAGE = 12
LISTED_IDS = 100  # read_rows: up to this many rows, the child rows are asked for by a list of ids
MAX_COMPARE = 4

DURATION_BANDS = [
    ("up-to-12", _("Up to 12 months"), 12),
    ("13-24", _("13 to 24 months"), 24),
    ("over-24", _("More than 24 months"), None),
]

SORT_CHOICES = [
    ("relevance", _("Best match")),
    ("name", _("Name (A to Z)")),
    ("deadline", _("Nearest open deadline")),
    ("duration", _("Shortest first")),
]
SORTS = dict(SORT_CHOICES)

OPEN = "yes"


@dataclass(frozen=True)
class Facet:
    key: str  # the GET parameter
    label: str


FACETS = [
    Facet("school", _("School")),
    Facet("degree", _("Degree")),
    Facet("level", _("Study level")),
    Facet("subject", _("Subject area")),
    Facet("mode", _("Study mode")),
    Facet("language", _("Teaching language")),
    Facet("duration", _("Duration")),
    Facet("ects", _("ECTS credits")),
    Facet("start", _("Start month")),
    Facet("open", _("Application deadline")),
]
FACET_KEYS = [facet.key for facet in FACETS]
# Option labels are kept in the catalogue for every visitor, so they stay lazy: each request shows them in its language.
credits_label = lazy(credits_text, str)
LANGUAGE_LABELS = dict(TeachingLanguage.LANGUAGES)


def duration_band(months):
    for value, _label, upper in DURATION_BANDS:
        if upper is None or months <= upper:
            return value
    return DURATION_BANDS[-1][0]


# --- Loading the compact rows ----------------------------------------------------------------------------------------


@dataclass(slots=True)
class Row:
    """What the finder needs to know about one programme to filter, count and sort it, and to show its card."""

    pk: int
    title: str
    path: str
    duration_months: int
    next_open_deadline: date | None
    values: tuple = ()  # per facet of FACET_KEYS, in that order: the frozenset of its option values
    url: str = ""
    school_title: str = ""
    degree_name: str = ""
    degree_abbreviation: str = ""
    ects_credits: int = 0
    study_mode: str = ""  # its label (lazy: shown in the request's language)
    languages: tuple = ()  # teaching language codes, in the editor's order
    starts: tuple = ()  # intake months (1-12), in the editor's order
    summary: str = ""
    deadlines: tuple = ()  # dates, soonest first

    @property
    def sort_title(self):
        return self.title.casefold()

    @property
    def language_names(self):
        return ", ".join(str(LANGUAGE_LABELS.get(code, code)) for code in self.languages)

    @property
    def start_months(self):
        return ", ".join(str(MONTHS.get(month, month)) for month in self.starts)

    def next_deadline(self, today):
        """The soonest deadline still open, or else the most recent one (closed), as `ProgrammePage.next_deadline`."""
        upcoming = [deadline for deadline in self.deadlines if deadline >= today]
        if upcoming:
            return upcoming[0]
        return self.deadlines[-1] if self.deadlines else None


# The orders results can be sorted in, as row sort keys (ties by name, then id).
ORDER_KEYS = {
    "name": lambda row: (row.sort_title, row.pk),
    "duration": lambda row: (row.duration_months, row.sort_title, row.pk),
    "deadline": lambda row: (
        row.next_open_deadline is None,
        row.next_open_deadline or date.min,
        row.sort_title,
        row.pk,
    ),
}


@dataclass
class Catalogue:
    """Every live public programme of a site as rows, the labels of the options found among them, and the schools.

    Each row has a slot, and slot i is bit i of every mask. A publish updates one row in its slot (`updated`); a
    removed row leaves its slot empty (None) for the next added one.
    """

    programmes: object  # the site's live programmes, for the text search (the rows decide what is shown)
    rows: list  # by slot; None for an empty slot
    labels: dict  # facet key → {option value: label}
    schools: list  # live public schools of the site, as (pk, title, path), shallowest first
    masks: dict = field(default_factory=dict)  # facet key → {option value: bit mask of the rows having it}
    position: dict = field(default_factory=dict)  # programme id → slot
    orders: dict = field(default_factory=dict)  # sort → slots in that order
    options: dict = field(default_factory=dict)  # facet key → [(value, label), ...] offered
    everything: int = 0  # the mask of every row
    free: list = field(default_factory=list)  # empty slots

    def mask_of(self, ids):
        """The mask of the rows of `ids` (others ignored), set byte by byte: OR-ing single bits into a 20,000-bit
        integer would copy it once per id."""
        position = self.position
        data = bytearray(len(self.rows) // 8 + 1)
        for pk in ids:
            slot = position.get(pk)
            if slot is not None:
                data[slot >> 3] |= 1 << (slot & 7)
        return int.from_bytes(data, "little")

    def by_name(self):
        """Every row, in name order."""
        return [self.rows[slot] for slot in self.orders["name"]]


def bit_string(mask, length):
    """'0'/'1' per slot of `mask`, slot 0 first."""
    return format(mask, f"0{length}b")[::-1]


def index_rows(catalogue):
    """Fill in the bit masks, the id → slot lookup and the sort orders (rows given in name order)."""
    rows = catalogue.rows
    masks = {key: {} for key in FACET_KEYS}
    for index, row in enumerate(rows):
        bit = 1 << index
        for key, values in zip(FACET_KEYS, row.values, strict=True):
            for value in values:
                masks[key][value] = masks[key].get(value, 0) | bit
    catalogue.masks = masks
    catalogue.position = {row.pk: index for index, row in enumerate(rows)}
    by_name = list(range(len(rows)))
    catalogue.orders = {
        sort: by_name if sort == "name" else sorted(by_name, key=lambda i, key=key: key(rows[i]))
        for sort, key in ORDER_KEYS.items()
    }
    catalogue.everything = (1 << len(rows)) - 1
    catalogue.options = ordered_options(catalogue)
    return catalogue


def school_rows(site_root, private):
    schools = SchoolPage.objects.live().filter(unexpired()).descendant_of(site_root).exclude(private)
    return list(schools.order_by("depth", "title").values_list("pk", "title", "path"))


def child_values(model, ids, field, order="sort_order"):
    """{page id: [values in the editor's order]} for a programme child model (languages, intakes) in one query."""
    found = {}
    for page_id, value in (
        model.objects.filter(page_id__in=ids).order_by("page_id", order).values_list("page_id", field)
    ):
        found.setdefault(page_id, []).append(value)
    return found


def subject_values(ids, language):
    """({page id: set of subject slugs}, {slug: name in `language`}): one query, and one for the names in a language
    other than the default."""
    through = ProgrammePage.subject_areas.through
    by_page, names = {}, {}
    rows = through.objects.filter(programmepage_id__in=ids).values_list(
        "programmepage_id", "subjectarea__slug", "subjectarea__name", "subjectarea__translation_key"
    )
    for page_id, slug, name, key in rows:
        by_page.setdefault(page_id, set()).add(slug)
        names[slug] = (key, name)
    translated = translations(SubjectArea, [key for key, _name in names.values()], language)
    return by_page, {slug: translated[key].name if key in translated else name for slug, (key, name) in names.items()}


def degree_names(raw_rows, language):
    """{degree slug: (name, abbreviation) in `language`} of the rows' degrees (one query outside the default)."""
    found = {
        raw.degree_type__slug: (
            raw.degree_type__translation_key,
            raw.degree_type__name,
            raw.degree_type__abbreviation,
        )
        for raw in raw_rows
        if raw.degree_type__slug
    }
    translated = translations(DegreeType, [key for key, _name, _abbreviation in found.values()], language)
    return {
        slug: (translated[key].name, translated[key].abbreviation) if key in translated else (name, abbreviation)
        for slug, (key, name, abbreviation) in found.items()
    }


ROW_FIELDS = (
    "pk",
    "title",
    "path",
    "url_path",
    "summary",
    "study_level",
    "study_mode",
    "ects_credits",
    "duration_months",
    "degree_type__slug",
    "degree_type__name",
    "degree_type__abbreviation",
    "degree_type__translation_key",
)


def read_rows(programmes, site_root, schools, today, language):
    """(rows, labels) of the programmes of `programmes`, with the taxonomy's labels in `language`: five queries
    whatever their number, two more outside the default language."""
    raw_rows = list(programmes.values_list(*ROW_FIELDS, named=True))
    # A few rows (a publish): their ids as a list, not the programmes' query again as a subquery of each of the four
    # queries below, which takes longer to compile and run than to answer.
    ids = [raw.pk for raw in raw_rows] if len(raw_rows) <= LISTED_IDS else programmes.values("pk")
    subjects, subject_names = subject_values(ids, language)
    degrees = degree_names(raw_rows, language)
    languages = child_values(TeachingLanguage, ids, "language")
    starts = child_values(Intake, ids, "start_month")
    deadlines = child_values(ApplicationDeadline, ids, "date", order="date")
    # The page URL as Wagtail's `pageurl` gives it within the site: the serve view's prefix plus the path below the root.
    url_prefix, root_path_length = reverse("wagtail_serve", args=("",)), len(site_root.url_path)
    mode_labels = dict(ProgrammePage.StudyMode.choices)

    labels = {key: {} for key in FACET_KEYS}
    labels["subject"] = subject_names
    rows = []
    # Most rows repeat the same facet sets and labels: each distinct one is kept once (some 45 MB fewer per worker at
    # 20,000 programmes, where a frozenset per facet per row made the catalogue most of a worker's memory).
    shared = {}

    def once(value):
        return shared.setdefault(value, value)

    for raw in raw_rows:
        pk = raw.pk
        degree = raw.degree_type__slug
        degree_name, degree_abbreviation = degrees.get(degree, ("", ""))
        if degree:
            labels["degree"][degree] = f"{degree_name} ({degree_abbreviation})"
        dates = tuple(deadlines.get(pk, ()))
        next_open = next((deadline for deadline in dates if deadline >= today), None)
        school = deepest_school(raw.path, schools)
        values = {
            "school": {str(school_pk) for school_pk, _title, path in schools if raw.path.startswith(path)},
            "degree": {degree} if degree else set(),
            "level": {raw.study_level},
            "subject": subjects.get(pk, set()),
            "mode": {raw.study_mode},
            "language": set(languages.get(pk, ())),
            "duration": {duration_band(raw.duration_months)},
            "ects": {str(raw.ects_credits)},
            "start": {str(month) for month in starts.get(pk, ())},
            "open": {OPEN} if next_open else set(),
        }
        rows.append(
            Row(
                pk=pk,
                title=raw.title,
                path=raw.path,
                duration_months=raw.duration_months,
                next_open_deadline=next_open,
                values=once(tuple(once(frozenset(values[key])) for key in FACET_KEYS)),
                url=url_prefix + raw.url_path[root_path_length:],
                school_title=school[1] if school else "",
                degree_name=once(degree_name),
                degree_abbreviation=once(degree_abbreviation),
                ects_credits=raw.ects_credits,
                study_mode=mode_labels.get(raw.study_mode, raw.study_mode),
                languages=once(tuple(languages.get(pk, ()))),
                starts=once(tuple(starts.get(pk, ()))),
                summary=raw.summary,
                deadlines=dates,
            )
        )
    return rows, labels


def site_programmes(site_root):
    return ProgrammePage.objects.live().descendant_of(site_root)


def load_catalogue(site_root, today, language):
    private = ProgrammePage.objects.all().private_q()  # one query; reused for the programmes and the schools
    schools = school_rows(site_root, private)
    programmes = site_programmes(site_root).filter(unexpired()).exclude(private)
    rows, labels = read_rows(programmes, site_root, schools, today, language)
    rows.sort(key=ORDER_KEYS["name"])
    return index_rows(Catalogue(programmes=site_programmes(site_root), rows=rows, labels=labels, schools=schools))


def filtered_facts(programme):
    """What the finder filters, counts and sorts `programme` by (its card aside), from the object as it is in memory:
    its child rows as set there, which modelcluster saves after the page's own row."""
    return (
        programme.title,
        programme.path,
        programme.live,
        programme.expire_at,
        programme.study_level,
        programme.study_mode,
        programme.ects_credits,
        programme.duration_months,
        programme.degree_type_id,
        frozenset(subject.pk for subject in programme.subject_areas.all()),
        frozenset(language.language for language in programme.teaching_languages.all()),
        frozenset(intake.start_month for intake in programme.intakes.all()),
        frozenset(deadline.date for deadline in programme.deadlines.all()),
    )


# --- Updating a few rows after a publish -------------------------------------------------------------------------------


def updated(catalogue, site_root, today, language, ids):
    """A new catalogue with the rows of the programmes `ids` read again (changed, added or gone), the other rows and
    the schools shared with `catalogue`, which stays as it was for the requests still using it."""
    programmes = public(site_programmes(site_root)).filter(pk__in=ids)
    rows, labels = read_rows(programmes, site_root, catalogue.schools, today, language)
    new = replace(
        catalogue,
        rows=list(catalogue.rows),
        labels={key: dict(values) for key, values in catalogue.labels.items()},
        masks={key: dict(values) for key, values in catalogue.masks.items()},
        position=dict(catalogue.position),
        orders={sort: list(order) for sort, order in catalogue.orders.items()},
        free=list(catalogue.free),
    )
    for pk in ids:
        remove_row(new, pk)
    for row in rows:
        add_row(new, row)
    for key, found in labels.items():
        new.labels[key].update(found)
    new.options = ordered_options(new)
    return new


def remove_row(catalogue, pk):
    slot = catalogue.position.pop(pk, None)
    if slot is None:
        return
    row, catalogue.rows[slot] = catalogue.rows[slot], None
    keep = ~(1 << slot)
    for key, values in zip(FACET_KEYS, row.values, strict=True):
        masks = catalogue.masks[key]
        for value in values:
            masks[value] &= keep
            if not masks[value]:
                del masks[value]
    catalogue.everything &= keep
    for order in catalogue.orders.values():
        order.remove(slot)
    catalogue.free.append(slot)


def add_row(catalogue, row):
    if catalogue.free:
        slot = catalogue.free.pop()
    else:
        slot = len(catalogue.rows)
        catalogue.rows.append(None)
    catalogue.rows[slot] = row
    catalogue.position[row.pk] = slot
    bit = 1 << slot
    for key, values in zip(FACET_KEYS, row.values, strict=True):
        masks = catalogue.masks[key]
        for value in values:
            masks[value] = masks.get(value, 0) | bit
    catalogue.everything |= bit
    rows = catalogue.rows
    for sort, key in ORDER_KEYS.items():
        insort(catalogue.orders[sort], slot, key=lambda index, key=key: key(rows[index]))


def site_catalogue(site_root, today):
    """The catalogue of the site on `today`, one per language (its labels are in that language): rebuilt when a
    school, taxonomy or restriction changes; after a publish, unpublish, move or deletion of programmes only their
    rows are read again."""
    language = active_language()
    return remember(
        ("finder-catalogue", site_root.pk, today, language),
        lambda: load_catalogue(site_root, today, language),
        tags=["catalogue", "restrictions"],
        rows=("programme", lambda catalogue, ids: updated(catalogue, site_root, today, language, ids)),
    )


# --- The options each facet offers -----------------------------------------------------------------------------------


def ordered_options(catalogue):
    """{facet key: [(value, label), ...]}: only values some programme has, in a natural order per facet."""
    labels = catalogue.labels
    present = {key: set(catalogue.masks[key]) for key in FACET_KEYS}

    def from_choices(key, choices):
        return [(str(value), label) for value, label in choices if str(value) in present[key]]

    by_label = {key: sorted(labels[key].items(), key=lambda item: item[1].casefold()) for key in ("degree", "subject")}
    school_titles = sorted(
        ((str(pk), title) for pk, title, _path in catalogue.schools if str(pk) in present["school"]),
        key=lambda item: item[1].casefold(),
    )
    return {
        "school": school_titles,
        "degree": [(value, label) for value, label in by_label["degree"] if value in present["degree"]],
        "level": from_choices("level", ProgrammePage.StudyLevel.choices),
        "subject": [(value, label) for value, label in by_label["subject"] if value in present["subject"]],
        "mode": from_choices("mode", ProgrammePage.StudyMode.choices),
        "language": from_choices("language", TeachingLanguage.LANGUAGES),
        "duration": from_choices("duration", [(value, label) for value, label, _upper in DURATION_BANDS]),
        "ects": [(value, credits_label(int(value))) for value in sorted(present["ects"], key=int)],
        "start": from_choices("start", MONTHS.items()),
        "open": [(OPEN, pgettext_lazy("finder option", "Deadline still open"))] if OPEN in present["open"] else [],
    }


# --- The form ----------------------------------------------------------------------------------------------------------


class LenientMultipleChoiceField(forms.MultipleChoiceField):
    """Keeps the values it knows and drops the others, so a stale or mistyped link still shows useful results."""

    def clean(self, value):
        values = self.to_python(value)
        return [value for value in dict.fromkeys(values) if self.valid_value(value)]


class FinderForm(forms.Form):
    q = QueryField(label=_("Search programmes"))
    sort = forms.CharField(required=False)

    def __init__(self, data, *, options):
        super().__init__(data)
        for facet in FACETS:
            self.fields[facet.key] = LenientMultipleChoiceField(
                label=facet.label, required=False, choices=options[facet.key]
            )

    def clean_sort(self):
        sort = self.cleaned_data.get("sort", "")
        return sort if sort in SORTS else ""

    def ignored_values(self):
        """Facet values in the query string that match nothing the finder offers (shown as a gentle notice)."""
        ignored = []
        for facet in FACETS:
            known = {str(value) for value, _label in self.fields[facet.key].choices}
            ignored += [value for value in self.data.getlist(facet.key) if value not in known]
        return ignored


def parse_ids(values, limit=50):
    """Programme ids from `ids=12,34` or `ids=12&ids=34`: (ids in order without repeats, count of unusable tokens)."""
    ids, unusable = [], 0
    tokens = [token for value in values for token in value.replace(",", " ").split()]
    for token in tokens[:limit]:
        if token.isdecimal() and token.isascii() and len(token) <= 18:
            ids.append(int(token))
        else:
            unusable += 1
    return list(dict.fromkeys(ids)), unusable + max(0, len(tokens) - limit)


# --- Results -------------------------------------------------------------------------------------------------------


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    additive: bool  # the count is what choosing the option adds to the current results ("+n")


@dataclass
class FacetGroup:
    key: str
    label: str
    options: list

    @property
    def selected(self):
        return [option for option in self.options if option.selected]


@dataclass
class ActiveFilter:
    facet: str
    label: str
    remove_url: str


@dataclass
class ResultCard:
    row: Row  # the programme's facts, from the catalogue
    title_html: str  # the title with the search words marked
    next_deadline: date | None
    deadline_open: bool
    compare: bool


def count_facets(catalogue, selected, text_mask):
    """(result mask, {facet: {value: (in_results, adds)}}) with a handful of AND/OR/popcounts per value.

    Facets are OR within and AND across. `in_results`: current results having the value. `adds`: rows that fail
    only this facet and have the value — choosing the value brings exactly those in.
    """
    chosen = {}
    for key in FACET_KEYS:
        mask = catalogue.everything
        if selected[key]:
            mask = 0
            for value in selected[key]:
                mask |= catalogue.masks[key].get(value, 0)
        chosen[key] = mask
    results = text_mask
    for mask in chosen.values():
        results &= mask
    counts = {}
    for key in FACET_KEYS:
        passing_others = text_mask
        for other, mask in chosen.items():
            if other != key:
                passing_others &= mask
        brought_in = passing_others & ~results
        counts[key] = {
            value: ((mask & results).bit_count(), (mask & brought_in).bit_count())
            for value, mask in catalogue.masks[key].items()
        }
    return results, counts


class SortedResults:
    """The result rows in order, read only as far as they are used: a page of results asks for the count (a popcount)
    and one slice, so page 1 of 20,000 matches reads a few dozen slots rather than every one."""

    def __init__(self, catalogue, results, slots):
        self.rows = catalogue.rows
        self.bits = bit_string(results, len(catalogue.rows))
        self.slots = slots  # () → the slots in order (None for an id the catalogue does not hold)
        self.count = results.bit_count()

    def __len__(self):
        return self.count

    def __iter__(self):
        rows, bits = self.rows, self.bits
        return (rows[slot] for slot in self.slots() if slot is not None and bits[slot] == "1")

    def __getitem__(self, index):
        if isinstance(index, slice):
            return list(islice(self, *index.indices(self.count)))
        if not 0 <= index < self.count:
            raise IndexError(index)
        return next(islice(self, index, None))


def sort_results(catalogue, results, sort, text_ids):
    """The result rows in the chosen order (best match first for a text query sorted by relevance: `text_ids`)."""
    if sort == "relevance" and text_ids is not None:
        return SortedResults(catalogue, results, lambda: map(catalogue.position.get, text_ids))
    order = catalogue.orders.get(sort, catalogue.orders["name"])
    return SortedResults(catalogue, results, lambda: order)


def deepest_school(path, schools):
    inside = [school for school in schools if path.startswith(school[2])]
    return max(inside, key=lambda school: len(school[2])) if inside else None


class Finder:
    """Everything the finder page shows for one request's GET parameters."""

    def __init__(self, params, site_root, today=None, per_page=PER_PAGE):
        self.params = params
        self.today = today or timezone.localdate()
        self.catalogue = site_catalogue(site_root, self.today)
        self.options = self.catalogue.options
        self.form = FinderForm(params, options=self.options)
        self.form.is_valid()
        data = self.form.cleaned_data
        self.query = data.get("q", "")
        self.selected = {key: data.get(key, []) for key in FACET_KEYS}
        self.sort = data.get("sort") or ("relevance" if self.query else "name")
        self.text_ids = self.search_ids() if self.query else None
        text_mask = self.catalogue.everything if self.text_ids is None else self.catalogue.mask_of(self.text_ids)
        results, self.counts = count_facets(self.catalogue, self.selected, text_mask)
        self.results = sort_results(self.catalogue, results, self.sort, self.text_ids)
        self.page_obj = Paginator(self.results, per_page).get_page(params.get("page"))
        requested_ids, _unusable = parse_ids(params.getlist("ids"))
        rows, position = self.catalogue.rows, self.catalogue.position
        self.compare_rows = [rows[position[pk]] for pk in requested_ids if pk in position][:MAX_COMPARE]
        self.cards = self.build_cards()
        # The page shows what the catalogue lists and counts (its type's `finder-lists`), and these programmes' cards;
        # a text query matches any of their content.
        depends_on([programme_tag(row.pk) for row in [*self.page_obj.object_list, *self.compare_rows]])
        if self.query:
            depends_on([ANY_PAGE])

    def search_ids(self):
        """The ids of the programmes matching the text query, best first; the catalogue's rows decide which of them
        this site shows, so the search need not check them against the database."""
        return matching_ids(self.catalogue.programmes.order_by(), self.query, checked=False)

    # -- what the template shows

    @property
    def total(self):
        return len(self.results)

    @property
    def has_errors(self):
        return bool(self.form.errors)

    @property
    def is_filtering(self):
        return bool(self.query) or any(self.selected.values())

    @property
    def filter_count(self):
        """How many filter values are chosen, for the "Filters (n)" disclosure."""
        return sum(len(values) for values in self.selected.values())

    @property
    def ignored(self):
        return self.form.ignored_values()

    @property
    def sort_choices(self):
        choices = SORT_CHOICES if self.query else SORT_CHOICES[1:]
        return [(value, label, value == self.sort) for value, label in choices]

    @property
    def facets(self):
        groups = []
        for facet in FACETS:
            chosen = set(self.selected[facet.key])
            options = []
            for value, label in self.options[facet.key]:
                in_results, adds = self.counts[facet.key].get(value, (0, 0))
                additive = bool(chosen) and value not in chosen
                count = adds if additive else in_results
                options.append(FacetOption(value, label, count, value in chosen, additive))
            if options:
                groups.append(FacetGroup(facet.key, facet.label, options))
        return groups

    def state_params(self):
        """The current search as (name, value) pairs, in a stable order: the basis of every link the page makes."""
        params = [("q", self.query)] if self.query else []
        for key in FACET_KEYS:
            params += [(key, value) for value in self.selected[key]]
        if self.form.cleaned_data.get("sort"):
            params.append(("sort", self.sort))
        params += [("ids", str(row.pk)) for row in self.compare_rows]
        return params

    def url_without(self, pair):
        return "?" + urlencode([item for item in self.state_params() if item != pair])

    @property
    def active_filters(self):
        active = []
        if self.query:
            active.append(ActiveFilter(gettext("Search"), f"“{self.query}”", self.url_without(("q", self.query))))
        labels = {facet.key: facet.label for facet in FACETS}
        for key in FACET_KEYS:
            option_labels = dict(self.options[key])
            for value in self.selected[key]:
                active.append(
                    ActiveFilter(labels[key], option_labels.get(value, value), self.url_without((key, value)))
                )
        return active

    @property
    def clear_url(self):
        """The finder with no search and no filters (the compare selection is kept)."""
        return "?" + urlencode([("ids", str(row.pk)) for row in self.compare_rows]) if self.compare_rows else "?"

    @property
    def query_only_url(self):
        return "?" + urlencode([("q", self.query)])

    def build_cards(self):
        compare_ids = {row.pk for row in self.compare_rows}
        cards = []
        for row in self.page_obj.object_list:
            deadline = row.next_deadline(self.today)
            cards.append(
                ResultCard(
                    row=row,
                    title_html=highlight(row.title, self.query),
                    next_deadline=deadline,
                    deadline_open=deadline is not None and deadline >= self.today,
                    compare=row.pk in compare_ids,
                )
            )
        return cards

    @property
    def compare_elsewhere(self):
        """Programmes chosen for comparison that are not on this result page (kept as hidden inputs)."""
        shown = {card.row.pk for card in self.cards}
        return [row for row in self.compare_rows if row.pk not in shown]
