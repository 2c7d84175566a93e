/* The calendar's time grid: FullCalendar (vendored) over the events endpoint.
   Times are the clinic's wall-clock times; the grid runs in UTC so the browser's zone never
   shifts them. A click on a free slot opens the booking form; a drag moves, a drag of the end
   resizes: the server first answers with the gates' findings, the person confirms, then the
   move is made. A refused move says why and the event snaps back. */
(function () {
  "use strict";
  var elements = document.querySelectorAll(".calendar-grid");
  if (!elements.length || !window.FullCalendar) { return; }
  var settings = JSON.parse(document.getElementById("calendar-settings").textContent);
  var lang = elements[0].dataset.lang || "en";
  var dialog = document.getElementById("move-dialog");
  var status = document.getElementById("calendar-status");
  var texts = {};
  document.getElementById("calendar-texts").content.querySelectorAll("[data-key]").forEach(function (span) {
    texts[span.dataset.key] = span.textContent;
  });

  function csrf() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function wall(date) {
    // The grid's UTC date is the clinic's wall-clock time: "2030-03-04T09:00:00".
    return date.toISOString().slice(0, 19);
  }

  function post(url, data) {
    var body = new URLSearchParams(data);
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf(), "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (json) { json.status = response.status; return json; });
    });
  }

  function say(message, refused) {
    status.textContent = message;
    status.className = refused ? "refused" : "done";
  }

  function showDialog(answer, onConfirm, onCancel) {
    var refused = !answer.ok;
    dialog.querySelector("h2").textContent = refused ? texts["title-refused"] : texts["title-confirm"];
    dialog.querySelector(".move-message").textContent = answer.message || "";
    var list = dialog.querySelector(".move-findings");
    list.textContent = "";
    // A refusal's message already names its blocking gates: the list adds only the others,
    // so each reason is said once.
    (answer.findings || []).filter(function (f) { return !refused || f.level !== "blocked"; }).forEach(function (f) {
      var item = document.createElement("li");
      item.className = "gate level-" + f.level;
      var title = document.createElement("strong");
      title.textContent = f.level_label + " · " + f.title;
      item.appendChild(title);
      item.appendChild(document.createTextNode(": " + f.message));
      list.appendChild(item);
    });
    var confirm = dialog.querySelector(".confirm");
    var cancel = dialog.querySelector(".cancel");
    confirm.hidden = refused;
    if (!cancel.dataset.label) { cancel.dataset.label = cancel.textContent; }
    cancel.textContent = refused ? texts.close : cancel.dataset.label;
    function done(confirmed) {
      confirm.onclick = cancel.onclick = dialog.oncancel = null;
      dialog.close();
      (confirmed ? onConfirm : onCancel)();
    }
    confirm.onclick = function () { done(true); };
    cancel.onclick = function () { done(false); };
    dialog.oncancel = function (event) { event.preventDefault(); done(false); };
    dialog.showModal();
  }

  function reveal(target) {
    // An appointment's row of the list (its start button or its form's summary takes the focus),
    // or the list itself (its summary does): opened, scrolled to and focused.
    var list = target.closest("details");
    if (list) { list.open = true; }
    target.scrollIntoView({ block: target.id === "agenda" ? "start" : "center" });
    var focus = target.id === "agenda" ? target.querySelector("summary")
      : target.querySelector(".start-session button") || target.querySelector("summary");
    (focus || target).focus({ preventScroll: true });
  }

  function revealAnchor() {
    // The browser scrolls to "#agenda" or "#appointment-N" before the grid is drawn above it,
    // which then pushes the list out of sight: once the grid is drawn, the anchor is shown again.
    var hash = window.location.hash.slice(1);
    if (!/^(agenda|appointment-\d+)$/.test(hash)) { return; }
    var target = document.getElementById(hash);
    if (target) { reveal(target); }
  }

  function listKey(viewType, first) {
    // What the list shows for the grid's view and first day: that day, or that day's week (from Monday).
    if (viewType === "timeGridDay") { return "day:" + first; }
    var day = new Date(first + "T00:00:00Z");
    day.setUTCDate(day.getUTCDate() - (day.getUTCDay() + 6) % 7);
    return "week:" + day.toISOString().slice(0, 10);
  }
  // The list came with the page for the grid's first view and day.
  var listed = listKey(settings.initialView, settings.initialDate);

  function followList(address) {
    // The list's pages alone (the view answers HX-Target "agenda-pages" with them), swapped in
    // with htmx so that their cancel buttons work; the list stays open or closed as it was.
    if (window.htmx && document.getElementById("agenda-pages")) {
      window.htmx.ajax("GET", address, { target: "#agenda-pages", swap: "outerHTML" });
    } else {
      window.location.reload();
    }
  }

  var hour24 = lang === "fr" || lang === "de";
  var timeFormat = hour24
    ? { hour: "2-digit", minute: "2-digit", hour12: false }
    : { hour: "numeric", minute: "2-digit", meridiem: "short" };
  var common = { locale: lang };

  function grid(element) {
    var column = element.hasAttribute("data-column");
    function change(info) {
      var url = element.dataset.move.replace("/0/", "/" + info.event.id + "/");
      var span = { start: wall(info.event.start), end: wall(info.event.end) };
      element.classList.add("busy");
      post(url, Object.assign({ check: "1" }, span)).then(function (check) {
        if (!check.ok) {
          // Said in the dialog; the status line keeps it once the dialog is closed.
          showDialog(check, function () {}, function () { info.revert(); say(check.message, true); });
          return;
        }
        showDialog(check, function () {
          post(url, span).then(function (answer) {
            if (answer.ok) {
              say(answer.message, false);
              info.event.setProp("title", answer.event.title);
            } else {
              info.revert();
              showDialog(answer, function () {}, function () { say(answer.message, true); });
            }
          });
        }, function () { info.revert(); });
      }).catch(function () {
        info.revert();
        say(texts.error, true);
      }).finally(function () { element.classList.remove("busy"); });
    }

    var calendar = new FullCalendar.Calendar(element, Object.assign({}, common, {
      timeZone: "UTC",
      firstDay: 1,
      allDaySlot: false,
      nowIndicator: true,
      height: "auto",
      expandRows: true,
      slotDuration: "00:15:00",
      slotLabelInterval: "01:00",
      slotLabelFormat: timeFormat,
      eventTimeFormat: timeFormat,
      headerToolbar: { left: "prev,next today", center: "title", right: "timeGridWeek,timeGridDay" },
      // Touch: a short press picks an event or a slot up, then it drags as with a mouse.
      longPressDelay: 250,
      eventLongPressDelay: 250,
      selectLongPressDelay: 250,
      eventStartEditable: true,
      eventDurationEditable: true,
      snapDuration: "00:15:00",
      events: { url: element.dataset.events, failure: function () { say(texts.error, true); } },
      dateClick: function (info) {
        if (!element.dataset.choose) { return; }  // a role that does not book (no patient records)
        var day = info.dateStr.slice(0, 10);
        var time = info.dateStr.slice(11, 16);
        var params = new URLSearchParams({ day: day, time: time });
        if (element.dataset.clinician) { params.set("clinician", element.dataset.clinician); }
        window.location.href = element.dataset.choose + "?" + params.toString();
      },
      datesSet: function (info) {
        // The arrows' icons are drawn as role="img" with no text; their buttons carry the name.
        element.querySelectorAll(".fc-icon").forEach(function (icon) { icon.setAttribute("aria-hidden", "true"); });
        if (column) { return; }
        // The address and the heading follow the grid, so a reload or a booking comes back here.
        var params = new URLSearchParams(window.location.search);
        var first = info.startStr.slice(0, 10);
        params.delete("week"); params.delete("day"); params.delete("view");
        if (info.view.type === "timeGridDay") { params.set("view", "day"); params.set("day", first); }
        else { params.set("week", first); }
        // The list below follows the grid: another week or day than the one it lists (the arrows,
        // "today", the week and day buttons) is asked for alone, from its first page.
        var shown = listKey(info.view.type, first);
        var follow = shown !== listed;
        if (follow) { listed = shown; params.delete("cursor"); params.delete("at"); }
        // The anchor stays: the list's pages and a move or a cancel land on "#agenda" or an appointment's row.
        var address = window.location.pathname + "?" + params.toString();
        window.history.replaceState(null, "", address + window.location.hash);
        if (follow) { followList(address); }
        var kept = document.querySelector("form.filters input[name=week], form.filters input[name=day]");
        if (kept) { kept.value = first; }
        var heading = document.querySelector("main h1");
        if (heading) { heading.textContent = info.view.title; }
      },
      eventClick: function (info) {
        // The appointment's entry in the list below: move, cancel or (today) start the session.
        var entry = document.getElementById("appointment-" + info.event.id);
        if (entry) { reveal(entry); return; }
        // Listed on another page of the list (fifty a page): the page that holds it, with this
        // view and filters (the address follows the grid), opened at its row.
        var params = new URLSearchParams(window.location.search);
        params.delete("cursor");
        params.set("at", info.event.id);
        window.location.assign(window.location.pathname + "?" + params.toString() + "#appointment-" + info.event.id);
      },
      eventDrop: change,
      eventResize: change,
      eventDidMount: function (info) {
        var p = info.event.extendedProps;
        info.el.title = [info.event.title, p.clinician, p.room].concat(p.gates || []).filter(Boolean).join("\n");
        info.el.dataset.appointment = info.event.id;
      }
    }, settings, column ? {
      // A column of the side-by-side day: the page's own links move from day to day.
      initialView: "timeGridDay", headerToolbar: false, dayHeaders: false
    } : {}));
    calendar.render();
    return calendar;
  }

  var calendars = Array.prototype.map.call(elements, grid);
  // After the load: the browser's own move to the anchor, made while the page is read, is over.
  if (document.readyState === "complete") { revealAnchor(); } else { window.addEventListener("load", revealAnchor); }
  window.mesodeskCalendar = calendars[0];
  window.mesodeskCalendars = calendars;
}());
