// The map: world-atlas country shapes drawn with d3-geo, one arc per supplier -> recipient from /api/map.
"use strict";

(function () {
  const aw = window.armswatch;
  const box = document.getElementById("map");
  const status = document.getElementById("map-status");
  const width = 960;
  const height = 500;

  function arcPath(projection, from, to) {
    const [x0, y0] = projection(from);
    const [x1, y1] = projection(to);
    const dx = x1 - x0;
    const dy = y1 - y0;
    const bend = 0.25;  // the control point sits off the chord, so arcs both ways between two parties do not overlap
    const cx = (x0 + x1) / 2 - dy * bend;
    const cy = (y0 + y1) / 2 + dx * bend;
    return "M" + x0 + "," + y0 + "Q" + cx + "," + cy + " " + x1 + "," + y1;
  }

  async function draw() {
    const filters = aw.currentFilters();
    const [world, numeric, data] = await Promise.all([
      aw.getJSON("/static/vendor/countries-110m.json"),
      aw.getJSON("/api/countries"),
      aw.getJSON(aw.withFilters(box.dataset.api, filters)),
    ]);
    const projection = d3.geoNaturalEarth1().fitSize([width, height], { type: "Sphere" });
    const path = d3.geoPath(projection);
    const svg = d3.select(box).append("svg").attr("viewBox", "0 0 " + width + " " + height).attr("role", "img")
      .attr("aria-label", "map of supplier to recipient arcs");
    const countries = topojson.feature(world, world.objects.countries).features;
    svg.append("g").selectAll("path").data(countries).join("path")
      .attr("class", "country")
      .attr("d", path)
      .attr("data-iso3", (d) => numeric[d.id] || "")
      .on("click", function (event, d) {
        const iso3 = numeric[d.id];
        if (iso3) window.location.assign("/actors/" + encodeURIComponent(iso3));
      })
      .append("title").text((d) => (d.properties && d.properties.name) || "");

    const arcs = svg.append("g").attr("class", "arcs");
    arcs.selectAll("path").data(data.dyads).join("path")
      .attr("class", (d) => "arc stage-" + d.stage + (d.contested ? " contested" : ""))
      .attr("d", (d) => arcPath(projection, d.supplier_lonlat, d.recipient_lonlat))
      .attr("stroke-width", (d) => 1.2 + 1.4 * Math.sqrt(d.outlets))
      .attr("data-supplier", (d) => d.supplier)
      .attr("data-recipient", (d) => d.recipient)
      .on("click", (event, d) => window.location.assign(d.events_page))
      .append("title").text((d) => d.supplier_name + " → " + d.recipient_name + ": " + d.stage + " (" + d.events + " events, " + d.outlets + " outlets)");
    svg.append("g").selectAll("circle").data(data.dyads).join("circle")
      .attr("class", "end").attr("r", 2.2)
      .attr("cx", (d) => projection(d.recipient_lonlat)[0]).attr("cy", (d) => projection(d.recipient_lonlat)[1]);

    const unplaced = d3.select("#unplaced");
    unplaced.selectAll("li").data(data.unplaced).join("li").text((d) => d.supplier_name + " → " + d.recipient_name + " (" + d.stage + ")");
    status.textContent = data.dyads.length + " dyads on the map" + (data.unplaced.length ? ", " + data.unplaced.length + " without a place" : "");
    box.dataset.ready = "true";
    box.dataset.arcs = String(data.dyads.length);
  }

  draw().catch(function (error) {
    status.textContent = "the map could not be drawn: " + error.message;
    box.dataset.ready = "error";
  });
})();
