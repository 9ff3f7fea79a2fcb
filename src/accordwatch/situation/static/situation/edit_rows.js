// The "Add a row" button of the editing forms' tables (blocked periods, danger-list years,
// components): it copies the empty row Django renders in a <template>, numbered after the
// last one, and tells the formset how many rows it now has. Without JavaScript the form
// always shows one empty row, so nothing depends on this script.
(function () {
  "use strict";
  document.querySelectorAll("[data-rows]").forEach(function (fieldset) {
    var prefix = fieldset.getAttribute("data-rows");
    var total = fieldset.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    var template = fieldset.querySelector("template[data-rows-template]");
    var body = fieldset.querySelector("[data-rows-body]");
    var button = fieldset.querySelector("[data-rows-add]");
    if (!total || !template || !body || !button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      body.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var first = body.lastElementChild && body.lastElementChild.querySelector("input, select");
      if (first) first.focus();
    });
  });
})();
