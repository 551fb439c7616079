// Programme finder: apply a facet or a sort order as soon as it changes. The form works without this script;
// with it, the page reloads with the new results and the focus returns to the control that was changed.
(function () {
  "use strict";
  var form = document.querySelector("[data-finder]");
  if (!form) return;
  var FOCUS_KEY = "finder-focus";

  var returning = sessionStorage.getItem(FOCUS_KEY);
  if (returning) {
    sessionStorage.removeItem(FOCUS_KEY);
    var control = document.getElementById(returning);
    if (control) control.focus({ preventScroll: false });
  }

  form.addEventListener("change", function (event) {
    var control = event.target;
    if (!control.matches("[data-finder-facet], [data-finder-sort]")) return;
    if (control.id) sessionStorage.setItem(FOCUS_KEY, control.id);
    var page = form.querySelector("input[name=page]");
    if (page) page.remove();
    form.requestSubmit();
  });
})();
