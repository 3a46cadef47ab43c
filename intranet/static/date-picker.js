// Date boxes (input[data-date-picker], see intranet/forms.py): a calendar in the page's language,
// not the browser's. Loaded by app.js only on pages that have such a box.
//
// The box stays the plain text box the server reads (dd/mm/yyyy, or ISO): this script never
// rewrites or clears what is typed. A button beside it opens flatpickr's calendar (tied to a hidden
// box of its own); the day picked is written into the box as dd/mm/yyyy. In the calendar the arrow
// keys move between days, Enter picks one, Escape closes it and the focus goes back to the box.
(function () {
  "use strict";

  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-date-picker]"));
  if (!boxes.length) { return; }
  var assets = JSON.parse(boxes[0].getAttribute("data-date-picker"));
  var vietnamese = (document.documentElement.lang || "vi").indexOf("vi") === 0;

  function load(url, css) {
    return new Promise(function (resolve, reject) {
      var element = document.createElement(css ? "link" : "script");
      if (css) { element.rel = "stylesheet"; element.href = url; } else { element.src = url; }
      element.onload = resolve;
      element.onerror = reject;
      document.head.appendChild(element);
    });
  }

  // The server's rule (intranet/text.py parse_date): dd/mm/yyyy with "/", "-" or ".", or ISO.
  function parse(text) {
    var value = (text || "").trim();
    var match = /^(\d{1,2})([\/.-])(\d{1,2})\2(\d{4})$/.exec(value);
    var day, month, year;
    if (match) {
      day = +match[1]; month = +match[3]; year = +match[4];
    } else if ((match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value))) {
      year = +match[1]; month = +match[2]; day = +match[3];
    } else {
      return null;
    }
    if (year < 1900 || year > 2100) { return null; }
    var date = new Date(year, month - 1, day);
    var real = date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day;
    return real ? date : null;
  }

  function vnMonths(prefix) {
    var names = [];
    for (var m = 1; m <= 12; m += 1) { names.push(prefix + m); }
    return names;
  }

  function two(n) { return (n < 10 ? "0" : "") + n; }

  function format(date) {
    return two(date.getDate()) + "/" + two(date.getMonth() + 1) + "/" + date.getFullYear();
  }

  var ICON = '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16" ' +
    'fill="currentColor" aria-hidden="true" focusable="false"><path d="M3.5 0a.5.5 0 0 1 .5.5V1h8V.5a.5.5 ' +
    '0 0 1 1 0V1h1a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H2a2 2 0 0 1-2-2V3a2 2 0 0 1 2-2h1V.5a.5.5 0 0 1 ' +
    '.5-.5zM1 4v10a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1V4H1z"/></svg>';

  function enhance(box, locale) {
    var group = document.createElement("div");
    group.className = "input-group" +
      (box.classList.contains("form-control-sm") ? " input-group-sm" : "") +
      (box.classList.contains("is-invalid") ? " has-validation" : "");
    box.parentNode.insertBefore(group, box);
    group.appendChild(box);

    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-secondary";
    button.setAttribute("aria-label", assets.button);
    button.title = assets.button;
    button.innerHTML = ICON;
    group.appendChild(button);

    var anchor = document.createElement("input");
    anchor.hidden = true;
    anchor.tabIndex = -1;
    anchor.setAttribute("aria-hidden", "true");
    group.parentNode.insertBefore(anchor, group.nextSibling);

    var picker = window.flatpickr(anchor, {
      locale: locale,
      dateFormat: "d/m/Y",
      ariaDateFormat: vietnamese ? "j F Y" : "F j, Y",
      monthSelectorType: "static",
      clickOpens: false,
      disableMobile: true,  // the phone's own picker follows the phone's language
      positionElement: box,
      ignoredFocusElements: [button],
      onChange: function (dates) {
        if (!dates.length) { return; }
        box.value = format(dates[0]);
        box.dispatchEvent(new Event("input", { bubbles: true }));
        box.dispatchEvent(new Event("change", { bubbles: true }));
        box.focus();
      },
      onClose: function () { button.setAttribute("aria-expanded", "false"); },
    });
    var calendar = picker.calendarContainer;
    calendar.setAttribute("role", "dialog");
    // Named as its button ("Chọn trên lịch"), not as the box: the box's label is the box's alone.
    calendar.setAttribute("aria-label", assets.button);
    button.setAttribute("aria-expanded", "false");
    // Escape: back to the box (flatpickr then closes the calendar); Tab: on to the button and the
    // rest of the form (the calendar sits at the end of the page).
    calendar.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        box.focus();
      } else if (event.key === "Tab" && !event.target.classList.contains("cur-year")) {
        event.preventDefault();
        picker.close();
        button.focus();
      }
    });

    button.addEventListener("click", function () {
      if (picker.isOpen) { picker.close(); return; }
      var day = parse(box.value);
      if (day) { picker.setDate(day, false); } else { picker.clear(false); picker.jumpToDate(new Date()); }
      picker.open(undefined, box);
      button.setAttribute("aria-expanded", "true");
      var days = ".flatpickr-day:not(.prevMonthDay):not(.nextMonthDay)";
      var target = calendar.querySelector(days + ".selected") ||
        calendar.querySelector(days + ".today") || calendar.querySelector(days);
      if (target) { target.focus(); }
    });
    button.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && picker.isOpen) { picker.close(); }
    });
  }

  assets.css.forEach(function (url) { load(url, true); });
  load(assets.js[0]).then(function () {
    return vietnamese ? load(assets.js[1]) : null;
  }).then(function () {
    var locale = vietnamese
      ? Object.assign({}, window.flatpickr.l10ns.vn, {
        // "Tháng 1" … "Tháng 12", as Vietnamese calendars print them (the locale's "Tháng mười
        // hai" does not fit beside the year).
        months: {
          shorthand: vnMonths("Th"),
          longhand: vnMonths("Tháng "),
        },
        monthAriaLabel: "Tháng",
        yearAriaLabel: "Năm",
        scrollTitle: "Cuộn để đổi",
        toggleTitle: "Bấm để đổi",
      })
      : "default";
    boxes.forEach(function (box) { enhance(box, locale); });
  }).catch(function () { /* without the calendar the boxes are typed in, as before */ });
})();
