// The network: parties as nodes sized by their number of partners, one edge per stage, drawn by cytoscape.
"use strict";

(function () {
  const aw = window.armswatch;
  const box = document.getElementById("network");
  const status = document.getElementById("network-status");
  const COLOURS = {
    offer: "#9ecae1", interest: "#6baed6", request: "#4292c6", agreement: "#807dba", order: "#6a51a3",
    transfer: "#e6550d", production: "#a63603", use: "#cb181d", sanction: "#636363",
  };

  async function draw() {
    const data = await aw.getJSON(aw.withFilters("/api/network", aw.currentFilters()));
    const most = Math.max(1, ...data.nodes.map((n) => n.partners));
    const elements = [
      ...data.nodes.map((n) => ({ data: { id: n.id, label: n.name, partners: n.partners, kind: n.kind } })),
      ...data.edges.map((e) => ({ data: { id: e.id, source: e.source, target: e.target, type: e.type, events: e.events } })),
    ];
    const style = [
      { selector: "node", style: {
        label: "data(label)", "font-size": 10, "background-color": "#1f3a5f", color: "#1d2330",
        width: "mapData(partners, 1, " + most + ", 14, 54)", height: "mapData(partners, 1, " + most + ", 14, 54)",
      } },
      { selector: 'node[kind = "group"]', style: { "background-color": "#b45309", shape: "diamond" } },
      { selector: "edge", style: {
        width: "mapData(events, 1, 10, 1.5, 6)", "curve-style": "bezier", "target-arrow-shape": "triangle", opacity: 0.8,
      } },
    ];
    for (const [type, colour] of Object.entries(COLOURS)) {
      style.push({ selector: 'edge[type = "' + type + '"]', style: { "line-color": colour, "target-arrow-color": colour } });
    }
    const cy = cytoscape({ container: box, elements, style, layout: { name: "cose", animate: false, randomize: false } });
    cy.on("tap", "node", (event) => window.location.assign("/actors/" + encodeURIComponent(event.target.id())));
    status.textContent = data.nodes.length + " parties, " + data.edges.length + " edges";
    box.dataset.ready = "true";
    box.dataset.nodes = String(data.nodes.length);
    box.dataset.edges = String(data.edges.length);
  }

  draw().catch(function (error) {
    status.textContent = "the network could not be drawn: " + error.message;
    box.dataset.ready = "error";
  });
})();
