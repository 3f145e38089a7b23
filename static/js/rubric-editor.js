// The rubric editor: add, reorder and remove criteria, and the live sum of points (must be 100).
// The server checks the same rules; this only helps while typing. No inline code: strict CSP works.
(function () {
  "use strict";
  var form = document.getElementById("rubric-editor");
  if (!form) { return; }
  var list = form.querySelector(".js-criteria-list");
  var template = document.getElementById("criterion-template");
  var totalForms = form.querySelector('input[name$="-TOTAL_FORMS"]');
  var output = form.querySelector(".js-total");
  var status = form.querySelector(".js-total-status");
  var full = parseInt(form.dataset.full, 10);

  function rows() {
    return Array.prototype.filter.call(list.querySelectorAll("[data-row]"), function (row) { return !row.hidden; });
  }

  function renumber() {
    rows().forEach(function (row, i) {
      var order = row.querySelector('input[name$="-ORDER"]');
      if (order) { order.value = i + 1; }
    });
  }

  function sum() {
    var total = 0;
    rows().forEach(function (row) {
      var value = parseInt(row.querySelector('input[name$="-max_points"]').value, 10);
      if (!isNaN(value)) { total += value; }
    });
    output.textContent = total;
    var diff = total - full;
    var message = diff === 0 ? form.dataset.ok : (diff < 0 ? form.dataset.short : form.dataset.over);
    status.textContent = message.replace("{n}", Math.abs(diff));
    status.classList.toggle("text-success", diff === 0);
    status.classList.toggle("text-danger", diff !== 0);
  }

  function prepare(row) {
    // With this script, the buttons replace the "remove" checkbox.
    var box = row.querySelector(".js-delete-box");
    if (box) { box.classList.add("d-none"); }
  }

  function refresh() { renumber(); sum(); }

  list.querySelectorAll("[data-row]").forEach(function (row) {
    prepare(row);
    var del = row.querySelector('input[name$="-DELETE"]');
    if (del && del.checked) { row.hidden = true; }
  });

  form.querySelector(".js-add-criterion").addEventListener("click", function () {
    var index = parseInt(totalForms.value, 10);
    var holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
    var row = holder.querySelector("[data-row]");
    list.appendChild(row);
    totalForms.value = index + 1;
    prepare(row);
    refresh();
    var name = row.querySelector('input[name$="-name"]');
    if (name) { name.focus(); }
  });

  list.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) { return; }
    var row = button.closest("[data-row]");
    if (button.classList.contains("js-remove")) {
      row.querySelector('input[name$="-DELETE"]').checked = true;
      row.hidden = true;
    } else if (button.classList.contains("js-up")) {
      var previous = rows()[rows().indexOf(row) - 1];
      if (previous) { list.insertBefore(row, previous); }
    } else if (button.classList.contains("js-down")) {
      var next = rows()[rows().indexOf(row) + 1];
      if (next) { list.insertBefore(next, row); }
    } else {
      return;
    }
    refresh();
  });

  list.addEventListener("input", function (event) {
    if (event.target.name && /-max_points$/.test(event.target.name)) { sum(); }
  });

  refresh();
})();
