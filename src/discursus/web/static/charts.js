// Draws the charts page's charts (their JSON in data blocks, which a browser never runs)
// with Plotly, served by the app. A click on a point follows its link: a document, the
// documents of a year, a concordance (links are the app's own paths, nothing else).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("div.plot[data-chart]").forEach(function (div) {
    var chart = JSON.parse(document.getElementById(div.dataset.chart).textContent);
    var figure = chart.figure;
    Plotly.newPlot(div, figure.data, figure.layout, {responsive: true, displaylogo: false});
    div.on("plotly_click", function (event) {
      var point = event.points[0], links = chart.links[point.curveNumber];
      if (!links) return;
      var index = point.pointIndex, link = Array.isArray(index) ? links[index[0]][index[1]] : links[index];
      if (typeof link === "string" && link.charAt(0) === "/" && link.charAt(1) !== "/") {
        window.location.href = link;
      }
    });
  });
});
