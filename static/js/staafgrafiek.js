// Bar charts (Chart.js) for every canvas with data-chart-data: the id of a json_script element
// holding {labels, reeksen: [{label, data}], horizontaal?}. The table beside each chart stays
// the accessible source. data-schaal="meting" draws a measurement's scale (1-5, two series: a
// 0- and a 1-measurement); otherwise counts from zero, several series in their own colours.
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") {
    return;
  }
  var KLEUREN = {
    meting: ["#6c757d", "#198754"],
    aantallen: ["#198754", "#0d6efd", "#fd7e14", "#6f42c1", "#20c997", "#6c757d"],
  };
  function opties(schaal, data) {
    if (schaal === "meting") {
      return {
        responsive: true,
        maintainAspectRatio: false,
        scales: { y: { min: 0, max: 5, ticks: { stepSize: 1 } } },
      };
    }
    return {
      indexAxis: data.horizontaal ? "y" : "x",
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: data.reeksen.length > 1 } },
      scales: {
        x: { beginAtZero: true, ticks: { precision: 0 } },
        y: { beginAtZero: true, ticks: { precision: 0 } },
      },
    };
  }
  document.querySelectorAll("canvas[data-chart-data]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.chartData);
    if (!source) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var schaal = canvas.dataset.schaal === "meting" ? "meting" : "aantallen";
    var kleuren = KLEUREN[schaal];
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.reeksen.map(function (reeks, index) {
          return {
            label: reeks.label,
            data: reeks.data,
            backgroundColor: kleuren[index % kleuren.length],
          };
        }),
      },
      options: opties(schaal, data),
    });
  });
})();
