/* DNM Catalogue faceted browser.
   Same semantics as `dnm-catalogue list` (dnm_catalogue/query.py): values within a facet are OR,
   facets combine with AND, drugs and regions were expanded at build time (a parent drug lists
   its children's records; a region lists studies of its member countries). The whole state
   lives in the URL query, so a pasted link and the back button restore it. Data comes from
   browse/data.js, loaded as a script so that it works from file:// too. */
(function () {
  "use strict";

  var FACETS = ["country", "region", "drug", "market", "type", "method"];
  var COLUMN = {}; // column name -> index, filled from the data
  var state = null;
  var data = null;
  var recordUrl = null; // a link to a record page with __ID__ for its id (directory or file URLs)

  function normalise(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function loadScript(src, ready) {
    var script = document.createElement("script");
    script.src = src;
    script.onload = ready;
    script.onerror = function () { setStatus("The catalogue data could not be loaded."); };
    document.head.appendChild(script);
  }

  function setStatus(text) {
    var status = document.getElementById("dnm-status");
    if (status) { status.textContent = text; }
  }

  function readState() {
    var params = new URLSearchParams(window.location.search);
    var result = { q: params.get("q") || "", from: params.get("from") || "", to: params.get("to") || "",
      oa: params.get("oa") === "1", regional: params.get("regional") === "1",
      sort: params.get("sort") || "year" };
    FACETS.forEach(function (facet) {
      result[facet] = params.getAll(facet).map(function (value) { return value.toLowerCase(); });
    });
    return result;
  }

  function writeState(replace) {
    var params = new URLSearchParams();
    FACETS.forEach(function (facet) {
      state[facet].forEach(function (value) { params.append(facet, value); });
    });
    if (state.regional) { params.set("regional", "1"); }
    if (state.from) { params.set("from", state.from); }
    if (state.to) { params.set("to", state.to); }
    if (state.oa) { params.set("oa", "1"); }
    if (state.q) { params.set("q", state.q); }
    if (state.sort && state.sort !== "year") { params.set("sort", state.sort); }
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    if (url !== window.location.pathname + window.location.search + window.location.hash) {
      window.history[replace ? "replaceState" : "pushState"](window.history.state, "", url);
    }
  }

  function intersects(values, wanted) {
    for (var i = 0; i < wanted.length; i++) {
      if (values.indexOf(wanted[i]) !== -1) { return true; }
    }
    return false;
  }

  /* Does a record pass every filter except the one named `skip` (for facet counts)? */
  function passes(row, skip) {
    if (state.oa && skip !== "oa" && !row[COLUMN.oa]) { return false; }
    var year = row[COLUMN.year];
    if (state.from && year < Number(state.from)) { return false; }
    if (state.to && year > Number(state.to)) { return false; }
    if (state.words.length) {
      var text = row[COLUMN.text];
      for (var w = 0; w < state.words.length; w++) {
        if (text.indexOf(state.words[w]) === -1) { return false; }
      }
    }
    for (var f = 0; f < FACETS.length; f++) {
      var facet = FACETS[f];
      var wanted = state[facet];
      if (facet === skip || !wanted.length) { continue; }
      if (facet === "type") {
        if (wanted.indexOf(row[COLUMN.type]) === -1) { return false; }
      } else if (facet === "country") {
        if (!intersects(row[COLUMN.country], wanted) &&
            !(state.regional && intersects(row[COLUMN.regions_direct], state.regionsWanted))) {
          return false;
        }
      } else if (!intersects(row[COLUMN[facet]], wanted)) {
        return false;
      }
    }
    return true;
  }

  function compare(a, b) {
    if (state.sort === "title") {
      return a[COLUMN.title].localeCompare(b[COLUMN.title]);
    }
    var byDay = state.sort === "year-asc" ? a[COLUMN.day] - b[COLUMN.day] : b[COLUMN.day] - a[COLUMN.day];
    return byDay || a[COLUMN.title].toLowerCase().localeCompare(b[COLUMN.title].toLowerCase());
  }

  function prepare() {
    state.words = normalise(state.q).split(/\s+/).filter(Boolean);
    var regions = {};
    state.country.forEach(function (code) {
      (data.regions_of[code] || []).forEach(function (region) { regions[region] = true; });
    });
    state.regionsWanted = Object.keys(regions);
  }

  function results() {
    return data.records.filter(function (row) { return passes(row, null); }).sort(compare);
  }

  function updateCounts(container) {
    var counts = {};
    FACETS.forEach(function (facet) {
      var column = facet === "type" ? COLUMN.type : COLUMN[facet];
      data.records.forEach(function (row) {
        if (!passes(row, facet)) { return; }
        var values = facet === "type" ? [row[column]] : row[column];
        values.forEach(function (value) {
          var key = facet + "=" + value;
          counts[key] = (counts[key] || 0) + 1;
        });
      });
    });
    container.querySelectorAll("[data-count-for]").forEach(function (element) {
      var count = counts[element.getAttribute("data-count-for")] || 0;
      element.textContent = String(count);
      var label = element.closest("label");
      label.classList.toggle("dnm-zero", count === 0);
      label.setAttribute("data-count", String(count));
    });
  }

  function renderResults(container, rows) {
    var list = container.querySelector("#dnm-results");
    var fragment = document.createDocumentFragment();
    rows.forEach(function (row) {
      var item = document.createElement("li");
      item.className = "dnm-record-item";
      item.setAttribute("data-id", row[COLUMN.id]);
      var year = document.createElement("span");
      year.className = "dnm-year";
      year.textContent = String(row[COLUMN.year]);
      var link = document.createElement("a");
      link.className = "dnm-title";
      link.href = recordUrl.replace("__ID__", row[COLUMN.id]);
      link.textContent = row[COLUMN.title];
      var byline = document.createElement("span");
      byline.className = "dnm-byline";
      byline.textContent = row[COLUMN.authors] + " · " + (container.typeLabels[row[COLUMN.type]] || row[COLUMN.type]) +
        (row[COLUMN.oa] ? " · open access" : "");
      item.appendChild(year);
      item.appendChild(link);
      item.appendChild(byline);
      fragment.appendChild(item);
    });
    list.replaceChildren(fragment);
    var noun = rows.length === 1 ? "record" : "records";
    setStatus(rows.length + " " + noun + " of " + data.records.length);
  }

  function syncForm(container) {
    var form = container.querySelector("form");
    form.elements.q.value = state.q;
    form.elements.from.value = state.from;
    form.elements.to.value = state.to;
    form.elements.oa.checked = state.oa;
    form.elements.regional.checked = state.regional;
    container.querySelector("#dnm-sort").value = state.sort;
    FACETS.forEach(function (facet) {
      form.querySelectorAll('input[name="' + facet + '"]').forEach(function (box) {
        box.checked = state[facet].indexOf(box.value) !== -1;
      });
    });
  }

  function refresh(container) {
    prepare();
    var rows = results();
    renderResults(container, rows);
    updateCounts(container);
    container.currentRows = rows;
  }

  function readForm(container) {
    var form = container.querySelector("form");
    state.q = form.elements.q.value.trim();
    state.from = form.elements.from.value;
    state.to = form.elements.to.value;
    state.oa = form.elements.oa.checked;
    state.regional = form.elements.regional.checked;
    state.sort = container.querySelector("#dnm-sort").value;
    FACETS.forEach(function (facet) {
      state[facet] = Array.prototype.map.call(
        form.querySelectorAll('input[name="' + facet + '"]:checked'), function (box) { return box.value; });
    });
  }

  function download(name, type, text) {
    var blob = new Blob([text], { type: type });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    window.setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  }

  function exportResults(container, format) {
    function go() {
      var entries = container.currentRows.map(function (row) { return window.DNM_EXPORTS[row[COLUMN.id]]; });
      if (format === "bibtex") {
        download("dnm-catalogue-selection.bib", "application/x-bibtex",
          entries.map(function (entry) { return entry.bibtex; }).join("\n"));
      } else if (format === "ris") {
        download("dnm-catalogue-selection.ris", "application/x-research-info-systems",
          entries.map(function (entry) { return entry.ris; }).join(""));
      } else {
        download("dnm-catalogue-selection.json", "application/vnd.citationstyles.csl+json",
          JSON.stringify(entries.map(function (entry) { return entry.csl; }), null, 2));
      }
    }
    if (window.DNM_EXPORTS) { go(); } else { loadScript(container.getAttribute("data-exports"), go); }
  }

  function start(container) {
    recordUrl = container.getAttribute("data-record-url");
    data = window.DNM_CATALOGUE;
    COLUMN = {};
    data.columns.forEach(function (name, index) { COLUMN[name] = index; });
    container.typeLabels = {};
    container.querySelectorAll('input[name="type"]').forEach(function (box) {
      container.typeLabels[box.value] = box.parentElement.querySelector("span").textContent;
    });
    state = readState();
    syncForm(container);
    refresh(container);
    var form = container.querySelector("form");
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("input", function (event) {
      readForm(container);
      writeState(event.target.name === "q" || event.target.type === "number");
      refresh(container);
    });
    container.querySelector("#dnm-sort").addEventListener("change", function () {
      readForm(container);
      writeState(false);
      refresh(container);
    });
    container.querySelector("#dnm-clear").addEventListener("click", function () {
      form.reset();
      readForm(container);
      writeState(false);
      refresh(container);
    });
    container.querySelectorAll("[data-export]").forEach(function (button) {
      button.addEventListener("click", function () { exportResults(container, button.getAttribute("data-export")); });
    });
    container.dnmReady = true;
    container.setAttribute("data-ready", "true");
  }

  function onPopState() {
    var container = document.getElementById("dnm-browser");
    if (!container || !container.dnmReady) { return; }
    state = readState();
    syncForm(container);
    refresh(container);
  }

  function setUp() {
    var container = document.getElementById("dnm-browser");
    if (!container || container.dnmReady) { return; }
    container.hidden = false;
    if (window.DNM_CATALOGUE) { start(container); } else {
      loadScript(container.getAttribute("data-src"), function () { start(container); });
    }
  }

  window.addEventListener("popstate", onPopState);
  if (typeof document$ !== "undefined") {
    document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
