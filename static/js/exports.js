// Polls the state of exports that are queued or running and swaps in the download link when ready.
(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.js-export"));
  function active(row) { return row.dataset.state === "queued" || row.dataset.state === "running"; }
  function fromTemplate(id) { return document.getElementById(id).content.cloneNode(true); }

  function update(row, data) {
    row.dataset.state = data.state;
    var stateCell = row.querySelector(".export-state");
    if (data.state === "queued" || data.state === "running") {
      var bar = row.querySelector(".export-progress");
      if (bar) { bar.value = data.progress; bar.textContent = data.progress + "%"; }
      var label = row.querySelector(".export-state-label");
      if (label) { label.textContent = data.state_label; }
      return;
    }
    stateCell.textContent = "";
    if (data.state === "done") {
      var done = fromTemplate("export-done-template");
      done.querySelector(".badge").textContent = data.state_label;
      stateCell.appendChild(done);
      var link = fromTemplate("export-download-template");
      link.querySelector("a").href = data.download_url;
      var actions = row.querySelector(".export-actions");
      actions.textContent = "";
      actions.appendChild(link);
    } else {
      var failed = fromTemplate("export-failed-template");
      failed.querySelector(".badge").textContent = data.state_label;
      failed.querySelector(".export-error").textContent = data.error;
      stateCell.appendChild(failed);
      var retry = row.querySelector(".js-retry");
      if (retry) { retry.classList.remove("d-none"); }
    }
  }

  function poll() {
    var pending = rows.filter(active);
    if (!pending.length) { return; }
    Promise.all(pending.map(function (row) {
      return fetch(row.dataset.statusUrl, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) { if (data) { update(row, data); } })
        .catch(function () { /* the network hiccups at schools; try again next round */ });
    })).then(function () { window.setTimeout(poll, 1000); });
  }
  window.setTimeout(poll, 500);
})();
