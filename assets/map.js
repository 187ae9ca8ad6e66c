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
      // fill and shape by main category (components/palette.py), urgency by a thick ring and "!"
      var mark = (hideout.marks || {})[p.c] || {shape: "circle", fill: "#DDDDDD", ink: "#000000"};
      var isNew = (hideout.highlight || []).indexOf(p.id) >= 0;
      var cls = "hnm-marker shape-" + mark.shape + (p.u ? " marker-urgent" : " marker-normal") +
                (isNew ? " marker-new" : "");
      var badge = (p.n > 1 ? "<b class='marker-count'>" + p.n + "</b>" : "") +
                  (p.u ? "<i class='marker-urgent-badge'>!</i>" : "");
      var face = "<span class='marker-face' style='background:" + mark.fill + ";color:" + mark.ink + "'>" +
                 "<span>" + p.c + "</span></span>";
      return L.marker(latlng, {icon: L.divIcon({
        html: face + badge, className: cls, iconSize: p.u ? L.point(36, 36) : L.point(30, 30)}),
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

/* The wall screen draws its map in px for a 1080-pixel-high screen; --wall-zoom scales it to the
   screen's real height (assets/wall.css), so a 4K wall shows the same map twice as large. */
(function () {
  function setWallZoom() {
    document.documentElement.style.setProperty("--wall-zoom", String(window.innerHeight / 1080));
  }
  setWallZoom();
  window.addEventListener("resize", setWallZoom);
})();
