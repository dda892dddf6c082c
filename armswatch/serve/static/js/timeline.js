// The timeline: events per month stacked by type; dragging across it picks a period that the other views then show.
"use strict";

(function () {
  const aw = window.armswatch;
  const box = document.getElementById("timeline");
  const status = document.getElementById("brush-status");
  const links = document.getElementById("brush-links");
  const width = 960;
  const height = 320;
  const margin = { top: 10, right: 10, bottom: 30, left: 36 };

  function lastDay(month) {
    const [y, m] = month.split("-").map(Number);
    return month + "-" + String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, "0");
  }

  function choose(months, a, b) {
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    const filters = aw.currentFilters();
    filters.set("since", months[lo] + "-01");
    filters.set("until", lastDay(months[hi]));
    status.textContent = "period " + months[lo] + " to " + months[hi];
    for (const link of links.querySelectorAll("a[data-view]")) link.setAttribute("href", aw.withFilters(link.dataset.view, filters));
    links.hidden = false;
    aw.carryFilters(filters);  // the navigation now leads to the other views with this period
    window.history.replaceState(null, "", aw.withFilters("/timeline", filters));
  }

  async function draw() {
    const data = await aw.getJSON(aw.withFilters("/api/timeline", aw.currentFilters()));
    const months = data.months;
    if (!months.length) {
      status.textContent = "no dated events";
      box.dataset.ready = "true";
      return;
    }
    const index = new Map(months.map((m, i) => [m, i]));
    const stacks = months.map(() => ({}));
    for (const c of data.counts) stacks[index.get(c.month)][c.type] = c.events;
    const totals = stacks.map((s) => Object.values(s).reduce((a, b) => a + b, 0));
    const most = Math.max(1, ...totals);
    const plotW = width - margin.left - margin.right;
    const plotH = height - margin.top - margin.bottom;
    const bw = plotW / months.length;
    const y = (n) => (n / most) * plotH;

    const svg = d3.select(box).append("svg").attr("viewBox", "0 0 " + width + " " + height).attr("role", "img")
      .attr("aria-label", "events per month by type");
    const plot = svg.append("g").attr("transform", "translate(" + margin.left + "," + margin.top + ")");
    const bars = [];
    months.forEach((month, i) => {
      let base = 0;
      for (const type of data.types) {
        const n = stacks[i][type] || 0;
        if (!n) continue;
        bars.push({ month, type, n, x: i * bw, y: plotH - y(base + n), h: y(n) });
        base += n;
      }
    });
    plot.selectAll("rect.bar").data(bars).join("rect")
      .attr("class", (d) => "bar stage-" + d.type)
      .attr("x", (d) => d.x + 0.5).attr("width", Math.max(1, bw - 1))
      .attr("y", (d) => d.y).attr("height", (d) => d.h)
      .append("title").text((d) => d.month + ": " + d.n + " " + d.type);
    const step = Math.max(1, Math.ceil(months.length / 12));
    plot.selectAll("text.axis").data(months.filter((m, i) => i % step === 0)).join("text")
      .attr("class", "axis").attr("x", (m) => index.get(m) * bw).attr("y", plotH + 16).text((m) => m);
    plot.append("text").attr("class", "axis").attr("x", -30).attr("y", 10).text(String(most));

    // Brushing by hand: press, drag, release over the months.
    const brush = plot.append("rect").attr("class", "brush").attr("y", 0).attr("height", plotH).attr("width", 0);
    const overlay = plot.append("rect").attr("width", plotW).attr("height", plotH).attr("fill", "transparent");
    let start = null;
    const monthAt = (event) => {
      const [px] = d3.pointer(event, plot.node());
      return Math.min(months.length - 1, Math.max(0, Math.floor(px / bw)));
    };
    const show = (a, b) => brush.attr("x", Math.min(a, b) * bw).attr("width", (Math.abs(b - a) + 1) * bw);
    overlay.on("pointerdown", (event) => { start = monthAt(event); show(start, start); })
      .on("pointermove", (event) => { if (start !== null) show(start, monthAt(event)); })
      .on("pointerup", (event) => { if (start !== null) { choose(months, start, monthAt(event)); start = null; } });
    box.dataset.ready = "true";
    box.dataset.months = String(months.length);
  }

  draw().catch(function (error) {
    status.textContent = "the timeline could not be drawn: " + error.message;
    box.dataset.ready = "error";
  });
})();
