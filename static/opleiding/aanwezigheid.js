// Attendance screen: one tap stores the status without reloading the page.
// Without JavaScript every button is a plain form submit, so the page works either way.
(function () {
  "use strict";
  var ACTIVE = {
    aanwezig: "btn-success",
    afwezig_met_bericht: "btn-warning",
    afwezig: "btn-danger",
  };

  function paint(form, status) {
    form.dataset.huidig = status;
    form.querySelectorAll("button[data-status]").forEach(function (button) {
      var on = button.dataset.status === status;
      button.classList.remove("btn-success", "btn-warning", "btn-danger", "btn-outline-secondary");
      button.classList.add(on ? ACTIVE[button.dataset.status] : "btn-outline-secondary");
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }

  document.querySelectorAll("form.aanwezigheid-form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (!button || !button.dataset.status || !window.fetch) {
        return; // fall back to the normal form post
      }
      event.preventDefault();
      var data = new FormData(form);
      data.set("status", button.dataset.status);
      var previous = form.dataset.huidig;
      paint(form, button.dataset.status);
      fetch(form.action || window.location.href, {
        method: "POST",
        body: data,
        headers: { "X-Requested-With": "fetch" },
        credentials: "same-origin",
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
        })
        .catch(function () {
          // Let the server answer with a normal page and its message.
          paint(form, previous);
          var field = document.createElement("input");
          field.type = "hidden";
          field.name = "status";
          field.value = button.dataset.status;
          form.appendChild(field);
          form.submit();
        });
    });
  });
})();
