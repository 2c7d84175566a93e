/* The body map: click or tap to add a point with the form's settings, drag a point to move it.
   Positions are sent in the view's own coordinates (0 to 100 across and down), as the server
   stores them. Without this script the forms below the map do the same by keyboard. */
(function () {
  "use strict";
  var svg = document.querySelector(".bodymap-svg");
  if (!svg || svg.dataset.locked === "true") return;
  var yScale = parseFloat(svg.dataset.yScale) || 1;
  var pointForm = document.getElementById("point-form");
  var moveForm = document.getElementById("move-form");
  var dragging = null;
  // The click that follows a drag's (or a tap's) release belongs to it: it adds no point.
  var releasedOnPoint = false;
  var DRAG_THRESHOLD = 1; // in map units: less than this is a tap on the point, not a drag

  function position(event) {
    var matrix = svg.getScreenCTM();
    if (!matrix) return null;
    var p = svg.createSVGPoint();
    p.x = event.clientX;
    p.y = event.clientY;
    var local = p.matrixTransform(matrix.inverse());
    var x = Math.min(100, Math.max(0, local.x));
    var y = Math.min(100, Math.max(0, local.y / yScale));
    return { x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10, svgY: local.y };
  }

  function setField(form, name, value) {
    var field = form.querySelector("[name='" + name + "']");
    if (field) field.value = value;
  }

  svg.addEventListener("click", function (event) {
    if (releasedOnPoint) {
      releasedOnPoint = false;
      return;
    }
    if (event.target.closest(".bm-point-link") || !pointForm) return;
    var at = position(event);
    if (!at) return;
    setField(pointForm, "point-x", at.x);
    setField(pointForm, "point-y", at.y);
    if (pointForm.requestSubmit) pointForm.requestSubmit(); else pointForm.submit();
  });

  svg.addEventListener("pointerdown", function (event) {
    var link = event.target.closest(".bm-point-link");
    if (!link) return;
    var circle = link.querySelector("circle");
    dragging = { link: link, circle: circle, start: position(event), moved: false };
    svg.setPointerCapture(event.pointerId);
    event.preventDefault();
  });

  svg.addEventListener("pointermove", function (event) {
    if (!dragging) return;
    var at = position(event);
    if (!at) return;
    if (Math.abs(at.x - dragging.start.x) + Math.abs(at.y - dragging.start.y) > DRAG_THRESHOLD) {
      dragging.moved = true;
    }
    dragging.circle.setAttribute("cx", at.x);
    dragging.circle.setAttribute("cy", at.svgY);
    dragging.at = at;
  });

  svg.addEventListener("pointerup", function () {
    if (!dragging) return;
    var drag = dragging;
    dragging = null;
    releasedOnPoint = true;
    if (!drag.moved || !drag.at) {
      window.location.href = drag.link.getAttribute("href"); // a tap on a point opens its form
      return;
    }
    moveForm.action = svg.dataset.moveUrl + drag.link.dataset.pointId + "/move/";
    setField(moveForm, "x", drag.at.x);
    setField(moveForm, "y", drag.at.y);
    moveForm.submit();
  });

  // The drag's own click must not follow the link; a keyboard's Enter still does.
  svg.addEventListener("click", function (event) {
    if (event.target.closest(".bm-point-link") && event.detail > 0) event.preventDefault();
  }, true);
})();
