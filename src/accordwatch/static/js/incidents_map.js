// The incident map: the admin-1 polygons as the base layer (no tile server needed), shaded
// by the number of filtered incidents per region, and the incidents' points clustered.
// Data comes from the page (json_script); every text is put in with textContent, never as
// HTML, so nothing in an incident can run here.
(function () {
  "use strict";
  var SHADES = ["#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b"];

  // Region names differ in spelling between sources (Koulikoro / Koulikouro, Ségou /
  // Segou, Timbuktu / Tombouctou): compare them without accents, case or "ou".
  function nameKey(name) {
    var key = String(name || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase().replace(/[^a-z]/g, "").replace(/ou/g, "o");
    return { timbkt: "tombcto", timbukt: "tombcto" }[key] || key;
  }

  function shade(count, max) {
    if (!count) return SHADES[0];
    var step = Math.ceil((count / max) * (SHADES.length - 1));
    return SHADES[Math.min(Math.max(step, 1), SHADES.length - 1)];
  }

  function popup(point, detailUrl, labels) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = detailUrl.replace("DATASET", encodeURIComponent(point[2]))
      .replace("EVENT", encodeURIComponent(point[3]));
    link.textContent = point[4] + " · " + point[5];
    box.appendChild(link);
    var line = document.createElement("div");
    line.textContent = (point[7] || "") + (point[6] ? " · " + point[6] + " " + labels.fatalities : "");
    box.appendChild(line);
    return box;
  }

  // The shades and the counts they stand for (the same steps as ``shade``).
  function legend(max) {
    var control = window.L.control({ position: "bottomleft" });
    control.onAdd = function () {
      var box = window.L.DomUtil.create("div", "map-legend");
      box.setAttribute("dir", "ltr"); // ranges such as "1–35" read left to right on RTL pages
      SHADES.forEach(function (colour, step) {
        if (step > 0 && !max) return;
        var low = step === 0 ? 0 : Math.floor(((step - 1) / (SHADES.length - 1)) * max) + 1;
        var high = step === 0 ? 0 : Math.floor((step / (SHADES.length - 1)) * max);
        if (step > 0 && low > high) return;
        var row = window.L.DomUtil.create("div", "", box);
        var swatch = window.L.DomUtil.create("span", "map-legend__swatch", row);
        swatch.style.background = colour;
        row.appendChild(document.createTextNode(low === high ? String(low) : low + "–" + high));
      });
      return box;
    };
    return control;
  }

  function draw(element) {
    if (typeof window.L === "undefined") return;
    var data = JSON.parse(document.getElementById(element.getAttribute("data-map")).textContent);
    var counts = {};
    var max = 0;
    Object.keys(data.regions).forEach(function (name) {
      var key = nameKey(name);
      counts[key] = (counts[key] || 0) + data.regions[name];
      max = Math.max(max, counts[key]);
    });
    // Without tiles nothing sets the zoom range, and the clusters need one.
    var map = window.L.map(element, {
      scrollWheelZoom: false, preferCanvas: true, minZoom: 4, maxZoom: 14,
    });
    map.attributionControl.setPrefix(false);
    if (data.tiles) {
      // Leaflet writes attributions as HTML: the operator's text is escaped first.
      var credit = document.createElement("span");
      credit.textContent = data.tiles_attribution || "";
      window.L.tileLayer(data.tiles, { attribution: credit.innerHTML }).addTo(map);
    }
    fetch(data.boundaries).then(function (response) { return response.json(); })
      .then(function (geojson) {
        var regions = window.L.geoJSON(geojson, {
          attribution: '<a href="https://www.geoboundaries.org/">geoBoundaries</a> (CC BY 4.0)',
          style: function (feature) {
            var n = counts[nameKey(feature.properties.shapeName)] || 0;
            return { color: "#4a5560", weight: 1, fillColor: shade(n, max), fillOpacity: 0.75 };
          },
          onEachFeature: function (feature, layer) {
            var n = counts[nameKey(feature.properties.shapeName)] || 0;
            var label = document.createElement("span");
            label.textContent = feature.properties.shapeName + ": " +
              (n ? n + " " + data.labels.incidents : data.labels.none);
            layer.bindTooltip(label, { sticky: true });
          },
        }).addTo(map);
        map.fitBounds(regions.getBounds());
        legend(max).addTo(map);
        element.setAttribute("data-rendered", "true");
      }).catch(function (error) { element.setAttribute("data-error", String(error)); });
    var cluster = window.L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false });
    data.points.forEach(function (point) {
      var marker = window.L.circleMarker([point[0], point[1]], {
        radius: 5, color: "#8a1c1c", weight: 1, fillColor: "#d55e00", fillOpacity: 0.9,
      });
      marker.bindPopup(function () { return popup(point, data.detail, data.labels); });
      cluster.addLayer(marker);
    });
    map.addLayer(cluster);
  }

  function start() {
    document.querySelectorAll("[data-map]").forEach(draw);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
