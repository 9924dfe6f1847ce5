// Draws zones on a Leaflet map. Without a tile server (boards often run on closed networks) the
// map shows the points and boundaries on a plain background with a scale.
function kcnMap(elementId, collection, tileUrl) {
  var map = L.map(elementId, { attributionControl: !!tileUrl });
  if (tileUrl) {
    L.tileLayer(tileUrl, { maxZoom: 18 }).addTo(map);
  }
  var layer = L.geoJSON(collection, {
    onEachFeature: function (feature, lyr) {
      var p = feature.properties || {};
      var label = document.createElement("span");
      if (p.url) {
        var a = document.createElement("a"); a.href = p.url; a.textContent = p.name; label.appendChild(a);
      } else { label.textContent = p.name || ""; }
      lyr.bindTooltip(label, { permanent: collection.features.length <= 3 });
    },
    pointToLayer: function (feature, latlng) {
      return L.circleMarker(latlng, { radius: 8, color: "#0d6efd", fillOpacity: 0.7 });
    }
  }).addTo(map);
  L.control.scale({ imperial: false }).addTo(map);
  var bounds = layer.getBounds();
  if (bounds.isValid()) { map.fitBounds(bounds.pad(0.3), { maxZoom: 13 }); } else { map.setView([16, 106], 5); }
  return map;
}
