// Lightbox for entry pictures: a link with class js-lightbox opens its picture in the Bootstrap modal #lightbox.
// Without script the link simply opens the picture. Links added later (new uploads) work too.
(function () {
  "use strict";
  var modalElement = document.getElementById("lightbox");
  if (!modalElement || !window.bootstrap) { return; }
  var modal = new window.bootstrap.Modal(modalElement);
  var image = document.getElementById("lightbox-image");
  var title = document.getElementById("lightbox-title");
  var entryLink = modalElement.querySelector(".js-lightbox-entry");
  var current = null;

  function links() { return Array.prototype.slice.call(document.querySelectorAll("a.js-lightbox")); }

  function show(link) {
    current = link;
    image.src = link.getAttribute("href");
    image.alt = link.dataset.title || "";
    title.textContent = link.dataset.title || "";
    if (link.dataset.entryUrl) {
      entryLink.href = link.dataset.entryUrl;
      entryLink.classList.remove("d-none");
    } else {
      entryLink.classList.add("d-none");
    }
  }

  function step(by) {
    var all = links();
    if (!current || all.length < 2) { return; }
    var index = all.indexOf(current);
    show(all[(index + by + all.length) % all.length]);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a.js-lightbox");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    event.preventDefault();
    show(link);
    modal.show();
  });
  modalElement.querySelector(".js-lightbox-prev").addEventListener("click", function () { step(-1); });
  modalElement.querySelector(".js-lightbox-next").addEventListener("click", function () { step(1); });
  modalElement.addEventListener("keydown", function (event) {
    if (event.key === "ArrowLeft") { step(-1); }
    if (event.key === "ArrowRight") { step(1); }
  });
  modalElement.addEventListener("hidden.bs.modal", function () { image.removeAttribute("src"); current = null; });
})();
