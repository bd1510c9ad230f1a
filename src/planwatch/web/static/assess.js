// The enterprise assessment's charts (亩均, 梯度培育, 能耗), drawn from the JSON each page embeds in data-*
// attributes, with ECharts from /static/vendor. Class colours are read from the page's own badges (status.py).
"use strict";

(() => {
  const GRADES = ["A", "B", "C", "D", "不评价"];
  const FALLBACK = { A: "#2e7d32", B: "#1565c0", C: "#f9a825", D: "#c62828", 不评价: "#9e9e9e" };

  function colourOf(grade) {
    const probe = document.createElement("span");
    probe.className = `grade g-${grade === "不评价" ? "NOT_RATED" : grade}`;
    probe.style.display = "none";
    document.body.appendChild(probe);
    const colour = getComputedStyle(probe).backgroundColor;
    probe.remove();
    return colour && colour !== "rgba(0, 0, 0, 0)" ? colour : FALLBACK[grade];
  }

  function fmt(value, digits = 2) {
    if (value === null || value === undefined) return "—";
    return Number(value).toLocaleString("zh-CN", { maximumFractionDigits: digits });
  }

  function draw(node, option) {
    const chart = echarts.init(node, null, { renderer: "canvas" });
    chart.setOption({ animation: false, ...option });
    node.dataset.rendered = "true";
    window.addEventListener("resize", () => chart.resize());
  }

  function grades(node) {
    const counts = JSON.parse(node.dataset.grades);
    draw(node, {
      tooltip: { trigger: "item" },
      grid: { left: 40, right: 16, top: 24, bottom: 30 },
      xAxis: { type: "category", data: GRADES.map((g) => (g === "不评价" ? g : `${g}类`)) },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", data: GRADES.map((g) => ({ value: counts[g] || 0, itemStyle: { color: colourOf(g) } })), label: { show: true, position: "top" } }],
    });
  }

  function scatter(node) {
    const points = JSON.parse(node.dataset.scatter).filter((p) => p.tax_per_mu !== null && p.value_added_per_mu !== null);
    const series = GRADES.slice(0, 4).map((g) => ({
      name: `${g}类`,
      type: "scatter",
      symbolSize: 10,
      itemStyle: { color: colourOf(g), opacity: 0.85 },
      data: points.filter((p) => p.grade === g).map((p) => ({ value: [p.tax_per_mu, p.value_added_per_mu], name: p.name, list: p.list })),
    }));
    draw(node, {
      legend: { top: 0, right: 0 },
      tooltip: { trigger: "item", formatter: (p) => `${p.data.name}（${p.data.list}）<br>亩均税收 ${fmt(p.value[0])} 万元/亩<br>亩均增加值 ${fmt(p.value[1])} 万元/亩` },
      grid: { left: 64, right: 20, top: 36, bottom: 44 },
      xAxis: { type: "value", name: "亩均税收（万元/亩）", nameLocation: "middle", nameGap: 26, scale: true },
      yAxis: { type: "value", name: "亩均增加值（万元/亩）", nameLocation: "middle", nameGap: 46, scale: true },
      series,
    });
  }

  function items(node) {
    const rows = JSON.parse(node.dataset.items);
    draw(node, {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 110, right: 24, top: 32, bottom: 24 },
      xAxis: { type: "value", name: "分" },
      yAxis: { type: "category", data: rows.map((r) => r.indicator), inverse: true },
      series: [
        { name: "权重（达到基准的得分）", type: "bar", data: rows.map((r) => r.weight), itemStyle: { color: "#cfd8dc" }, barGap: "-100%" },
        { name: "本企业得分", type: "bar", data: rows.map((r) => Number(r.score.toFixed(2))), itemStyle: { color: "#1565c0" } },
      ],
    });
  }

  function funnel(node) {
    const rows = JSON.parse(node.dataset.funnel);
    const parts = [
      ["holds", "已认定", "#1565c0"],
      ["meets", "已达到条件", "#2e7d32"],
      ["close", "接近", "#f9a825"],
      ["far", "差距较大", "#cfd8dc"],
    ];
    draw(node, {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 100, right: 20, top: 36, bottom: 24 },
      xAxis: { type: "value", name: "家", minInterval: 1 },
      yAxis: { type: "category", data: rows.map((r) => r.tier), inverse: true },
      series: parts.map(([key, name, colour]) => ({ name, type: "bar", stack: "all", data: rows.map((r) => r[key]), itemStyle: { color: colour } })),
    });
  }

  function trend(node) {
    const target = JSON.parse(node.dataset.intensity);
    const years = Object.keys(target.series).map(Number).sort();
    const base = target.series[String(target.base_year)];
    const series = [{ name: "实际（分品种折标）", type: "line", data: years.map((y) => [y, target.series[String(y)]]), symbolSize: 8, lineStyle: { width: 3 }, itemStyle: { color: "#1565c0" } }];
    if (base !== undefined && target.goal_change !== null && target.target_year) {
      const goal = base * (1 + target.goal_change / 100);
      series.push({ name: "目标路径", type: "line", data: [[target.base_year, base], [target.target_year, goal]], lineStyle: { type: "dashed", color: "#9e9e9e" }, itemStyle: { color: "#9e9e9e" } });
    }
    draw(node, {
      legend: { top: 0 },
      tooltip: { trigger: "item", formatter: (p) => `${p.seriesName}<br>${p.value[0]}年：${fmt(p.value[1], 4)} 吨标准煤/万元` },
      grid: { left: 60, right: 20, top: 36, bottom: 30 },
      xAxis: { type: "value", min: years[0], max: Math.max(target.target_year || 0, years[years.length - 1]), minInterval: 1, axisLabel: { formatter: (y) => `${y}年` } },
      yAxis: { type: "value", scale: true },
      series,
    });
  }

  function fuels(node) {
    const groups = JSON.parse(node.dataset.fuels);
    const names = [...new Set(groups.flatMap((g) => Object.keys(g.by_fuel)))];
    draw(node, {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 70, right: 20, top: 36, bottom: 30 },
      xAxis: { type: "category", data: groups.map((g) => g.org), axisLabel: { interval: 0, overflow: "truncate", width: 90 } },
      yAxis: { type: "value" },
      series: names.map((name) => ({ name, type: "bar", stack: "fuel", data: groups.map((g) => (g.by_fuel[name] ? Number(g.by_fuel[name].tce_calorific.toFixed(1)) : 0)) })),
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    const kinds = { grades, scatter, items, funnel, intensity: trend, fuels };
    for (const [key, make] of Object.entries(kinds)) {
      document.querySelectorAll(`[data-${key}]`).forEach(make);
    }
  });
})();
