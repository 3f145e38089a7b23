// Answer forms of objections: the new award matters only when the objection is upheld, so it shows only then.
// Without this script the field stays visible and the server refuses a new award on a rejection.
(function () {
  "use strict";
  document.querySelectorAll("form.answer-form").forEach(function (form) {
    var part = form.querySelector(".js-uphold-only");
    if (!part) { return; }
    function update() {
      var chosen = form.querySelector('input[name="decision"]:checked');
      part.hidden = !chosen || chosen.value !== "uphold";
    }
    form.addEventListener("change", update);
    update();
  });
})();
