/* Accessibility fixes Dash components do not offer as props (residents' pages, WCAG 2.1 AA):
   the page language; choice groups inside a <fieldset class="choices"> are plain native radio
   buttons and checkboxes under their <legend>, so the listbox/option roles Dash 4 adds (which nest
   an input inside an "option") are removed. The hidden file input of a photo picker gets the
   picker's text as its name. */
(function () {
    function label() {
        if (!document.documentElement.lang) { document.documentElement.lang = "nl"; }
        document.querySelectorAll("fieldset.choices").forEach(function (set) {
            var legend = set.querySelector("legend");
            set.querySelectorAll("[role=option]").forEach(function (option) {
                option.removeAttribute("role");
                option.removeAttribute("aria-selected");
            });
            set.querySelectorAll("[role=listbox], [role=radiogroup]").forEach(function (group) {
                group.setAttribute("role", "group");
                if (legend) { group.setAttribute("aria-label", legend.textContent); }
            });
        });
        document.querySelectorAll(".photo-upload input[type=file]:not([aria-label])").forEach(function (input) {
            input.setAttribute("aria-label", input.parentElement.textContent.trim());
        });
    }
    new MutationObserver(label).observe(document.documentElement, {childList: true, subtree: true});
    label();
}());

/* Uw buurt: the ~200 m grid cells, filled by how many reports they hold (components/resident.py
   CELL_STEPS puts the colour in each feature; the legend under the map explains it). */
window.dashExtensions = Object.assign({}, window.dashExtensions, {
    hnmResident: {
        cellStyle: function (feature) {
            return {color: "#08306b", weight: 1, fillColor: feature.properties.fill, fillOpacity: 0.7};
        }
    }
});
