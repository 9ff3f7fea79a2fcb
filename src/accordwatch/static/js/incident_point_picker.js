// The point picker of the incident form: the admin-1 polygons as the base layer (no tile
// server needed) and one draggable marker. A click or a drag writes the latitude and
// longitude fields (and the region, when it is empty); typing coordinates or choosing a
// gazetteer place moves the marker. A point outside the country is flagged on the page
// (the server flags it again when saving). Texts are put in with textContent only.
(function () {
  "use strict";
  var DECIMALS = 5; // about a metre; the sources give four decimals at most

  // Region names differ in spelling between sources (Koulikoro / Koulikouro, Ségou /
  // Segou): compare them without accents, case or "ou", as the incident map does.
  function nameKey(name) {
    var key = String(name || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase().replace(/[^a-z]/g, "").replace(/ou/g, "o");
    return { timbkt: "tombcto", timbukt: "tombcto" }[key] || key;
  }

  // Ray casting on one ring of [lon, lat] pairs.
  function inRing(ring, lon, lat) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > lat) !== (yj > lat) && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) {
        inside = !inside;
      }
    }
    return inside;
  }

  function inPolygon(rings, lon, lat) {
    if (!inRing(rings[0], lon, lat)) return false;
    for (var k = 1; k < rings.length; k++) if (inRing(rings[k], lon, lat)) return false;
    return true;
  }

  // The region (feature name) holding the point, or null outside every polygon.
  function regionAt(geojson, lat, lon) {
    if (!geojson) return undefined;
    for (var f = 0; f < geojson.features.length; f++) {
      var geometry = geojson.features[f].geometry;
      var polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
      for (var p = 0; p < polygons.length; p++) {
        if (inPolygon(polygons[p], lon, lat)) return geojson.features[f].properties.shapeName;
      }
    }
    return null;
  }

  function draw(element) {
    if (typeof window.L === "undefined") return;
    var data = JSON.parse(document.getElementById(element.getAttribute("data-picker")).textContent);
    var form = element.closest("form");
    var latField = form.querySelector('input[name="latitude"]');
    var lonField = form.querySelector('input[name="longitude"]');
    var regionField = form.querySelector('input[name="admin1"]');
    var placeField = form.querySelector('select[name="place"]');
    var warning = document.getElementById("point-warning");
    var geojson = null;
    var autoRegion = null; // the region this script wrote, replaced on the next pick
    var regionNames = {};
    data.regions.forEach(function (name) { regionNames[nameKey(name)] = name; });

    var map = window.L.map(element, { scrollWheelZoom: false, minZoom: 4, maxZoom: 14 });
    map.attributionControl.setPrefix(false);
    map.setView([17.5, -2.0], 5);
    var marker = null;

    function outsideCountry(lat, lon) {
      var box = data.box;
      var inBox = lat >= box.south - box.margin && lat <= box.north + box.margin &&
        lon >= box.west - box.margin && lon <= box.east + box.margin;
      var region = regionAt(geojson, lat, lon);
      return region === undefined ? !inBox : region === null;
    }

    function check(lat, lon) {
      var outside = outsideCountry(lat, lon);
      warning.textContent = outside ? data.labels.outside : "";
      element.setAttribute("data-outside", outside ? "true" : "false");
    }

    function place(lat, lon, pan) {
      if (!marker) {
        var icon = window.L.icon({
          iconUrl: data.icon.url, iconRetinaUrl: data.icon.retina, shadowUrl: data.icon.shadow,
          iconSize: [25, 41], iconAnchor: [12, 41], shadowSize: [41, 41],
        });
        marker = window.L.marker([lat, lon], { draggable: true, autoPan: true, icon: icon })
          .addTo(map);
        marker.on("dragend", function () {
          var at = marker.getLatLng();
          pick(at.lat, at.lng);
        });
      } else {
        marker.setLatLng([lat, lon]);
      }
      if (pan && !map.getBounds().contains([lat, lon])) map.panTo([lat, lon]);
      check(lat, lon);
    }

    // A pick on the map writes the fields, and the region if the editor left it empty.
    function pick(lat, lon) {
      latField.value = lat.toFixed(DECIMALS);
      lonField.value = lon.toFixed(DECIMALS);
      place(lat, lon, false);
      var shape = regionAt(geojson, lat, lon);
      if (regionField && shape && (!regionField.value || regionField.value === autoRegion)) {
        autoRegion = regionNames[nameKey(shape)] || shape;
        regionField.value = autoRegion;
      }
      element.setAttribute("data-picked", latField.value + "," + lonField.value);
    }

    function typed() {
      var lat = parseFloat(latField.value), lon = parseFloat(lonField.value);
      if (isFinite(lat) && isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
        place(lat, lon, true);
      }
    }

    map.on("click", function (event) { pick(event.latlng.lat, event.latlng.lng); });
    latField.addEventListener("input", typed);
    lonField.addEventListener("input", typed);
    if (placeField) {
      placeField.addEventListener("change", function () {
        var point = data.places[placeField.value];
        if (!point) return;
        latField.value = point[0].toFixed(DECIMALS);
        lonField.value = point[1].toFixed(DECIMALS);
        place(point[0], point[1], true);
      });
    }

    fetch(data.boundaries).then(function (response) { return response.json(); })
      .then(function (shapes) {
        geojson = shapes;
        var regions = window.L.geoJSON(shapes, {
          attribution: '<a href="https://www.geoboundaries.org/">geoBoundaries</a> (CC BY 4.0)',
          style: function () {
            return { color: "#4a5560", weight: 1, fillColor: "#e8ecef", fillOpacity: 0.8 };
          },
          onEachFeature: function (feature, layer) {
            var label = document.createElement("span");
            label.textContent = feature.properties.shapeName;
            layer.bindTooltip(label, { sticky: true });
          },
        }).addTo(map);
        map.fitBounds(regions.getBounds());
        if (marker) check(marker.getLatLng().lat, marker.getLatLng().lng);
        element.setAttribute("data-rendered", "true");
      }).catch(function (error) { element.setAttribute("data-error", String(error)); });

    typed(); // an incident being edited, or a form sent back with errors, has a point
  }

  function start() {
    document.querySelectorAll("[data-picker]").forEach(draw);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
