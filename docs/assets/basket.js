/* DNM Catalogue selection basket: records a reader marks across searches and record pages,
   kept in this browser only (localStorage; no account, nothing sent anywhere). The browser
   (browse.js) lists, exports and prints the selection; a record page carries one button
   (templates/_basket_button.html), set up here. Where localStorage is refused (some private
   modes), the selection lasts as long as the page. */
(function () {
  "use strict";

  var KEY = "dnm-catalogue-selection";
  var ID = /^[a-z0-9][a-z0-9-]{0,199}$/; // record ids; anything else in storage is ignored
  var memory = [];
  var inMemory = false; // true once the browser refused to store the selection
  var listeners = new Map();

  function clean(list) {
    var seen = new Set();
    return (Array.isArray(list) ? list : []).filter(function (id) {
      if (typeof id !== "string" || !ID.test(id) || seen.has(id)) { return false; }
      seen.add(id);
      return true;
    });
  }

  var cached = null; // what storage holds, read once until it changes

  function read() {
    if (inMemory) { return memory; }
    if (cached === null) {
      try {
        cached = clean(JSON.parse(window.localStorage.getItem(KEY) || "[]"));
      } catch (error) {
        return memory;
      }
    }
    return cached;
  }

  function ids() { return read().slice(); }

  function save(list) {
    memory = clean(list);
    cached = memory;
    try {
      if (memory.length) { window.localStorage.setItem(KEY, JSON.stringify(memory)); } else { window.localStorage.removeItem(KEY); }
    } catch (error) {
      inMemory = true; // storage refused: the selection lives in this page only
    }
    notify();
  }

  function notify() {
    listeners.forEach(function (listener) { listener(); });
  }

  var basket = {
    ids: ids,
    count: function () { return read().length; },
    has: function (id) { return read().indexOf(id) !== -1; },
    add: function (id) { var list = ids(); if (list.indexOf(id) === -1) { list.push(id); save(list); } },
    remove: function (id) { save(ids().filter(function (other) { return other !== id; })); },
    /* Empties the selection and returns what it held (for an undo). */
    clear: function () { var before = ids(); save([]); return before; },
    restore: function (list) { save(clean(list.concat(ids()))); },
    /* One listener per name: a page that is set up again (instant navigation) replaces its own. */
    onChange: function (name, listener) { listeners.set(name, listener); },
    noun: function (count) { return count === 1 ? "1 record" : count + " records"; }
  };

  // Another tab changed the selection.
  window.addEventListener("storage", function (event) {
    if (event.key === KEY || event.key === null) { cached = null; notify(); }
  });

  /* The record page's control ------------------------------------------------------------ */

  /* One polite live region for the page, outside the article (so it never sits under a control). */
  function announcer() {
    var region = document.getElementById("dnm-basket-announcer");
    if (!region) {
      region = document.createElement("div");
      region.id = "dnm-basket-announcer";
      region.className = "dnm-visually-hidden";
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      document.body.appendChild(region);
    }
    return region;
  }

  function setUpRecordControl() {
    var control = document.querySelector(".dnm-basket-control[data-record-id]");
    if (!control || control.dataset.ready) { return; }
    control.dataset.ready = "1";
    var id = control.getAttribute("data-record-id");
    var button = control.querySelector(".dnm-basket-toggle");
    var count = control.querySelector(".dnm-basket-count");
    var status = announcer();
    function draw() {
      if (!control.isConnected) { return; }
      var chosen = basket.has(id);
      button.textContent = chosen ? "Remove from selection" : "Add to selection";
      button.classList.toggle("dnm-chosen", chosen);
      count.textContent = String(basket.count());
    }
    button.addEventListener("click", function () {
      var chosen = basket.has(id);
      if (chosen) { basket.remove(id); } else { basket.add(id); }
      status.textContent = (chosen ? "Removed from your selection. " : "Added to your selection. ") +
        basket.noun(basket.count()) + " selected.";
    });
    basket.onChange("record-page", draw);
    announcer(); // present before the first message, so it is read out
    control.hidden = false;
    draw();
  }

  window.dnmBasket = basket;
  if (typeof document$ !== "undefined") {
    document$.subscribe(setUpRecordControl);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpRecordControl);
  } else {
    setUpRecordControl();
  }
})();
