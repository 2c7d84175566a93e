/* The body map: click or tap to add a point with the form's settings, drag a point to move it,
   move a focused point with the arrow keys, draw a nappage area corner by corner, and zoom
   (buttons, wheel, two-finger pinch; drag the background to pan when zoomed in).
   Positions are sent in the view's own coordinates (0 to 100 across and down), as the server
   stores them, whatever the zoom: zooming only changes the SVG's viewBox. Without this script
   the forms below the map do the same by keyboard. */
(function () {
  "use strict";
  var svg = document.querySelector(".bodymap-svg");
  if (!svg) return;
  var locked = svg.dataset.locked === "true";
  var yScale = parseFloat(svg.dataset.yScale) || 1;
  var height = 100 * yScale;
  var pointForm = document.getElementById("point-form");
  var moveForm = document.getElementById("move-form");
  var status = document.getElementById("bm-status");
  var toolbar = document.querySelector(".bm-toolbar");
  var zoomLabel = document.querySelector(".bm-zoom-level");
  var storeKey = "bodymap:" + svg.dataset.record + ":" + svg.dataset.view;
  var SVG_NS = "http://www.w3.org/2000/svg";
  var DRAG_THRESHOLD = 1; // in map units: less than this is a tap, not a drag
  var MAX_ZOOM = 5;

  function say(template, values) {
    if (!status || !template) return;
    status.textContent = template.replace(/%\((\w+)\)s/g, function (_, name) { return values[name]; });
  }

  function remember(name, value) {
    try { window.sessionStorage.setItem(storeKey + ":" + name, JSON.stringify(value)); } catch (e) { /* private mode */ }
  }

  function recall(name) {
    try { return JSON.parse(window.sessionStorage.getItem(storeKey + ":" + name) || "null"); } catch (e) { return null; }
  }

  function forget(name) {
    try { window.sessionStorage.removeItem(storeKey + ":" + name); } catch (e) { /* private mode */ }
  }

  function round(v) { return Math.round(v * 10) / 10; }

  // Where an event falls, in the view's coordinates (x and y from 0 to 100) and in the SVG's.
  function position(event) {
    var matrix = svg.getScreenCTM();
    if (!matrix) return null;
    var p = svg.createSVGPoint();
    p.x = event.clientX;
    p.y = event.clientY;
    var local = p.matrixTransform(matrix.inverse());
    var x = Math.min(100, Math.max(0, local.x));
    var y = Math.min(100, Math.max(0, local.y / yScale));
    return { x: round(x), y: round(y), svgX: local.x, svgY: local.y };
  }

  function setField(form, name, value) {
    var field = form && form.querySelector("[name='" + name + "']");
    if (field) field.value = value;
  }

  function submit(form) {
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  }

  /* Zoom: a viewBox of 100/zoom across, centred on (cx, cy), kept inside the picture. */
  var zoom = { z: 1, cx: 50, cy: height / 2 };

  function applyZoom(announce) {
    zoom.z = Math.min(MAX_ZOOM, Math.max(1, zoom.z));
    var w = 100 / zoom.z;
    var h = height / zoom.z;
    zoom.cx = Math.min(100 - w / 2, Math.max(w / 2, zoom.cx));
    zoom.cy = Math.min(height - h / 2, Math.max(h / 2, zoom.cy));
    svg.setAttribute("viewBox", [zoom.cx - w / 2, zoom.cy - h / 2, w, h].join(" "));
    svg.classList.toggle("bm-zoomed", zoom.z > 1);
    // Points and their numbers keep their size on the screen (a fingertip's), whatever the zoom.
    svg.querySelectorAll("circle.bm-point").forEach(function (c) { c.setAttribute("r", 2.2 / zoom.z); });
    svg.querySelectorAll("text.bm-label").forEach(function (t) {
      t.style.fontSize = 3 / zoom.z + "px";
      t.setAttribute("dy", -3 / zoom.z);
    });
    var shown = Math.round(zoom.z * 10) / 10;
    if (zoomLabel) zoomLabel.textContent = shown + "×";
    if (announce) say(status.dataset.zoomed, { z: shown });
    remember("zoom", zoom);
  }

  // Zoom by `factor`, keeping the SVG point (atX, atY) where it is on the screen.
  function zoomBy(factor, atX, atY) {
    var before = zoom.z;
    zoom.z = Math.min(MAX_ZOOM, Math.max(1, zoom.z * factor));
    var k = before / zoom.z;
    zoom.cx = atX + (zoom.cx - atX) * k;
    zoom.cy = atY + (zoom.cy - atY) * k;
    applyZoom(true);
  }

  var saved = recall("zoom");
  if (saved && saved.z) { zoom = saved; applyZoom(false); }
  if (toolbar) toolbar.hidden = false;
  var keyboardHelp = document.querySelector(".bm-keyboard-help");
  if (keyboardHelp && !locked) keyboardHelp.hidden = false; // the arrow keys need this script

  document.querySelectorAll("[data-zoom]").forEach(function (button) {
    button.addEventListener("click", function () {
      var how = button.dataset.zoom;
      if (how === "reset") { zoom = { z: 1, cx: 50, cy: height / 2 }; applyZoom(true); return; }
      zoomBy(how === "in" ? 1.5 : 1 / 1.5, zoom.cx, zoom.cy);
    });
  });

  svg.addEventListener("wheel", function (event) {
    var at = position(event);
    if (!at) return;
    event.preventDefault();
    zoomBy(event.deltaY < 0 ? 1.25 : 0.8, at.svgX, at.svgY);
  }, { passive: false });

  /* Pointers: one drags a point (or pans the zoomed map), two pinch to zoom. */
  var pointers = {};
  var pinch = null;
  var dragging = null;
  var panning = null;
  // The click that follows a drag's, a pan's or a tap's release belongs to it: it adds nothing.
  var swallowClick = false;

  function pointerCount() { return Object.keys(pointers).length; }

  function spread() {
    var ids = Object.keys(pointers);
    var a = pointers[ids[0]];
    var b = pointers[ids[1]];
    return { d: Math.hypot(a.clientX - b.clientX, a.clientY - b.clientY),
             mid: { clientX: (a.clientX + b.clientX) / 2, clientY: (a.clientY + b.clientY) / 2 } };
  }

  svg.addEventListener("pointerdown", function (event) {
    pointers[event.pointerId] = { clientX: event.clientX, clientY: event.clientY };
    if (pointerCount() === 2) {
      dragging = null;
      panning = null;
      pinch = { d: spread().d };
      return;
    }
    var link = event.target.closest(".bm-point-link");
    if (link && !locked && !drawing) {
      dragging = { link: link, circle: link.querySelector("circle"), label: link.querySelector("text"),
                   start: position(event), moved: false };
      svg.setPointerCapture(event.pointerId);
      event.preventDefault();
    } else if (zoom.z > 1) {
      panning = { start: position(event), moved: false };
    }
  });

  svg.addEventListener("pointermove", function (event) {
    if (pointers[event.pointerId]) pointers[event.pointerId] = { clientX: event.clientX, clientY: event.clientY };
    if (pinch && pointerCount() === 2) {
      var now = spread();
      var at = position(now.mid);
      if (at && pinch.d > 0) zoomBy(now.d / pinch.d, at.svgX, at.svgY);
      pinch.d = now.d;
      swallowClick = true;
      return;
    }
    var here = position(event);
    if (!here) return;
    if (dragging) {
      if (Math.abs(here.x - dragging.start.x) + Math.abs(here.y - dragging.start.y) > DRAG_THRESHOLD) {
        dragging.moved = true;
      }
      dragging.circle.setAttribute("cx", here.x);
      dragging.circle.setAttribute("cy", here.svgY);
      if (dragging.label) { dragging.label.setAttribute("x", here.x); dragging.label.setAttribute("y", here.svgY); }
      dragging.at = here;
    } else if (panning) {
      var dx = here.svgX - panning.start.svgX;
      var dy = here.svgY - panning.start.svgY;
      if (Math.abs(dx) + Math.abs(dy) > DRAG_THRESHOLD) panning.moved = true;
      if (panning.moved) {
        zoom.cx -= dx;
        zoom.cy -= dy;
        applyZoom(false);
        swallowClick = true;
      }
    }
  });

  function release(event) {
    delete pointers[event.pointerId];
    if (pinch) { if (pointerCount() < 2) pinch = null; return; }
    panning = null;
    if (!dragging) return;
    var drag = dragging;
    dragging = null;
    swallowClick = true;
    if (!drag.moved || !drag.at) {
      window.location.href = drag.link.getAttribute("href"); // a tap on a point opens its form
      return;
    }
    sendMove(drag.link, drag.at.x, drag.at.y);
  }
  svg.addEventListener("pointerup", release);
  svg.addEventListener("pointercancel", release);

  function sendMove(link, x, y) {
    moveForm.action = svg.dataset.moveUrl + link.dataset.pointId + "/move/";
    setField(moveForm, "x", x);
    setField(moveForm, "y", y);
    moveForm.submit();
  }

  /* Drawing a nappage area: each click a corner; the first corner or "Close the area" closes it
     and hands the outline to the area form, where the pace and total volume are given. */
  var drawing = null;
  var drawStart = document.querySelector("[data-draw='start']");
  var drawClose = document.querySelector("[data-draw='close']");
  var drawCancel = document.querySelector("[data-draw='cancel']");
  var areaForm = document.getElementById("area-form");

  function drawMode(on) {
    if (drawing && drawing.shape) drawing.shape.remove();
    drawing = on ? { corners: [], shape: null } : null;
    svg.classList.toggle("bm-drawing-mode", on);
    if (drawStart) drawStart.setAttribute("aria-pressed", on ? "true" : "false");
    if (drawClose) { drawClose.hidden = !on; drawClose.disabled = true; }
    if (drawCancel) drawCancel.hidden = !on;
  }

  function drawCorner(at) {
    drawing.corners.push([at.x, at.y]);
    if (!drawing.shape) {
      drawing.shape = document.createElementNS(SVG_NS, "polygon");
      drawing.shape.setAttribute("class", "bm-drawing");
      svg.appendChild(drawing.shape);
    }
    drawing.shape.setAttribute("points", drawing.corners.map(function (c) { return c[0] + "," + c[1] * yScale; }).join(" "));
    if (drawClose) drawClose.disabled = drawing.corners.length < 3;
    say(status.dataset.corner, { n: drawing.corners.length });
  }

  function closeArea() {
    if (!drawing || drawing.corners.length < 3 || !areaForm) return;
    var outline = drawing.corners.map(function (c) { return c[0] + "," + c[1]; }).join(" ");
    setField(areaForm, "area-view", svg.dataset.view);
    setField(areaForm, "area-polygon", outline);
    drawing.shape = null; // the drawn outline stays on the map until the form is sent
    drawMode(false);
    say(status.dataset.closed, {});
    var pace = areaForm.querySelector("[name='area-pricks_per_second']");
    if (pace) { pace.focus(); pace.scrollIntoView({ block: "center" }); }
  }

  if (drawStart) drawStart.addEventListener("click", function () { drawMode(!drawing); });
  if (drawClose) drawClose.addEventListener("click", closeArea);
  if (drawCancel) drawCancel.addEventListener("click", function () { drawMode(false); });

  svg.addEventListener("click", function (event) {
    if (swallowClick) {
      swallowClick = false;
      return;
    }
    if (locked) return;
    var at = position(event);
    if (!at) return;
    if (drawing) {
      var first = drawing.corners[0];
      if (first && drawing.corners.length >= 3 && Math.hypot(first[0] - at.x, first[1] - at.y) < 2.5 / zoom.z) {
        closeArea();
      } else {
        drawCorner(at);
      }
      return;
    }
    if (event.target.closest(".bm-point-link") || !pointForm) return;
    setField(pointForm, "point-view", svg.dataset.view);
    setField(pointForm, "point-x", at.x);
    setField(pointForm, "point-y", at.y);
    submit(pointForm);
  });

  // The drag's own click must not follow the link; a keyboard's Enter still does.
  svg.addEventListener("click", function (event) {
    if (event.target.closest(".bm-point-link") && event.detail > 0) event.preventDefault();
  }, true);

  /* The keyboard: the arrow keys move the focused point (Shift: five times further), announced
     as it goes; the move is sent once the keys rest, and the point has the focus again after. */
  var KEYS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
  var pending = null;

  svg.addEventListener("keydown", function (event) {
    var link = event.target.closest && event.target.closest(".bm-point-link");
    var step = KEYS[event.key];
    if (!link || !step || locked) return;
    event.preventDefault();
    var circle = link.querySelector("circle");
    var label = link.querySelector("text");
    var by = event.shiftKey ? 5 : 1;
    var x = Math.min(100, Math.max(0, round(parseFloat(circle.getAttribute("cx")) + step[0] * by)));
    var y = Math.min(100, Math.max(0, round(parseFloat(circle.getAttribute("cy")) / yScale + step[1] * by)));
    circle.setAttribute("cx", x);
    circle.setAttribute("cy", y * yScale);
    if (label) { label.setAttribute("x", x); label.setAttribute("y", y * yScale); }
    say(status.dataset.moved, { n: link.dataset.number, x: x, y: y });
    if (pending) window.clearTimeout(pending);
    pending = window.setTimeout(function () {
      remember("focus", link.dataset.pointId);
      sendMove(link, x, y);
    }, 900);
  });

  // After the page's own scroll to #map on load (which takes the focus away), not before.
  var focusId = recall("focus");
  if (focusId) {
    forget("focus");
    window.addEventListener("load", function () {
      window.setTimeout(function () {
        var again = svg.querySelector(".bm-point-link[data-point-id='" + focusId + "']");
        if (!again) return;
        again.focus();
        say(status.dataset.saved, { n: again.dataset.number });
      }, 0);
    });
  }
})();
