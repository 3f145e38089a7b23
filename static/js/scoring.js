// The scoring page: the running total of the points typed (rubric) or the best attempt (measurement).
// The server computes and checks the same; this only helps while typing. No inline code: strict CSP works.
(function () {
  "use strict";
  var form = document.getElementById("score-form");
  if (!form) { return; }
  var output = form.querySelector("[data-score-total]");
  var inputs = Array.prototype.slice.call(form.querySelectorAll("[data-score-input]"));
  var measurement = form.querySelector("[name^='attempt_']") !== null;
  var lowerIsBetter = form.dataset.better === "lower";

  function valueOf(input) {
    var raw = (input.value || "").trim().replace(",", ".");
    if (raw === "") { return null; }
    var value = Number(raw);
    return isNaN(value) ? NaN : value;
  }

  function outOfRange(input, value) {
    if (value === null) { return false; }
    if (isNaN(value) || value < 0) { return true; }
    if (measurement) { return false; }
    var max = Number(input.getAttribute("max"));
    return value > max || Math.round(value * 2) !== value * 2;
  }

  function show(value) {
    if (value === null) { output.textContent = form.dataset.empty || ""; return; }
    output.textContent = String(Math.round(value * 100) / 100);
  }

  function update() {
    var total = null;
    inputs.forEach(function (input) {
      var value = valueOf(input);
      var bad = outOfRange(input, value);
      input.classList.toggle("is-invalid", bad);
      if (value === null || bad) { return; }
      if (total === null) { total = value; return; }
      if (measurement) {
        total = lowerIsBetter ? Math.min(total, value) : Math.max(total, value);
      } else {
        total += value;
      }
    });
    show(total);
  }

  inputs.forEach(function (input) { input.addEventListener("input", update); });
  update();
})();
