/* Live map drawing functions for dash-leaflet (referenced from Python with
   Namespace("dashExtensions", "hnmMap")). Features carry only id, u (urgent), c (category code),
   n (reporters of an incident, or the count of a grid cell) and g (grid cell). */
window.dashExtensions = Object.assign({}, window.dashExtensions, {
  hnmMap: {
    pointToLayer: function (feature, latlng, context) {
      var p = feature.properties;
      var hideout = (context && context.hideout) || {};
      if (p.g) {
        var size = Math.min(46, 18 + Math.round(Math.sqrt(p.n) * 3));
        var urgentCell = p.u > 0 ? " cell-urgent" : "";
        return L.marker(latlng, {icon: L.divIcon({
          html: "<span>" + p.n + "</span>", className: "hnm-cell" + urgentCell,
          iconSize: L.point(size, size)}), title: p.n + " meldingen in dit vak", keyboard: false});
      }
      var shape = (hideout.shapes || {})[p.c] || "circle";
      var isNew = (hideout.highlight || []).indexOf(p.id) >= 0;
      var cls = "hnm-marker shape-" + shape + (p.u ? " marker-urgent" : " marker-normal") +
                (isNew ? " marker-new" : "");
      var badge = p.n > 1 ? "<b class='marker-count'>" + p.n + "</b>" : "";
      return L.marker(latlng, {icon: L.divIcon({
        html: "<span>" + p.c + "</span>" + badge, className: cls, iconSize: L.point(30, 30)}),
        title: (p.u ? "Spoed, " : "") + p.c + (p.n > 1 ? ", " + p.n + " melders" : ""),
        zIndexOffset: p.u ? 1000 : 0});
    },
    clusterToLayer: function (feature, latlng, index, context) {
      var count = feature.properties.point_count;
      var leaves = index.getLeaves(feature.properties.cluster_id, 500);
      var urgent = leaves.some(function (leaf) { return leaf.properties.u; });
      var size = Math.min(60, 30 + Math.round(Math.log(count) * 5));
      return L.marker(latlng, {icon: L.divIcon({
        html: "<span>" + count + "</span>", className: "hnm-cluster" + (urgent ? " cluster-urgent" : ""),
        iconSize: L.point(size, size)}), title: count + " meldingen" + (urgent ? ", waarvan spoed" : "")});
    },
    buurtStyle: function () {
      return {color: "#56B4E9", weight: 2, fillOpacity: 0.06, dashArray: "4 4"};
    },
    buurtLabel: function (feature, layer) {
      layer.bindTooltip(feature.properties.name, {permanent: true, direction: "center", className: "buurt-label"});
    }
  }
});

/* The live poll: ask /live/nieuw whether anything changed since the cursor and wake the map's
   server callback only when it did (200) or when the answer is unknown (error, stale data). */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  hnmLive: {
    pollNewer: async function (n, cursor) {
      var skip = window.dash_clientside.no_update;
      if (!cursor) { return skip; }
      if (cursor.stale) { return n; }
      var url = "/live/nieuw" + (cursor.at ? "?na=" + encodeURIComponent(cursor.at) : "");
      try {
        var response = await fetch(url, {credentials: "same-origin", cache: "no-store"});
        return response.status === 204 ? skip : n;
      } catch (error) {
        return n;
      }
    }
  }
});
