"""The finder journey with the keyboard alone (Tab, Shift+Tab, Enter, Space): every control is reachable, and the
focused element is visibly marked at every step."""

import re

from playwright.sync_api import expect

BIOMEDICAL = "Master of Biomedical Sciences"
MAX_PRESSES = 80

# What the focused element is, and whether a sighted keyboard user can see it: an outline or a box shadow, inside
# the viewport.
FOCUS = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  const label = element.labels && element.labels.length ? element.labels[0].textContent : "";
  const name = (element.getAttribute("aria-label") || label || element.textContent || element.value || "")
    .replace(/\\s+/g, " ").trim();
  return {
    tag: element.tagName.toLowerCase(),
    id: element.id,
    name: name,
    checked: element.checked === true,
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
    shadow: style.boxShadow !== "none",
    onScreen: box.bottom > 0 && box.right > 0 && box.top < window.innerHeight && box.left < window.innerWidth,
  };
}"""


def focus(page):
    return page.evaluate(FOCUS)


def assert_focus_visible(page):
    state = focus(page)
    assert state is not None, "the focus is lost (on the page body)"
    assert state["outline"] or state["shadow"], f"no visible focus indicator on {state}"
    assert state["onScreen"], f"the focused element is off screen: {state}"
    return state


def tab_to(page, name, key="Tab", tag=None):
    """Press Tab (or Shift+Tab) until the element named `name` (a regex) has the focus, checking every stop."""
    for _ in range(MAX_PRESSES):
        page.keyboard.press(key)
        state = assert_focus_visible(page)
        if re.search(name, state["name"]) and (tag is None or state["tag"] == tag):
            return state
    raise AssertionError(f"{name!r} was not reached with {MAX_PRESSES} presses of {key}")


def test_the_finder_journey_works_with_the_keyboard_alone(demo_site, page):
    page.goto(demo_site.url + "/")

    # The first Tab reveals the skip link, which leads into the main content.
    page.keyboard.press("Tab")
    skip = assert_focus_visible(page)
    assert skip["name"] == "Skip to main content"
    expect(page.get_by_role("link", name="Skip to main content")).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))

    tab_to(page, "^Find a programme$")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Programmes")
    expect(page.locator("#results-heading")).to_have_text("3 programmes")

    # A facet ticked with Space applies at once; the focus comes back to it on the new page.
    master = tab_to(page, r"^Master \d", tag="input")
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"level=master\b"))
    expect(page.locator("#results-heading")).to_have_text("2 programmes")
    returned = assert_focus_visible(page)
    assert (returned["id"], returned["checked"]) == (master["id"], True)

    on_campus = tab_to(page, r"^On campus \d", tag="input")
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile("mode=on_campus"))
    returned = assert_focus_visible(page)
    assert (returned["id"], returned["checked"]) == (on_campus["id"], True)

    # Back up to the search box with Shift+Tab; Enter runs the search with both facets kept.
    tab_to(page, "^Search programmes$", key="Shift+Tab", tag="input")
    page.keyboard.type("biomedical")
    page.keyboard.press("Enter")
    expect(page.locator("#results-heading")).to_have_text("1 programme for “biomedical”")
    expect(page.locator(".finder__chips")).to_contain_text("Study level: Master")
    expect(page.locator(".finder__chips")).to_contain_text("Study mode: On campus")

    # The result opens with Enter; the shortlist button works with Space.
    tab_to(page, f"^{BIOMEDICAL}$", tag="a")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(BIOMEDICAL)
    tab_to(page, "^Add to shortlist$", tag="button")
    page.keyboard.press("Space")
    expect(page.get_by_role("button", name="Remove from shortlist")).to_be_focused()
    expect(page.get_by_role("status")).to_have_text(f"Your shortlist (1 of 4): {BIOMEDICAL}.")
    assert_focus_visible(page)
