// Shortlist: programmes a student marks for comparison, kept in this browser (localStorage), no account needed.
// The finder's "Compare" checkboxes, the programme page's "Add to shortlist" button and the compare page's
// shortlist panel all read and write the same list. Without this script the finder's checkboxes still work.
(function () {
  "use strict";
  var KEY = "portal-shortlist";
  var MAX = 4;
  // The words in the page's language, from templates/programmes/shortlist_text.html (English when it is missing).
  var WORDS = (document.querySelector("[data-shortlist-text]") || { dataset: {} }).dataset;

  function words(name, english, values) {
    var text = WORDS[name] || english;
    Object.keys(values || {}).forEach(function (key) { text = text.split("{" + key + "}").join(values[key]); });
    return text;
  }

  function load() {
    try {
      var items = JSON.parse(localStorage.getItem(KEY) || "[]");
      return Array.isArray(items) ? items.filter(function (item) { return item && item.id; }) : [];
    } catch (error) {
      return [];
    }
  }

  function save(items) {
    try {
      localStorage.setItem(KEY, JSON.stringify(items.slice(0, MAX)));
    } catch (error) {
      /* storage full or disabled: the list lasts for this page only */
    }
  }

  function itemOf(element) {
    return {
      id: String(element.dataset.shortlistId),
      title: element.dataset.shortlistTitle || "",
      url: element.dataset.shortlistUrl || "",
    };
  }

  function has(items, id) {
    return items.some(function (item) { return item.id === String(id); });
  }

  function without(items, id) {
    return items.filter(function (item) { return item.id !== String(id); });
  }

  function compareUrl(base, items) {
    return base + "?ids=" + items.map(function (item) { return item.id; }).join(",");
  }

  function summary(items) {
    var names = items.map(function (item) { return item.title; }).join(", ");
    if (!items.length) return "";
    return words("summary", "Your shortlist ({count} of {max}): {names}.", { count: items.length, max: MAX, names: names });
  }

  // Puts the programme `element` describes in the list or takes it out: [the new list, a message or ""].
  function choose(items, element, wanted) {
    var id = element.dataset.shortlistId;
    if (!wanted) return [without(items, id), ""];
    if (has(items, id)) return [items, ""];
    if (items.length >= MAX) {
      return [items, words("full", "Your shortlist is full ({max} programmes); remove one first.", { max: MAX })];
    }
    return [items.concat([itemOf(element)]), ""];
  }

  function withMessage(message, text) {
    return message ? message + " " + text : text;
  }

  // -- The finder: checkboxes on the result cards, a status line and hidden inputs for choices on other pages.
  function setUpFinder(bar) {
    var form = bar.closest("form");
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[data-shortlist-id]"));
    var status = bar.querySelector("[data-shortlist-status]");
    var items = load();
    boxes.forEach(function (box) {
      if (box.checked && !has(items, box.value)) items.push(itemOf(box));
    });
    items = items.slice(0, MAX);
    save(items);

    function render(message) {
      boxes.forEach(function (box) { box.checked = has(items, box.value); });
      form.querySelectorAll("[data-shortlist-hidden]").forEach(function (input) { input.remove(); });
      items.forEach(function (item) {
        if (boxes.some(function (box) { return box.value === item.id; })) return;
        var hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = "ids";
        hidden.value = item.id;
        hidden.setAttribute("data-shortlist-hidden", "");
        bar.appendChild(hidden);
      });
      var text = summary(items) || words("hint", "Tick “Compare” on 2 to 4 programmes, then compare them side by side.");
      status.textContent = withMessage(message, text);
    }

    status.setAttribute("aria-live", "polite");
    form.addEventListener("change", function (event) {
      var box = event.target;
      if (!box.matches("input[data-shortlist-id]")) return;
      var chosen = choose(items, box, box.checked);
      items = chosen[0];
      save(items);
      render(chosen[1]);
    });
    render("");
  }

  // -- A programme page: one button that adds or removes the programme.
  function setUpToggle(button) {
    var status = document.querySelector("[data-shortlist-toggle-status]");
    var compareLink = document.querySelector("[data-shortlist-toggle-compare]");
    var base = button.dataset.compareUrl;

    function render(message) {
      var items = load();
      var inList = has(items, button.dataset.shortlistId);
      button.textContent = inList ? words("removeFrom", "Remove from shortlist") : words("add", "Add to shortlist");
      button.setAttribute("aria-pressed", inList ? "true" : "false");
      if (status) status.textContent = withMessage(message, summary(items));
      if (compareLink) {
        compareLink.hidden = items.length < 2;
        compareLink.href = compareUrl(base, items);
      }
    }

    button.addEventListener("click", function () {
      var items = load();
      var chosen = choose(items, button, !has(items, button.dataset.shortlistId));
      save(chosen[0]);
      render(chosen[1]);
    });
    render("");
  }

  // -- The compare page: the shortlist with remove buttons and a link comparing it.
  function setUpPanel(panel) {
    var list = panel.querySelector("[data-shortlist-list]");
    var link = panel.querySelector("[data-shortlist-compare-link]");
    var base = window.location.pathname;

    function render() {
      var items = load();
      panel.hidden = items.length === 0;
      list.replaceChildren();
      items.forEach(function (item) {
        var row = document.createElement("li");
        var anchor = document.createElement("a");
        anchor.href = item.url;
        anchor.textContent = item.title;
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "button button--secondary";
        remove.textContent = words("remove", "Remove");
        remove.setAttribute("aria-label", words("removeLabel", "Remove {title} from the shortlist", { title: item.title }));
        remove.addEventListener("click", function () {
          save(without(load(), item.id));
          render();
          if (!link.hidden) link.focus();
        });
        row.append(anchor, remove);
        list.appendChild(row);
      });
      link.hidden = items.length < 2;
      link.href = compareUrl(base, items);
    }

    render();
  }

  var bar = document.querySelector("[data-shortlist-bar]");
  if (bar && bar.closest("form")) setUpFinder(bar);
  var toggle = document.querySelector("[data-shortlist-toggle]");
  if (toggle) setUpToggle(toggle);
  var panel = document.querySelector("[data-shortlist-panel]");
  if (panel) setUpPanel(panel);
})();
