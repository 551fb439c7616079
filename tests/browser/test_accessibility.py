"""Accessibility of every public page type in a real browser: axe-core finds no WCAG 2.0/2.1/2.2 A or AA violation at
desktop and mobile widths (1280, 390 and 320 px), and at mobile widths nothing scrolls sideways and every target is at least 24×24 px."""

import json

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import ARTIFACTS, DESKTOP, MOBILE, NARROW, OPEN_DAY_SLUG

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
AXE = Axe()
VIEWPORTS = {"desktop": DESKTOP, "mobile": MOBILE, "narrow": NARROW}
MIN_TARGET = 24  # CSS px, WCAG 2.2 success criterion 2.5.8 Target Size (Minimum)

# The tests only read the demo that `shared_demo_site` loads once for the module; the marker makes pytest-django set
# up the test database (each test is wrapped in a transaction it never uses).
pytestmark = pytest.mark.django_db

# Page type → (path, or a function of the demo's pages giving it; the HTTP status expected).
PAGE_TYPES = {
    "home": ("/en/", 200),
    "school-index": ("/en/schools/", 200),
    "school": ("/en/schools/ku-leuven/", 200),
    "finder": ("/en/programmes/", 200),
    "finder-with-facets": ("/en/programmes/?level=master&language=en&q=science", 200),
    "finder-no-results": ("/en/programmes/?q=underwater+basket+weaving&level=master", 200),
    "programme": ("/en/schools/ku-leuven/master-of-biomedical-sciences/", 200),
    "compare": (lambda ids: "/en/programmes/compare/?ids=" + ",".join(map(str, ids[:2])), 200),
    "events": ("/en/events/", 200),
    "event": (f"/en/schools/ku-leuven/{OPEN_DAY_SLUG}/", 200),
    "search-results": ("/en/search/?q=master", 200),
    "standard-page": ("/en/about/", 200),
    "not-found": ("/en/no-such-page/", 404),
}

# Size and scrolling, measured in the page. A link is exempt from the size rule only when it sits inside the running
# text of a paragraph or list item (WCAG 2.5.8 "inline" exception): displayed inline, with words of the sentence
# around it. Targets that are not rendered (hidden, display: none, zero size or clipped to 1 px) are not targets.
MEASURE_TARGETS = """(min) => {
  const selector = "a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]";
  const rendered = (element) => {
    if (!element.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
    const box = element.getBoundingClientRect();
    return box.width > 1 && box.height > 1;
  };
  const inRunningText = (element) => {
    if (element.tagName !== "A" || getComputedStyle(element).display !== "inline") return false;
    const block = element.closest("p, li");
    if (!block) return false;
    const words = (node) => node.textContent.replace(/\\s+/g, " ").trim();
    return words(block).length > words(element).length;
  };
  const small = [];
  for (const element of document.querySelectorAll(selector)) {
    if (!rendered(element)) continue;
    const box = element.getBoundingClientRect();
    if (box.width >= min && box.height >= min) continue;
    if (inRunningText(element)) continue;
    const name = (element.getAttribute("aria-label") || element.textContent || element.name || "").trim();
    small.push(`${element.tagName.toLowerCase()} "${name.slice(0, 60)}" ${box.width.toFixed(1)}×${box.height.toFixed(1)}`);
  }
  return small;
}"""


@pytest.fixture(scope="module")
def site(shared_demo_site, django_db_blocker):
    """The demo site and the URL of each page type."""
    from programmes.models import ProgrammePage

    with django_db_blocker.unblock():
        ids = list(
            ProgrammePage.objects.live()
            .filter(locale__language_code="en")
            .order_by("title")
            .values_list("pk", flat=True)
        )
    urls = {}
    for name, (path, status) in PAGE_TYPES.items():
        urls[name] = (shared_demo_site.url + (path(ids) if callable(path) else path), status)
    return urls


def describe(violations):
    lines = []
    for violation in violations:
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:5]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} → {targets}")
    return "\n".join(lines)


def open_page(new_page, site, page_type, viewport):
    url, status = site[page_type]
    page = new_page(VIEWPORTS[viewport])
    response = page.goto(url)
    assert response.status == status, url
    page.wait_for_load_state("load")
    return page


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_axe_finds_no_wcag_violations(new_page, site, page_type, viewport):
    page = open_page(new_page, site, page_type, viewport)
    assert page.locator("main h1").first.is_visible(), "every page type has a visible main heading"

    results = AXE.run(page, options=AXE_OPTIONS)

    violations = results.response["violations"]
    if violations:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        dump = ARTIFACTS / f"axe-{page_type}-{viewport}.json"
        dump.write_text(json.dumps(violations, indent=2))
    assert not violations, describe(violations)


@pytest.mark.parametrize("viewport", ["mobile", "narrow"])
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_mobile_has_no_sideways_scrolling_and_targets_of_24_px(new_page, site, page_type, viewport):
    page = open_page(new_page, site, page_type, viewport)

    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the page is {widths[0]} px wide in a {widths[1]} px viewport"
    too_small = page.evaluate(MEASURE_TARGETS, MIN_TARGET)
    assert not too_small, "targets smaller than 24×24 px:\n" + "\n".join(too_small)


@pytest.mark.parametrize("viewport", ["mobile", "narrow"])
def test_open_mobile_menu_and_finder_filters_have_no_violations(new_page, site, viewport):
    """The <details> menu and the "Filters (n)" disclosure, opened: still no axe violation, targets of 24 px."""
    page = open_page(new_page, site, "finder", viewport)
    results = page.locator(".finder__results")
    filters = page.locator(".finder__filters-toggle")
    assert filters.is_visible() and results.is_visible()
    assert page.locator(".finder__facets").is_hidden(), "on a phone the filters start folded, results first"
    page.locator(".main-nav__toggle").click()
    filters.click()
    assert page.locator(".main-nav__list").is_visible() and page.locator(".finder__facets").is_visible()

    violations = AXE.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, describe(violations)
    too_small = page.evaluate(MEASURE_TARGETS, MIN_TARGET)
    assert not too_small, "targets smaller than 24×24 px:\n" + "\n".join(too_small)
