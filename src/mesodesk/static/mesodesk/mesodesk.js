// Every page's small behaviours, no build step:
// - after a failed submit, focus goes to the error summary (or the first invalid field), so a
//   keyboard or screen-reader user lands on what to correct;
// - the idle sign-out warns a minute before, with "Stay signed in"; typing in the page keeps
//   the session alive; and when the sign-out comes anyway, what was typed in the page's forms
//   is kept in this tab (sessionStorage) and put back once the same person signs in again;
//   a submit, a sign-out or another person's sign-in clears it.
(function () {
  "use strict";

  function focusErrors() {
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); return; }
    var invalid = document.querySelector("[aria-invalid='true']");
    if (invalid) invalid.focus();
  }

  var body = document.body;
  var idleSeconds = parseInt(body.getAttribute("data-idle-seconds") || "", 10);
  var person = body.getAttribute("data-person");
  var keepAliveUrl = body.getAttribute("data-keep-alive");
  var draftKey = "mesodesk-draft:" + location.pathname + location.search;

  function fields() {
    return Array.prototype.filter.call(document.querySelectorAll("main form [name]"), function (el) {
      var type = (el.type || "").toLowerCase();
      return el.name !== "csrfmiddlewaretoken" && type !== "password" && type !== "hidden" &&
        type !== "file" && type !== "submit" && type !== "button";
    });
  }

  function saveDraft() {
    var values = fields().map(function (el) {
      if (el.type === "checkbox" || el.type === "radio") return [el.name, el.value, el.checked];
      if (el.multiple) return [el.name, Array.prototype.map.call(el.selectedOptions, function (o) { return o.value; }), null];
      return [el.name, el.value, null];
    });
    try { sessionStorage.setItem(draftKey, JSON.stringify({person: person, values: values})); } catch (e) { /* full or off */ }
  }

  function restoreDraft() {
    var saved;
    try { saved = JSON.parse(sessionStorage.getItem(draftKey) || "null"); } catch (e) { saved = null; }
    if (!saved) return;
    sessionStorage.removeItem(draftKey);
    if (saved.person !== person) return;  // never hand one person's typing to another
    var byName = {};
    fields().forEach(function (el) { (byName[el.name] = byName[el.name] || []).push(el); });
    saved.values.forEach(function (entry) {
      (byName[entry[0]] || []).forEach(function (el) {
        if (el.type === "checkbox" || el.type === "radio") {
          if (el.value === entry[1]) el.checked = entry[2];
        } else if (el.multiple && Array.isArray(entry[1])) {
          Array.prototype.forEach.call(el.options, function (o) { o.selected = entry[1].indexOf(o.value) >= 0; });
        } else if (!Array.isArray(entry[1])) {
          el.value = entry[1];
        }
      });
    });
  }

  function draftKeys() {
    var keys = [];
    try {
      for (var i = 0; i < sessionStorage.length; i++) {
        var key = sessionStorage.key(i);
        if (key && key.indexOf("mesodesk-draft:") === 0) keys.push(key);
      }
    } catch (e) { /* storage off */ }
    return keys;
  }

  function forgetDrafts(keep) {
    // Typing is kept only for its own person's return after an idle sign-out: a submitted
    // form, a deliberate sign-out or another person's sign-in leaves nothing behind in the tab.
    draftKeys().forEach(function (key) {
      var saved;
      try { saved = JSON.parse(sessionStorage.getItem(key) || "null"); } catch (e) { saved = null; }
      if (!keep || !saved || !keep(saved)) sessionStorage.removeItem(key);
    });
  }

  function watchSubmits() {
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (!(form instanceof HTMLFormElement)) return;
      if (form.hasAttribute("data-sign-out")) { forgetDrafts(); return; }
      // The server has what was typed now; a refused form comes back filled in from it.
      if (form.closest("main")) { try { sessionStorage.removeItem(draftKey); } catch (e) { /* off */ } }
    }, true);
  }

  function startIdleWatch() {
    var dialog = document.getElementById("idle-warning");
    var stay = document.getElementById("idle-stay");
    // The server counts from its last refresh of the session, up to a minute before this
    // page's own request: so warn two minutes before the limit, and leave at one.
    var warnAfter = Math.max(idleSeconds - 120, 10) * 1000;
    var leaveAfter = Math.max(idleSeconds - 60, 20) * 1000;
    var warnTimer, leaveTimer, typedSince = false;

    function open() { if (dialog && !dialog.open) { dialog.showModal(); if (stay) stay.focus(); } }
    function leave() { saveDraft(); location.reload(); }  // the server signs out and asks to sign in
    function arm() {
      clearTimeout(warnTimer); clearTimeout(leaveTimer);
      warnTimer = setTimeout(open, warnAfter);
      leaveTimer = setTimeout(leave, leaveAfter);
    }
    function keepAlive() {
      typedSince = false;
      return fetch(keepAliveUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (answer) { if (answer.ok) arm(); else leave(); });
    }
    if (stay) stay.addEventListener("click", function () {
      keepAlive().then(function () { if (dialog && dialog.open) dialog.close(); });
    });
    if (dialog) dialog.addEventListener("cancel", function () { keepAlive(); });
    // Typing or choosing in the page is activity, though it sends no request: every few
    // minutes of it keeps the session alive.
    document.addEventListener("input", function () { typedSince = true; });
    setInterval(function () { if (typedSince && !(dialog && dialog.open)) keepAlive(); }, 4 * 60 * 1000);
    document.body.addEventListener("htmx:afterRequest", arm);
    arm();
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (person) {
      forgetDrafts(function (saved) { return saved.person === person; });
      restoreDraft();
    }
    watchSubmits();
    focusErrors();
    if (idleSeconds > 0 && keepAliveUrl) startIdleWatch();
  });
})();
