// Draws a signature on the canvas and puts it, as a PNG data URL, in the form's hidden field.
(function () {
  var canvas = document.getElementById("signature-pad");
  var field = document.getElementById("id_signature");
  if (!canvas || !field) return;
  var context = canvas.getContext("2d");
  context.lineWidth = 2.5; context.lineCap = "round"; context.strokeStyle = "#111";
  var drawing = false, drawn = false;
  function point(event) {
    var box = canvas.getBoundingClientRect();
    return [(event.clientX - box.left) * canvas.width / box.width, (event.clientY - box.top) * canvas.height / box.height];
  }
  canvas.addEventListener("pointerdown", function (event) {
    drawing = true; canvas.setPointerCapture(event.pointerId);
    var p = point(event); context.beginPath(); context.moveTo(p[0], p[1]);
  });
  canvas.addEventListener("pointermove", function (event) {
    if (!drawing) return;
    var p = point(event); context.lineTo(p[0], p[1]); context.stroke(); drawn = true;
  });
  function finish() { if (drawing) { drawing = false; if (drawn) field.value = canvas.toDataURL("image/png"); } }
  canvas.addEventListener("pointerup", finish);
  canvas.addEventListener("pointercancel", finish);
  document.getElementById("signature-clear").addEventListener("click", function () {
    context.clearRect(0, 0, canvas.width, canvas.height); field.value = ""; drawn = false;
  });
})();
