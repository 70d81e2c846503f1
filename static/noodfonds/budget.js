// Bar chart of granted and paid amounts per period; data from the page's json_script.
(function () {
  "use strict";
  var canvas = document.getElementById("periode-grafiek");
  var source = document.getElementById("periode-data");
  if (!canvas || !source || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  if (!data.labels.length) {
    canvas.parentElement.hidden = true;
    return;
  }
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        { label: data.toegekend_label, data: data.toegekend, backgroundColor: "#198754" },
        { label: data.uitbetaald_label, data: data.uitbetaald, backgroundColor: "#6c757d" },
      ],
    },
    options: { responsive: true, maintainAspectRatio: false },
  });
})();
