// Bulk actions on the incident list (progressive enhancement: without this file the form
// still works, showing every setting and the two scope choices). It adds a box that ticks
// every row of the page, switches the scope back to "ticked" when a row is ticked, and
// shows only the settings the chosen action needs. Labels come from the page.
(function () {
  "use strict";
  var form = document.querySelector("[data-bulk-form]");
  if (!form) return;
  var rows = Array.prototype.slice.call(form.querySelectorAll("[data-bulk-row]"));
  var selectedScope = form.querySelector('[data-bulk-scope="selected"]');
  var action = form.querySelector('select[name="action"]');
  var cell = form.querySelector("[data-bulk-all-cell]");

  if (cell && rows.length) {
    var all = document.createElement("input");
    all.type = "checkbox";
    all.setAttribute("aria-label", cell.textContent.trim());
    cell.textContent = "";
    cell.appendChild(all);
    all.addEventListener("change", function () {
      rows.forEach(function (box) { box.checked = all.checked; });
      if (selectedScope) selectedScope.checked = true;
    });
    rows.forEach(function (box) {
      box.addEventListener("change", function () {
        if (box.checked && selectedScope) selectedScope.checked = true;
        all.checked = rows.every(function (b) { return b.checked; });
      });
    });
  }

  function showSettings() {
    var chosen = action ? action.value : "";
    form.querySelectorAll("[data-bulk-for]").forEach(function (row) {
      row.hidden = row.getAttribute("data-bulk-for") !== chosen;
    });
  }
  if (action) {
    action.addEventListener("change", showSettings);
    showSettings();
  }
})();
