// The idle logout, announced: data-waarschuwing seconds before the session ends (the server says
// how many seconds it has left, data-seconden) a dialog says when, and offers "Blijf ingelogd",
// which asks the server to count again (POST, with the form's CSRF token). When the time is up
// the page goes to the login, which brings the user back here afterwards; what was typed in a
// form waits on the device (concept.js). Tabs of the same user share the latest end they know of, so a page
// open in one tab does not warn while the user works in another.
(function () {
  "use strict";
  var root = document.getElementById("sessie");
  if (!root) return;
  var venster = root.querySelector("[role=alertdialog]");
  var tekst = document.getElementById("sessie-tekst");
  var form = venster.querySelector("form");
  var knop = form.querySelector("button");
  var waarschuwing = Number(root.getAttribute("data-waarschuwing")) * 1000;
  var MARGE = 2000; // past the end by this much, the server has certainly ended the session
  var SLEUTEL = "samenvooruit.sessie-einde";
  var eigenaar = document.body.getAttribute("data-concept-eigenaar") || "";
  var eigen = Date.now() + Number(root.getAttribute("data-seconden")) * 1000;
  var timer = null;
  var terugFocus = null;

  function gedeeld() {
    try {
      var s = JSON.parse(window.localStorage.getItem(SLEUTEL));
      return s && s.eigenaar === eigenaar ? s.einde : 0;
    } catch (e) {
      return 0;
    }
  }

  function deel(einde) {
    try {
      window.localStorage.setItem(SLEUTEL, JSON.stringify({ eigenaar: eigenaar, einde: einde }));
    } catch (e) { /* no storage: this tab counts alone */ }
  }

  function einde() { return Math.max(eigen, gedeeld()); }

  function klok(ms) {
    var t = new Date(ms);
    return ("0" + t.getHours()).slice(-2) + ":" + ("0" + t.getMinutes()).slice(-2);
  }

  function toon(e) {
    if (!venster.hidden) return;
    terugFocus = document.activeElement;
    venster.hidden = false;
    tekst.textContent = "";
    // the text after the dialog is shown, so that the live region announces it
    window.setTimeout(function () {
      tekst.textContent = tekst.getAttribute("data-tekst").replace("TIJD", klok(e));
    }, 50);
    knop.focus();
  }

  function verberg() {
    if (venster.hidden) return;
    venster.hidden = true;
    tekst.textContent = "";
    if (terugFocus && terugFocus.focus && document.contains(terugFocus)) terugFocus.focus();
    terugFocus = null;
  }

  function uitgelogd() {
    var hier = window.location.pathname + window.location.search;
    window.location.assign(root.getAttribute("data-inloggen") + "?next=" +
      encodeURIComponent(hier) + "&verlopen=1");
  }

  function kijk() {
    window.clearTimeout(timer);
    var nu = Date.now();
    var e = einde();
    if (nu >= e + MARGE) {
      uitgelogd();
    } else if (nu >= e - waarschuwing) {
      toon(e);
      timer = window.setTimeout(kijk, Math.min(e + MARGE - nu, 5000));
    } else {
      verberg();
      // at least once a minute: another tab may have moved the end
      timer = window.setTimeout(kijk, Math.min(e - waarschuwing - nu, 60000));
    }
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    window.fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    }).then(function (r) {
      if (r.status === 401) { uitgelogd(); return; }
      if (!r.ok) return; // try again with the button; at the end the login comes anyway
      return r.json().then(function (d) {
        eigen = Date.now() + d.seconden * 1000;
        deel(eigen);
        kijk();
      });
    }).catch(function () { /* offline: the dialog stays, the end stays */ });
  });

  window.addEventListener("storage", function (ev) { if (ev.key === SLEUTEL) kijk(); });
  document.addEventListener("visibilitychange", function () { if (!document.hidden) kijk(); });
  deel(einde());
  kijk();
})();
