// planwatch 驾驶舱: draws the charts from the JSON each page embeds (data-* attributes), with ECharts
// served from /static/vendor. No inline scripts, no requests beyond this server.
"use strict";

const COLOURS = { line: "#1565c0", path: "#757575", band: "rgba(239,108,0,0.25)", forecast: "#ef6c00",
  soFar: "#90caf9", up: "#2e7d32", down: "#c62828", none: "#9e9e9e", brand: "#b71c1c" };
const FONT = '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif';

function number(value, digits = 2) {
  if (value === null || value === undefined) return "—";
  return Number(value).toLocaleString("zh-CN", { maximumFractionDigits: digits });
}

function drawn(node, chart) {
  node.dataset.rendered = "true";
  window.addEventListener("resize", () => chart.resize());
}

function sparkline(node) {
  const series = JSON.parse(node.dataset.spark);
  const chart = echarts.init(node, null, { renderer: "svg" });
  chart.setOption({
    animation: false,
    grid: { left: 2, right: 2, top: 4, bottom: 4 },
    xAxis: { type: "category", show: false, boundaryGap: false, data: series.map((p) => p.period) },
    yAxis: { type: "value", show: false, scale: true },
    series: [{ type: "line", data: series.map((p) => p.value), symbol: "none", lineStyle: { width: 2, color: COLOURS.line } }],
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
    { name: "实际值", type: "line", data: data.actual.map((p) => [p.time, p.value]), symbolSize: 8, lineStyle: { width: 3 }, itemStyle: { color: COLOURS.line },
      label: { show: data.actual.length <= 12, position: "top", formatter: (p) => number(p.value[1]) } },
  ];
  if (data.path.length) {
    series.push({ name: "目标路径", type: "line", data: data.path.map((p) => [p.time, p.value]), lineStyle: { type: "dashed", color: COLOURS.path }, itemStyle: { color: COLOURS.path },
      label: { show: true, position: "top", formatter: (p) => (p.dataIndex === data.path.length - 1 ? `目标 ${number(p.value[1])}` : "") } });
  }
  if (data.forecast) {
    const last = data.actual[data.actual.length - 1];
    const f = data.forecast;
    series.push({ name: "趋势预测", type: "line", data: [last ? [last.time, last.value] : null, [f.time, f.value]].filter(Boolean), lineStyle: { type: "dotted", color: COLOURS.forecast }, itemStyle: { color: COLOURS.forecast } });
    if (f.low !== null && f.high !== null) {
      series.push({ name: "90%区间", type: "line", data: [[f.time, f.low], [f.time, f.high]], symbol: "rect", symbolSize: [14, 2], lineStyle: { width: 10, color: COLOURS.band }, itemStyle: { color: COLOURS.forecast } });
    }
  }
  chart.setOption({
    animation: false,
    textStyle: { fontFamily: FONT },
    tooltip: { trigger: "item", formatter: (p) => `${p.seriesName}<br>${timeLabel(p.value[0])}：${number(p.value[1])}${data.unit || ""}` },
    legend: { top: 0 },
    grid: { left: 56, right: 24, top: node.clientWidth < 500 ? 64 : 44, bottom: 36 },
    xAxis: { type: "value", scale: true, minInterval: 1, axisLabel: { formatter: (t) => timeLabel(t) } },
    yAxis: { type: "value", scale: true, name: data.unit || "" },
    series,
  });
  drawn(node, chart);
}

function seriesChart(node) {
  // An enterprise's monthly figure: this year's months against last year's (同比 at a glance).
  const data = JSON.parse(node.dataset.series);
  const byYear = {};
  data.points.filter((p) => p.period.length === 7).forEach((p) => {
    const [year, month] = p.period.split("-");
    (byYear[year] = byYear[year] || Array(12).fill(null))[Number(month) - 1] = p.value;
  });
  const years = Object.keys(byYear).sort().slice(-2);
  const chart = echarts.init(node, null, { renderer: "canvas" });
  chart.setOption({
    animation: false,
    textStyle: { fontFamily: FONT },
    tooltip: { trigger: "axis", valueFormatter: (v) => `${number(v)}${data.unit || ""}` },
    legend: { top: 0 },
    grid: { left: 56, right: 16, top: 36, bottom: 28 },
    xAxis: { type: "category", data: Array.from({ length: 12 }, (_, i) => `${i + 1}月`) },
    yAxis: { type: "value", name: data.unit || "" },
    series: years.map((year, i) => ({ name: `${year}年`, type: i === years.length - 1 ? "bar" : "line", data: byYear[year],
      itemStyle: { color: i === years.length - 1 ? COLOURS.line : COLOURS.path }, lineStyle: { type: "dashed" } })),
  });
  drawn(node, chart);
}

function trendChart(node) {
  // Whole years as bars with their values, this year so far beside them, and the straight path to the target.
  const data = JSON.parse(node.dataset.trend);
  const labels = data.years.map((p) => `${p.year}`);
  const actual = data.years.map((p) => p.value);
  const path = data.path.map((p) => p.value);
  const soFar = labels.map(() => null);
  const r = data.running;
  if (r && r.value !== null && r.period.length === 7) {
    const at = labels.indexOf(r.period.slice(0, 4));
    if (at >= 0 && actual[at] === null) soFar[at] = r.value;
  }
  const hasSoFar = soFar.some((v) => v !== null);
  const soFarName = hasSoFar ? `当年累计（${r.label.replace(/^\d+年/, "")}）` : "当年累计";
  const valueLabel = { show: true, position: "top", fontSize: 10, formatter: (p) => (p.value === null ? "" : number(p.value, 1)) };
  const series = [
    { name: "实际（全年）", type: "bar", data: actual, barMaxWidth: 28, itemStyle: { color: COLOURS.line }, label: valueLabel },
    { name: "目标路径", type: "line", data: path, symbol: "circle", symbolSize: 4, lineStyle: { type: "dashed", color: COLOURS.path }, itemStyle: { color: COLOURS.path },
      label: { show: true, position: "top", fontSize: 10, formatter: (p) => (p.dataIndex === path.length - 1 ? `目标${number(p.value, 1)}` : "") } },
  ];
  if (hasSoFar) {
    series.splice(1, 0, { name: soFarName, type: "bar", data: soFar, barGap: "-100%", barMaxWidth: 28, itemStyle: { color: COLOURS.soFar }, label: valueLabel });
  }
  const chart = echarts.init(node, null, { renderer: "svg" });
  chart.setOption({
    animation: false,
    textStyle: { fontFamily: FONT },
    tooltip: { trigger: "axis", valueFormatter: (v) => (v === null || v === undefined ? "—" : `${number(v)}${data.unit}`) },
    legend: { top: 0, itemWidth: 14, itemHeight: 8, textStyle: { fontSize: 11 } },
    grid: { left: 48, right: 12, top: 34, bottom: 24 },
    xAxis: { type: "category", data: labels, axisLabel: { fontSize: 11 } },
    yAxis: { type: "value", name: data.unit, nameTextStyle: { fontSize: 11, align: "left" }, axisLabel: { fontSize: 11 } },
    series,
  });
  drawn(node, chart);
}

function parkMap(node) {
  // A schematic of the parks (no map tiles, nothing from outside): the park system in the middle, its parks around it.
  const parks = JSON.parse(node.dataset.map);
  if (!parks.length) return;
  const root = parks.find((p) => !p.parent) || parks[0];
  const children = parks.filter((p) => p !== root);
  const biggest = Math.max(1, ...parks.map((p) => p.output || 0));
  const size = (p) => 26 + 44 * Math.sqrt((p.output || 0) / biggest);
  const colour = (p) => (p.growth === null || p.growth === undefined ? COLOURS.none : p.growth >= 0 ? COLOURS.up : COLOURS.down);
  const label = (p) => (p.output === null || p.output === undefined ? p.name : `${p.name}\n${number(p.output)}亿元`);
  const nodes = [{ name: root.name, x: 0, y: 0, symbolSize: size(root) + 10, link: root.link, value: root.output,
    itemStyle: { color: colour(root), borderColor: root.current ? COLOURS.brand : "#fff", borderWidth: root.current ? 4 : 1 }, label: { formatter: label(root) } }];
  children.forEach((p, i) => {
    // One or two parks side by side with their system; more around it (a degenerate layout draws nothing).
    const angle = children.length <= 2 ? Math.PI * i : (2 * Math.PI * (i + 0.5)) / children.length - Math.PI / 2;
    nodes.push({ name: p.name, x: Math.cos(angle) * 100, y: children.length <= 2 ? 0 : Math.sin(angle) * 80, symbolSize: size(p), link: p.link, value: p.output,
      itemStyle: { color: colour(p), borderColor: p.current ? COLOURS.brand : "#fff", borderWidth: p.current ? 4 : 1 }, label: { formatter: label(p) } });
  });
  // The drawing keeps the frame's 3:2 shape (ECharts would stretch it, circles and all, to a wide box),
  // and two invisible corners fix the frame (a layout whose nodes share a row would be stretched too).
  const frame = () => {
    const height = Math.max(node.clientHeight - 90, 60);
    const width = Math.min(node.clientWidth - 150, height * 1.5);
    const side = Math.max((node.clientWidth - width) / 2, 10);
    return { top: 40, bottom: 50, left: side, right: side };
  };
  const corner = { symbolSize: 0, label: { show: false }, itemStyle: { opacity: 0 }, tooltip: { show: false }, silent: true };
  nodes.push({ ...corner, name: "\u200b", x: -150, y: -100 }, { ...corner, name: "\u200b\u200b", x: 150, y: 100 });
  const chart = echarts.init(node, null, { renderer: "svg" });
  chart.setOption({
    animation: false,
    textStyle: { fontFamily: FONT },
    tooltip: { formatter: (p) => (p.dataType === "node" ? `${p.name}<br>产值 ${p.value === null || p.value === undefined ? "—" : number(p.value) + "亿元"}` : "") },
    series: [{
      type: "graph", layout: "none", roam: false, ...frame(),
      label: { show: true, position: "bottom", fontSize: 11, lineHeight: 15, color: "#1f2933" },
      lineStyle: { color: "#b0bec5", width: 2 },
      data: nodes,
      links: children.map((p) => ({ source: p.parent && nodes.some((n) => n.name === p.parent) ? p.parent : root.name, target: p.name })),
    }],
  });
  chart.on("click", (p) => { if (p.dataType === "node" && p.data.link) window.location.href = p.data.link; });
  node.dataset.rendered = "true";
  window.addEventListener("resize", () => { chart.setOption({ series: [frame()] }); chart.resize(); });
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-spark]").forEach(sparkline);
  document.querySelectorAll("[data-indicator]").forEach(indicatorChart);
  document.querySelectorAll("[data-series]").forEach(seriesChart);
  document.querySelectorAll("[data-trend]").forEach(trendChart);
  document.querySelectorAll("[data-map]").forEach(parkMap);
  // Changing the plan drops a park chosen for the previous plan (before the form is sent).
  document.querySelectorAll("form.context select[name=plan]").forEach((node) => node.addEventListener("change", () => {
    const park = node.form.querySelector("select[name=park]");
    if (park) park.value = "";
  }));
  document.querySelectorAll("[data-autosubmit]").forEach((node) => node.addEventListener("change", () => node.form.submit()));
  // 视为更正 asks for a reason: the box is required only while the correction is ticked.
  document.querySelectorAll("[data-needs-reason]").forEach((box) => {
    const reason = document.getElementById(box.dataset.needsReason);
    const sync = () => { reason.required = box.checked; reason.closest(".reason").hidden = !box.checked; };
    box.addEventListener("change", sync);
    sync();
  });
});
