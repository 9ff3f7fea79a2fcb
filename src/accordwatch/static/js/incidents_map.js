// The incident map: the admin-1 polygons as the base layer (no tile server needed), shaded
// by the number of filtered incidents per region, and the incidents' points clustered.
// The region counts come from the page (json_script); the points are fetched after the page
// from the GeoJSON API with the page's filters (``points_url``), as the reader: the API
// gives them only what they may see. Every text is put in with textContent, never as HTML,
// so nothing in an incident can run here.
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

  function popup(properties, data) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = data.detail.replace("DATASET", encodeURIComponent(properties.dataset))
      .replace("EVENT", encodeURIComponent(properties.event_id));
    var kind = data.types[properties.event_type] || properties.event_type || "";
    link.textContent = properties.event_date + " · " + kind;
    box.appendChild(link);
    var line = document.createElement("div");
    line.textContent = (properties.location || "") +
      (properties.fatalities ? " · " + properties.fatalities + " " + data.labels.fatalities : "");
    box.appendChild(line);
    return box;
  }

  // The newest points (one more than the limit is asked for, to know whether there are
  // more), clustered once the map has its view (``fitted``); the page's note says when
  // only some are shown.
  function points(element, map, data, fitted) {
    var asked = fetch(data.points_url, {
      credentials: "same-origin", headers: { Accept: "application/geo+json" },
    }).then(function (response) {
      if (!response.ok) throw new Error("points: HTTP " + response.status);
      return response.json();
    });
    // Without the boundaries (see data-error) the points still go on, framed by themselves.
    Promise.all([asked, fitted.then(function () { return true; }, function () { return false; })])
      .then(function (answers) {
        var collection = answers[0];
        var cluster = window.L.markerClusterGroup({
          chunkedLoading: true, showCoverageOnHover: false,
        });
        var features = collection.features.slice(0, data.limit);
        var markers = features.map(function (feature) {
          var where = feature.geometry.coordinates; // [longitude, latitude]
          var marker = window.L.circleMarker([where[1], where[0]], {
            radius: 5, color: "#8a1c1c", weight: 1, fillColor: "#d55e00", fillOpacity: 0.9,
          });
          marker.bindPopup(function () { return popup(feature.properties, data); });
          return marker;
        });
        if (!answers[1] && markers.length) {
          map.fitBounds(window.L.latLngBounds(markers.map(function (m) { return m.getLatLng(); })));
        }
        cluster.addLayers(markers);
        map.addLayer(cluster);
        var capped = document.querySelector("[data-map-capped]");
        if (capped) capped.hidden = collection.features.length <= data.limit;
        element.setAttribute("data-points", String(markers.length));
      })
      .catch(function (error) { element.setAttribute("data-points-error", String(error)); });
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
    var fitted = fetch(data.boundaries).then(function (response) { return response.json(); })
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
      });
    fitted.catch(function (error) { element.setAttribute("data-error", String(error)); });
    points(element, map, data, fitted);
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
