/* The selection: variables, tables and datasets kept in this browser (localStorage), added from their
   pages, the search results and the tables' dictionaries; the selection page makes the dossier from
   data the site build wrote (datasets/{id}/selection.json, assets/selection/joins.json), so it works
   on a static host. The dossier follows the schema `dossier/1` (assets/selection/dossier.schema.json),
   the same as POST /api/selection/report: rows, conditions and notes are the build's, this script only
   picks them, intersects the years and walks the precomputed trees of the join graph.
   Also here: the neighbourhood diagrams of big datasets' join keys (zoomable).
   Every value goes into the page as text (textContent), never as HTML. */
(function () {
  "use strict";

  const STORE = "hdc-selection";
  const SCHEMA = "dossier/1";

  const { ready, element, link } = window.HDC.dom;

  /* --- the selection kept in the browser */

  function load() {
    try {
      const data = JSON.parse(localStorage.getItem(STORE) || "null");
      if (data && data.version === 1 && Array.isArray(data.items)) {
        data.years = data.years || null;
        data.justifications = data.justifications || {};
        return data;
      }
    } catch (error) { /* a broken entry starts an empty selection */ }
    return { version: 1, items: [], years: null, justifications: {} };
  }

  function save(data) {
    localStorage.setItem(STORE, JSON.stringify(data));
    updateCount(data);
  }

  function itemOf(node) {
    const item = { dataset: node.getAttribute("data-dataset") || "" };
    if (node.getAttribute("data-table")) item.table = node.getAttribute("data-table");
    if (node.getAttribute("data-variable")) item.variable = node.getAttribute("data-variable");
    return item;
  }

  function same(a, b) {
    return a.dataset === b.dataset && (a.table || "") === (b.table || "") && (a.variable || "") === (b.variable || "");
  }

  function position(data, item) {
    for (let i = 0; i < data.items.length; i++) if (same(data.items[i], item)) return i;
    return -1;
  }

  function siteRoot() {
    const logo = document.querySelector("a.md-logo");
    return logo ? new URL(logo.getAttribute("href"), location.href).href : new URL("./", location.href).href;
  }

  function updateCount(data) {
    const count = document.querySelector(".hdc-selection-count");
    if (count) count.textContent = "Sélection (" + data.items.length + ")";
    markButtons(data);
  }

  function markButtons(data) {
    document.querySelectorAll("button.hdc-select").forEach(function (button) {
      const chosen = position(data, itemOf(button)) >= 0;
      button.hidden = false;
      button.setAttribute("aria-pressed", String(chosen));
      button.classList.toggle("hdc-selected", chosen);
      if (button.classList.contains("hdc-select-variable")) button.textContent = chosen ? "✓" : "+";
      else if (button.classList.contains("hdc-select-result")) button.textContent = chosen ? "✓ sélectionné" : "+ sélection";
    });
  }

  function setupButtons() {
    const inner = document.querySelector(".md-header__inner");
    if (inner && !inner.querySelector(".hdc-selection-count")) {
      const count = link("Sélection", siteRoot() + "selection/", "hdc-selection-count");
      const search = inner.querySelector(".hdc-header-search");
      inner.insertBefore(count, search || null);
    }
    document.addEventListener("click", function (event) {
      const button = event.target.closest ? event.target.closest("button.hdc-select") : null;
      if (!button) return;
      const data = load();
      const item = itemOf(button);
      const at = position(data, item);
      if (at >= 0) data.items.splice(at, 1);
      else data.items.push(item);
      save(data);
    });
    document.addEventListener("hdc-selectable", function () { markButtons(load()); });
    window.addEventListener("storage", function (event) { if (event.key === STORE) updateCount(load()); });
    updateCount(load());
  }

  /* --- the dossier, from the build's data */

  const cache = {};
  function getJson(url) {
    if (!cache[url]) {
      cache[url] = fetch(url).then(function (response) {
        if (!response.ok) throw new Error(url + ": HTTP " + response.status);
        return response.json();
      });
      cache[url].catch(function () { delete cache[url]; });
    }
    return cache[url];
  }

  function segment(value) {
    return String(value).replace(/[^A-Za-z0-9_.~-]/g, "-") || "-";
  }

  function wantedYears(years) {
    if (!years || (years.from == null && years.to == null)) return null;
    return function (year) { return year >= (years.from || 1900) && year <= (years.to || 2100); };
  }

  function joinPath(graph, start, end) {
    const index = {};
    graph.tables.forEach(function (pair, i) { index[pair[0] + "/" + pair[1]] = i; });
    const source = index[start], target = index[end];
    if (source === undefined || target === undefined) return null;
    const tree = graph.trees[source];
    if (tree[target] === -1) return null;
    function other(key, table) { const k = graph.keys[key]; return table === k[0] ? k[2] : k[0]; }
    const keys = [];
    for (let here = target; here !== source; here = other(tree[here], here)) keys.push(tree[here]);
    keys.reverse();
    const steps = [], notes = [], transitions = [];
    let here = source;
    keys.forEach(function (key, n) {
      const k = graph.keys[key];
      const forward = k[0] === here;
      const far = other(key, here);
      const alternatives = [];
      graph.keys.forEach(function (o, number) {
        if (number !== key && o[0] === k[0] && o[2] === k[2]) {
          alternatives.push(forward ? { columns: o[1], to_columns: o[3] } : { columns: o[3], to_columns: o[1] });
        }
      });
      steps.push({
        dataset: graph.tables[here][0], table: graph.tables[here][1], columns: forward ? k[1] : k[3],
        to_dataset: graph.tables[far][0], to_table: graph.tables[far][1], to_columns: forward ? k[3] : k[1],
        key_of: forward ? "from" : "to", alternatives: alternatives
      });
      const note = graph.step_notes[key + ":" + here];
      if (note) notes.push({ fr: note[0], en: note[1] });
      if (n > 0) {
        const change = graph.transition_notes[keys[n - 1] + ":" + key + ":" + here];
        if (change) transitions.push({ fr: change[0], en: change[1] });
      }
      here = far;
    });
    const datasets = [];
    [graph.tables[source][0]].concat(steps.map(function (s) { return s.to_dataset; })).forEach(function (d) {
      if (datasets.indexOf(d) < 0) datasets.push(d);
    });
    return { from: start, to: end, datasets: datasets, steps: steps, notes: notes.concat(transitions) };
  }

  function today() {
    const now = new Date();
    const pad = function (n) { return String(n).padStart(2, "0"); };
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  /* The dossier of `data` (the stored selection): the same fields as the API's report. */
  function makeReport(root, data) {
    const ids = [];
    data.items.forEach(function (item) { if (ids.indexOf(item.dataset) < 0) ids.push(item.dataset); });
    const loads = ids.map(function (id) {
      return getJson(root + "datasets/" + segment(id) + "/selection.json").catch(function () { return null; });
    });
    return Promise.all([Promise.all(loads), getJson(root + "assets/selection/joins.json")]).then(function (answers) {
      const byId = {}, problems = [];
      answers[0].forEach(function (dataset, i) { if (dataset) byId[ids[i]] = dataset; });
      const chosen = [], seen = {};
      data.items.forEach(function (item) {
        const dataset = byId[item.dataset];
        if (!dataset) { problems.push("Jeu de données inconnu : " + item.dataset); return; }
        let tables = dataset.tables;
        if (item.table) {
          tables = tables.filter(function (t) { return t.name === item.table; });
          if (!tables.length) { problems.push("Table inconnue : " + item.dataset + "/" + item.table); return; }
        }
        tables.forEach(function (table) {
          let rows = table.variables;
          if (item.variable) {
            rows = rows.filter(function (v) { return v.variable === item.variable; });
            if (!rows.length) problems.push("Variable inconnue : " + item.dataset + "/" + item.table + "/" + item.variable);
          }
          rows.forEach(function (row) {
            const key = row.dataset + "/" + row.table + "/" + row.variable;
            if (!seen[key]) { seen[key] = true; chosen.push(row); }
          });
        });
      });
      const wanted = wantedYears(data.years);
      const variables = chosen.map(function (row) {
        const copy = JSON.parse(JSON.stringify(row));
        if (wanted) {
          copy.years = copy.years.filter(wanted);
          if (!copy.years.length) problems.push(row.dataset + "/" + row.table + "/" + row.variable + " n’est disponible sur aucune des années demandées.");
        }
        return copy;
      });
      let common = null;
      chosen.forEach(function (row) {
        common = common === null ? row.available.years.slice()
          : common.filter(function (y) { return row.available.years.indexOf(y) >= 0; });
      });
      common = (common || []).filter(function (y) { return !wanted || wanted(y); });
      const datasetIds = [];
      chosen.forEach(function (row) { if (datasetIds.indexOf(row.dataset) < 0) datasetIds.push(row.dataset); });
      const tables = [];
      chosen.forEach(function (row) {
        const key = row.dataset + "/" + row.table;
        if (tables.indexOf(key) < 0) tables.push(key);
      });
      const joins = [], unjoined = [];
      tables.slice(1).forEach(function (other) {
        const path = joinPath(answers[1], tables[0], other);
        if (path) joins.push(path); else unjoined.push(other);
      });
      const report = {
        schema: SCHEMA,
        generated: today(),
        requested_years: data.years && (data.years.from != null || data.years.to != null)
          ? { from: data.years.from == null ? null : data.years.from, to: data.years.to == null ? null : data.years.to } : null,
        common_years: common,
        datasets: datasetIds.map(function (id) {
          const conditions = Object.assign({}, byId[id]);
          delete conditions.tables;
          return conditions;
        }),
        variables: variables,
        joins: joins,
        unjoined: unjoined,
        identifiers: variables.filter(function (r) { return r.identifying === "direct" || r.identifying === "indirect"; })
          .map(function (r) {
            const key = r.dataset + "/" + r.table + "/" + r.variable;
            return {
              dataset: r.dataset, table: r.table, variable: r.variable, label: r.label,
              identifying: r.identifying, justification: data.justifications[key] || ""
            };
          })
      };
      return { report: report, problems: problems };
    });
  }

  function yearsText(years) {
    const parts = [];
    years.slice().sort(function (a, b) { return a - b; }).forEach(function (year) {
      const last = parts[parts.length - 1];
      if (last && last[1] === year - 1) last[1] = year;
      else parts.push([year, year]);
    });
    return parts.map(function (p) { return p[0] === p[1] ? String(p[0]) : p[0] + "-" + p[1]; }).join(",");
  }

  function csvCell(value) {
    const text = String(value == null ? "" : value);
    return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function reportCsv(report) {
    const lines = [["dataset", "table", "variable", "label", "years", "identifying", "code_list", "iri"].join(",")];
    report.variables.forEach(function (r) {
      lines.push([r.dataset, r.table, r.variable, r.label, yearsText(r.years), r.identifying, r.code_list, r.iri].map(csvCell).join(","));
    });
    return lines.join("\n") + "\n";
  }

  /* --- the selection as the draft of a new use of the register: the same YAML as
     harvester/selection/project_draft.py (POST /api/selection/project), tested equal */

  const TO_FILL = "À compléter";

  function draftId(title) {
    const plain = String(title || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    const slug = plain.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60).replace(/-+$/, "");
    return slug || "nouveau-projet";
  }

  function yamlScalar(value) {
    return typeof value === "number" ? String(value) : JSON.stringify(value);
  }

  /* Nested objects and arrays as YAML: strings JSON-quoted, numbers bare, arrays of scalars inline,
     objects in arrays after "- " (insertion order kept). */
  function emit(value, indent) {
    const pad = " ".repeat(indent);
    let text = "";
    Object.keys(value).forEach(function (key) {
      const item = value[key];
      if (Array.isArray(item) && item.length && item.every(function (i) { return i && typeof i === "object"; })) {
        text += pad + key + ":\n";
        item.forEach(function (entry) { text += pad + "  - " + emit(entry, indent + 4).slice(indent + 4); });
      } else if (Array.isArray(item)) {
        text += pad + key + ": [" + item.map(yamlScalar).join(", ") + "]\n";
      } else if (item && typeof item === "object") {
        text += pad + key + ":\n" + emit(item, indent + 2);
      } else {
        text += pad + key + ": " + yamlScalar(item) + "\n";
      }
    });
    return text;
  }

  function draftDatasets(data, report) {
    const years = {};
    report.variables.forEach(function (row) { years[row.dataset] = (years[row.dataset] || []).concat(row.years); });
    const asked = Boolean(data.years && (data.years.from != null || data.years.to != null));
    const order = [], tree = {};
    data.items.forEach(function (item) {
      if (!(item.dataset in tree)) { tree[item.dataset] = { tables: [], byName: {} }; order.push(item.dataset); }
      const tables = tree[item.dataset];
      if (tables === null) return;
      if (!item.table) { tree[item.dataset] = null; return; }
      if (!(item.table in tables.byName)) { tables.byName[item.table] = []; tables.tables.push(item.table); }
      const variables = tables.byName[item.table];
      if (variables === null) return;
      if (!item.variable) tables.byName[item.table] = null;
      else if (variables.indexOf(item.variable) < 0) variables.push(item.variable);
    });
    return order.map(function (dataset) {
      const entry = { dataset: dataset };
      const span = years[dataset] || [];
      if (asked && span.length) entry.years = { start: Math.min.apply(null, span), end: Math.max.apply(null, span) };
      const tables = tree[dataset];
      if (tables && tables.tables.length) {
        entry.tables = tables.tables.map(function (name) {
          const table = { name: name };
          if (tables.byName[name] && tables.byName[name].length) table.variables = tables.byName[name].slice();
          return table;
        });
      }
      return entry;
    });
  }

  function projectDraft(data, report, fields) {
    const id = fields.id || draftId(fields.title);
    const use = {
      id: id,
      kind: fields.kind === "pilot" ? "pilot" : "project",
      title: { fr: fields.title || TO_FILL + " : titre du projet" },
      summary: { fr: fields.summary || TO_FILL + " : résumé du projet (Markdown)." },
      status: "requested",
      period: { start: fields.start || report.generated },
      organisations: [{ name: { fr: fields.organisation || TO_FILL + " : organisme porteur" } }],
      contact: { email: fields.email || "a-completer@example.org" },
      purpose: { fr: fields.purpose || TO_FILL + " : finalité du traitement." },
      public_interest: { fr: fields.public_interest || TO_FILL + " : intérêt public du projet." },
      datasets: draftDatasets(data, report)
    };
    const header = "# yaml-language-server: $schema=../catalogue.schema.json\n#\n" +
      "# Brouillon d’un usage du registre, préparé le " + report.generated + " depuis la sélection du catalogue.\n" +
      "# À compléter (champs « " + TO_FILL + " »), à enregistrer sous catalogue_src/projects/<id>.yaml et à proposer\n" +
      "# par demande de fusion. Draft of a use of the register: complete it and open a pull request.\n";
    return { id: id, yaml: header + emit({ use: use }, 0) };
  }

  /* --- the selection page */

  function setupSelectionPage() {
    const box = document.querySelector("[data-hdc-selection]");
    if (!box) return;
    const root = new URL(box.getAttribute("data-root") || "./", location.href).href;
    const status = box.querySelector(".hdc-selection-status");
    const body = box.querySelector(".hdc-selection-body");
    const from = box.querySelector(".hdc-years-from");
    const to = box.querySelector(".hdc-years-to");
    const csvLink = box.querySelector(".hdc-download-csv");
    const jsonLink = box.querySelector(".hdc-download-json");
    const projectLink = box.querySelector(".hdc-download-project");
    const projectStatus = box.querySelector(".hdc-project-status");
    const projectInputs = Array.from(box.querySelectorAll("[data-hdc-project]"));
    let urls = [];
    let projectUrl = null;
    let shownReport = null;
    let turn = 0;

    /* The draft's fields, kept with the selection; an identifier or address the form refuses is left
       out (the draft keeps its placeholder) and said. */
    function projectFields() {
      const fields = {}, refused = [];
      projectInputs.forEach(function (input) {
        const name = input.getAttribute("data-hdc-project");
        const value = input.value.trim();
        if (value && !input.checkValidity()) refused.push(name);
        else fields[name] = value;
      });
      return { fields: fields, refused: refused };
    }

    function showDraft() {
      if (!shownReport) return;
      const asked = projectFields();
      const draft = projectDraft(load(), shownReport, asked.fields);
      if (projectUrl) URL.revokeObjectURL(projectUrl);
      projectUrl = URL.createObjectURL(new Blob([draft.yaml], { type: "application/yaml;charset=utf-8" }));
      projectLink.href = projectUrl;
      projectLink.setAttribute("download", draft.id + ".yaml");
      projectStatus.textContent = "catalogue_src/projects/" + draft.id + ".yaml" +
        (asked.refused.length ? " — non valide, laissé à compléter : " + asked.refused.join(", ") : "");
      box.setAttribute("data-project", draft.id);
    }

    function storeProject() {
      const data = load();
      data.project = projectFields().fields;
      save(data);
      showDraft();
    }

    function readYear(input) {
      const value = parseInt(input.value, 10);
      return value >= 1900 && value <= 2100 ? value : null;
    }

    function render() {
      const mine = ++turn;
      const data = load();
      from.value = data.years && data.years.from ? data.years.from : "";
      to.value = data.years && data.years.to ? data.years.to : "";
      if (!data.items.length) {
        status.textContent = "La sélection est vide : ajoutez des variables, des tables ou des jeux de données depuis leurs pages ou la recherche.";
        body.hidden = true;
        box.setAttribute("data-rendered", "0");
        return;
      }
      makeReport(root, data).then(function (made) {
        if (mine !== turn) return;
        const report = made.report;
        status.textContent = report.variables.length + " variable" + (report.variables.length > 1 ? "s" : "") +
          " de " + report.datasets.length + " jeu" + (report.datasets.length > 1 ? "x" : "") + " de données." +
          (made.problems.length ? " Problèmes : " + made.problems.join(" ; ") : "");
        body.hidden = false;
        showVariables(report, data);
        showMatrix(report, data);
        showJoins(report);
        showIdentifiers(report, data);
        showConditions(report);
        box.querySelector(".hdc-generated").textContent = report.generated;
        const asked = report.requested_years;
        box.querySelector(".hdc-requested-years").textContent = asked
          ? (asked.from || "…") + "–" + (asked.to || "…") : "toutes celles disponibles";
        urls.forEach(function (url) { URL.revokeObjectURL(url); });
        urls = [
          URL.createObjectURL(new Blob([reportCsv(report)], { type: "text/csv;charset=utf-8" })),
          URL.createObjectURL(new Blob([JSON.stringify(report, null, 2) + "\n"], { type: "application/json" }))
        ];
        csvLink.href = urls[0];
        jsonLink.href = urls[1];
        shownReport = report;
        showDraft();
        box.setAttribute("data-rendered", String(report.variables.length));
      }).catch(function (error) {
        if (mine !== turn) return;
        status.textContent = "La sélection n’a pas pu être chargée (" + error.message + ").";
      });
    }

    function remove(item) {
      const data = load();
      data.items = data.items.filter(function (other) { return !same(other, item); });
      save(data);
      render();
    }

    function showVariables(report, data) {
      const host = box.querySelector(".hdc-selection-variables");
      host.replaceChildren();
      const explicit = {};
      data.items.forEach(function (item) { explicit[[item.dataset, item.table || "", item.variable || ""].join("/")] = item; });
      report.datasets.forEach(function (dataset) {
        const section = element("section", null, "hdc-selection-dataset");
        const title = element("h3");
        title.appendChild(link(dataset.title, root + dataset.page));
        section.appendChild(title);
        const whole = explicit[dataset.id + "//"];
        if (whole) section.appendChild(removeButton(whole, "retirer le jeu de données"));
        const tables = [];
        report.variables.forEach(function (r) { if (r.dataset === dataset.id && tables.indexOf(r.table) < 0) tables.push(r.table); });
        tables.forEach(function (name) {
          const heading = element("h4");
          heading.appendChild(link(name, root + dataset.page + "tables/" + segment(name) + "/"));
          section.appendChild(heading);
          const wholeTable = explicit[dataset.id + "/" + name + "/"];
          if (wholeTable) section.appendChild(removeButton(wholeTable, "retirer la table"));
          const table = element("table", null, "hdc-table hdc-selection-table");
          const head = element("tr");
          ["Variable", "Libellé", "Années", "Identifiant", "Nomenclature", ""].forEach(function (h) { head.appendChild(element("th", h)); });
          table.appendChild(element("thead")).appendChild(head);
          const tbody = table.appendChild(element("tbody"));
          report.variables.filter(function (r) { return r.dataset === dataset.id && r.table === name; }).forEach(function (r) {
            const row = element("tr");
            row.setAttribute("data-variable", r.dataset + "/" + r.table + "/" + r.variable);
            const cell = element("td");
            cell.appendChild(link(r.variable, root + dataset.page + "tables/" + segment(name) + "/#var-" + r.variable.replace(/[^A-Za-z0-9_.-]/g, "_"), "hdc-code"));
            row.appendChild(cell);
            row.appendChild(element("td", r.label));
            row.appendChild(element("td", yearsText(r.years) + (r.available.end === "assumed" ? " *" : "")));
            row.appendChild(flagCell(r.identifying));
            row.appendChild(element("td", r.code_list));
            const actions = element("td", null, "hdc-no-print");
            const own = explicit[r.dataset + "/" + r.table + "/" + r.variable];
            if (own) actions.appendChild(removeButton(own, "retirer"));
            row.appendChild(actions);
            tbody.appendChild(row);
          });
          section.appendChild(element("div", null, "hdc-scroll")).appendChild(table);
        });
        host.appendChild(section);
      });
      if (report.variables.some(function (r) { return r.available.end === "assumed"; })) {
        host.appendChild(element("p", "* Fin de couverture non déclarée : l’année en cours est supposée, sa livraison n’est pas confirmée.", "hdc-muted"));
      }
    }

    function removeButton(item, text) {
      const button = element("button", text, "md-button hdc-remove hdc-no-print");
      button.type = "button";
      button.addEventListener("click", function () { remove(item); });
      return button;
    }

    function flagCell(flag) {
      const cell = element("td");
      if (flag === "direct" || flag === "indirect") cell.appendChild(element("span", flag, "hdc-flag hdc-flag-" + flag));
      else cell.appendChild(element("span", flag === "no" ? "non" : "—", "hdc-muted"));
      return cell;
    }

    function showMatrix(report, data) {
      const table = box.querySelector(".hdc-matrix");
      table.replaceChildren();
      const firsts = report.variables.map(function (r) { return r.available.first || r.available.last; });
      const lasts = report.variables.map(function (r) { return r.available.last; });
      let low = Math.min.apply(null, firsts), high = Math.max.apply(null, lasts);
      if (data.years && data.years.from) low = Math.max(low, data.years.from);
      if (data.years && data.years.to) high = Math.min(high, data.years.to);
      if (high - low > 60) low = high - 60; // the most recent decades: a readable width
      const years = [];
      for (let y = low; y <= high; y++) years.push(y);
      const common = report.common_years;
      box.querySelector(".hdc-common-years").textContent = common.length
        ? "Années communes à toutes les variables : " + yearsText(common) + " (" + common.length + " an" + (common.length > 1 ? "s" : "") + ")."
        : "Aucune année commune à toutes les variables sélectionnées.";
      const head = element("tr");
      head.appendChild(element("th", "Variable"));
      years.forEach(function (y) {
        const th = element("th", String(y).slice(2), common.indexOf(y) >= 0 ? "hdc-common" : "");
        th.title = String(y);
        th.setAttribute("data-year", String(y));
        head.appendChild(th);
      });
      table.appendChild(element("thead")).appendChild(head);
      const tbody = table.appendChild(element("tbody"));
      report.variables.forEach(function (r) {
        const row = element("tr");
        row.appendChild(element("th", r.table + "." + r.variable));
        years.forEach(function (y) {
          const on = r.available.years.indexOf(y) >= 0;
          const cell = element("td", on ? "●" : "", (on ? "hdc-on" : "hdc-off") + (common.indexOf(y) >= 0 ? " hdc-common" : ""));
          cell.title = y + (on ? " : disponible" : " : absent");
          row.appendChild(cell);
        });
        tbody.appendChild(row);
      });
    }

    function showJoins(report) {
      const host = box.querySelector(".hdc-selection-joins");
      host.replaceChildren();
      if (!report.joins.length && !report.unjoined.length) {
        host.appendChild(element("p", "Une seule table : pas de jointure.", "hdc-muted"));
        return;
      }
      report.joins.forEach(function (path) {
        const block = element("div", null, "hdc-join");
        block.setAttribute("data-from", path.from);
        block.setAttribute("data-to", path.to);
        const line = element("p", null, "hdc-path");
        line.appendChild(element("code", path.from));
        path.steps.forEach(function (s) {
          line.appendChild(element("span", " " + s.columns.join(" + ") + (s.key_of === "from" ? " → " : " ← ") + s.to_columns.join(" + ") + " ", "hdc-path-step"));
          line.appendChild(element("code", s.to_dataset + "/" + s.to_table));
        });
        block.appendChild(line);
        if (path.notes.length) {
          const notes = element("ul", null, "hdc-notes");
          path.notes.forEach(function (n) { notes.appendChild(element("li", n.fr)); });
          block.appendChild(notes);
        }
        host.appendChild(block);
      });
      report.unjoined.forEach(function (table) {
        host.appendChild(element("p", "Aucune chaîne de clés ne relie " + (report.variables[0].dataset + "/" + report.variables[0].table) + " à " + table + ".", "hdc-unjoined"));
      });
    }

    function showIdentifiers(report, data) {
      const host = box.querySelector(".hdc-selection-identifiers");
      host.replaceChildren();
      if (!report.identifiers.length) {
        host.appendChild(element("p", "Aucune des variables sélectionnées n’est signalée comme identifiante dans le catalogue (vérifiez-le au regard de la finalité : un pseudonyme reste une donnée indirectement identifiante).", "hdc-muted hdc-no-identifiers"));
        return;
      }
      const table = element("table", null, "hdc-table hdc-identifiers");
      const head = element("tr");
      ["Variable", "Libellé", "Identifiant", "Justification"].forEach(function (h) { head.appendChild(element("th", h)); });
      table.appendChild(element("thead")).appendChild(head);
      const tbody = table.appendChild(element("tbody"));
      report.identifiers.forEach(function (id) {
        const key = id.dataset + "/" + id.table + "/" + id.variable;
        const row = element("tr");
        row.setAttribute("data-variable", key);
        row.appendChild(element("td", key, "hdc-code"));
        row.appendChild(element("td", id.label));
        row.appendChild(flagCell(id.identifying));
        const cell = element("td");
        const field = element("textarea", null, "hdc-justification");
        field.value = id.justification;
        field.setAttribute("aria-label", "Justification de " + key);
        field.rows = 2;
        field.addEventListener("change", function () {
          const stored = load();
          stored.justifications[key] = field.value;
          save(stored);
          render();
        });
        cell.appendChild(field);
        row.appendChild(cell);
        tbody.appendChild(row);
      });
      host.appendChild(table);
    }

    function showConditions(report) {
      const host = box.querySelector(".hdc-selection-conditions");
      host.replaceChildren();
      const ends = { temporal: "fin de la couverture déclarée", release: "dernier millésime", modified: "dernière mise à jour", assumed: "supposée : ni fin ni millésime déclarés" };
      report.datasets.forEach(function (d) {
        const section = element("section", null, "hdc-conditions");
        section.setAttribute("data-dataset", d.id);
        section.appendChild(element("h3", d.title));
        const list = element("dl", null, "hdc-dl");
        function entry(term, value) {
          list.appendChild(element("dt", term));
          const dd = element("dd");
          if (value instanceof Node) dd.appendChild(value); else dd.textContent = value || "—";
          list.appendChild(dd);
        }
        entry("Droits d’accès", d.access_rights ? d.access_rights.label : "");
        if (d.hdab) {
          const who = element("span", d.hdab.name);
          if (d.hdab.email) { who.appendChild(document.createTextNode(" — ")); who.appendChild(link(d.hdab.email, "mailto:" + d.hdab.email)); }
          if (d.hdab.contact_url) { who.appendChild(document.createTextNode(" — ")); who.appendChild(link("contact", d.hdab.contact_url)); }
          entry("Organisme d’accès (HDAB)", who);
        } else entry("Organisme d’accès (HDAB)", "");
        if (d.contact) entry("Contact", d.contact.name + (d.contact.email ? " — " + d.contact.email : ""));
        entry("Base légale", d.legal_basis);
        const laws = element("span");
        d.legislation.forEach(function (law, i) {
          if (i) laws.appendChild(document.createTextNode(" · "));
          laws.appendChild(link(law.label || law.code, law.iri));
        });
        entry("Législation applicable", d.legislation.length ? laws : "");
        const dists = element("span");
        d.distributions.forEach(function (x, i) {
          if (i) dists.appendChild(document.createTextNode(" · "));
          const url = x.access_url || x.download_url;
          dists.appendChild(url ? link(x.title, url) : element("span", x.title));
        });
        entry("Distributions", d.distributions.length ? dists : "");
        entry("Dernière année livrée", d.delivered_until + " (" + ends[d.delivered_until_source] + ")");
        section.appendChild(list);
        d.procedures.forEach(function (p) {
          const block = element("div", null, "hdc-procedure");
          block.setAttribute("data-procedure", p.id);
          block.appendChild(element("p")).appendChild(element("strong", p.title.fr));
          if (p.when) block.appendChild(element("p", p.when.fr, "hdc-small"));
          const steps = element("ol", null, "hdc-steps");
          p.steps.forEach(function (s) {
            const li = element("li");
            li.appendChild(link(s.title.fr, s.url));
            if (s.description) li.appendChild(element("span", " — " + s.description.fr, "hdc-small"));
            steps.appendChild(li);
          });
          block.appendChild(steps);
          section.appendChild(block);
        });
        if (!d.procedures.length) section.appendChild(element("p", "Démarches : voir l’organisme d’accès.", "hdc-muted"));
        host.appendChild(section);
      });
    }

    function storeYears() {
      const data = load();
      const years = { from: readYear(from), to: readYear(to) };
      data.years = years.from || years.to ? years : null;
      save(data);
      render();
    }

    from.addEventListener("change", storeYears);
    to.addEventListener("change", storeYears);
    const kept = load().project || {};
    projectInputs.forEach(function (input) {
      const name = input.getAttribute("data-hdc-project");
      if (typeof kept[name] === "string" && kept[name]) input.value = kept[name];
      input.addEventListener("input", storeProject);
      input.addEventListener("change", storeProject);
    });
    box.querySelector(".hdc-print").addEventListener("click", function () { window.print(); });
    box.querySelector(".hdc-clear").addEventListener("click", function () {
      save({ version: 1, items: [], years: null, justifications: {} });
      render();
    });
    window.addEventListener("storage", function (event) { if (event.key === STORE) render(); });
    render();
  }

  /* --- big datasets: the neighbourhood of one table at a time, zoomable */

  function setupNeighbourhoods() {
    document.querySelectorAll("[data-hdc-neighbourhood]").forEach(function (box) {
      const select = box.querySelector(".hdc-neighbourhood-table");
      const view = box.querySelector(".hdc-neighbourhood-view");
      const diagrams = JSON.parse(box.getAttribute("data-diagrams") || "{}");
      let zoom = 1, drawn = 0;
      function applyZoom() { view.style.zoom = String(zoom); }
      box.querySelector(".hdc-zoom-in").addEventListener("click", function () { zoom = Math.min(4, zoom * 1.25); applyZoom(); });
      box.querySelector(".hdc-zoom-out").addEventListener("click", function () { zoom = Math.max(0.25, zoom / 1.25); applyZoom(); });
      function draw() {
        const text = diagrams[select.value];
        if (!text || !window.mermaid) return;
        drawn += 1;
        const shown = select.value;
        window.mermaid.render("hdc-neighbourhood-" + drawn, text).then(function (result) {
          // Mermaid's own SVG, drawn from identifiers only (harvester/publish/erd.py); at its natural
          // size, so that a wide neighbourhood scrolls and zooms instead of shrinking to a line.
          const holder = element("div", null, "mermaid hdc-neighbourhood-svg");
          holder.setAttribute("data-processed", "true"); // not Mermaid's to draw again at load
          holder.innerHTML = result.svg;
          const svg = holder.querySelector("svg");
          const frame = svg && svg.viewBox && svg.viewBox.baseVal;
          if (frame && frame.width) {
            svg.setAttribute("width", String(Math.ceil(frame.width)));
            svg.setAttribute("height", String(Math.ceil(frame.height)));
            svg.style.maxWidth = "none";
          }
          view.replaceChildren(holder);
          view.scrollLeft = (view.scrollWidth - view.clientWidth) / 2; // the table itself is in the middle
          if (shown === select.value) box.setAttribute("data-shown", shown);
        });
      }
      select.addEventListener("change", draw);
      draw();
    });
  }

  ready(function () {
    setupButtons();
    setupSelectionPage();
    setupNeighbourhoods();
  });
})();
