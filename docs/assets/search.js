/* DNM Catalogue site search: the header box, over the index files in search/ (made by
   src/dnm_catalogue/site/search_index.py). Files are scripts that call __dnmSearch(name, data), so
   the same code works served over http(s) and opened from the file system (file://).
   The manifest is read once the page has loaded; a query then loads only the shards of its
   words and the result files of the hits it shows. Runs on every page, including Material's
   instant navigation. */
(function () {
  "use strict";

  var ROOT = new URL("..", document.currentScript.src).href;  // this file is assets/search.js
  var WEIGHTS = { title: 8, author: 8, year: 5, keyword: 4, drug: 3, country: 3, market: 3,
                  region: 2, method: 2, type: 2, text: 1 };
  var PAGE_SIZE = 10, PAGES_SHOWN = 6, PREFIX_FACTOR = 0.6, MIN_PREFIX = 3;

  /* Loading ------------------------------------------------------------------------------ */

  var pending = Object.create(null), loaded = Object.create(null);
  window.__dnmSearch = function (name, data) {
    var waiting = pending[name];
    if (waiting) { delete pending[name]; waiting(data); }
  };

  function load(name, fresh) {
    if (loaded[name] && !fresh) { return loaded[name]; }
    var promise = new Promise(function (resolve, reject) {
      pending[name] = resolve;
      var element = document.createElement("script");
      element.src = ROOT + "search/" + name + ".js" + (fresh ? "?v=" + Date.now() : "");
      element.async = true;
      element.onload = function () {
        element.remove();
        if (pending[name]) { delete pending[name]; reject(new Error("search/" + name + ".js held no data")); }
      };
      element.onerror = function () {
        element.remove();
        delete pending[name];
        reject(new Error("search/" + name + ".js could not be loaded"));
      };
      document.head.appendChild(element);
    });
    loaded[name] = promise;
    promise.catch(function () { if (loaded[name] === promise) { delete loaded[name]; } });
    return promise;
  }

  var manifest = null;
  function loadManifest(fresh) {
    if (manifest && !fresh) { return manifest; }
    manifest = load("index", fresh).then(function (data) {
      var names = Object.keys(data.fields), scores = [];
      // A field mask's weight: its best field, and a little for each other field.
      data.fieldScore = function (mask) {
        if (scores[mask] === undefined) {
          var best = 0, sum = 0;
          names.forEach(function (name) {
            var weight = WEIGHTS[name] || 1;
            if (mask & data.fields[name]) { sum += weight; best = Math.max(best, weight); }
          });
          scores[mask] = best + 0.1 * (sum - best);
        }
        return scores[mask];
      };
      data.all = (1 << names.length) - 1;
      return data;
    });
    manifest.catch(function () { manifest = null; });
    return manifest;
  }

  /* Words and queries ---------------------------------------------------------------------- */

  // The same folding as search_index.fold: lower case, NFKD, no marks; words are letter and
  // digit runs (so no word holds "_" and none can be "__proto__").
  function fold(text) { return text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, ""); }
  function wordsOf(text) { return fold(text).match(/[\p{L}\p{N}]+/gu) || []; }

  /* A query: words (all must match), `field:value` or `field:"several words"` to look in one
     field, `year:2015-2018` for a range. An unknown field name is read as words. */
  function parse(query, index) {
    var clauses = [], notes = [];
    var pattern = /(?:([A-Za-z]+):)?(?:"([^"]*)"?|(\S+))/g, match;
    while ((match = pattern.exec(query)) !== null) {
      var name = match[1] ? match[1].toLowerCase() : null;
      var value = match[2] !== undefined ? match[2] : match[3] || "";
      if (name && index.aliases[name]) { name = index.aliases[name]; }
      var mask = index.all;
      if (name && Object.prototype.hasOwnProperty.call(index.fields, name)) {
        mask = index.fields[name];
      } else if (name) {
        value = match[1] + " " + value;
        notes.push(match[1]);
        name = null;
      }
      var range = name === "year" && /^\s*(\d{4})\s*(?:-|–|\.\.)\s*(\d{4})\s*$/.exec(value);
      if (range) {
        var from = Math.min(+range[1], +range[2]), to = Math.min(Math.max(+range[1], +range[2]), from + 200);
        var years = [];
        for (var year = from; year <= to; year++) { years.push(String(year)); }
        clauses.push({ words: years, prefix: false, mask: mask, field: name });
        continue;
      }
      wordsOf(value).forEach(function (word) {
        clauses.push({ words: [word], prefix: name !== "year" && word.length >= MIN_PREFIX,
                       mask: mask, field: name });
      });
    }
    return { clauses: clauses, unknownFields: notes };
  }

  function startsWith(text, prefix) { return text.lastIndexOf(prefix, 0) === 0; }

  /* The shards that may hold `word` (or, with prefix, any word starting with it). */
  function shardsFor(index, word, prefix) {
    var found = [], best = null;
    index.shards.forEach(function (shard) {
      var key = shard[0], leaf = shard[2] === 1;
      if (startsWith(word, key) && (leaf || key === word) && (!best || key.length > best[0].length)) {
        best = shard;
      }
      if (prefix && key.length > word.length && startsWith(key, word)) { found.push(shard[1]); }
    });
    if (best) { found.push(best[1]); }
    return found;
  }

  function search(query) {
    return loadManifest().then(function (index) {
      var parsed = parse(query, index);
      var names = {};
      parsed.clauses.forEach(function (clause) {
        clause.words.forEach(function (word) {
          shardsFor(index, word, clause.prefix).forEach(function (name) { names[name] = true; });
        });
      });
      var list = Object.keys(names);
      return Promise.all(list.map(function (name) { return load(name); })).then(function (shards) {
        return rank(index, parsed, shards);
      });
    });
  }

  /* A word's postings, "gap,mask,gap,mask,..." in base 36, decoded once when first needed. */
  var decoded = new Map();
  function postingsOf(shard, term) {
    var key = shard, cache = decoded.get(key);
    if (!cache) { cache = Object.create(null); decoded.set(key, cache); }
    if (!cache[term]) {
      var parts = shard[term].split(","), numbers = new Int32Array(parts.length);
      for (var i = 0, entry = 0; i < parts.length; i += 2) {
        entry += parseInt(parts[i], 36);
        numbers[i] = entry;
        numbers[i + 1] = parseInt(parts[i + 1], 36);
      }
      cache[term] = numbers;
    }
    return cache[term];
  }

  /* Every clause must match; a clause scores an entry by its best matching word: rarer words
     and weightier fields count more, a longer word that only starts with the query's less. */
  function rank(index, parsed, shards) {
    var count = index.entries, clauses = parsed.clauses;
    var total = new Float64Array(count), matched = new Uint8Array(count);
    var best = new Float64Array(count), seen = new Uint8Array(count);
    clauses.forEach(function (clause, position) {
      best.fill(0);
      seen.fill(0);
      shards.forEach(function (shard) {
        Object.keys(shard).forEach(function (term) {
          var exact = clause.words.indexOf(term) >= 0;
          if (!exact && !(clause.prefix && startsWith(term, clause.words[0]))) { return; }
          var postings = postingsOf(shard, term);
          var weight = (exact ? 1 : PREFIX_FACTOR) * Math.log(1 + count / (postings.length / 2));
          for (var i = 0; i < postings.length; i += 2) {
            var mask = postings[i + 1] & clause.mask;
            if (!mask) { continue; }
            var entry = postings[i], score = weight * index.fieldScore(mask);
            seen[entry] = 1;
            if (score > best[entry]) { best[entry] = score; }
          }
        });
      });
      for (var entry = 0; entry < count; entry++) {
        if (seen[entry] && matched[entry] === position) {
          matched[entry] = position + 1;
          total[entry] += best[entry];
        }
      }
    });
    var found = 0;
    for (var number = 0; number < count; number++) {
      if (clauses.length && matched[number] === clauses.length) { found++; }
    }
    // Best score first, then the entry's number (records are newest first): one native sort
    // of keys that hold both (scores kept to a millionth; fewer than 2**20 entries).
    var keys = new Float64Array(found), position = 0;
    for (number = 0; number < count; number++) {
      if (clauses.length && matched[number] === clauses.length) {
        keys[position++] = (4294967296 - Math.min(4294967295, Math.round(total[number] * 1e6))) * 1048576 + number;
      }
    }
    keys.sort();
    var records = [], pages = [];
    keys.forEach(function (key) {
      var entry = key % 1048576;
      (entry < index.records ? records : pages).push(entry);
    });
    return { records: records, pages: pages, parsed: parsed, index: index };
  }

  function entries(index, numbers) {
    var chunks = {};
    numbers.forEach(function (number) { chunks[Math.floor(number / index.chunk)] = true; });
    var list = Object.keys(chunks);
    return Promise.all(list.map(function (chunk) { return load(index.docs[chunk]); })).then(function (loadedChunks) {
      var byChunk = {};
      list.forEach(function (chunk, position) { byChunk[chunk] = loadedChunks[position]; });
      return numbers.map(function (number) {
        return byChunk[Math.floor(number / index.chunk)][number % index.chunk];
      });
    });
  }

  /* Showing results -------------------------------------------------------------------------- */

  // Record text is only ever put into the page as text nodes.
  function highlighted(text, clauses) {
    var fragment = document.createDocumentFragment(), last = 0, match;
    var pattern = /[\p{L}\p{N}\p{M}]+/gu;
    while ((match = pattern.exec(text)) !== null) {
      if (!matches(match[0], clauses)) { continue; }
      fragment.appendChild(document.createTextNode(text.slice(last, match.index)));
      var mark = document.createElement("mark");
      mark.textContent = match[0];
      fragment.appendChild(mark);
      last = match.index + match[0].length;
    }
    fragment.appendChild(document.createTextNode(text.slice(last)));
    return fragment;
  }

  function element(tag, className, children) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function matches(text, clauses) {
    return wordsOf(text).some(function (word) {
      return clauses.some(function (clause) {
        return clause.words.indexOf(word) >= 0 || (clause.prefix && startsWith(word, clause.words[0]));
      });
    });
  }

  /* 'A', 'A & B', 'A, B & C', or the first three 'et al.' with any later author who matched
     the query named, so a hit always shows why it was found. */
  function authorsLine(names, clauses) {
    if (names.length <= 4) {
      return names.length > 1 ? names.slice(0, -1).join(", ") + " & " + names[names.length - 1] : names[0] || "";
    }
    var later = names.slice(3).filter(function (name) { return matches(name, clauses); });
    return names.slice(0, 3).join(", ") + (later.length ? ", … " + later.join(", ") : "") + " et al.";
  }

  function hitItem(shown, clauses) {
    // shown: [url, title, authors' short names, year, type label, start of the summary]
    var meta = [];
    if (shown[2]) { meta.push(element("span", "dnm-hit-authors", [highlighted(authorsLine(shown[2], clauses), clauses)])); }
    if (shown[3]) { meta.push(element("span", "dnm-hit-year", [String(shown[3])])); }
    meta.push(element("span", "dnm-hit-type", [shown[4]]));
    var article = element("article", "md-search-result__article md-typeset", [
      element("span", "dnm-hit-title", [highlighted(shown[1], clauses)]),
      element("span", "dnm-hit-meta", meta)]);
    if (shown[5]) { article.appendChild(element("span", "dnm-hit-text", [highlighted(shown[5], clauses)])); }
    var link = element("a", "md-search-result__link", [article]);
    link.href = ROOT + shown[0];
    return element("li", "md-search-result__item dnm-hit", [link]);
  }

  function count(number, one, many) { return number + " " + (number === 1 ? one : many); }

  var sequence = 0;

  function Search(root) {
    this.root = root;
    this.input = root.querySelector(".dnm-search-input");
    this.status = root.querySelector(".dnm-search-status");
    this.help = root.querySelector(".dnm-search-help");
    this.records = root.querySelector(".dnm-search-records");
    this.pages = root.querySelector(".dnm-search-pages");
    this.pagesHeading = root.querySelector(".dnm-search-pages-heading");
    this.more = root.querySelector(".dnm-search-more");
    this.result = null;
    this.shown = 0;
  }

  Search.prototype.clear = function () {
    this.records.textContent = "";
    this.pages.textContent = "";
    this.pagesHeading.hidden = true;
    this.more.hidden = true;
  };

  Search.prototype.run = function (retried) {
    var self = this, query = this.input.value.trim(), number = ++sequence;
    var started = performance.now();
    this.root.dataset.state = "searching";
    if (!query) {
      this.clear();
      this.status.textContent = "";
      this.help.hidden = false;
      this.root.dataset.state = "idle";
      return Promise.resolve();
    }
    return search(query).then(function (result) {
      if (number !== sequence) { return null; }
      self.result = result;
      self.shown = 0;
      return self.render(query, started, number);
    }).catch(function (error) {
      if (number !== sequence) { return null; }
      if (!retried) {  // an index replaced since the manifest was read: read it again once
        loaded = Object.create(null);
        return loadManifest(true).then(function () { return self.run(true); },
                                       function () { self.failed(error); });
      }
      self.failed(error);
      return null;
    });
  };

  Search.prototype.failed = function (error) {
    this.clear();
    this.status.textContent = "Search is not available: " + error.message + ".";
    this.root.dataset.state = "failed";
  };

  Search.prototype.render = function (query, started, number) {
    var self = this, result = this.result;
    var clauses = result.parsed.clauses;
    var wanted = result.records.slice(0, PAGE_SIZE), pages = result.pages.slice(0, PAGES_SHOWN);
    return Promise.all([entries(result.index, wanted), entries(result.index, pages)]).then(function (found) {
      if (number !== sequence) { return; }
      self.clear();
      self.help.hidden = result.records.length + result.pages.length > 0;
      found[0].forEach(function (shown) { self.records.appendChild(hitItem(shown, clauses)); });
      found[1].forEach(function (shown) { self.pages.appendChild(hitItem(shown, clauses)); });
      self.shown = wanted.length;
      self.pagesHeading.hidden = pages.length === 0;
      self.more.hidden = self.shown >= result.records.length;
      var words = result.records.length ? count(result.records.length, "record", "records") : "No record";
      var status = words + " " + (result.records.length === 1 || !result.records.length ? "matches" : "match");
      if (result.pages.length) { status += "; " + count(result.pages.length, "other page", "other pages"); }
      if (!clauses.length) { status = "Type a word to search."; }
      if (result.parsed.unknownFields.length) {
        status += " (read as words: " + result.parsed.unknownFields.join(", ") + ":)";
      }
      self.status.textContent = status + ".";
      self.root.dataset.query = query;
      self.root.dataset.ms = String(Math.round(performance.now() - started));
      self.root.dataset.state = "done";
      performance.mark("dnm-search-answer");
    });
  };

  Search.prototype.showMore = function () {
    var self = this, result = this.result, number = sequence;
    var wanted = result.records.slice(this.shown, this.shown + PAGE_SIZE);
    return entries(result.index, wanted).then(function (found) {
      if (number !== sequence) { return; }
      var first = null;
      found.forEach(function (shown) {
        var item = hitItem(shown, result.parsed.clauses);
        first = first || item;
        self.records.appendChild(item);
      });
      self.shown += wanted.length;
      self.more.hidden = self.shown >= result.records.length;
      if (first) { first.querySelector("a").focus(); }
    });
  };

  /* The box in the header -------------------------------------------------------------------- */

  function toggle() { return document.getElementById("__search"); }

  function open(search, focus) {
    var box = toggle();
    if (box && !box.checked) { box.checked = true; box.dispatchEvent(new Event("change")); }
    if (focus) { search.input.focus(); }
    loadManifest().catch(function () {});
  }

  function close(search) {
    var box = toggle();
    if (box && box.checked) { box.checked = false; box.dispatchEvent(new Event("change")); }
  }

  function links(search) {
    return Array.prototype.slice.call(search.root.querySelectorAll(".md-search-result__link, .dnm-search-more:not([hidden])"));
  }

  function setUp() {
    var root = document.getElementById("dnm-search");
    if (!root || root.dataset.ready) { return; }
    root.dataset.ready = "1";
    root.hidden = false;
    var search = new Search(root);
    var button = document.querySelector(".dnm-search-open");
    var box = toggle();
    if (button) {
      button.hidden = false;  // hidden in the page for readers without JavaScript
      button.addEventListener("click", function () { open(search, true); });
    }
    if (box) {
      box.addEventListener("change", function () {
        if (button) { button.setAttribute("aria-expanded", box.checked ? "true" : "false"); }
      });
    }
    search.input.addEventListener("focus", function () { open(search, false); });
    // The manifest (about 30 KB at 10,000 records, a third of that compressed) is read once
    // the page has loaded and the browser is idle, so the first query waits only for its
    // own words' shards and hits; instant navigation keeps it for the following pages.
    var idle = window.requestIdleCallback || function (callback) { return window.setTimeout(callback, 1); };
    var preload = function () { idle(function () { loadManifest().catch(function () {}); }); };
    if (document.readyState === "complete") { preload(); } else { window.addEventListener("load", preload, { once: true }); }
    search.input.addEventListener("input", function () { search.run(); });
    root.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      var first = search.records.querySelector("a") || search.pages.querySelector("a");
      if (first) { first.click(); }
    });
    root.querySelector("form").addEventListener("reset", function () {
      window.setTimeout(function () { search.run(); search.input.focus(); }, 0);
    });
    search.more.addEventListener("click", function () { search.showMore(); });
    root.addEventListener("click", function (event) {
      if (event.target.closest && event.target.closest(".md-search-result__link")) { close(search); }
    });
    root.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        close(search);
        search.input.blur();
        if (button && button.offsetParent !== null) { button.focus(); }
        return;
      }
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") { return; }
      var list = links(search);
      if (!list.length) { return; }
      event.preventDefault();
      var position = list.indexOf(document.activeElement);
      if (position < 0) {
        (event.key === "ArrowDown" ? list[0] : list[list.length - 1]).focus();
      } else if (event.key === "ArrowUp" && position === 0) {
        search.input.focus();
      } else {
        list[Math.min(list.length - 1, position + (event.key === "ArrowDown" ? 1 : -1))].focus();
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) { return; }
      var target = event.target;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) { return; }
      if (event.key === "/" || event.key === "s") {
        event.preventDefault();
        open(search, true);
      }
    });
    window.dnmSearch = search;
  }

  /* `?q=words` on any page but the browser (whose own box uses q) opens the search with them. */
  function queryFromAddress() {
    var search = window.dnmSearch;
    if (!search || document.getElementById("dnm-browser")) { return; }
    var query = new URLSearchParams(window.location.search).get("q");
    if (query && search.input.value !== query) {
      search.input.value = query;
      open(search, true);
      search.run();
    }
  }

  function onPage() {
    setUp();
    queryFromAddress();
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(onPage);
  } else {
    document.addEventListener("DOMContentLoaded", onPage);
  }
})();
