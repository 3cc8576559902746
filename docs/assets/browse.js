/* DNM Catalogue faceted browser.
   Same semantics as `dnm-catalogue list` (dnm_catalogue/records/query.py): values within a facet are OR,
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
    // Each country with the studies of the regions that contain it (the switch's meaning):
    // what its box counts and selects when regional and global studies are included.
    result.regional = data.values.country.map(function (code, i) {
      var set = result.bits.country[i].slice();
      (result.regionsOf.get(code) || []).forEach(function (region) { orInto(set, result.direct[region]); });
      return set;
    });
    result.coverage = data.coverage || [];
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
      basket: params.get("selection") === "1", sort: sort, shown: PAGE, ignored: ignored };
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
    var url = stateUrl(state.basket);
    if (url !== window.location.pathname + window.location.search + window.location.hash) {
      window.history[replace ? "replaceState" : "pushState"](window.history.state, "", url);
    }
    var container = document.getElementById("dnm-browser");
    if (container && container.dnmReady) { drawAddressParts(container); }
  }

  /* The address of the current filters, with or without the selection view. */
  function stateUrl(basketView) {
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
    if (basketView) { params.set("selection", "1"); }
    var query = params.toString();
    return window.location.pathname + (query ? "?" + query : "") + window.location.hash;
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
      // A study of a region that contains the country counts for it (the EU for Germany).
      var source = facet === "country" && state.regional ? index.regional : index.bits[facet];
      wanted.forEach(function (value) {
        var i = index.position[facet].get(value);
        if (i !== undefined) { orInto(set, source[i]); }
      });
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

  var basket = window.dnmBasket;

  function setStatus(container, text) {
    container.querySelector("#dnm-status").textContent = text;
  }

  function noun(count) { return count === 1 ? "1 record" : count + " records"; }

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
    var covering = coveringRegions();
    for (var p = 0; p < shown.length; p++) {
      var slot = pool[p] || (pool[p] = makeSlot());
      if (slot.row !== shown[p]) { fillSlot(container, slot, shown[p]); }
      markSlot(slot, covering);
      if (!slot.item.parentNode) { list.appendChild(slot.item); }
    }
    for (var q = shown.length; q < pool.length && pool[q].item.parentNode; q++) {
      list.removeChild(pool[q].item);
    }
    var more = container.querySelector("#dnm-more");
    var remaining = total - shown.length;
    more.hidden = remaining <= 0;
    more.textContent = "Show " + Math.min(PAGE, remaining) + " more (" + remaining + " not shown)";
    setStatus(container, noun(total) + " of " + index.count);
    state.total = total;
    // Nothing to export is said, and no empty file is offered.
    container.querySelectorAll("[data-export]").forEach(function (button) {
      if (button.disabled !== (total === 0)) { button.disabled = total === 0; }
    });
    setHidden(container.querySelector("#dnm-export-note"), total !== 0);
    describeFilters(container);
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

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  var slotCount = 0;

  function makeSlot() {
    var slot = { row: -1, item: element("li", "dnm-record-item"), year: document.createTextNode(""),
      link: element("a", "dnm-title"), title: document.createTextNode(""),
      type: element("span", "dnm-type"), byline: document.createTextNode(""),
      via: element("span", "dnm-via-list"), viaText: "", box: element("input") };
    var year = element("span", "dnm-year");
    year.appendChild(slot.year);
    slot.link.appendChild(slot.title);
    var byline = element("span", "dnm-byline");
    byline.appendChild(slot.type);
    byline.appendChild(slot.byline);
    byline.appendChild(slot.via);
    // "Select" is what the eye reads; a screen reader hears "Select <title>" (named once per
    // slot, so refilling a slot writes no attribute).
    var number = ++slotCount;
    var mark = element("label", "dnm-mark");
    var markText = element("span", "dnm-mark-text", "Select");
    markText.id = "dnm-select-" + number;
    slot.link.id = "dnm-title-" + number;
    slot.box.type = "checkbox";
    slot.box.className = "dnm-mark-box";
    slot.box.setAttribute("aria-labelledby", markText.id + " " + slot.link.id);
    mark.appendChild(slot.box);
    mark.appendChild(markText);
    slot.item.appendChild(year);
    slot.item.appendChild(slot.link);
    slot.item.appendChild(byline);
    slot.item.appendChild(mark);
    return slot;
  }

  function typeLabel(row) {
    var type = index.values.type[Number(index.columns.type[row])];
    return index.typeLabels[type] || type;
  }

  function fillSlot(container, slot, row) {
    var columns = index.columns;
    slot.row = row;
    slot.item.setAttribute("data-id", columns.id[row]);
    slot.year.nodeValue = String(columns.year[row]);
    slot.link.href = recordUrl(container, columns.id[row]);
    slot.title.nodeValue = columns.title[row];
    setText(slot.type, typeLabel(row));
    slot.byline.nodeValue = " " + columns.authors[row] + (columns.oa[row] ? " · open access" : "");
  }

  function recordUrl(container, id) {
    return container.getAttribute("data-record-url").replace("__ID__", id);
  }

  /* What changes with the filters and the selection, not with the row: whether the record is
     selected, and through which region it counts for the chosen countries. */
  function markSlot(slot, covering) {
    var checked = basket.has(index.columns.id[slot.row]);
    if (slot.box.checked !== checked) { slot.box.checked = checked; }
    if (slot.item.classList.contains("dnm-chosen") !== checked) { slot.item.classList.toggle("dnm-chosen", checked); }
    var labels = covering ? coverage(slot.row, covering) : [];
    var text = labels.join("|");
    if (text === slot.viaText) { return; }
    slot.viaText = text;
    slot.via.replaceChildren.apply(slot.via, labels.map(function (label) { return element("span", "dnm-via", label); }));
  }

  /* The regions that contain a chosen country, when regional and global studies are included
     (null otherwise). */
  function coveringRegions() {
    if (!state.regional || !state.country.length) { return null; }
    var regions = new Set();
    state.country.forEach(function (code) {
      (index.regionsOf.get(code) || []).forEach(function (region) { regions.add(region); });
    });
    return regions;
  }

  /* query.covering_regions and coverage_label: nothing for a study of a chosen country itself;
     otherwise its regions that contain one, narrowest first ("via European Union", "global study"). */
  function coverage(row, covering) {
    for (var c = 0; c < state.country.length; c++) {
      if (has(index.bits.country[index.position.country.get(state.country[c])], row)) { return []; }
    }
    var encoded = index.columns.regions_direct[row];
    if (!encoded) { return []; }
    return encoded.split(".").map(Number).filter(function (region) { return covering.has(region); })
      .sort(function (a, b) { return index.coverage[a][1] - index.coverage[b][1]; })
      .map(function (region) { return index.coverage[region][0]; });
  }

  function updateCounts(container, sets) {
    FACETS.forEach(function (facet) {
      var allowed = combine(sets, facet, scratchSet("allowed"));
      // With the switch on, a country counts the studies its box would add: its own and
      // those of the regions that contain it.
      var regional = facet === "country" && state.regional;
      container.countElements[facet].forEach(function (entry) {
        var bits = regional ? entry.regional : entry.bits;
        var count = bits ? countAnd(allowed, bits) : 0;
        if (entry.count !== count) {
          if ((entry.count === 0) !== (count === 0)) { entry.label.classList.toggle("dnm-zero", count === 0); }
          entry.count = count;
          entry.text.nodeValue = String(count);
        }
      });
      if (facet === "country") { showRegionalHint(container, allowed); }
    });
  }

  /* With countries chosen and the switch off, say how many regional and global studies also
     cover them, and offer them: "No study of Germany on opioids. 15 regional or global
     studies cover Germany: Show them". */
  function showRegionalHint(container, allowed) {
    var hint = container.querySelector("#dnm-hint");
    var extra = 0;
    if (!state.regional && state.country.length) {
      var wider = scratchSet("hint");
      wider.fill(0);
      state.country.forEach(function (code) { orInto(wider, index.regional[index.position.country.get(code)]); });
      extra = countAnd(allowed, wider) - state.total;
    }
    setHidden(container.querySelector("#dnm-empty"), state.total !== 0 || extra > 0);
    if (extra <= 0) { setHidden(hint, true); return; }
    var places = state.country.map(function (code) { return labelOf(container, "country", code); }).join(" or ");
    var studies = extra === 1 ? "1 regional or global study covers " : extra + " regional or global studies cover ";
    var text;
    if (state.total === 0) {
      var drugs = state.drug.map(function (slug) { return labelOf(container, "drug", slug).toLowerCase(); }).join(" or ");
      var others = ["region", "market", "type", "method"].some(function (facet) { return state[facet].length; }) ||
        state.from || state.to || state.oa || state.words.length;
      text = "No study of " + places + (drugs ? " on " + drugs : "") + (others ? " matches the other filters" : "") +
        ". " + studies + places + ".";
    } else {
      text = "Also: " + studies + places + ".";
    }
    setText(container.querySelector("#dnm-hint-text"), text);
    setText(container.querySelector("#dnm-hint-button"), state.total === 0 ? "Show them" : "Include them");
    setHidden(hint, false);
  }

  /* The label a facet value has in the form ("Germany", "Opioids"), and each facet's title,
     read from the form once. */
  function readLabels(container) {
    container.labels = new Map();
    container.titles = new Map();
    FACETS.forEach(function (facet) {
      var legend = container.querySelector('fieldset[data-facet="' + facet + '"] legend');
      container.titles.set(facet, legend ? legend.textContent : facet);
      var labels = new Map();
      container.querySelectorAll('input[name="' + facet + '"]').forEach(function (box) {
        var label = box.parentNode.querySelector(".dnm-facet-label");
        labels.set(box.value, label ? label.textContent : box.value);
      });
      container.labels.set(facet, labels);
    });
  }

  function labelOf(container, facet, value) {
    return container.labels.get(facet).get(value) || value;
  }

  function filterParts(container) {
    var parts = [];
    if (state.q) { parts.push("Words: “" + state.q + "”"); }
    FACETS.forEach(function (facet) {
      if (!state[facet].length) { return; }
      parts.push(container.titles.get(facet) + ": " + state[facet].map(function (value) {
        return labelOf(container, facet, value);
      }).join(" or ") + (facet === "country" && state.regional ? " (with regional and global studies)" : ""));
    });
    if (state.from && state.to) {
      parts.push("Years: " + (state.from === state.to ? state.from : state.from + "–" + state.to));
    } else if (state.from) {
      parts.push("Years: from " + state.from);
    } else if (state.to) {
      parts.push("Years: up to " + state.to);
    }
    if (state.oa) { parts.push("Open access only"); }
    return parts;
  }

  var todayText = null;

  function today() {
    if (!todayText) { todayText = new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" }); }
    return todayText;
  }

  /* Text and flags are written only when they change: a write that changes nothing still costs
     a style and layout pass on the next filter change. */
  function setText(node, text) { if (node.textContent !== text) { node.textContent = text; } }
  function setHidden(node, hidden) { if (node.hidden !== hidden) { node.hidden = hidden; } }

  /* The filters in words, on screen (phones keep the boxes folded away) and on paper. */
  function describeFilters(container) {
    var parts = filterParts(container);
    setText(container.querySelector("#dnm-active-text"), parts.length
      ? "Filters: " + parts.join("; ") + "." : "No filters: the whole catalogue.");
    var toggle = container.querySelector("#dnm-filters-toggle");
    var active = FACETS.reduce(function (sum, facet) { return sum + state[facet].length; }, 0) +
      (state.from ? 1 : 0) + (state.to ? 1 : 0) + (state.oa ? 1 : 0);
    setText(toggle, (container.classList.contains("dnm-filters-open") ? "Hide filters" : "Show filters") +
      (active ? " (" + active + " active)" : ""));
  }

  /* What depends on the address: the printed line (when, from where, how many) and the links
     between the results and the selection. Drawn once the address is written, after the
     results, so a filter change does not wait for it. */
  function drawAddressParts(container) {
    if (state.total === undefined) { return; } // the text index is still loading
    setText(container.querySelector("#dnm-printed"), "DNM Catalogue, printed on " + today() + " from " +
      window.location.href + ": " + noun(state.total) + " of " + index.count + ". ");
    setText(container.querySelector("#dnm-basket-printed"), "DNM Catalogue: a selection of " +
      noun(knownSelection().length) + ", printed on " + today() + ".");
    var toBasket = stateUrl(true);
    var link = container.querySelector("#dnm-basket-link");
    if (link.getAttribute("href") !== toBasket) { link.setAttribute("href", toBasket); }
    container.querySelector("#dnm-basket-back").setAttribute("href", stateUrl(false));
  }

  /* A file name that says which filters made it: dnm-catalogue_country-de_drug-opioids_2017-2020.ris */
  function fileStem() {
    function safe(text) { return normalise(text).replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, ""); }
    var parts = ["dnm-catalogue"];
    FACETS.forEach(function (facet) {
      if (state[facet].length) { parts.push(facet + "-" + state[facet].map(safe).sort().join("+")); }
      if (facet === "country" && state.country.length && state.regional) { parts.push("with-regional"); }
    });
    if (state.from && state.to) {
      parts.push(state.from === state.to ? state.from : state.from + "-" + state.to);
    } else if (state.from || state.to) {
      parts.push(state.from ? "from-" + state.from : "to-" + state.to);
    }
    if (state.oa) { parts.push("open-access"); }
    var words = state.words.map(safe).filter(Boolean);
    if (words.length) { parts.push("words-" + words.join("+")); }
    if (parts.length === 1) { parts.push("all"); }
    return parts.join("_").slice(0, 150).replace(/[-+_]+$/, "");
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
    showView(container);
  }

  function loadText(container) {
    if (container.loadingText) { return; }
    container.loadingText = true;
    loadScript(container.getAttribute("data-text"), function () {
      index.text = window.DNM_TEXT;
      refresh(container);
      drawAddressParts(container);
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
    state.basket = false;
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

  /* Records (by id) in one format, from the per-record entries of browse/exports.js. */
  function exportRecords(container, ids, stem, format) {
    if (!ids.length) { return; } // never an empty file
    function go() {
      var entries = ids.map(function (id) { return window.DNM_EXPORTS[id]; }).filter(Boolean);
      if (format === "bibtex") {
        download(stem + ".bib", "application/x-bibtex",
          entries.map(function (entry) { return entry.bibtex; }).join("\n"));
      } else if (format === "ris") {
        download(stem + ".ris", "application/x-research-info-systems",
          entries.map(function (entry) { return entry.ris; }).join("\n"));
      } else {
        download(stem + ".csl.json", "application/vnd.citationstyles.csl+json",
          JSON.stringify(entries.map(function (entry) { return entry.csl; }), null, 2));
      }
    }
    if (window.DNM_EXPORTS) { go(); } else { loadScript(container.getAttribute("data-exports"), go); }
  }

  function exportResults(container, format) {
    var ids = currentRows().map(function (row) { return index.columns.id[row]; });
    exportRecords(container, ids, fileStem(), format);
  }

  /* The selection --------------------------------------------------------------------------- */

  function announce(container, text) {
    var status = container.querySelector("#dnm-basket-status");
    // A repeated message is announced again only if the text changes.
    status.textContent = status.textContent === text ? text + "\u00a0" : text;
  }

  function knownSelection() {
    return basket.ids().filter(function (id) { return index.rowOf.has(id); });
  }

  function drawBasketCount(container) {
    var count = String(basket.count());
    container.querySelectorAll(".dnm-basket-count").forEach(function (node) { setText(node, count); });
  }

  function showView(container) {
    var inBasket = Boolean(state.basket);
    if (container.classList.contains("dnm-basket-open") !== inBasket) { container.classList.toggle("dnm-basket-open", inBasket); }
    setHidden(container.querySelector("#dnm-results-view"), inBasket);
    setHidden(container.querySelector("#dnm-basket"), !inBasket);
    if (inBasket) { renderBasket(container); }
  }

  function renderBasket(container) {
    var list = container.querySelector("#dnm-basket-list");
    var ids = basket.ids();
    var items = ids.map(function (id) {
      var row = index.rowOf.get(id);
      var item = element("li", "dnm-record-item");
      item.setAttribute("data-id", id);
      var title = row === undefined ? "A record no longer in the catalogue (" + id + ")" : index.columns.title[row];
      if (row === undefined) {
        item.appendChild(element("span", "dnm-year", "–"));
        item.appendChild(element("span", "dnm-title", title));
        item.appendChild(element("span", "dnm-byline", "Its id may have changed: search for it above."));
      } else {
        item.appendChild(element("span", "dnm-year", String(index.columns.year[row])));
        var link = element("a", "dnm-title", title);
        link.href = recordUrl(container, id);
        item.appendChild(link);
        var byline = element("span", "dnm-byline");
        byline.appendChild(element("span", "dnm-type", typeLabel(row)));
        byline.appendChild(document.createTextNode(" " + index.columns.authors[row] +
          (index.columns.oa[row] ? " · open access" : "")));
        item.appendChild(byline);
      }
      var remove = element("button", "md-button dnm-remove");
      remove.type = "button";
      remove.setAttribute("data-remove", id);
      remove.textContent = "Remove";
      remove.setAttribute("aria-label", "Remove: " + title);
      item.appendChild(remove);
      return item;
    });
    list.replaceChildren.apply(list, items);
    var known = knownSelection().length;
    container.querySelector("#dnm-basket-summary").textContent = ids.length
      ? noun(ids.length) + " selected." : "Nothing selected yet.";
    container.querySelectorAll("[data-basket-export], #dnm-basket-print, #dnm-basket-clear").forEach(function (button) {
      button.disabled = button.id === "dnm-basket-clear" ? ids.length === 0 : known === 0;
    });
  }

  function openBasket(container) {
    state.basket = true;
    writeState(false);
    showView(container);
    container.querySelector("#dnm-basket-title").focus();
  }

  function closeBasket(container) {
    state.basket = false;
    writeState(false);
    refresh(container);
    container.querySelector("#dnm-status").focus();
  }

  function setUpBasket(container) {
    basket.onChange("browser", function () {
      if (!container.isConnected || !state.selection) { return; } // not drawn yet (text index loading)
      // Another tab or a removal here: redraw the marks and the selection.
      renderResults(container);
      showView(container);
      drawBasketCount(container);
      drawAddressParts(container);
    });
    container.querySelector("#dnm-results").addEventListener("change", function (event) {
      var box = event.target;
      if (!box.classList || !box.classList.contains("dnm-mark-box")) { return; }
      var id = box.closest("li").getAttribute("data-id");
      var title = index.columns.title[index.rowOf.get(id)];
      if (box.checked) { basket.add(id); } else { basket.remove(id); }
      announce(container, (box.checked ? "Added to the selection: " : "Removed from the selection: ") + title +
        ". " + noun(basket.count()) + " selected.");
    });
    container.querySelector("#dnm-basket-link").addEventListener("click", function (event) {
      if (event.metaKey || event.ctrlKey || event.shiftKey) { return; }
      event.preventDefault();
      event.stopPropagation(); // Material's instant navigation would reload the page
      openBasket(container);
    });
    container.querySelector("#dnm-basket-back").addEventListener("click", function (event) {
      if (event.metaKey || event.ctrlKey || event.shiftKey) { return; }
      event.preventDefault();
      event.stopPropagation();
      closeBasket(container);
    });
    container.querySelector("#dnm-basket-list").addEventListener("click", function (event) {
      var button = event.target.closest("[data-remove]");
      if (!button) { return; }
      var item = button.closest("li");
      var next = item.nextElementSibling || item.previousElementSibling;
      var nextId = next && next.getAttribute("data-id");
      var title = button.getAttribute("aria-label").slice("Remove: ".length);
      basket.remove(button.getAttribute("data-remove"));
      announce(container, "Removed from the selection: " + title + ". " + noun(basket.count()) + " selected.");
      var target = nextId && container.querySelector('#dnm-basket-list [data-remove="' + CSS.escape(nextId) + '"]');
      (target || container.querySelector("#dnm-basket-title")).focus();
    });
    container.querySelectorAll("[data-basket-export]").forEach(function (button) {
      button.addEventListener("click", function () {
        exportRecords(container, knownSelection(), "dnm-catalogue_selection", button.getAttribute("data-basket-export"));
      });
    });
    container.querySelector("#dnm-basket-print").addEventListener("click", function () { window.print(); });
    var undo = container.querySelector("#dnm-basket-undo");
    var cleared = [];
    container.querySelector("#dnm-basket-clear").addEventListener("click", function () {
      cleared = basket.clear();
      container.querySelector("#dnm-basket-undo-text").textContent = "Selection cleared (" + noun(cleared.length) + ").";
      undo.hidden = false;
      announce(container, "Selection cleared (" + noun(cleared.length) + "). Undo is available.");
      container.querySelector("#dnm-basket-undo-button").focus();
    });
    container.querySelector("#dnm-basket-undo-button").addEventListener("click", function () {
      basket.restore(cleared);
      undo.hidden = true;
      announce(container, "Selection restored: " + noun(basket.count()) + ".");
      container.querySelector("#dnm-basket-title").focus();
    });
  }

  /* Start --------------------------------------------------------------------------------- */

  function start(container) {
    if (!index) {
      index = buildIndex(window.DNM_CATALOGUE);
      index.rowOf = new Map(index.columns.id.map(function (id, row) { return [id, row]; }));
    }
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
            bits: i === undefined ? null : index.bits[facet][i],
            regional: i === undefined || facet !== "country" ? null : index.regional[i] };
        });
    });
    readLabels(container);
    state = readState();
    syncForm(container);
    showIgnored(container);
    setUpBasket(container);
    refresh(container);
    drawBasketCount(container);
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
    container.querySelector("#dnm-hint-button").addEventListener("click", function () {
      form.elements.regional.checked = true;
      readForm(container);
      writeState(false);
      refresh(container);
      container.querySelector("#dnm-status").focus(); // the button is gone; the count is read out
    });
    var toggle = container.querySelector("#dnm-filters-toggle");
    toggle.addEventListener("click", function () {
      var open = !container.classList.contains("dnm-filters-open");
      container.classList.toggle("dnm-filters-open", open);
      toggle.setAttribute("aria-expanded", String(open));
      describeFilters(container);
    });
    container.querySelectorAll("[data-export]").forEach(function (button) {
      button.addEventListener("click", function () { exportResults(container, button.getAttribute("data-export")); });
    });
    // Printing lists every current result, not only the first page, under a dated line.
    window.addEventListener("beforeprint", function () {
      if (!container.isConnected) { return; }
      todayText = null; // the date printed is the day of printing
      state.shown = Infinity;
      renderResults(container);
      if (state.basket) { renderBasket(container); }
      drawAddressParts(container);
    });
    container.dnmReady = true;
    drawAddressParts(container);
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
    drawAddressParts(container);
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
