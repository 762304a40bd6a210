/* The register of uses (/uses/): its rows, written by the build, filtered in the page by kind, status,
   dataset, organisation and year. Each row carries the values it matches (data-kind, data-status,
   data-dataset, data-organisation, data-year; several values separated by "|"); the choices live in
   the URL (?kind=…&dataset=…), so a filtered register can be shared. */
(function () {
  "use strict";

  const { ready } = window.HDC.dom;

  function setupRegister() {
    const box = document.querySelector("[data-hdc-register]");
    if (!box) return;
    const selects = Array.from(box.querySelectorAll("select[data-hdc-register-filter]"));
    const rows = Array.from(box.querySelectorAll("tbody tr[data-use]")).map(function (row) {
      const values = {};
      selects.forEach(function (select) {
        const facet = select.getAttribute("data-hdc-register-filter");
        values[facet] = (row.getAttribute("data-" + facet) || "").split("|").filter(Boolean);
      });
      return { row: row, values: values };
    });
    const status = box.querySelector(".hdc-register-status");
    const reset = box.querySelector(".hdc-register-reset");

    function chosen() {
      const wanted = {};
      selects.forEach(function (select) {
        if (select.value) wanted[select.getAttribute("data-hdc-register-filter")] = select.value;
      });
      return wanted;
    }

    function apply() {
      const wanted = chosen();
      const facets = Object.keys(wanted);
      let shown = 0;
      rows.forEach(function (entry) {
        const keep = facets.every(function (facet) { return entry.values[facet].indexOf(wanted[facet]) >= 0; });
        entry.row.hidden = !keep;
        if (keep) shown += 1;
      });
      const total = rows.length;
      status.textContent = facets.length
        ? shown + " usage" + (shown > 1 ? "s" : "") + " sur " + total
        : total + " usage" + (total > 1 ? "s" : "");
      reset.hidden = facets.length === 0;
      const params = new URLSearchParams();
      facets.forEach(function (facet) { params.set(facet, wanted[facet]); });
      const query = params.toString();
      history.replaceState(null, "", query ? "?" + query : location.pathname);
      box.setAttribute("data-shown", String(shown)); // what the rows show (tests wait on it)
    }

    const params = new URLSearchParams(location.search);
    selects.forEach(function (select) {
      const asked = params.get(select.getAttribute("data-hdc-register-filter"));
      // A value the register does not offer (an old link) is left out rather than hiding every row.
      if (asked && Array.from(select.options).some(function (o) { return o.value === asked; })) select.value = asked;
      select.addEventListener("change", apply);
    });
    reset.addEventListener("click", function () {
      selects.forEach(function (select) { select.value = ""; });
      apply();
    });
    apply();
  }

  ready(setupRegister);
})();
