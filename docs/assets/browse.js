/* DNM Catalogue faceted browser.
   Same semantics as `dnm-catalogue list` (dnm_catalogue/query.py): values within a facet are OR,
   facets combine with AND, drugs and regions were expanded at build time (a parent drug lists
   its children's records; a region lists studies of its member countries). The whole state
   lives in the URL query, so a pasted link and the back button restore it.
   Data comes from browse/data.js (loaded as a script, so it works from file:// too). Each facet
   value is a bitset over the records, so a filter change and every facet count are a few
   thousand word operations even at 10,000 records. */
(function () {
  "use strict";

  var FACETS = ["country", "region", "drug", "market", "type", "method"];
  var PAGE = 50; // results rendered at once; "Show more" adds the next page
  var index = null; // built once from window.DNM_CATALOGUE
  var state = null;

  /* Bitsets ------------------------------------------------------------------------------- */

  function emptySet(words) { return new Uint32Array(words); }

  function fullSet(count) {
    var set = new Uint32Array((count + 31) >>> 5).fill(0xffffffff);
    if (count & 31) { set[set.length - 1] = (1 << (count & 31)) - 1; }
    return set;
  }

  function popcount(word) {
    word -= (word >>> 1) & 0x55555555;
    word = (word & 0x33333333) + ((word >>> 2) & 0x33333333);
    return (((word + (word >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
  }

  function andInto(target, other) {
    for (var i = 0; i < target.length; i++) { target[i] &= other[i]; }
  }

  function orInto(target, other) {
    for (var i = 0; i < target.length; i++) { target[i] |= other[i]; }
  }

  function countAnd(a, b) {
    var total = 0;
    for (var i = 0; i < a.length; i++) { total += popcount(a[i] & b[i]); }
    return total;
  }

  function has(set, row) { return (set[row >>> 5] >>> (row & 31)) & 1; }

  /* Index --------------------------------------------------------------------------------- */

  function buildIndex(data) {
    var count = data.count;
    var words = (count + 31) >>> 5;
    var columns = data.columns;
    var result = { count: count, words: words, columns: columns, values: data.values,
      typeLabels: data.type_labels, bits: {}, position: {}, direct: [], regionsOf: new Map(),
      year: new Int16Array(count), oa: emptySet(words), text: null };
    // Maps, not plain objects: a value from the address such as "__proto__" or "constructor"
    // must find nothing rather than an object's built-in property.
    FACETS.forEach(function (facet) {
      result.position[facet] = new Map();
      result.bits[facet] = data.values[facet].map(function (value, i) {
        result.position[facet].set(value, i);
        return emptySet(words);
      });
    });
    result.direct = data.values.region.map(function () { return emptySet(words); });
    // Reading the "3.17.40" value lists digit by digit (no split, no closures per row) leaves
    // almost no garbage behind, so no collection pause falls on the first filter changes.
    function mark(sets, encoded, row) {
      if (!encoded) { return; }
      var value = 0;
      for (var i = 0; i < encoded.length; i++) {
        var code = encoded.charCodeAt(i);
        if (code === 46) { sets[value][row >>> 5] |= 1 << (row & 31); value = 0; } else { value = value * 10 + code - 48; }
      }
      sets[value][row >>> 5] |= 1 << (row & 31);
    }
    for (var row = 0; row < count; row++) {
      for (var f = 0; f < FACETS.length; f++) { mark(result.bits[FACETS[f]], columns[FACETS[f]][row], row); }
      mark(result.direct, columns.regions_direct[row], row);
      result.year[row] = columns.year[row];
      if (columns.oa[row]) { result.oa[row >>> 5] |= 1 << (row & 31); }
    }
    Object.keys(data.regions_of).forEach(function (code) {
      var encoded = data.regions_of[code];
      result.regionsOf.set(code, encoded ? encoded.split(".").map(Number) : []);
    });
    var lower = columns.title.map(function (title) { return title.toLowerCase(); });
    function byTitle(a, b) { return lower[a] < lower[b] ? -1 : lower[a] > lower[b] ? 1 : 0; }
    var rows = new Int32Array(count);
    for (var r = 0; r < count; r++) { rows[r] = r; }
    result.byNewest = rows.slice().sort(function (a, b) { return columns.day[b] - columns.day[a] || byTitle(a, b); });
    result.byOldest = rows.slice().sort(function (a, b) { return columns.day[a] - columns.day[b] || byTitle(a, b); });
    result.byTitle = rows.slice().sort(byTitle);
    return result;
  }

  /* State and URL ------------------------------------------------------------------------- */

  function normalise(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  var SORTS = ["year", "year-asc", "title"];

  /* The state the address asks for. Values the catalogue does not know (a mistyped or an
     old link, or a crafted one) are left out and listed in `ignored`, which the page shows. */
  function readState() {
    var params = new URLSearchParams(window.location.search);
    var ignored = [];
    function year(name) {
      var value = params.get(name) || "";
      if (value && !/^[0-9]{4}$/.test(value)) { ignored.push(name + "=" + value); return ""; }
      return value;
    }
    var sort = params.get("sort") || "year";
    if (SORTS.indexOf(sort) === -1) { ignored.push("sort=" + sort); sort = "year"; }
    var result = { q: params.get("q") || "", from: year("from"), to: year("to"),
      oa: params.get("oa") === "1", regional: params.get("regional") === "1",
      sort: sort, shown: PAGE, ignored: ignored };
    FACETS.forEach(function (facet) {
      result[facet] = [];
      params.getAll(facet).forEach(function (value) {
        var known = value.toLowerCase();
        if (index.position[facet].has(known)) { result[facet].push(known); } else { ignored.push(facet + "=" + value); }
      });
    });
    return result;
  }

  function showIgnored(container) {
    var note = container.querySelector("#dnm-ignored");
    if (!state.ignored.length) { note.hidden = true; note.textContent = ""; return; }
    note.textContent = "Not applied, as the catalogue has no such value: " + state.ignored.join(", ") + ".";
    note.hidden = false;
  }

  /* The address is updated just after the results are drawn: history.pushState costs more
     than the filtering itself, so it must not delay the new results. */
  var pendingWrite = null;

  function writeState(replace) {
    if (pendingWrite) {
      window.clearTimeout(pendingWrite.timer);
      replace = replace && pendingWrite.replace;
    }
    pendingWrite = { replace: replace, timer: window.setTimeout(function () {
      var request = pendingWrite;
      pendingWrite = null;
      writeStateNow(request.replace);
    }, 0) };
  }

  function writeStateNow(replace) {
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

  /* Filtering ----------------------------------------------------------------------------- */

  /* Bitsets reused from one filter change to the next: allocating them anew for every click
     makes garbage collection pauses, which are what made the slowest clicks slow. */
  var scratch = {};

  function scratchSet(name) {
    var set = scratch[name];
    if (!set || set.length !== index.words) { set = scratch[name] = emptySet(index.words); }
    return set;
  }

  /* The set each active filter allows; null where a filter is off. */
  function filterSets() {
    var sets = {};
    FACETS.forEach(function (facet) {
      var wanted = state[facet];
      if (!wanted.length) { sets[facet] = null; return; }
      var set = scratchSet("filter-" + facet);
      set.fill(0);
      wanted.forEach(function (value) {
        var i = index.position[facet].get(value);
        if (i !== undefined) { orInto(set, index.bits[facet][i]); }
      });
      if (facet === "country" && state.regional) {
        // A study of a region that contains the country counts for it (the EU for Germany).
        wanted.forEach(function (code) {
          (index.regionsOf.get(code) || []).forEach(function (region) { orInto(set, index.direct[region]); });
        });
      }
      sets[facet] = set;
    });
    var from = state.from ? Number(state.from) : null;
    var to = state.to ? Number(state.to) : null;
    var needText = state.words.length > 0;
    if (from !== null || to !== null || needText) {
      var other = scratchSet("filter-other");
      other.fill(0);
      for (var row = 0; row < index.count; row++) {
        var year = index.year[row];
        if ((from !== null && year < from) || (to !== null && year > to)) { continue; }
        if (needText && !textMatches(row)) { continue; }
        other[row >>> 5] |= 1 << (row & 31);
      }
      sets.other = other;
    } else {
      sets.other = null;
    }
    sets.oa = state.oa ? index.oa : null;
    return sets;
  }

  function textMatches(row) {
    var text = index.text[row];
    for (var w = 0; w < state.words.length; w++) {
      if (text.indexOf(state.words[w]) === -1) { return false; }
    }
    return true;
  }

  var SET_NAMES = FACETS.concat(["other", "oa"]);

  function combine(sets, skip, into) {
    var result = into || fullSet(index.count);
    if (into) { result.set(scratch.full || (scratch.full = fullSet(index.count))); }
    for (var i = 0; i < SET_NAMES.length; i++) {
      var name = SET_NAMES[i];
      if (name !== skip && sets[name]) { andInto(result, sets[name]); }
    }
    return result;
  }

  /* Rendering ----------------------------------------------------------------------------- */

  function setStatus(container, text) {
    container.querySelector("#dnm-status").textContent = text;
  }

  function renderResults(container) {
    var list = container.querySelector("#dnm-results");
    // Only the rows on screen are collected; the total is a count of set bits.
    var order = currentOrder();
    var total = 0;
    for (var w = 0; w < state.selection.length; w++) { total += popcount(state.selection[w]); }
    var shown = [];
    for (var i = 0; i < order.length && shown.length < state.shown && shown.length < total; i++) {
      if (has(state.selection, order[i])) { shown.push(order[i]); }
    }
    // A pool of list items is kept and refilled: a filter change changes text in place and
    // allocates no elements (allocation is what brought garbage collection pauses).
    var pool = container.pool;
    for (var p = 0; p < shown.length; p++) {
      var slot = pool[p] || (pool[p] = makeSlot());
      if (slot.row !== shown[p]) { fillSlot(container, slot, shown[p]); }
      if (!slot.item.parentNode) { list.appendChild(slot.item); }
    }
    for (var q = shown.length; q < pool.length && pool[q].item.parentNode; q++) {
      list.removeChild(pool[q].item);
    }
    var more = container.querySelector("#dnm-more");
    var remaining = total - shown.length;
    more.hidden = remaining <= 0;
    more.textContent = "Show " + Math.min(PAGE, remaining) + " more (" + remaining + " not shown)";
    var noun = total === 1 ? "record" : "records";
    setStatus(container, total + " " + noun + " of " + index.count);
  }

  function currentOrder() {
    return state.sort === "title" ? index.byTitle : state.sort === "year-asc" ? index.byOldest : index.byNewest;
  }

  /* Every current result in the current order (for exports). */
  function currentRows() {
    var order = currentOrder();
    var rows = [];
    for (var i = 0; i < order.length; i++) {
      if (has(state.selection, order[i])) { rows.push(order[i]); }
    }
    return rows;
  }

  function makeSlot() {
    var slot = { row: -1, item: document.createElement("li"), year: document.createTextNode(""),
      link: document.createElement("a"), title: document.createTextNode(""),
      byline: document.createTextNode("") };
    slot.item.className = "dnm-record-item";
    var year = document.createElement("span");
    year.className = "dnm-year";
    year.appendChild(slot.year);
    slot.link.className = "dnm-title";
    slot.link.appendChild(slot.title);
    var byline = document.createElement("span");
    byline.className = "dnm-byline";
    byline.appendChild(slot.byline);
    slot.item.appendChild(year);
    slot.item.appendChild(slot.link);
    slot.item.appendChild(byline);
    return slot;
  }

  function fillSlot(container, slot, row) {
    var columns = index.columns;
    slot.row = row;
    slot.item.setAttribute("data-id", columns.id[row]);
    slot.year.nodeValue = String(columns.year[row]);
    slot.link.href = container.getAttribute("data-record-url").replace("__ID__", columns.id[row]);
    slot.title.nodeValue = columns.title[row];
    var type = index.values.type[Number(columns.type[row])];
    slot.byline.nodeValue = columns.authors[row] + " · " + (index.typeLabels[type] || type) +
      (columns.oa[row] ? " · open access" : "");
  }

  function updateCounts(container, sets) {
    FACETS.forEach(function (facet) {
      var allowed = combine(sets, facet, scratchSet("allowed"));
      container.countElements[facet].forEach(function (entry) {
        var count = entry.bits ? countAnd(allowed, entry.bits) : 0;
        if (entry.count !== count) {
          if ((entry.count === 0) !== (count === 0)) { entry.label.classList.toggle("dnm-zero", count === 0); }
          entry.count = count;
          entry.text.nodeValue = String(count);
        }
      });
    });
  }

  function refresh(container) {
    state.words = normalise(state.q).split(/\s+/).filter(Boolean);
    if (state.words.length && !index.text) {
      // The words of every record load on first use; until then say so.
      setStatus(container, "Loading the text index…");
      loadText(container);
      return;
    }
    var sets = filterSets();
    state.selection = combine(sets, null, scratchSet("selection"));
    renderResults(container);
    updateCounts(container, sets);
  }

  function loadText(container) {
    if (container.loadingText) { return; }
    container.loadingText = true;
    loadScript(container.getAttribute("data-text"), function () {
      index.text = window.DNM_TEXT;
      refresh(container);
    });
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

  function readForm(container) {
    var form = container.querySelector("form");
    state.q = form.elements.q.value.trim();
    state.from = form.elements.from.value;
    state.to = form.elements.to.value;
    state.oa = form.elements.oa.checked;
    state.regional = form.elements.regional.checked;
    state.sort = container.querySelector("#dnm-sort").value;
    state.shown = PAGE;
    state.ignored = [];  // the form holds only known values
    showIgnored(container);
    FACETS.forEach(function (facet) {
      state[facet] = Array.prototype.map.call(
        form.querySelectorAll('input[name="' + facet + '"]:checked'), function (box) { return box.value; });
    });
  }

  /* Exports ------------------------------------------------------------------------------- */

  function loadScript(src, ready) {
    var script = document.createElement("script");
    script.src = src;
    script.onload = ready;
    script.onerror = function () {
      var container = document.getElementById("dnm-browser");
      if (container) { setStatus(container, "Part of the catalogue data could not be loaded."); }
    };
    document.head.appendChild(script);
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
      var entries = currentRows().map(function (row) {
        return window.DNM_EXPORTS[index.columns.id[row]];
      });
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

  /* Start --------------------------------------------------------------------------------- */

  function start(container) {
    if (!index) { index = buildIndex(window.DNM_CATALOGUE); }
    container.pool = [];
    if (window.DNM_TEXT) { index.text = window.DNM_TEXT; }
    container.countElements = {};
    FACETS.forEach(function (facet) {
      container.countElements[facet] = Array.prototype.map.call(
        container.querySelectorAll('[data-count-for^="' + facet + '="]'), function (element) {
          var value = element.getAttribute("data-count-for").slice(facet.length + 1);
          var i = index.position[facet].get(value);
          var text = document.createTextNode("");
          element.replaceChildren(text);
          return { element: element, text: text, label: element.closest("label"), count: -1,
            bits: i === undefined ? null : index.bits[facet][i] };
        });
    });
    state = readState();
    syncForm(container);
    showIgnored(container);
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
    container.querySelector("#dnm-more").addEventListener("click", function () {
      state.shown += PAGE;
      renderResults(container);
    });
    container.querySelectorAll("[data-export]").forEach(function (button) {
      button.addEventListener("click", function () { exportResults(container, button.getAttribute("data-export")); });
    });
    // Printing lists every current result, not only the first page.
    window.addEventListener("beforeprint", function () {
      if (!container.isConnected) { return; }
      state.shown = Infinity;
      renderResults(container);
    });
    container.dnmReady = true;
    container.setAttribute("data-ready", "true");
    if (window.performance && performance.mark) { performance.mark("dnm-browser-ready"); }
  }

  function onPopState() {
    var container = document.getElementById("dnm-browser");
    if (!container || !container.dnmReady) { return; }
    state = readState();
    syncForm(container);
    showIgnored(container);
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
