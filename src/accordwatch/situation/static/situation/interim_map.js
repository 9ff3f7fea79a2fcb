// The interim administrations map: the admin-1 polygons (no tile server needed) coloured
// by the status of each region's interim administration; regions without a polygon (the
// 2016 regions) as coloured points. Data comes from the page (json_script); every text
// goes in with textContent, never as HTML.
(function () {
  "use strict";
  var NONE = "#f7f7f7";

  // Spellings differ between sources (Tombouctou / Timbuktu, Ségou / Segou).
  function nameKey(name) {
    var key = String(name || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase().replace(/[^a-z]/g, "").replace(/ou/g, "o");
    return { timbkt: "tombcto", timbukt: "tombcto" }[key] || key;
  }

  function tooltip(text) {
    var label = document.createElement("span");
    label.textContent = text;
    return label;
  }

  function draw(element) {
    if (typeof window.L === "undefined") return;
    var data = JSON.parse(document.getElementById(element.getAttribute("data-status-map")).textContent);
    var byName = {};
    data.regions.forEach(function (region) {
      byName[nameKey(region.name)] = region;
      (region.alternate_names || []).forEach(function (other) { byName[nameKey(other)] = region; });
    });
    var map = window.L.map(element, { scrollWheelZoom: false, minZoom: 4, maxZoom: 12 });
    map.attributionControl.setPrefix(false);
    if (data.tiles) {
      var credit = document.createElement("span");
      credit.textContent = data.tiles_attribution || "";
      window.L.tileLayer(data.tiles, { attribution: credit.innerHTML }).addTo(map);
    }
    var drawn = {};
    fetch(data.boundaries).then(function (response) { return response.json(); })
      .then(function (geojson) {
        var layer = window.L.geoJSON(geojson, {
          attribution: '<a href="https://www.geoboundaries.org/">geoBoundaries</a> (CC BY 4.0)',
          style: function (feature) {
            var region = byName[nameKey(feature.properties.shapeName)];
            var colour = region ? data.colours[region.status] : NONE;
            return { color: "#4a5560", weight: 1, fillColor: colour, fillOpacity: 0.8 };
          },
          onEachFeature: function (feature, shape) {
            var region = byName[nameKey(feature.properties.shapeName)];
            if (region) drawn[region.name] = true;
            shape.bindTooltip(tooltip(feature.properties.shapeName + ": " +
              (region ? region.label : data.none_label)), { sticky: true });
          },
        }).addTo(map);
        map.fitBounds(layer.getBounds());
        data.regions.forEach(function (region) {
          if (drawn[region.name] || region.lat === null || region.lon === null) return;
          window.L.circleMarker([region.lat, region.lon], {
            radius: 9, color: "#1b1f23", weight: 1,
            fillColor: data.colours[region.status], fillOpacity: 0.95,
          }).bindTooltip(tooltip(region.name + ": " + region.label)).addTo(map);
        });
        element.setAttribute("data-rendered", "true");
      }).catch(function (error) { element.setAttribute("data-error", String(error)); });
  }

  function start() {
    document.querySelectorAll("[data-status-map]").forEach(draw);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
