/* The map of practices: Leaflet with country shapes from world-atlas (no tile server) and
   clustered markers. The practices and the translated strings come from the page (#map-data);
   the country shapes from /static. Text from records only ever goes in through textContent. */
(function () {
  "use strict";

  var dataNode = document.getElementById("map-data");
  var container = document.getElementById("map");
  if (!dataNode || !container || !window.L) { return; }
  var data = JSON.parse(dataNode.textContent);
  var t = data.i18n;
  var status = document.getElementById("map-status");
  var reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  // The view without practices: Europe from the Azores to Cyprus, Crete to the North Cape.
  var EUROPE = L.latLngBounds([34.5, -26.5], [71, 35]);
  // Shapes drawn: Europe and its neighbours (lon/lat box), other continents left out.
  var AROUND = {west: -35, east: 60, south: 20, north: 82};
  var state = window.labMap = {ready: false, markers: 0, countries: 0, map: null, clusters: null};

  function text(tag, className, value, lang) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (lang) { node.lang = lang; }
    node.textContent = value;
    return node;
  }

  function siteLink(url) {
    // only site-relative links, never javascript:, data: or another site
    return typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/" ? url : null;
  }

  function card(item) {
    var box = document.createElement("div");
    box.className = "map-card";
    box.appendChild(text("p", "map-card-title", item.title, item.lang));
    box.appendChild(text("p", "map-card-place",
      item.region + ", " + (data.countries[item.country] || item.country)));
    if (item.precision !== "exact") {
      box.appendChild(text("p", "map-card-note",
        item.precision === "country" ? t.nearCountry : t.nearRegion));
    }
    if (item.snippet) { box.appendChild(text("p", "map-card-snippet", item.snippet, item.lang)); }
    var href = siteLink(item.url);
    if (href) {
      var p = document.createElement("p");
      var link = text("a", "map-card-link", t.open);
      link.href = href;
      p.appendChild(link);
      box.appendChild(p);
    }
    return box;
  }

  function clusterIcon(cluster) {
    var n = cluster.getChildCount();
    var size = n < 5 ? "small" : n < 15 ? "medium" : "large";
    var html = document.createElement("div");
    var count = text("span", "", String(n));
    count.setAttribute("aria-hidden", "true");
    html.appendChild(count);
    html.appendChild(text("span", "visually-hidden", t.cluster.replace("{count}", String(n))));
    return L.divIcon({html: html, className: "map-cluster map-cluster-" + size,
                      iconSize: L.point(40, 40)});
  }

  var map = L.map(container, {
    zoomControl: false, minZoom: 2, maxZoom: 12, zoomSnap: 0.25, worldCopyJump: false,
    zoomAnimation: !reduced, fadeAnimation: !reduced, markerZoomAnimation: !reduced
  });
  state.map = map;
  L.control.zoom({zoomInTitle: t.zoomIn, zoomOutTitle: t.zoomOut}).addTo(map);
  map.attributionControl.setPrefix(false);
  var credit = document.createElement("span");
  var leaflet = text("a", "", "Leaflet");
  leaflet.href = "https://leafletjs.com/";
  credit.appendChild(leaflet);
  credit.appendChild(document.createTextNode(" · " + t.shapes));
  map.attributionControl.addAttribution(credit.innerHTML);

  var clusters = L.markerClusterGroup({
    showCoverageOnHover: false, maxClusterRadius: 32, spiderfyOnMaxZoom: true,
    animate: !reduced, iconCreateFunction: clusterIcon
  });
  state.clusters = clusters;
  var bounds = L.latLngBounds([]);
  data.placed.forEach(function (item) {
    var marker = L.marker([item.lat, item.lon], {
      title: item.title, riseOnHover: true,
      icon: L.divIcon({className: "map-pin map-pin-" + item.precision, iconSize: [18, 18],
                       iconAnchor: [9, 9], popupAnchor: [0, -8], html: ""})
    });
    marker.practiceId = item.id;
    marker.bindPopup(function () { return card(item); },
                     {maxWidth: 280, minWidth: 200, autoPanPadding: [24, 24]});
    clusters.addLayer(marker);
    // far-away practices (overseas regions) stay on the map without zooming Europe out
    if (item.lat > AROUND.south && item.lat < AROUND.north &&
        item.lon > AROUND.west && item.lon < AROUND.east) {
      bounds.extend([item.lat, item.lon]);
    }
  });
  map.addLayer(clusters);
  // the practices shown, or Europe when there are none; never closer than a region
  map.fitBounds(bounds.isValid() ? bounds.pad(0.08) : EUROPE, {maxZoom: 6, animate: false});
  state.markers = data.placed.length;

  // Enter on a focused group does what a click does: zoom in, or fan out at the last zoom.
  clusters.on("clusterkeypress", function (e) {
    var key = e.originalEvent && (e.originalEvent.key || e.originalEvent.keyCode);
    if (key !== "Enter" && key !== 13) { return; }
    var cluster = e.layer;
    var spread = cluster.getBounds();
    if (map.getZoom() >= map.getMaxZoom() || spread.getNorthEast().equals(spread.getSouthWest())) {
      cluster.spiderfy();
    } else {
      cluster.zoomToBounds({padding: [24, 24]});
      map.once("moveend", function () { container.focus({preventScroll: true}); });
    }
  });

  map.on("popupopen", function (e) {
    var root = e.popup.getElement();
    var close = root && root.querySelector(".leaflet-popup-close-button");
    if (close) {
      close.setAttribute("aria-label", t.close);
      close.title = t.close;
    }
    var link = root && root.querySelector(".map-card-link");
    if (link) { link.focus({preventScroll: true}); }
  });

  function clip(geometry) {
    // keep the polygons that reach into the box around Europe
    var polygons = geometry.type === "Polygon" ? [geometry.coordinates]
      : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
    var kept = polygons.filter(function (polygon) {
      var w = 180, e = -180, s = 90, n = -90;
      polygon[0].forEach(function (p) {
        if (p[0] < w) { w = p[0]; } if (p[0] > e) { e = p[0]; }
        if (p[1] < s) { s = p[1]; } if (p[1] > n) { n = p[1]; }
      });
      return e >= AROUND.west && w <= AROUND.east && n >= AROUND.south && s <= AROUND.north;
    });
    return kept.length ? {type: "MultiPolygon", coordinates: kept} : null;
  }

  function drawCountries(topo) {
    var all = topojson.feature(topo, topo.objects.countries).features;
    var near = [];
    all.forEach(function (feature) {
      var geometry = feature.geometry && clip(feature.geometry);
      if (geometry) {
        near.push({type: "Feature", id: feature.id, properties: feature.properties,
                   geometry: geometry});
      }
    });
    var layer = L.geoJSON({type: "FeatureCollection", features: near}, {
      interactive: false,
      style: function () {
        return {className: "map-country", color: "#8d99a6", weight: 0.8, opacity: 1,
                fillColor: "#fbfaf7", fillOpacity: 1};
      }
    });
    layer.addTo(map);
    layer.bringToBack();
    state.countries = near.length;
  }

  function done() {
    state.ready = true;
    container.setAttribute("data-markers", String(state.markers));
    container.setAttribute("data-countries", String(state.countries));
    container.setAttribute("data-ready", "true");
  }

  fetch(data.atlas, {credentials: "same-origin"})
    .then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    })
    .then(drawCountries)
    .catch(function () { if (status) { status.textContent = t.noShapes; } })
    .then(done);
}());
