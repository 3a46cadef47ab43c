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
      if (form.getAttribute("data-upload") === "each" && input.files.length) {
        e.preventDefault();
        uploadEach(form, input, message);
        return;
      }
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

  // <form data-upload="each">: every chosen file is sent by itself (the server takes one file per
  // request, or several), one after the other, each with its own <progress> and the server's
  // answer (ok, or its message in Vietnamese) next to its name.
  function uploadEach(form, input, message) {
    var list = form.querySelector(".upload-list");
    var button = form.querySelector('button[type="submit"]');
    var files = Array.prototype.slice.call(input.files);
    var done = 0;
    var stored = 0;
    list.textContent = "";
    message.textContent = "";
    if (button) { button.disabled = true; }
    var rows = files.map(function (file) {
      var item = document.createElement("li");
      item.className = "upload-item";
      var name = document.createElement("span");
      name.className = "upload-name";
      name.textContent = file.name;
      var bar = document.createElement("progress");
      bar.max = 100;
      bar.value = 0;
      bar.setAttribute("aria-label", file.name);
      var status = document.createElement("span");
      status.className = "upload-status small";
      status.textContent = form.getAttribute("data-waiting") || "";
      item.appendChild(name);
      item.appendChild(bar);
      item.appendChild(status);
      list.appendChild(item);
      return { file: file, bar: bar, status: status, item: item };
    });

    function finish(row, ok, text) {
      row.bar.value = ok ? 100 : row.bar.value;
      row.status.textContent = text;
      row.item.classList.add(ok ? "text-success" : "text-danger");
      done += 1;
      stored += ok ? 1 : 0;
      if (done < rows.length) {
        send(rows[done]);
        return;
      }
      if (button) { button.disabled = false; }
      if (stored === rows.length) {
        window.location.reload();
        return;
      }
      message.className = "upload-message mt-2" + (stored ? "" : " text-danger");
      message.textContent = (form.getAttribute("data-done") || "{n}/{t}")
        .replace("{n}", stored).replace("{t}", rows.length);
    }

    function send(row) {
      var data = new FormData(form);
      data.delete("file");
      data.append("file", row.file, row.file.name);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.onprogress = function (p) {
        if (p.lengthComputable) { row.bar.value = Math.round((p.loaded / p.total) * 100); }
      };
      xhr.onload = function () {
        var answer = {};
        try { answer = JSON.parse(xhr.responseText); } catch (err) { answer = {}; }
        var ok = xhr.status >= 200 && xhr.status < 300 && answer.ok;
        finish(row, ok, answer.message || (ok ? "✓" : form.getAttribute("data-error") || String(xhr.status)));
      };
      xhr.onerror = function () {
        finish(row, false, form.getAttribute("data-error") || "Mất kết nối khi tải lên.");
      };
      xhr.send(data);
    }

    send(rows[0]);
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

  // The header's search box: suggestions as one types (<input data-suggest="/search/suggest">).
  // An ARIA combobox with a listbox: ↓/↑ move, Enter opens the chosen record (or, with none
  // chosen, submits the form to /search/), Escape closes. Asked 250 ms after the last key;
  // an answer to an older question is dropped. Without script the form is a plain GET form.
  function wireSuggest(input) {
    var url = input.getAttribute("data-suggest");
    var form = input.closest("form");
    var list = document.createElement("ul");
    var status = document.createElement("div");
    var timer = null;
    var asked = 0;
    var items = [];
    var active = -1;
    list.id = input.id + "-suggestions";
    list.className = "suggest-list list-unstyled";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.getAttribute("placeholder") || "");
    list.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    form.classList.add("suggest-host");
    form.appendChild(list);
    form.appendChild(status);

    function close() {
      list.hidden = true;
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function choose(index) {
      items.forEach(function (item, i) { item.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function show(suggestions) {
      list.textContent = "";
      items = suggestions.map(function (s, i) {
        var item = document.createElement("li");
        item.id = list.id + "-" + i;
        item.className = "suggest-item";
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.setAttribute("data-url", s.url);
        var title = document.createElement("span");
        title.className = "suggest-title";
        title.textContent = s.title;
        var meta = document.createElement("span");
        meta.className = "suggest-meta small";
        meta.textContent = s.label + (s.unit ? " · " + s.unit : "");
        item.appendChild(title);
        item.appendChild(meta);
        item.addEventListener("mousedown", function (e) { e.preventDefault(); });  // keep focus
        item.addEventListener("click", function () { window.location.assign(s.url); });
        list.appendChild(item);
        return item;
      });
      active = -1;
      list.hidden = !items.length;
      input.setAttribute("aria-expanded", items.length ? "true" : "false");
      status.textContent = items.length
        ? (input.getAttribute("data-suggest-count") || "{n}").replace("{n}", items.length)
        : input.getAttribute("data-suggest-empty") || "";
    }

    function ask() {
      var text = input.value.trim();
      if (text.length < 2) { close(); return; }
      var mine = ++asked;
      fetch(url + "?q=" + encodeURIComponent(text), {
        headers: { Accept: "application/json" },
        credentials: "same-origin"
      }).then(function (answer) {
        return answer.ok ? answer.json() : { suggestions: [] };
      }).then(function (data) {
        if (mine === asked && document.activeElement === input) { show(data.suggestions || []); }
      }).catch(function () { if (mine === asked) { close(); } });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, 250);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (list.hidden) { if (items.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); } return; }
        e.preventDefault();
        var step = e.key === "ArrowDown" ? 1 : -1;
        var next = active + step;
        choose(next < -1 ? items.length - 1 : next >= items.length ? -1 : next);
      } else if (e.key === "Enter" && !list.hidden && active >= 0) {
        e.preventDefault();
        window.location.assign(items[active].getAttribute("data-url"));
      } else if (e.key === "Escape" && !list.hidden) {
        e.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", close);
  }

  // Date boxes (input[data-date-picker]): their calendar (static/date-picker.js and flatpickr) is
  // loaded only on the pages that have one; the boxes take dd/mm/yyyy typed without it.
  function loadDatePicker() {
    var box = document.querySelector("input[data-date-picker]");
    if (!box) { return; }
    var script = document.createElement("script");
    script.src = JSON.parse(box.getAttribute("data-date-picker")).script;
    document.head.appendChild(script);
  }

  document.addEventListener("DOMContentLoaded", function () {
    loadDatePicker();
    document.querySelectorAll("form[data-upload]").forEach(wireUpload);
    document.querySelectorAll("input[data-suggest]").forEach(wireSuggest);
    document.querySelectorAll("[data-show-if]").forEach(wireShowIf);
    // After a refused form, the keyboard starts at the first field to fix.
    var invalid = document.querySelector("main .is-invalid");
    if (invalid && typeof invalid.focus === "function") { invalid.focus(); }
  });
})();
