// The signal form's help-request field: as one types a reference on the last line, the help
// requests the user may see are offered (hulpvragen:hulpvraag_zoeken) as buttons that complete
// that line. Without this script the field still works: one types the references by hand.
(function () {
  "use strict";
  var veld = document.querySelector("textarea[data-zoek-url]");
  if (!veld || !window.fetch) {
    return;
  }
  var lijst = document.createElement("div");
  lijst.className = "d-flex flex-wrap gap-1 mt-1";
  lijst.setAttribute("aria-live", "polite");
  veld.insertAdjacentElement("afterend", lijst);
  var timer = null;

  function regels() {
    return veld.value.split("\n");
  }

  function kies(label) {
    var r = regels();
    r[r.length - 1] = label;
    veld.value = r.join("\n") + "\n";
    lijst.replaceChildren();
    veld.focus();
  }

  function toon(labels) {
    lijst.replaceChildren();
    labels.forEach(function (label) {
      var knop = document.createElement("button");
      knop.type = "button";
      knop.className = "btn btn-sm btn-outline-secondary";
      knop.textContent = label;
      knop.addEventListener("click", function () { kies(label); });
      lijst.appendChild(knop);
    });
  }

  function zoek() {
    var r = regels();
    var term = r[r.length - 1].trim();
    if (term.length < 2) {
      lijst.replaceChildren();
      return;
    }
    var url = veld.dataset.zoekUrl + "?q=" + encodeURIComponent(term);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (antwoord) { return antwoord.ok ? antwoord.json() : { resultaten: [] }; })
      .then(function (data) { toon(data.resultaten); })
      .catch(function () { lijst.replaceChildren(); });
  }

  veld.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(zoek, 250);
  });
})();
