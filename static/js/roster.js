// Roster import page: the upload can take a few seconds for a large school; say so and stop a second click.
(function () {
  "use strict";
  document.querySelectorAll("form.roster-upload").forEach(function (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button.js-busy");
      if (!button) { return; }
      button.disabled = true;
      button.textContent = button.dataset.busyText;
    });
  });
})();
