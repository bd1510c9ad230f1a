// planwatch 驾驶舱: draws the charts from the JSON each page embeds (data-* attributes), with ECharts
// served from /static/vendor. No inline scripts, no requests beyond this server.
"use strict";

const STATUS_COLOURS = { line: "#1565c0", path: "#9e9e9e", band: "rgba(239,108,0,0.25)", forecast: "#ef6c00" };

function number(value) {
  if (value === null || value === undefined) return "—";
  return Number(value).toLocaleString("zh-CN", { maximumFractionDigits: 2 });
}

function sparkline(node) {
  const series = JSON.parse(node.dataset.spark);
  const chart = echarts.init(node, null, { renderer: "svg" });
  chart.setOption({
    animation: false,
    grid: { left: 2, right: 2, top: 4, bottom: 4 },
    xAxis: { type: "category", show: false, boundaryGap: false, data: series.map((p) => p.period) },
    yAxis: { type: "value", show: false, scale: true },
    series: [{ type: "line", data: series.map((p) => p.value), symbol: "none", lineStyle: { width: 2, color: STATUS_COLOURS.line } }],
  });
  node.dataset.rendered = "true";
}

function timeLabel(time) {
  // A point's time is the moment its figure holds: 2021.0 is the end of 2020.
  const year = Math.floor(time - 1e-9);
  const month = Math.round((time - year) * 12);
  return month >= 12 ? `${year}年` : `${year}年${month}月`;
}

function indicatorChart(node) {
  const data = JSON.parse(node.dataset.indicator);
  const chart = echarts.init(node, null, { renderer: "canvas" });
  const series = [
    { name: "实际值", type: "line", data: data.actual.map((p) => [p.time, p.value]), symbolSize: 8, lineStyle: { width: 3 }, itemStyle: { color: STATUS_COLOURS.line } },
  ];
  if (data.path.length) {
    series.push({ name: "目标路径", type: "line", data: data.path.map((p) => [p.time, p.value]), lineStyle: { type: "dashed", color: STATUS_COLOURS.path }, itemStyle: { color: STATUS_COLOURS.path } });
  }
  if (data.forecast) {
    const last = data.actual[data.actual.length - 1];
    const f = data.forecast;
    series.push({ name: "趋势预测", type: "line", data: [last ? [last.time, last.value] : null, [f.time, f.value]].filter(Boolean), lineStyle: { type: "dotted", color: STATUS_COLOURS.forecast }, itemStyle: { color: STATUS_COLOURS.forecast } });
    if (f.low !== null && f.high !== null) {
      series.push({ name: "90%区间", type: "line", data: [[f.time, f.low], [f.time, f.high]], symbol: "rect", symbolSize: [14, 2], lineStyle: { width: 10, color: STATUS_COLOURS.band }, itemStyle: { color: STATUS_COLOURS.forecast } });
    }
  }
  chart.setOption({
    animation: false,
    tooltip: { trigger: "item", formatter: (p) => `${p.seriesName}<br>${timeLabel(p.value[0])}：${number(p.value[1])}${data.unit || ""}` },
    legend: { top: 0 },
    grid: { left: 60, right: 20, top: 40, bottom: 40 },
    xAxis: { type: "value", scale: true, minInterval: 1, axisLabel: { formatter: (t) => timeLabel(t) } },
    yAxis: { type: "value", scale: true, name: data.unit || "" },
    series,
  });
  node.dataset.rendered = "true";
  window.addEventListener("resize", () => chart.resize());
}

function seriesChart(node) {
  const data = JSON.parse(node.dataset.series);
  const chart = echarts.init(node, null, { renderer: "canvas" });
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis" },
    grid: { left: 60, right: 20, top: 32, bottom: 30 },
    xAxis: { type: "category", data: data.points.map((p) => p.period) },
    yAxis: { type: "value", name: data.unit || "" },
    series: [{ name: data.element, type: "bar", data: data.points.map((p) => p.value), itemStyle: { color: STATUS_COLOURS.line } }],
  });
  node.dataset.rendered = "true";
  window.addEventListener("resize", () => chart.resize());
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-spark]").forEach(sparkline);
  document.querySelectorAll("[data-indicator]").forEach(indicatorChart);
  document.querySelectorAll("[data-series]").forEach(seriesChart);
  document.querySelectorAll("[data-autosubmit]").forEach((node) => node.addEventListener("change", () => node.form.submit()));
});
