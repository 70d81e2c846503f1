// The "Bezig met ..." page: asks the job's status every second and updates the bar, the counts
// and the time left, then offers the file (or the failure and "Opnieuw proberen"); a page that
// shows the job's result itself (data-herlaad) is loaded again instead. No inline script: the
// page's CSP allows only our own files.
(function () {
  "use strict";
  var root = document.getElementById("taak");
  if (!root) return;
  var url = root.getAttribute("data-status-url");
  var tekstRegels = root.getAttribute("data-tekst-regels");
  var tekstResterend = root.getAttribute("data-tekst-resterend");

  function veld(naam) { return root.querySelector('[data-veld="' + naam + '"]'); }

  // The job's message line by line, as the server writes it (linebreaksbr): a refused import
  // lists one problem a line.
  function tekstMetRegels(el, tekst) {
    el.textContent = "";
    (tekst || "").split("\n").forEach(function (regel, i) {
      if (i) el.appendChild(document.createElement("br"));
      el.appendChild(document.createTextNode(regel));
    });
  }

  function toon(s) {
    veld("status_label").textContent = s.status_label;
    var balk = veld("balk");
    if (s.procent !== null) { balk.value = s.procent; balk.textContent = s.procent + "%"; }
    veld("regels").textContent = s.totaal ? tekstRegels.replace("GEDAAN", s.gedaan).replace("TOTAAL", s.totaal) : "";
    veld("procent").textContent = s.procent !== null ? "(" + s.procent + "%)" : "";
    veld("resterend").textContent = s.resterend_s !== null ? tekstResterend.replace("SECONDEN", s.resterend_s) : "";
    var afgelopen = s.status === "klaar" || s.status === "mislukt";
    // a page that shows the job's result itself (the workbook check) reloads to show it
    if (afgelopen && root.hasAttribute("data-herlaad")) { window.location.reload(); return true; }
    // "Bezig met ..." no longer: the title alone, as the page shows a finished job
    var kop = document.querySelector("[data-taak-kop]");
    if (afgelopen && kop) kop.textContent = root.getAttribute("data-titel");
    if (s.status === "klaar") {
      veld("klaar").hidden = false;
      var melding = veld("klaar_melding");
      tekstMetRegels(melding, s.melding);
      melding.hidden = !s.melding;
      if (s.bestand) { var a = veld("bestand"); a.href = s.bestand; a.hidden = false; a.focus(); }
    }
    if (s.status === "mislukt") {
      veld("mislukt").hidden = false;
      tekstMetRegels(veld("melding"), s.melding);
    }
    return afgelopen;
  }

  function vraag() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (s) { if (!toon(s)) window.setTimeout(vraag, 1000); })
      .catch(function () { window.setTimeout(vraag, 3000); });
  }

  var status = root.getAttribute("data-status");
  if (status === "wacht" || status === "bezig") window.setTimeout(vraag, 500);
})();
