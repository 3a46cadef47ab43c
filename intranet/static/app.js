// Behaviour shared by every page. No inline scripts (CSP): everything is wired here.
(function () {
  "use strict";

  // Ask before destructive actions: <form data-confirm="…">.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  }, true);

  // Uploads with a progress bar and drag and drop: <form data-upload>.
  function wireUpload(form) {
    var input = form.querySelector('input[type="file"]');
    var bar = form.querySelector(".progress");
    var fill = bar && bar.querySelector(".progress-bar");
    var message = form.querySelector(".upload-message");

    ["dragenter", "dragover"].forEach(function (name) {
      form.addEventListener(name, function (e) { e.preventDefault(); form.classList.add("dragging"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      form.addEventListener(name, function () { form.classList.remove("dragging"); });
    });
    form.addEventListener("drop", function (e) {
      e.preventDefault();
      if (e.dataTransfer && e.dataTransfer.files.length) {
        input.files = e.dataTransfer.files;
        input.dispatchEvent(new Event("change"));
      }
    });

    form.addEventListener("submit", function (e) {
      if (!window.FormData || !window.XMLHttpRequest) { return; } // the plain form still works
      e.preventDefault();
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("Accept", "application/json");
      bar.classList.remove("d-none");
      message.textContent = "";
      xhr.upload.addEventListener("progress", function (p) {
        if (p.lengthComputable) {
          var pct = Math.round((p.loaded / p.total) * 100);
          fill.style.width = pct + "%";
          fill.textContent = pct + "%";
          bar.setAttribute("aria-valuenow", pct);
        }
      });
      xhr.addEventListener("load", function () {
        var data = {};
        try { data = JSON.parse(xhr.responseText); } catch (err) { data = {}; }
        if (xhr.status >= 200 && xhr.status < 300 && data.ok) {
          window.location.reload();
        } else {
          bar.classList.add("d-none");
          message.className = "upload-message mt-2 text-danger";
          message.textContent = data.message || form.getAttribute("data-error") || "Lỗi tải lên (" + xhr.status + ").";
        }
      });
      xhr.addEventListener("error", function () {
        bar.classList.add("d-none");
        message.className = "upload-message mt-2 text-danger";
        message.textContent = form.getAttribute("data-error") || "Mất kết nối khi tải lên.";
      });
      xhr.send(new FormData(form));
    });
  }

  // Parts of a form that only matter for one choice: <div data-show-if="radio-name=value">.
  // Hidden otherwise (the server ignores them then); shown again when the choice changes.
  function wireShowIf(block) {
    var rule = block.getAttribute("data-show-if").split("=");
    var form = block.closest("form");
    var radios = form ? form.querySelectorAll('input[name="' + rule[0] + '"]') : [];
    function update() {
      var chosen = form.querySelector('input[name="' + rule[0] + '"]:checked');
      block.hidden = !chosen || chosen.value !== rule[1];
    }
    radios.forEach(function (radio) { radio.addEventListener("change", update); });
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-upload]").forEach(wireUpload);
    document.querySelectorAll("[data-show-if]").forEach(wireShowIf);
    // After a refused form, the keyboard starts at the first field to fix.
    var invalid = document.querySelector("main .is-invalid");
    if (invalid && typeof invalid.focus === "function") { invalid.focus(); }
  });
})();
