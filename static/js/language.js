// The language switcher: a visitor's choice is remembered (Django's language cookie), so that their next visit to
// the portal's address (/) opens in that language rather than their browser's. Without this script the links still
// go to the other language; only the choice is not remembered.
(function () {
  "use strict";
  var ONE_YEAR = 365 * 24 * 3600;
  document.querySelectorAll(".language-switcher [data-language]").forEach(function (link) {
    link.addEventListener("click", function () {
      document.cookie = "django_language=" + encodeURIComponent(link.dataset.language) +
        "; path=/; max-age=" + ONE_YEAR + "; SameSite=Lax" + (location.protocol === "https:" ? "; Secure" : "");
    });
  });
})();
