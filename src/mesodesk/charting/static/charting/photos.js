/* The photographs' slider: the left photograph laid over the right one, shown up to the
   slider's position (without this script the two are still side by side above). */
(function () {
  "use strict";
  var range = document.getElementById("slider-position");
  var over = document.querySelector("#photo-slider .photo-over");
  if (!range || !over) return;
  function show() { over.style.clipPath = "inset(0 " + (100 - Number(range.value)) + "% 0 0)"; }
  range.addEventListener("input", show);
  show();
})();
