// 指标体系确认: the items beside the plan's text. Focus or hover an item and its line lights up in the text;
// click a line and its items light up; keys move through the items; a sentence selected in the text becomes a
// new target; the formula field is checked as it is typed. No inline scripts, nothing fetched from elsewhere.
"use strict";

(() => {
  const items = () => Array.from(document.querySelectorAll("article.item"));
  const pane = document.getElementById("lines");
  const source = document.getElementById("source");
  const addForm = document.getElementById("add-form");
  const addBox = document.getElementById("add");
  const floating = document.getElementById("add-selection");

  function sideBySide() {
    return window.matchMedia("(min-width: 901px)").matches;
  }

  function lightLine(number, scroll) {
    document.querySelectorAll(".ln.hl").forEach((n) => n.classList.remove("hl"));
    const line = document.getElementById(`L${number}`);
    if (!line) return;
    line.classList.add("hl");
    if (scroll && pane && source && source.open && sideBySide()) {
      pane.scrollTop = line.offsetTop - pane.offsetTop - pane.clientHeight / 3;
    }
  }

  function select(item, focus) {
    items().forEach((n) => n.classList.toggle("on", n === item));
    lightLine(item.dataset.line, true);
    if (focus) {
      item.focus({ preventScroll: true });
      item.scrollIntoView({ block: "nearest" });
    }
  }

  function move(item, step) {
    const all = items();
    const next = all[Math.min(Math.max(all.indexOf(item) + step, 0), all.length - 1)];
    if (next) select(next, true);
  }

  function fillAdd(line, text) {
    if (!addForm || !addBox) return;
    addForm.elements.line.value = line;
    addForm.elements.text.value = text;
    addBox.open = true;
    addBox.scrollIntoView({ block: "start" });
    addForm.elements.name.focus();
  }

  function selectionInSource() {
    const picked = window.getSelection();
    if (!picked || picked.isCollapsed || !pane) return null;
    const start = picked.anchorNode && (picked.anchorNode.nodeType === 1 ? picked.anchorNode : picked.anchorNode.parentElement);
    const line = start && start.closest(".ln");
    if (!line || !pane.contains(line)) return null;
    return { line: line.dataset.line, text: picked.toString().trim() };
  }

  document.addEventListener("DOMContentLoaded", () => {
    if (source && !sideBySide()) source.open = false; // on a phone each item quotes its own line
    items().forEach((item) => {
      item.addEventListener("focus", () => select(item, false));
      item.addEventListener("mouseenter", () => lightLine(item.dataset.line, false));
      item.addEventListener("keydown", (event) => {
        if (event.target !== item) return;
        const details = item.querySelector("details.edit");
        if (event.key === "ArrowDown" || event.key === "j") { move(item, 1); event.preventDefault(); }
        else if (event.key === "ArrowUp" || event.key === "k") { move(item, -1); event.preventDefault(); }
        else if (event.key === "Enter" && details) {
          details.open = true;
          const first = details.querySelector("input:not([type=hidden]), select, textarea");
          if (first) first.focus();
          event.preventDefault();
        }
      });
      item.addEventListener("keydown", (event) => {
        if (event.key !== "Escape") return;
        const details = item.querySelector("details.edit");
        if (details) details.open = false;
        item.focus();
      });
    });
    document.querySelectorAll("a.line").forEach((link) => link.addEventListener("click", (event) => {
      const line = document.getElementById(`L${link.dataset.line}`);
      if (!line) return;
      event.preventDefault();
      if (source) source.open = true;
      lightLine(link.dataset.line, true);
      if (!sideBySide()) line.scrollIntoView({ block: "center" });
    }));
    if (pane) pane.addEventListener("click", (event) => {
      if (selectionInSource()) return;
      const line = event.target.closest(".ln");
      if (!line) return;
      lightLine(line.dataset.line, false);
      const numbers = (line.dataset.items || "").split(" ").filter(Boolean);
      if (numbers.length) {
        const first = document.getElementById(`item-${numbers[0]}`);
        if (first) select(first, true);
      } else if (addBox && addBox.open) {
        fillAdd(line.dataset.line, line.querySelector(".tx").textContent.trim());
      }
    });
    document.addEventListener("selectionchange", () => {
      const picked = selectionInSource();
      if (!floating) return;
      if (!picked || !picked.text) { floating.hidden = true; return; }
      const box = window.getSelection().getRangeAt(0).getBoundingClientRect();
      floating.style.left = `${Math.max(8, Math.min(box.left, window.innerWidth - 180))}px`;
      floating.style.top = `${Math.min(box.bottom + 6, window.innerHeight - 40)}px`;
      floating.hidden = false;
    });
    if (floating) floating.addEventListener("mousedown", (event) => {
      const picked = selectionInSource();
      if (picked) fillAdd(picked.line, picked.text);
      floating.hidden = true;
      event.preventDefault();
    });
    document.addEventListener("keydown", (event) => {
      if (event.key !== "a" || event.target.closest("input, textarea, select")) return;
      const picked = selectionInSource();
      if (picked) { fillAdd(picked.line, picked.text); event.preventDefault(); }
    });
    document.querySelectorAll("form[data-confirm]").forEach((form) => form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    }));
    document.querySelectorAll("input[data-check]").forEach(checkAsTyped);
    const hash = window.location.hash.match(/^#item-(\d+)$/);
    if (hash) { const item = document.getElementById(`item-${hash[1]}`); if (item) select(item, true); }
  });

  function checkAsTyped(input) {
    const box = input.closest("form").querySelector(".check");
    const unit = input.closest("form").elements.formula_unit;
    let timer = null;
    let asked = 0;
    const run = async () => {
      const text = input.value.trim();
      if (!text) { box.textContent = ""; box.className = "check wide"; return; }
      const ticket = ++asked;
      const query = new URLSearchParams({ formula: text });
      if (unit && unit.value.trim()) query.set("unit", unit.value.trim());
      const response = await fetch(`${input.dataset.check}&${query}`, { headers: { Accept: "application/json" } });
      if (ticket !== asked) return;
      const data = await response.json();
      box.className = `check wide ${data.ok ? "ok" : "bad"}`;
      box.textContent = data.ok ? `${data.message}${data.org ? `；${data.org}最近几年：` : ""}` : (data.message || data.detail || "公式有误");
      if (data.ok && data.preview && data.preview.length) {
        const table = document.createElement("table");
        const head = table.insertRow();
        const values = table.insertRow();
        data.preview.forEach((p) => {
          head.insertCell().textContent = p.period;
          values.insertCell().textContent = p.value === null ? "—" : Number(p.value).toLocaleString("zh-CN", { maximumFractionDigits: 2 });
        });
        box.appendChild(table);
      } else if (data.ok) {
        box.appendChild(document.createTextNode("库中暂无数据"));
      }
    };
    const later = () => { clearTimeout(timer); timer = setTimeout(run, 400); };
    input.addEventListener("input", later);
    if (unit) unit.addEventListener("input", later);
  }
})();
