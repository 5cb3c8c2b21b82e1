/* The transparency dashboard's charts (/transparansi/), drawn with the vendored
   Chart.js from the data the page passes through json_script ("stats-charts").
   Every chart has its table beside it, so nothing is lost without this script. */
(function () {
  "use strict";

  var BRAND = "#6b3a12";
  var ACCENT = "#1e7b34";
  var lang = document.documentElement.lang || "id";
  var numbers = new Intl.NumberFormat(lang === "en" ? "en" : "id-ID", { maximumFractionDigits: 1 });

  function short(value) {
    // Axis ticks: Rp15 M, Rp400 jt; the tables keep the exact amounts.
    var units = lang === "en" ? [[1e12, " T"], [1e9, " bn"], [1e6, " m"]] : [[1e12, " T"], [1e9, " M"], [1e6, " jt"]];
    for (var i = 0; i < units.length; i += 1) {
      if (Math.abs(value) >= units[i][0]) { return numbers.format(value / units[i][0]) + units[i][1]; }
    }
    return numbers.format(value);
  }

  function formatter(kind) {
    if (kind === "rupiah") { return function (v) { return "Rp" + short(v); }; }
    if (kind === "percent") { return function (v) { return numbers.format(v) + " %"; }; }
    return function (v) { return numbers.format(v); };
  }

  function draw(spec) {
    var canvas = document.getElementById(spec.id);
    if (!canvas || !spec.values.length) { return; }
    var horizontal = spec.type === "bar";
    var box = canvas.parentElement;
    box.style.height = (horizontal ? Math.max(160, spec.values.length * 30 + 60) : 300) + "px";
    var format = formatter(spec.kind);
    var valueAxis = { beginAtZero: true, ticks: { callback: format, maxTicksLimit: 6, maxRotation: 0 } };
    if (spec.kind === "percent") { valueAxis.max = 100; } // a share is read against the whole
    // Long category names are cut to fit a phone ("Perlengkapan & peralatan kan…");
    // the tooltip and the table beside the chart keep them whole.
    var longest = box.clientWidth < 480 ? 18 : 34;
    var labelAxis = { ticks: { autoSkip: !horizontal, callback: function (value) {
      var label = String(this.getLabelForValue(value));
      return label.length > longest ? label.slice(0, longest - 1) + "\u2026" : label;
    } } };
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: spec.labels,
        datasets: [{
          label: spec.label,
          data: spec.values,
          backgroundColor: spec.id === "chart-micro_small" ? [ACCENT, "#9a9a9a"] : BRAND,
          borderRadius: 3
        }]
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: function (item) { return spec.label + ": " + format(item.raw); } } }
        },
        scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis }
      }
    });
    canvas.setAttribute("data-drawn", "true");
  }

  function start() {
    var source = document.getElementById("stats-charts");
    if (!source || !window.Chart) { return; }
    JSON.parse(source.textContent).forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
