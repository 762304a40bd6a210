/* Catalogue site: table filters, code lists loaded on demand, search (API, else a static index).
   Every value goes into the page as text (textContent), never as HTML. */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  function norm(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function debounce(fn, ms) {
    let timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    };
  }

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  /* Filters over the rows of a table (variables of a table, list of code lists). */
  function setupFilters() {
    document.querySelectorAll("input[data-hdc-filter]").forEach(function (input) {
      const table = document.getElementById(input.getAttribute("data-hdc-filter"));
      if (!table || !table.tBodies.length) return;
      const rows = Array.from(table.tBodies[0].rows).map(function (row) {
        return [row, norm(row.textContent)];
      });
      input.addEventListener("input", debounce(function () {
        const query = norm(input.value.trim());
        rows.forEach(function (pair) {
          pair[0].hidden = Boolean(query) && pair[1].indexOf(query) < 0;
        });
      }, 120));
    });
  }

  /* Columns no code fills (English label, parent) are hidden. */
  function hideEmptyColumns(box, rows) {
    const headers = box.querySelectorAll("thead th");
    const style = document.createElement("style");
    const rules = [];
    headers.forEach(function (header, index) {
      if (index > 0 && !rows.some(function (row) { return row[index]; })) {
        header.hidden = true;
        rules.push(".hdc-codes-body td:nth-child(" + (index + 1) + ") { display: none; }");
      }
    });
    style.textContent = rules.join("\n");
    box.appendChild(style);
  }

  /* Code lists: the JSON is fetched when the page opens, shown 100 codes a page, searchable. */
  function setupCodes() {
    document.querySelectorAll("[data-hdc-codes]").forEach(function (box) {
      const PAGE = 100;
      const body = box.querySelector(".hdc-codes-body");
      const status = box.querySelector(".hdc-codes-status");
      const filter = box.querySelector(".hdc-codes-filter");
      const prev = box.querySelector(".hdc-prev");
      const next = box.querySelector(".hdc-next");
      const label = box.querySelector(".hdc-page");
      let all = [];
      let shown = [];
      let page = 0;

      function render() {
        const pages = Math.max(1, Math.ceil(shown.length / PAGE));
        page = Math.min(page, pages - 1);
        const fragment = document.createDocumentFragment();
        shown.slice(page * PAGE, page * PAGE + PAGE).forEach(function (entry) {
          const row = document.createElement("tr");
          entry.row.forEach(function (value, index) {
            row.appendChild(element("td", value, index === 0 ? "hdc-code" : ""));
          });
          fragment.appendChild(row);
        });
        body.replaceChildren(fragment);
        status.textContent = shown.length === all.length
          ? all.length + " codes"
          : shown.length + " codes sur " + all.length;
        label.textContent = "page " + (page + 1) + " / " + pages;
        prev.disabled = page === 0;
        next.disabled = page >= pages - 1;
      }

      function apply() {
        const query = norm(filter.value.trim());
        if (!query) {
          shown = all;
        } else {
          const exact = [], prefix = [], other = [];
          all.forEach(function (entry) {
            const code = norm(entry.row[0]);
            if (code === query) exact.push(entry);
            else if (code.indexOf(query) === 0) prefix.push(entry);
            else if (entry.key.indexOf(query) >= 0) other.push(entry);
          });
          shown = exact.concat(prefix, other);
        }
        page = 0;
        render();
      }

      prev.addEventListener("click", function () { page -= 1; render(); });
      next.addEventListener("click", function () { page += 1; render(); });
      filter.addEventListener("input", debounce(apply, 150));
      fetch(box.getAttribute("data-hdc-codes"))
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (data) {
          hideEmptyColumns(box, data.rows);
          all = data.rows.map(function (row) { return { row: row, key: norm(row.join(" ")) }; });
          box.setAttribute("data-loaded", String(all.length));
          apply();
        })
        .catch(function (error) {
          status.textContent = "Codes indisponibles (" + error.message + ") : téléchargez le CSV.";
        });
    });
  }

  /* Search: /api/search when the site is served with the API, else the static index. */
  function segment(value) {
    let text = value;
    try { text = decodeURIComponent(value); } catch (e) { /* keep it */ }
    return text.replace(/[^A-Za-z0-9_.~-]/g, "-") || "-";
  }

  function anchor(value) {
    let text = value;
    try { text = decodeURIComponent(value); } catch (e) { /* keep it */ }
    return "var-" + text.replace(/[^A-Za-z0-9_.-]/g, "_");
  }

  function apiUrl(root, result) {
    const iri = String(result.id || "");
    const codelist = iri.match(/\/codelist\/([^/#]+)/);
    if (codelist) return root + "codelists/" + segment(codelist[1]) + "/";
    const match = iri.match(/\/dataset\/([^/#]+)(?:\/table\/([^/#]+)(?:\/variable\/([^/#]+))?)?/);
    const dataset = match ? match[1] : result.dataset;
    const table = match ? match[2] : result.table;
    if (!dataset) return root + "search/";
    let url = root + "datasets/" + segment(dataset) + "/";
    if (table) url += "tables/" + segment(table) + "/";
    if (match && match[3]) url += "#" + anchor(match[3]);
    return url;
  }

  function highlighted(snippet) {
    /* The API marks hits with <b>/<mark>/<em>; anything else is shown as text. */
    const container = element("span", null, "hdc-snippet");
    let strong = false;
    String(snippet || "").split(/(<\/?(?:b|mark|em)>)/).forEach(function (part) {
      if (/^<(b|mark|em)>$/.test(part)) strong = true;
      else if (/^<\/(b|mark|em)>$/.test(part)) strong = false;
      else if (part) container.appendChild(element(strong ? "mark" : "span", part.replace(/<[^>]*>/g, "")));
    });
    return container;
  }

  const TYPES = { dataset: "jeu de données", table: "table", variable: "variable", code: "code", codelist: "nomenclature" };

  function setupSearch() {
    const box = document.querySelector("[data-hdc-search]");
    if (!box) return;
    const input = box.querySelector(".hdc-search-input");
    const status = box.querySelector(".hdc-search-status");
    const list = box.querySelector(".hdc-search-results");
    const root = box.getAttribute("data-root");
    let index = null;
    // catalogue-api.json says whether an API serves this site: the static build writes
    // {"search": null}; `catalogue serve` answers {"search": "/api/search"} in its place.
    // Asking it (instead of probing /api/search) leaves no 404 in a static site's console.
    let api = sessionStorage.getItem("hdc-api");
    const apiKnown = fetch(root + "catalogue-api.json")
      .then(function (response) { return response.ok ? response.json() : {}; })
      .then(function (config) { api = config && config.search ? "yes" : "no"; })
      .catch(function () { api = "no"; });

    function show(results, total, source, complete) {
      list.replaceChildren();
      results.forEach(function (result) {
        const item = document.createElement("li");
        const link = element("a", result.name);
        link.href = result.url;
        item.appendChild(element("span", TYPES[result.type] || result.type, "hdc-chip"));
        item.appendChild(document.createTextNode(" "));
        item.appendChild(link);
        if (result.label) item.appendChild(element("span", " — " + result.label));
        if (result.context) item.appendChild(element("div", result.context, "hdc-muted"));
        if (result.snippet) item.appendChild(highlighted(result.snippet));
        list.appendChild(item);
      });
      const counted = total + " résultat" + (total > 1 ? "s" : "");
      // The API puts the results with every word first, then the closest (most of the words).
      let said = counted;
      if (complete === 0 && total > 0) said = "Aucun résultat avec tous les mots ; " + counted + " les plus proches";
      else if (complete < total) said = counted + " : " + complete + " avec tous les mots, puis les plus proches";
      status.textContent = said + " (" + source + ")";
    }

    function viaApi(query) {
      return fetch("/api/search?size=30&q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
        .then(function (response) {
          const type = response.headers.get("content-type") || "";
          if (!response.ok || type.indexOf("json") < 0) throw new Error("no API");
          return response.json();
        })
        .then(function (data) {
          if (typeof data.total !== "number" || !Array.isArray(data.results)) throw new Error("no API");
          return {
            total: data.total,
            complete: typeof data.complete === "number" ? data.complete : data.total,
            results: data.results.map(function (r) {
              return {
                type: r.type, name: r.name, label: r.label, snippet: r.snippet, url: apiUrl(root, r),
                context: [r.dataset, r.table].filter(Boolean).join(" › ")
              };
            })
          };
        });
    }

    function loadIndex() {
      if (index) return Promise.resolve(index);
      return fetch(box.getAttribute("data-index"))
        .then(function (response) { return response.json(); })
        .then(function (rows) {
          index = rows.map(function (row) {
            return { row: row, name: norm(row[4]), text: norm(row.slice(2).join(" ")) };
          });
          return index;
        });
    }

    function viaIndex(query) {
      const words = norm(query).split(/\s+/).filter(Boolean);
      const weight = { dataset: 4, codelist: 3, table: 2, variable: 1 };
      return loadIndex().then(function (entries) {
        const hits = [];
        entries.forEach(function (entry) {
          if (!words.every(function (w) { return entry.text.indexOf(w) >= 0; })) return;
          const first = words[0];
          const score = (entry.name === first ? 100 : 0) + (entry.name.indexOf(first) === 0 ? 20 : 0) +
            (weight[entry.row[0]] || 0);
          hits.push([score, entry.row]);
        });
        hits.sort(function (a, b) { return b[0] - a[0]; });
        return {
          total: hits.length,
          complete: hits.length,
          results: hits.slice(0, 50).map(function (hit) {
            const row = hit[1];
            return {
              type: row[0], url: root + row[1], name: row[4], label: row[5],
              context: [row[2], row[3]].filter(Boolean).join(" › ")
            };
          })
        };
      });
    }

    function run() {
      apiKnown.then(runSearch);
    }

    function runSearch() {
      const query = input.value.trim();
      history.replaceState(null, "", query ? "?q=" + encodeURIComponent(query) : location.pathname);
      if (!query) { list.replaceChildren(); status.textContent = ""; return; }
      const useApi = api !== "no";
      const search = useApi
        ? viaApi(query).then(function (found) { api = "yes"; return [found, "API"]; }).catch(function () {
            api = "no";
            sessionStorage.setItem("hdc-api", "no");
            return viaIndex(query).then(function (found) { return [found, "index statique"]; });
          })
        : viaIndex(query).then(function (found) { return [found, "index statique"]; });
      search.then(function (pair) {
        if (input.value.trim() === query) show(pair[0].results, pair[0].total, pair[1], pair[0].complete);
      });
    }

    input.value = new URLSearchParams(location.search).get("q") || "";
    input.addEventListener("input", debounce(run, 200));
    if (input.value) run();
  }

  ready(function () {
    setupFilters();
    setupCodes();
    setupSearch();
  });
})();
