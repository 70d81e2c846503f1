// Bar charts beside the report's tables. The data comes from the json_script element named in
// data-chart-data on each canvas; the table next to it stays the accessible source.
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") {
    return;
  }
  var COLOURS = ["#198754", "#0d6efd", "#fd7e14", "#6f42c1", "#20c997", "#6c757d"];
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
        indexAxis: data.horizontaal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: data.reeksen.length > 1 } },
        scales: {
          x: { beginAtZero: true, ticks: { precision: 0 } },
          y: { beginAtZero: true, ticks: { precision: 0 } },
        },
      },
    });
  });
})();
