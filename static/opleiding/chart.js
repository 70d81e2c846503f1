// Bar charts for the measurements. Data comes from a json_script element named in
// data-chart-data on the canvas; the table next to it stays the accessible source.
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") {
    return;
  }
  var COLOURS = ["#6c757d", "#198754"];
  document.querySelectorAll("canvas[data-chart-data]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.chartData);
    if (!source) {
      return;
    }
    var data = JSON.parse(source.textContent);
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.reeksen.map(function (reeks, index) {
          return {
            label: reeks.label,
            data: reeks.data,
            backgroundColor: COLOURS[index % COLOURS.length],
          };
        }),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        scales: { y: { min: 0, max: 5, ticks: { stepSize: 1 } } },
      },
    });
  });
})();
