// The main menu's groups are <details>: they open and close by mouse, finger and keyboard without
// this script. It only tidies up: one group open at a time, and Escape or a click elsewhere
// closes it (Escape puts the focus back on the group's name).
(function () {
  "use strict";
  var groepen = document.querySelectorAll(".menu-groep > details");
  if (!groepen.length) return;

  function sluit(behalve) {
    groepen.forEach(function (d) { if (d !== behalve) d.open = false; });
  }

  groepen.forEach(function (d) {
    d.addEventListener("toggle", function () { if (d.open) sluit(d); });
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape") return;
    groepen.forEach(function (d) {
      if (d.open) {
        d.open = false;
        if (d.contains(document.activeElement)) d.querySelector("summary").focus();
      }
    });
  });
  document.addEventListener("click", function (ev) {
    groepen.forEach(function (d) { if (d.open && !d.contains(ev.target)) d.open = false; });
  });
})();
