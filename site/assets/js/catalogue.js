/* Catalogue site: table filters, code lists loaded on demand, search (API, else a static index) with
   facets and paging, suggestions while typing.
   Every value goes into the page as text (textContent), never as HTML: the API's snippets are parsed
   (DOMParser, an inert document) and only their text and highlighted words are copied over. */
(function () {
  "use strict";

  const { ready, element, link } = window.HDC.dom;

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

  /* Code lists: the JSON is fetched when the page opens, shown 100 codes a page, searchable.
     `?code=E11` (a search result's link) fills the filter with the code: its row comes first, marked. */
  function setupCodes() {
    document.querySelectorAll("[data-hdc-codes]").forEach(function (box) {
      const PAGE = 100;
      const body = box.querySelector(".hdc-codes-body");
      const status = box.querySelector(".hdc-codes-status");
      const filter = box.querySelector(".hdc-codes-filter");
      const prev = box.querySelector(".hdc-prev");
      const next = box.querySelector(".hdc-next");
      const label = box.querySelector(".hdc-page");
      const target = new URLSearchParams(location.search).get("code") || "";
      let scrolled = !target;
      let all = [];
      let shown = [];
      let page = 0;

      function render() {
        const pages = Math.max(1, Math.ceil(shown.length / PAGE));
        page = Math.min(page, pages - 1);
        const fragment = document.createDocumentFragment();
        let marked = null;
        shown.slice(page * PAGE, page * PAGE + PAGE).forEach(function (entry) {
          const row = document.createElement("tr");
          entry.row.forEach(function (value, index) {
            row.appendChild(element("td", value, index === 0 ? "hdc-code" : ""));
          });
          if (target && entry.row[0] === target) {
            row.className = "hdc-code-target";
            row.setAttribute("aria-current", "true");
            marked = marked || row;
          }
          fragment.appendChild(row);
        });
        body.replaceChildren(fragment);
        status.textContent = shown.length === all.length
          ? all.length + " codes"
          : shown.length + " codes sur " + all.length;
        label.textContent = "page " + (page + 1) + " / " + pages;
        prev.disabled = page === 0;
        next.disabled = page >= pages - 1;
        if (marked && !scrolled) {
          scrolled = true;
          marked.scrollIntoView({ block: "center" });
        }
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
          // The code asked for by the URL first, as written (E11 before e11 when both exist).
          exact.sort(function (a, b) { return (b.row[0] === target) - (a.row[0] === target); });
          shown = exact.concat(prefix, other);
        }
        page = 0;
        render();
      }

      if (target) filter.value = target;
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
          apply();
          box.setAttribute("data-loaded", String(all.length));
        })
        .catch(function (error) {
          status.textContent = "Codes indisponibles (" + error.message + ") : téléchargez le CSV.";
        });
    });
  }

  /* ------------------------------------------------------------------ where things are */

  /* A site path segment, as harvester.core.site_urls.segment writes it; `encoded` for IRI parts. */
  function segment(value, encoded) {
    let text = String(value || "");
    if (encoded) {
      try { text = decodeURIComponent(text); } catch (e) { /* keep it */ }
    }
    return text.replace(/[^A-Za-z0-9_.~-]/g, "-") || "-";
  }

  function anchor(value, encoded) {
    let text = String(value || "");
    if (encoded) {
      try { text = decodeURIComponent(text); } catch (e) { /* keep it */ }
    }
    return "var-" + text.replace(/[^A-Za-z0-9_.-]/g, "_");
  }

  function tableUrl(root, dataset, table) {
    return root + "datasets/" + segment(dataset) + "/tables/" + segment(table) + "/";
  }

  function codelistUrl(root, list) {
    return root + "codelists/" + segment(list) + "/";
  }

  function useUrl(root, use) {
    return root + "uses/" + segment(use) + "/";
  }

  /* The site page of an API result or suggestion: a code opens its list at the code. */
  function apiUrl(root, result) {
    const iri = String(result.id || "");
    if (result.type === "use") return useUrl(root, result.name);
    const codelist = iri.match(/\/codelist\/([^/#?]+)(?:\/code\/([^/#?]+))?/);
    if (result.type === "code" || (codelist && !/\/dataset\//.test(iri))) {
      let list = result.code_list;
      if (!list && codelist) {
        list = codelist[1];
        try { list = decodeURIComponent(list); } catch (e) { /* keep it */ }
      }
      if (!list) return root + "codelists/";
      const url = codelistUrl(root, list);
      return result.type === "code" && result.name ? url + "?code=" + encodeURIComponent(result.name) : url;
    }
    const match = iri.match(/\/dataset\/([^/#]+)(?:\/table\/([^/#]+)(?:\/variable\/([^/#]+))?)?/);
    const dataset = match ? match[1] : result.dataset;
    const table = match ? match[2] : result.table;
    if (!dataset) return root + "search/";
    let url = root + "datasets/" + segment(dataset, Boolean(match)) + "/";
    if (table) url += "tables/" + segment(table, Boolean(match)) + "/";
    if (match && match[3]) url += "#" + anchor(match[3], true);
    else if (!match && result.type === "variable" && result.name) url += "#" + anchor(result.name);
    return url;
  }

  /* catalogue-api.json (at the site root) says whether an API serves this site: the static build
     writes {"search": null}; `catalogue serve` answers {"search": "/api/search"} in its place.
     Asking it (instead of probing /api/search) leaves no 404 in a static site's console. */
  const apis = {};
  function apiOf(root) {
    const key = new URL(root, location.href).href;
    if (!(key in apis)) {
      apis[key] = fetch(key + "catalogue-api.json")
        .then(function (response) { return response.ok ? response.json() : {}; })
        .then(function (config) {
          if (!config || typeof config.search !== "string") return null;
          return {
            search: config.search,
            suggest: typeof config.suggest === "string" ? config.suggest : config.search.replace(/search$/, "suggest")
          };
        })
        .catch(function () { return null; });
    }
    return apis[key];
  }

  /* The static index: [type, url (from the site root), dataset, table, name, label] rows. */
  const indexes = {};
  function staticIndex(url) {
    if (!(url in indexes)) {
      indexes[url] = fetch(url)
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (rows) {
          return rows.map(function (row) {
            return {
              row: row, name: norm(row[4]), label: norm(row[5]), text: norm(row.slice(2).join(" "))
            };
          });
        });
      indexes[url].catch(function () { delete indexes[url]; });
    }
    return indexes[url];
  }

  function getJson(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (response) {
      const type = response.headers.get("content-type") || "";
      if (!response.ok || type.indexOf("json") < 0) throw new Error("HTTP " + response.status);
      return response.json();
    });
  }

  /* The API marks matched words with <b> (<mark>, <em> elsewhere) and escapes the rest. The snippet is
     parsed as an inert document; its text becomes text, marked words become <mark>, and nothing else
     (no element, no attribute) is carried over: the same rendering whatever the backend. */
  const MARKS = { b: true, mark: true, em: true, strong: true };
  const SKIPPED = { script: true, style: true, template: true, noscript: true, iframe: true, object: true, svg: true, math: true };

  function highlighted(snippet) {
    const container = element("span", null, "hdc-snippet");
    const parsed = new DOMParser().parseFromString(String(snippet || ""), "text/html");
    (function walk(node, marked) {
      node.childNodes.forEach(function (child) {
        if (child.nodeType === 3) {
          if (!child.nodeValue) return;
          container.appendChild(marked ? element("mark", child.nodeValue) : document.createTextNode(child.nodeValue));
        } else if (child.nodeType === 1) {
          const tag = child.localName;
          if (SKIPPED[tag]) return;
          walk(child, marked || Boolean(MARKS[tag]));
        }
      });
    })(parsed.body || parsed.documentElement, false);
    container.normalize();
    return container;
  }

  const TYPES = { dataset: "jeu de données", table: "table", variable: "variable", code: "code", codelist: "nomenclature", use: "usage" };
  const API_TYPES = ["dataset", "table", "variable", "code", "use"];
  const STATIC_TYPES = ["dataset", "table", "variable", "codelist", "use"];
  const STATIC_WEIGHT = { dataset: 4, codelist: 3, use: 2, table: 2, variable: 1 };

  /* ------------------------------------------------------------------ suggestions */

  /* Suggestions under a search box: /api/suggest when served with the API, else names and labels of
     the static index starting with the words typed. Arrow keys choose, Enter opens, Escape closes;
     Enter without a choice leaves the box to what it does (`submit`, or its form). */
  let suggestBoxes = 0;

  function setupSuggest(input, root, indexUrl, submit) {
    const LIMIT = 8;
    const id = "hdc-suggest-" + (++suggestBoxes);
    const listbox = element("ul", null, "hdc-suggest");
    listbox.id = id;
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", "Suggestions");
    listbox.hidden = true;
    input.insertAdjacentElement("afterend", listbox);
    input.parentNode.classList.add("hdc-suggest-host");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id);
    let items = [];
    let active = -1;
    let asked = 0;

    function close() {
      listbox.hidden = true;
      listbox.replaceChildren();
      items = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function choose(index) {
      active = index;
      Array.from(listbox.children).forEach(function (option, position) {
        option.setAttribute("aria-selected", String(position === index));
        option.classList.toggle("hdc-active", position === index);
      });
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", id + "-" + index);
        listbox.children[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function open(found) {
      close();
      items = found;
      if (!items.length) return;
      items.forEach(function (item, position) {
        const option = element("li", null, "hdc-suggest-option");
        option.id = id + "-" + position;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.setAttribute("data-url", item.url);
        option.appendChild(element("span", TYPES[item.type] || item.type, "hdc-chip"));
        option.appendChild(document.createTextNode(" "));
        option.appendChild(element("span", item.name, "hdc-suggest-name"));
        if (item.label && item.label !== item.name) option.appendChild(element("span", " — " + item.label, "hdc-suggest-label"));
        if (item.context) option.appendChild(element("span", item.context, "hdc-suggest-context hdc-muted"));
        // mousedown: chosen before the box loses focus (which would close the list)
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });
        option.addEventListener("click", function () { location.href = item.url; });
        listbox.appendChild(option);
      });
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function viaApi(api, query) {
      return getJson(api.suggest + "?limit=" + LIMIT + "&q=" + encodeURIComponent(query)).then(function (data) {
        if (!Array.isArray(data)) throw new Error("no API");
        return data.map(function (s) {
          return {
            type: s.type, name: s.name, label: s.label, url: apiUrl(root, s),
            context: s.type === "code" ? s.code_list : [s.type !== "dataset" && s.dataset, s.table !== s.name && s.table].filter(Boolean).join(" › ")
          };
        });
      });
    }

    function viaIndex(query) {
      const words = norm(query).split(/[\s_'’-]+/).filter(Boolean);
      return staticIndex(indexUrl).then(function (entries) {
        const ranked = [];
        entries.forEach(function (entry) {
          let rank = -1;
          if (entry.name.indexOf(norm(query)) === 0) rank = 0;
          else if (entry.label.indexOf(norm(query)) === 0) rank = 1;
          else {
            const own = (entry.name + " " + entry.label).split(/[\s_'’()\-,.;:/]+/);
            const all = words.every(function (w) { return own.some(function (o) { return o.indexOf(w) === 0; }); });
            if (all) rank = 2;
          }
          if (rank >= 0) ranked.push([rank, -(STATIC_WEIGHT[entry.row[0]] || 0), entry.row[4].length, entry.row]);
        });
        ranked.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]; });
        return ranked.slice(0, LIMIT).map(function (hit) {
          const row = hit[3];
          return {
            type: row[0], name: row[4], label: row[5], url: root + row[1],
            context: [row[0] !== "dataset" && row[2], row[0] === "variable" && row[3]].filter(Boolean).join(" › ")
          };
        });
      });
    }

    const update = debounce(function () {
      const query = input.value.trim();
      const turn = ++asked;
      if (query.length < 2 || document.activeElement !== input) { close(); return; }
      apiOf(root).then(function (api) {
        return api ? viaApi(api, query).catch(function () { return viaIndex(query); }) : viaIndex(query);
      }).then(function (found) {
        if (turn === asked && document.activeElement === input && input.value.trim() === query) open(found);
      }).catch(function () { if (turn === asked) close(); });
    }, 150);

    input.addEventListener("input", update);
    input.addEventListener("blur", function () { asked++; close(); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!items.length) return;
        event.preventDefault();
        // -1 is the box itself: past the last option (or before the first) the typed text comes back
        if (event.key === "ArrowDown") choose(active + 1 >= items.length ? -1 : active + 1);
        else choose(active - 1 < -1 ? items.length - 1 : active - 1);
      } else if (event.key === "Enter") {
        if (active >= 0 && items[active]) {
          event.preventDefault();
          location.href = items[active].url;
        } else {
          asked++;
          close();
          if (submit) { event.preventDefault(); submit(); }
        }
      } else if (event.key === "Escape") {
        if (!listbox.hidden) { event.preventDefault(); asked++; close(); }
      }
    });
  }

  function setupHeaderSearch() {
    document.querySelectorAll("form.hdc-header-search").forEach(function (form) {
      const input = form.querySelector("input[name=q]");
      if (!input) return;
      // The form goes to <root>search/: the site root, wherever the site is served from.
      const root = new URL(form.getAttribute("action") || "search/", location.href).href.replace(/search\/?$/, "");
      setupSuggest(input, root, root + "assets/search-index.json", null);
    });
  }

  /* ------------------------------------------------------------------ the search page */

  /* Search: /api/search when the site is served with the API, else the static index. The query, the
     filters and the page live in the URL (?q=…&type=…&dataset=…&year_from=…&year_to=…&page=…). */
  function setupSearch() {
    const box = document.querySelector("[data-hdc-search]");
    if (!box) return;
    const SIZE = 20;
    const MAX_WINDOW = 10000; // the API refuses page × size beyond this
    const input = box.querySelector(".hdc-search-input");
    const status = box.querySelector(".hdc-search-status");
    const list = box.querySelector(".hdc-search-results");
    const typeBox = box.querySelector("[data-hdc-facet=type]");
    const datasetBox = box.querySelector("[data-hdc-facet=dataset]");
    const years = box.querySelector(".hdc-facet-years");
    const yearFrom = box.querySelector(".hdc-year-from");
    const yearTo = box.querySelector(".hdc-year-to");
    const reset = box.querySelector(".hdc-facets-reset");
    const pager = box.querySelector(".hdc-search-pager");
    const prev = pager.querySelector(".hdc-prev");
    const next = pager.querySelector(".hdc-next");
    const pageLabel = pager.querySelector(".hdc-page");
    const root = box.getAttribute("data-root");
    const indexUrl = box.getAttribute("data-index");
    let api = null; // the API's URLs, or null: the static index answers
    let turn = 0;
    let pages = 1;
    const state = readState();

    function readState() {
      const params = new URLSearchParams(location.search);
      const page = parseInt(params.get("page") || "1", 10);
      return {
        q: params.get("q") || "",
        type: unique(params.getAll("type")),
        dataset: unique(params.getAll("dataset")).slice(0, 20),
        yearFrom: year(params.get("year_from")),
        yearTo: year(params.get("year_to")),
        page: page > 0 ? Math.min(page, MAX_WINDOW / SIZE) : 1
      };
    }

    function unique(values) {
      return values.filter(function (value, position) { return value && values.indexOf(value) === position; });
    }

    function year(value) {
      const number = parseInt(String(value || "").trim(), 10);
      return number >= 1900 && number <= 2100 ? number : null;
    }

    function writeState() {
      const params = new URLSearchParams();
      if (state.q) params.set("q", state.q);
      state.type.forEach(function (value) { params.append("type", value); });
      state.dataset.forEach(function (value) { params.append("dataset", value); });
      if (state.yearFrom !== null) params.set("year_from", String(state.yearFrom));
      if (state.yearTo !== null) params.set("year_to", String(state.yearTo));
      if (state.page > 1) params.set("page", String(state.page));
      const query = params.toString();
      history.replaceState(null, "", query ? "?" + query : location.pathname);
    }

    function filtered() {
      return state.type.length > 0 || state.dataset.length > 0 || state.yearFrom !== null || state.yearTo !== null;
    }

    /* --- facets: checkboxes, kept (with the focus) across answers; counts in place */

    function option(container, facet, value, text) {
      const label = element("label", null, "hdc-facet-option");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.value = value;
      box.addEventListener("change", function () {
        const chosen = state[facet];
        const at = chosen.indexOf(value);
        if (box.checked && at < 0) chosen.push(value);
        if (!box.checked && at >= 0) chosen.splice(at, 1);
        state.page = 1;
        run();
      });
      label.appendChild(box);
      label.appendChild(element("span", " " + text + " ", "hdc-facet-name"));
      label.appendChild(element("span", "", "hdc-facet-count"));
      label.setAttribute("data-value", value);
      container.appendChild(label);
      return label;
    }

    /* counts: null before any search (no numbers shown). */
    function showFacet(container, facet, values, counts, names) {
      const existing = {};
      Array.from(container.children).forEach(function (label) { existing[label.getAttribute("data-value")] = label; });
      const focused = document.activeElement;
      values.forEach(function (value) {
        const label = existing[value] || option(container, facet, value, names ? names(value) : value);
        delete existing[value];
        const count = counts ? counts[value] || 0 : null;
        label.querySelector("input").checked = state[facet].indexOf(value) >= 0;
        label.querySelector(".hdc-facet-count").textContent = count === null ? "" : String(count);
        label.classList.toggle("hdc-facet-empty", count === 0);
        container.appendChild(label); // in the order given
      });
      Object.keys(existing).forEach(function (value) {
        if (!existing[value].contains(focused)) existing[value].remove();
      });
    }

    function showFacets(facets) {
      const types = api ? API_TYPES : STATIC_TYPES;
      showFacet(typeBox, "type", types, facets ? facets.type || {} : null, function (value) { return TYPES[value] || value; });
      const counts = facets ? facets.dataset || {} : {};
      const datasets = unique(Object.keys(counts).concat(state.dataset)).sort(function (a, b) {
        return (counts[b] || 0) - (counts[a] || 0) || (a < b ? -1 : a > b ? 1 : 0);
      });
      showFacet(datasetBox, "dataset", datasets, facets ? counts : null, null);
      datasetBox.closest("fieldset").hidden = datasets.length === 0;
      years.hidden = !api; // the static index knows no years
      reset.hidden = !filtered();
    }

    /* --- results */

    function show(found, source) {
      const total = found.total, complete = found.complete;
      list.replaceChildren();
      list.start = (state.page - 1) * SIZE + 1;
      found.results.forEach(function (result) {
        const item = document.createElement("li");
        item.appendChild(element("span", TYPES[result.type] || result.type, "hdc-chip"));
        item.appendChild(document.createTextNode(" "));
        item.appendChild(link(result.name, result.url, "hdc-result-link"));
        // A snippet of the label (or of a part of it) highlights the label instead of repeating it.
        const snippet = result.snippet ? highlighted(result.snippet) : null;
        const label = String(result.label || "");
        const excerpt = snippet ? snippet.textContent : "";
        const at = excerpt.trim() ? label.indexOf(excerpt) : -1;
        const ownLabel = at >= 0;
        if (ownLabel) {
          snippet.className = "hdc-label";
          snippet.insertBefore(document.createTextNode(label.slice(0, at)), snippet.firstChild);
          snippet.appendChild(document.createTextNode(label.slice(at + excerpt.length)));
          snippet.normalize();
          item.appendChild(document.createTextNode(" — "));
          item.appendChild(snippet);
        } else if (result.label) {
          item.appendChild(element("span", " — " + result.label, "hdc-label"));
        }
        const selectable = selectButton(result);
        if (selectable) item.appendChild(selectable);
        if (result.context) item.appendChild(element("div", result.context, "hdc-muted hdc-context"));
        if (result.type === "code" && result.codeList) item.appendChild(codeUses(result));
        if (result.uses > 0) item.appendChild(registerUses(result));
        if (snippet && !ownLabel && snippet.textContent.trim()) item.appendChild(snippet);
        (result.evidence || []).forEach(function (evidence) {
          if (evidence && typeof evidence.text === "string" && evidence.text) {
            item.appendChild(element("div", evidence.text, "hdc-evidence"));
          }
        });
        list.appendChild(item);
      });
      pages = Math.max(1, Math.min(Math.ceil(total / SIZE), Math.floor(MAX_WINDOW / SIZE)));
      const counted = total + " résultat" + (total > 1 ? "s" : "");
      // The API puts the results with every word first, then the closest (most of the words).
      let said = counted;
      if (complete === 0 && total > 0) said = "Aucun résultat avec tous les mots ; " + counted + " les plus proches";
      else if (complete < total) said = counted + " : " + complete + " avec tous les mots, puis les plus proches";
      const page = "page " + state.page + " / " + pages;
      status.textContent = said + " (" + source + ")" + (total > SIZE ? " · " + page : "");
      pageLabel.textContent = page;
      prev.disabled = state.page <= 1;
      next.disabled = state.page >= pages;
      pager.hidden = total <= SIZE;
      document.dispatchEvent(new CustomEvent("hdc-selectable")); // selection.js marks what is selected
    }

    /* A button adding a dataset, table or variable result to the selection (selection.js handles it). */
    function selectButton(result) {
      if (["dataset", "table", "variable"].indexOf(result.type) < 0 || !result.dataset) return null;
      const button = element("button", "+ sélection", "hdc-select hdc-select-result");
      button.type = "button";
      button.hidden = true;
      button.setAttribute("data-dataset", result.dataset);
      if (result.type !== "dataset") button.setAttribute("data-table", result.type === "table" ? result.name : result.table);
      if (result.type === "variable") button.setAttribute("data-variable", result.name);
      return button;
    }

    /* A code: its list, and a few variables taking their values from it (the same code is in many lists). */
    function codeUses(result) {
      const line = element("div", null, "hdc-code-uses hdc-muted");
      line.appendChild(document.createTextNode("Nomenclature "));
      line.appendChild(link(result.codeList, codelistUrl(root, result.codeList), "hdc-code-list"));
      const uses = Array.isArray(result.usedBy) ? result.usedBy : [];
      if (uses.length) {
        line.appendChild(document.createTextNode(" · utilisée par "));
        uses.slice(0, 3).forEach(function (use, position) {
          if (position) line.appendChild(document.createTextNode(", "));
          const variable = link(use.variable, tableUrl(root, use.dataset, use.table) + "#" + anchor(use.variable), "hdc-code-user");
          variable.title = [use.label, use.dataset + " › " + use.table].filter(Boolean).join(" — ");
          line.appendChild(variable);
          line.appendChild(document.createTextNode(" (" + use.dataset + ")"));
        });
        if (uses.length > 3) {
          line.appendChild(document.createTextNode(" … "));
          line.appendChild(link("toutes", codelistUrl(root, result.codeList) + "#utilisee-par"));
        }
      }
      return line;
    }

    /* A dataset, table or variable the register's uses name: how many, linked to where they are listed. */
    function registerUses(result) {
      const line = element("div", null, "hdc-result-uses hdc-muted");
      const count = result.uses + " projet" + (result.uses > 1 ? "s" : "");
      line.appendChild(document.createTextNode("Utilisé par "));
      const where = result.type === "variable" ? result.url : result.url.replace(/#.*$/, "") + "#usages";
      line.appendChild(link(count, where, "hdc-result-uses-link"));
      line.appendChild(document.createTextNode(" du registre"));
      return line;
    }

    /* --- the API */

    function apiQuery(omit, size) {
      const params = new URLSearchParams();
      params.set("q", state.q);
      if (omit !== "type") {
        state.type.forEach(function (value) { if (API_TYPES.indexOf(value) >= 0) params.append("type", value); });
      }
      if (omit !== "dataset") state.dataset.forEach(function (value) { params.append("dataset", value); });
      if (state.yearFrom !== null) params.set("year_from", String(state.yearFrom));
      if (state.yearTo !== null) params.set("year_to", String(state.yearTo));
      params.set("page", String(omit ? 1 : state.page));
      params.set("size", String(size));
      return api.search + "?" + params.toString();
    }

    function answer(data) {
      if (!data || typeof data.total !== "number" || !Array.isArray(data.results)) throw new Error("no API");
      return data;
    }

    function viaApi() {
      const asked = [getJson(apiQuery(null, SIZE)).then(answer)];
      // The counts of a facet in use come from the same search without it: its other values stay
      // offered with what choosing them would add.
      const typed = state.type.some(function (value) { return API_TYPES.indexOf(value) >= 0; });
      asked.push(typed ? getJson(apiQuery("type", 1)).then(answer) : null);
      asked.push(state.dataset.length ? getJson(apiQuery("dataset", 1)).then(answer) : null);
      return Promise.all(asked).then(function (answers) {
        const data = answers[0];
        const facets = data.facets || {};
        return {
          total: data.total,
          complete: typeof data.complete === "number" ? data.complete : data.total,
          facets: {
            type: (answers[1] ? answers[1].facets : facets).type || {},
            dataset: (answers[2] ? answers[2].facets : facets).dataset || {}
          },
          results: data.results.map(function (r) {
            return {
              type: r.type, name: r.name, label: r.label, snippet: r.snippet, url: apiUrl(root, r),
              context: [r.dataset !== r.name && r.dataset, r.type !== "table" && r.table].filter(Boolean).join(" › "),
              codeList: r.type === "code" ? r.code_list : null, usedBy: r.used_by,
              uses: typeof r.uses === "number" ? r.uses : 0,
              dataset: r.dataset, table: r.table,
              evidence: Array.isArray(r.evidence) ? r.evidence : []
            };
          })
        };
      });
    }

    /* --- the static index: every word in the row; facets counted here */

    function viaIndex() {
      const words = norm(state.q).split(/\s+/).filter(Boolean);
      const types = state.type.filter(function (value) { return STATIC_TYPES.indexOf(value) >= 0; });
      return staticIndex(indexUrl).then(function (entries) {
        const hits = [];
        const facets = { type: {}, dataset: {} };
        entries.forEach(function (entry) {
          if (!words.every(function (w) { return entry.text.indexOf(w) >= 0; })) return;
          const row = entry.row;
          const typeOk = !types.length || types.indexOf(row[0]) >= 0;
          const datasetOk = !state.dataset.length || state.dataset.indexOf(row[2]) >= 0;
          if (datasetOk) facets.type[row[0]] = (facets.type[row[0]] || 0) + 1;
          if (typeOk && row[2]) facets.dataset[row[2]] = (facets.dataset[row[2]] || 0) + 1;
          if (!typeOk || !datasetOk) return;
          const first = words[0];
          const score = first
            ? (entry.name === first ? 100 : 0) + (entry.name.indexOf(first) === 0 ? 20 : 0) + (STATIC_WEIGHT[row[0]] || 0)
            : 0;
          hits.push([score, hits.length, row]);
        });
        hits.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
        return {
          total: hits.length,
          complete: hits.length,
          facets: facets,
          results: hits.slice((state.page - 1) * SIZE, state.page * SIZE).map(function (hit) {
            const row = hit[2];
            return {
              type: row[0], url: root + row[1], name: row[4], label: row[5], dataset: row[2], table: row[3],
              context: [row[0] !== "dataset" && row[2], row[0] === "variable" && row[3]].filter(Boolean).join(" › ")
            };
          })
        };
      });
    }

    /* --- running */

    function run() {
      const mine = ++turn;
      state.q = input.value.trim();
      writeState();
      if (!state.q && !filtered()) {
        list.replaceChildren();
        status.textContent = "";
        pager.hidden = true;
        showFacets(null);
        box.setAttribute("data-shown", location.search);
        return;
      }
      const search = api
        ? viaApi().then(function (found) { return [found, "API"]; }).catch(function () {
            api = null; // not answering: the static index, for the rest of this visit
            return viaIndex().then(function (found) { return [found, "index statique"]; });
          })
        : viaIndex().then(function (found) { return [found, "index statique"]; });
      search.then(function (pair) {
        if (mine !== turn) return;
        const found = pair[0];
        const last = Math.max(1, Math.min(Math.ceil(found.total / SIZE), Math.floor(MAX_WINDOW / SIZE)));
        if (state.page > last) { state.page = last; run(); return; } // a shared link past the end
        showFacets(found.facets);
        show(found, pair[1]);
        box.setAttribute("data-shown", location.search); // what the results answer (tests wait on it)
      }).catch(function (error) {
        if (mine === turn) status.textContent = "La recherche a échoué (" + error.message + ").";
      });
    }

    function fromPage1() {
      state.page = 1;
      run();
    }

    function readYears() {
      let from = year(yearFrom.value), to = year(yearTo.value);
      if (from !== null && to !== null && from > to) { // the wrong way round: put right, in the boxes too
        const swap = from; from = to; to = swap;
        yearFrom.value = String(from);
        yearTo.value = String(to);
      }
      if (from === state.yearFrom && to === state.yearTo) return;
      state.yearFrom = from;
      state.yearTo = to;
      fromPage1();
    }

    function turnPage(step) {
      state.page = Math.max(1, Math.min(pages, state.page + step));
      run();
      box.scrollIntoView({ block: "start" });
    }

    input.value = state.q;
    if (state.yearFrom !== null) yearFrom.value = String(state.yearFrom);
    if (state.yearTo !== null) yearTo.value = String(state.yearTo);
    input.addEventListener("input", debounce(fromPage1, 200));
    yearFrom.addEventListener("input", debounce(readYears, 400));
    yearTo.addEventListener("input", debounce(readYears, 400));
    yearFrom.addEventListener("change", readYears);
    yearTo.addEventListener("change", readYears);
    prev.addEventListener("click", function () { turnPage(-1); });
    next.addEventListener("click", function () { turnPage(1); });
    reset.addEventListener("click", function () {
      state.type = [];
      state.dataset = [];
      state.yearFrom = state.yearTo = null;
      yearFrom.value = yearTo.value = "";
      fromPage1();
    });
    setupSuggest(input, root, indexUrl, function () { if (input.value.trim() !== state.q) fromPage1(); });
    apiOf(root).then(function (found) {
      api = found;
      box.setAttribute("data-source", api ? "api" : "static");
      if (state.q || filtered()) run();
      else showFacets(null);
    });
  }

  ready(function () {
    setupFilters();
    setupCodes();
    setupHeaderSearch();
    setupSearch();
  });
})();
