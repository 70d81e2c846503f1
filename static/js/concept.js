// Nothing typed is lost: a form with data-concept keeps what is typed in it as a draft in this
// browser's localStorage, and puts it back when the form is opened again (after the idle logout
// and a new login, say). A draft never leaves the device: the only way it reaches the server is
// the form's own submission. It belongs to one user: the page names its user by a key that names
// no one (<body data-concept-eigenaar>), and every page removes the drafts of any other key, so
// the next user of a shared computer never sees them. A draft goes when the server has stored the
// form (the next page names it in data-concepten-opgeslagen), at logout, and after 24 hours.
(function () {
  "use strict";
  var PREFIX = "samenvooruit.concept:";
  var BEWAAR_MS = 24 * 60 * 60 * 1000;
  var body = document.body;
  var eigenaar = body.getAttribute("data-concept-eigenaar");
  var opslag;
  try {
    opslag = window.localStorage;
    opslag.getItem(PREFIX); // a browser that blocks storage throws here
  } catch (e) {
    return;
  }
  if (!eigenaar) return; // not logged in: leave every draft until its owner logs in again

  function sleutels() {
    var lijst = [];
    for (var i = 0; i < opslag.length; i++) {
      var k = opslag.key(i);
      if (k && k.indexOf(PREFIX) === 0) lijst.push(k);
    }
    return lijst;
  }

  function lees(sleutel) {
    try {
      return JSON.parse(opslag.getItem(sleutel));
    } catch (e) {
      return null;
    }
  }

  // Drafts of another user, too old, or unreadable: gone.
  sleutels().forEach(function (k) {
    var c = lees(k);
    if (!c || c.eigenaar !== eigenaar || !(Date.now() - c.tijd < BEWAAR_MS)) opslag.removeItem(k);
  });
  // Forms the server just stored: their drafts are done.
  (body.getAttribute("data-concepten-opgeslagen") || "").split(" ").forEach(function (pad) {
    if (!pad) return;
    sleutels().forEach(function (k) {
      var c = lees(k);
      if (c && c.pad === pad) opslag.removeItem(k);
    });
  });

  var uitgelogd = false;
  document.querySelectorAll("form[data-uitloggen]").forEach(function (form) {
    form.addEventListener("submit", function () {
      uitgelogd = true;
      sleutels().forEach(function (k) { opslag.removeItem(k); });
    });
  });

  function velden(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      var soort = (el.type || "").toLowerCase();
      return el.name && el.name !== "csrfmiddlewaretoken" &&
        ["hidden", "password", "file", "submit", "button", "reset", "image"].indexOf(soort) < 0;
    });
  }

  function waarde(el) {
    if (el.type === "checkbox" || el.type === "radio") return el.checked;
    if (el.type === "select-multiple") {
      return Array.prototype.filter.call(el.options, function (o) { return o.selected; })
        .map(function (o) { return o.value; });
    }
    return el.value;
  }

  function zet(el, w) {
    if (el.type === "checkbox" || el.type === "radio") el.checked = !!w;
    else if (el.type === "select-multiple") {
      Array.prototype.forEach.call(el.options, function (o) {
        o.selected = w.indexOf(o.value) >= 0;
      });
    } else el.value = w;
  }

  function id(el, i) { return el.name + "#" + i; } // radios and checkboxes share a name

  function stand(form) {
    var s = {};
    velden(form).forEach(function (el, i) { s[id(el, i)] = waarde(el); });
    return s;
  }

  function gelijk(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  function meld(form, tekst, knopTekst, opKnop) {
    var vak = document.createElement("div");
    vak.className = "alert alert-info d-flex flex-wrap align-items-center gap-2 concept-melding";
    vak.setAttribute("role", "status");
    var p = document.createElement("p");
    p.className = "mb-0 me-auto";
    vak.appendChild(p);
    if (knopTekst) {
      var knop = document.createElement("button");
      knop.type = "button";
      knop.className = "btn btn-sm btn-outline-dark btn-tap";
      knop.textContent = knopTekst;
      knop.addEventListener("click", function () { opKnop(); vak.remove(); });
      vak.appendChild(knop);
    }
    form.parentNode.insertBefore(vak, form);
    // the text after the region is in place, so that a screen reader announces it
    window.setTimeout(function () { p.textContent = tekst; }, 50);
  }

  document.querySelectorAll("form[data-concept]").forEach(function (form) {
    var pad = window.location.pathname;
    var sleutel = PREFIX + pad + "|" + form.getAttribute("data-concept");
    var begin = stand(form); // as the server sent the form
    var concept = lees(sleutel);
    var basis = {}; // the draft's fields, as far as the form shows them now
    if (concept && concept.eigenaar === eigenaar) {
      basis = concept.velden;
      var terug = false;
      velden(form).forEach(function (el, i) {
        var k = id(el, i);
        if (k in concept.velden && !gelijk(concept.velden[k], waarde(el))) {
          zet(el, concept.velden[k]);
          terug = true;
        }
      });
      if (terug) {
        var tijd = new Date(concept.tijd);
        var uur = ("0" + tijd.getHours()).slice(-2) + ":" + ("0" + tijd.getMinutes()).slice(-2);
        meld(form, form.getAttribute("data-concept-terug").replace("TIJD", uur),
          form.getAttribute("data-concept-weggooien"), function () {
            opslag.removeItem(sleutel);
            basis = {};
            velden(form).forEach(function (el, i) { zet(el, begin[id(el, i)]); });
          });
      }
    }

    var wacht = null;
    function bewaar() {
      wacht = null;
      if (uitgelogd) return;
      var nu = stand(form);
      var anders = {};
      var iets = false;
      Object.keys(nu).forEach(function (k) {
        // what differs from the form as the server sent it; and what the draft put back or the
        // server sent back unchanged (a refused submission shows what was typed)
        if (!gelijk(nu[k], begin[k]) || (k in basis && gelijk(basis[k], nu[k]))) {
          anders[k] = nu[k];
          iets = true;
        }
      });
      if (!iets) { opslag.removeItem(sleutel); return; }
      try {
        opslag.setItem(sleutel, JSON.stringify({
          eigenaar: eigenaar, pad: pad, tijd: Date.now(), velden: anders
        }));
      } catch (e) { /* storage full: the form itself still works */ }
    }
    function later() {
      if (wacht) window.clearTimeout(wacht);
      wacht = window.setTimeout(bewaar, 300);
    }
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    // the latest text, also when the session has just ended and the submission meets the login
    form.addEventListener("submit", function () {
      if (wacht) window.clearTimeout(wacht);
      bewaar();
      // tells the server this form keeps a draft: once stored, the next page says so
      if (!form.querySelector('input[name="_concept"]')) {
        var merk = document.createElement("input");
        merk.type = "hidden";
        merk.name = "_concept";
        merk.value = "1";
        form.appendChild(merk);
      }
    });
    window.addEventListener("pagehide", function () { if (wacht) bewaar(); });
  });
})();
