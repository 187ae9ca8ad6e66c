/* Short Dutch month names without date-fns' full stop ("7 dec 2026", as components/dates.py writes
   every date), so a date picker shows a day the way the rest of the dashboard does. Loads after
   assets/date-fns-locale-nl.js (assets load in name order). */
(function () {
  var nl = window.dateFns && window.dateFns.locale && window.dateFns.locale.nl;
  if (!nl) { return; }
  var month = nl.localize.month;
  nl.localize.month = function (index, options) {
    var name = month(index, options);
    return options && options.width === "abbreviated" ? name.replace(/\.$/, "") : name;
  };
})();

/* AG Grid cells hold "2026-12-07 14:05" (sorts as text) and show "7 dec 2026 14:05", the way
   components/dates.py writes every moment. */
window.dashAgGridFunctions = Object.assign({}, window.dashAgGridFunctions, {
  hnmDateTime: function (value) {
    var m = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}:\d{2}))?/.exec(value || "");
    if (!m) { return value || ""; }
    var months = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"];
    return Number(m[3]) + " " + months[Number(m[2]) - 1] + " " + m[1] + (m[4] ? " " + m[4] : "");
  }
});
