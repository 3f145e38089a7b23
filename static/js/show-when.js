// Show a part of a form only when a select has a given value: data-show-when="entry_mode=team".
// Without this script every part stays visible, and the server ignores what does not apply.
(function () {
  "use strict";
  document.querySelectorAll("[data-show-when]").forEach(function (part) {
    var rule = part.dataset.showWhen.split("=");
    var select = part.closest("form").querySelector('[name="' + rule[0] + '"]');
    if (!select) { return; }
    function update() { part.hidden = select.value !== rule[1]; }
    select.addEventListener("change", update);
    update();
  });
})();
