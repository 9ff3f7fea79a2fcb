// Draw every Vega-Lite chart on the page from the spec embedded beside it (json_script).
// The Vega bundle is served by accordwatch itself (no CDN); without JavaScript the table
// under each chart still gives the figures.
(function () {
  "use strict";
  function draw() {
    if (typeof window.vegaEmbed !== "function") return;
    document.querySelectorAll("[data-vega-spec]").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-vega-spec"));
      if (!source) return;
      var spec = JSON.parse(source.textContent);
      window.vegaEmbed(el, spec, { actions: false, renderer: "svg" }).then(function () {
        el.setAttribute("data-rendered", "true");
      }).catch(function (error) {
        el.textContent = String(error);
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
