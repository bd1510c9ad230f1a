// 产业链 pages: each chain drawn as its links in order (upstream → downstream) with ECharts' graph
// series, served from /static/vendor. Link colour says the gap: green has a 规上 enterprise, orange
// 强链 (only small ones), red 补链, purple 延链. Vertical on narrow screens. No inline scripts.
"use strict";

const GAP_COLOURS = { null: "#2e7d32", 强链: "#ef6c00", 补链: "#c62828", 延链: "#6a1b9a" };

function wrap(text, width) {
  const lines = [];
  for (let i = 0; i < text.length; i += width) lines.push(text.slice(i, i + width));
  return lines.join("\n");
}

function chainFlow(node) {
  const chain = JSON.parse(node.dataset.chain);
  const count = chain.links.length;
  const vertical = node.clientWidth < 520;
  const rowHeight = 84;
  if (vertical) node.style.height = `${count * rowHeight + 16}px`;
  const chart = echarts.init(node, null, { renderer: "svg" });
  // Links sit on a hidden grid at 0, 1, 2 …: sizes stay in pixels whatever the box (no zooming to fit).
  const width = vertical ? Math.min(node.clientWidth - 24, 320) : Math.min(node.clientWidth / count - 36, 190);
  const height = vertical ? 46 : 64;
  const data = chain.links.map((link, index) => {
    const people = link.enterprises.length + (link.hidden || 0);
    const large = link.members.filter((m) => m.large).length;
    return {
      name: link.name,
      value: vertical ? [0, index] : [index, 0],
      symbol: "roundRect",
      symbolSize: [width, height],
      itemStyle: { color: GAP_COLOURS[link.gap] || GAP_COLOURS.null },
      label: {
        show: true, color: "#fff", fontSize: 12, lineHeight: 15, overflow: "break", width: width - 10,
        formatter: `${link.name.replace(/（.*）/, "")}\n企业${people}（规上${large}） 项目${link.projects.length}`,
      },
      tooltip: { formatter: `${link.name}<br>${link.stage}；企业 ${people} 家（规上 ${large}）；项目 ${link.projects.length} 个${link.gap ? "；" + link.gap : ""}` },
    };
  });
  const edges = chain.links.slice(1).map((link, index) => ({ source: chain.links[index].name, target: link.name }));
  // The edges run from centre to centre, under the links: an arrow halfway shows the direction.
  chain.links.slice(1).forEach((link, index) => {
    data.push({
      name: `→${index}`,
      value: vertical ? [0, index + 0.5] : [index + 0.5, 0],
      symbol: "arrow",
      symbolSize: [14, 14],
      symbolRotate: vertical ? 180 : -90,
      itemStyle: { color: "#52606d" },
      label: { show: false },
      tooltip: { show: false },
    });
  });
  const axis = (size) => ({ type: "value", show: false, min: -0.5, max: size - 0.5 });
  chart.setOption({
    animation: false,
    tooltip: {},
    grid: { left: 8, right: 8, top: 4, bottom: 4 },
    xAxis: axis(vertical ? 1 : count),
    yAxis: { ...axis(vertical ? count : 1), inverse: true },
    series: [{
      type: "graph", coordinateSystem: "cartesian2d", data, links: edges,
      lineStyle: { color: "#52606d", width: 2 },
    }],
  });
  node.dataset.rendered = "true";
  window.addEventListener("resize", () => chart.resize());
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-chain]").forEach(chainFlow);
});
