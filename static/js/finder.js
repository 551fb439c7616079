// Programme finder: apply a facet or a sort order as soon as it changes. The form works without this script;
// with it, the page reloads with the new results and the focus returns to the control that was changed.
(function () {
  "use strict";
  var form = document.querySelector("[data-finder]");
  if (!form) return;
  var FOCUS_KEY = "finder-focus";

  // Storage can be switched off (some private modes throw): the live update must still work without it.
  function remembered() {
    try {
      var id = sessionStorage.getItem(FOCUS_KEY);
      sessionStorage.removeItem(FOCUS_KEY);
      return id;
    } catch (error) {
      return null;
    }
  }

  function remember(id) {
    try {
      sessionStorage.setItem(FOCUS_KEY, id);
    } catch (error) {
      /* the focus then starts at the top of the new page */
    }
  }

  var returning = remembered();
  if (returning) {
    var control = document.getElementById(returning);
    if (control) control.focus({ preventScroll: false });
  }

  form.addEventListener("change", function (event) {
    var control = event.target;
    if (!control.matches("[data-finder-facet], [data-finder-sort]")) return;
    if (control.id) remember(control.id);
    var page = form.querySelector("input[name=page]");
    if (page) page.remove();
    form.requestSubmit();
  });
})();
