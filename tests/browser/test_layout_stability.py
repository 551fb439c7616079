"""Nothing moves when the scripts run: controls that need JavaScript are laid out from the first paint, so the content
below them stays put (Lighthouse's cumulative layout shift is 0), and without JavaScript they are not shown at all."""

import pytest

from .conftest import DESKTOP, MOBILE, OPEN_DAY_SLUG

pytestmark = pytest.mark.django_db

PAGES = {
    "home": "/en/",
    "finder": "/en/programmes/",
    "programme": "/en/schools/ku-leuven/master-of-european-social-security/",
    "event": f"/en/schools/ku-leuven/{OPEN_DAY_SLUG}/",
    "school": "/en/schools/ku-leuven/",
}

# Records every layout shift from now on that no user input caused.
WATCH_SHIFTS = """() => {
  window.layoutShifts = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.layoutShifts.push(entry.value);
  }).observe({ type: "layout-shift" });
}"""
AFTER_TWO_FRAMES = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
@pytest.mark.parametrize("name", PAGES)
def test_running_the_scripts_after_the_first_paint_moves_nothing(new_page, shared_demo_site, name, viewport):
    page = new_page(viewport=viewport)
    page.route("**/*.js", lambda route: route.abort())  # the page as painted before its scripts arrive
    page.goto(shared_demo_site.url + PAGES[name])
    scripts = page.eval_on_selector_all("script[src]", "scripts => scripts.map((script) => script.src)")
    page.unroute("**/*.js")
    page.evaluate(WATCH_SHIFTS)
    for src in scripts:
        page.add_script_tag(url=src)
    page.evaluate(AFTER_TWO_FRAMES)
    assert page.evaluate("window.layoutShifts") == []


def test_script_only_controls_show_with_javascript_and_not_without(browser, shared_demo_site):
    for javascript, shown in ((True, True), (False, False)):
        context = browser.new_context(viewport=DESKTOP, java_script_enabled=javascript)
        page = context.new_page()
        page.goto(shared_demo_site.url + PAGES["programme"])
        assert page.get_by_role("button", name="Add to shortlist").is_visible() is shown
        page.goto(shared_demo_site.url + PAGES["finder"])
        assert page.get_by_text("Results update as soon as you change a filter").is_visible() is shown
        context.close()
