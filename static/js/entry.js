// The entry page's upload area: several files, dropped or chosen, one request per file with its own progress bar.
// A refused file shows the server's message; the files already added and the rest of the entry stay as they are.
// All words come from data- attributes the template translated.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");

  // The originality checkbox saves itself; its button is only for pages without script.
  function hideScriptlessButtons() {
    document.querySelectorAll(".js-no-script").forEach(function (b) { b.classList.add("d-none"); });
  }
  hideScriptlessButtons();
  document.addEventListener("change", function (event) {
    if (event.target.classList.contains("js-autosubmit-check")) { event.target.form.submit(); }
  });

  // After files are added or removed, "what is still missing" is brought up to date with the rest of the box:
  // the box (templates/submissions/_entry_actions.html) tells htmx to fetch it again on "refresh".
  function refreshActions() {
    var box = document.getElementById("entry-actions");
    if (box && window.htmx) { window.htmx.trigger(box, "refresh"); }
  }
  document.addEventListener("htmx:afterSwap", hideScriptlessButtons);

  if (!form || !window.FormData || !window.XMLHttpRequest) { return; }

  var input = form.querySelector("input[type=file]");
  var dropzone = document.getElementById("dropzone");
  var list = document.getElementById("upload-progress");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var queue = [];
  var busy = false;
  form.querySelectorAll(".js-no-script-upload").forEach(function (b) { b.classList.add("d-none"); });

  function role() {
    var checked = form.querySelector("input[name=role]:checked") || form.querySelector("input[name=role]");
    return checked ? checked.value : "result";
  }

  function row(file) {
    var item = document.createElement("li");
    item.className = "upload-item";
    var name = document.createElement("div");
    name.className = "small text-break upload-name";
    name.textContent = file.name;
    var bar = document.createElement("progress");
    bar.className = "w-100";
    bar.max = 100;
    bar.value = 0;
    var status = document.createElement("div");
    status.className = "small upload-status";
    status.textContent = form.dataset.sending;
    item.appendChild(name);
    item.appendChild(bar);
    item.appendChild(status);
    list.appendChild(item);
    return { item: item, bar: bar, status: status };
  }

  function failed(view, message) {
    view.item.classList.add("upload-refused");
    view.status.classList.add("text-danger");
    view.status.textContent = message || form.dataset.failed;
  }

  function added(view, data) {
    view.bar.value = 100;
    view.status.classList.add("text-success");
    view.status.textContent = form.dataset.done;
    var target = document.getElementById("attachments-" + data.role) || document.getElementById("attachments-result");
    target.insertAdjacentHTML("beforeend", data.html);
    var note = target.parentNode.querySelector(".js-empty-note");
    if (note) { note.remove(); }
  }

  function send(job) {
    busy = true;
    var data = new FormData();
    data.append("file", job.file);
    data.append("role", job.role);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("X-CSRFToken", csrf);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) { job.view.bar.value = Math.round((event.loaded / event.total) * 95); }
    });
    xhr.addEventListener("load", function () {
      var body = null;
      try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
      if (xhr.status >= 200 && xhr.status < 300 && body && body.ok) {
        added(job.view, body);
      } else {
        failed(job.view, body && body.error);
      }
      next();
    });
    xhr.addEventListener("error", function () { failed(job.view, null); next(); });
    xhr.send(data);
  }

  function next() {
    busy = false;
    if (queue.length) { send(queue.shift()); } else { refreshActions(); }
  }

  function add(files) {
    Array.prototype.forEach.call(files, function (file) {
      queue.push({ file: file, role: role(), view: row(file) });
    });
    // One file after the other: the server counts the files of the entry, so the order stays predictable.
    if (!busy && queue.length) { send(queue.shift()); }
  }

  input.addEventListener("change", function () {
    add(input.files);
    input.value = "";
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    add(input.files);
    input.value = "";
  });
  ["dragenter", "dragover"].forEach(function (name) {
    dropzone.addEventListener(name, function (event) { event.preventDefault(); dropzone.classList.add("dropzone-over"); });
  });
  ["dragleave", "drop"].forEach(function (name) {
    dropzone.addEventListener(name, function () { dropzone.classList.remove("dropzone-over"); });
  });
  dropzone.addEventListener("drop", function (event) {
    event.preventDefault();
    if (event.dataTransfer && event.dataTransfer.files) { add(event.dataTransfer.files); }
  });

  // Removing a file: ask, then post without leaving the page.
  document.addEventListener("submit", function (event) {
    var removeForm = event.target.closest("form.js-remove-attachment");
    if (!removeForm) { return; }
    event.preventDefault();
    if (!window.confirm(removeForm.dataset.confirm)) { return; }
    var xhr = new XMLHttpRequest();
    xhr.open("POST", removeForm.action);
    xhr.setRequestHeader("X-CSRFToken", csrf);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.addEventListener("load", function () {
      if (xhr.status === 200) {
        var card = removeForm.closest(".attachment-card");
        if (card) { card.remove(); }
        refreshActions();
      } else {
        removeForm.submit();
      }
    });
    xhr.send(new FormData(removeForm));
  });
})();
