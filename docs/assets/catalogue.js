/* DNM Catalogue page behaviour. Runs on every page load, including Material's instant
   navigation (document$ emits for each new page). */
(function () {
  "use strict";

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } finally { document.body.removeChild(area); }
    return Promise.resolve();
  }

  function setUpCopyButtons() {
    document.querySelectorAll("button.dnm-copy").forEach(function (button) {
      if (button.dataset.ready) { return; }
      button.dataset.ready = "1";
      button.addEventListener("click", function () {
        // A reference is copied from the element that shows it, so a page carries it once.
        var target = button.getAttribute("data-copy-target");
        var text = target ? (document.getElementById(target) || {}).innerText : button.getAttribute("data-copy-text");
        copyText((text || "").trim()).then(function () {
          button.classList.add("dnm-copied");
          button.setAttribute("aria-live", "polite");
          window.setTimeout(function () { button.classList.remove("dnm-copied"); }, 2000);
        });
      });
    });
  }

  /* A permanent link written relative (no site_url configured) is shown in full. */
  function showPermanentLinks() {
    document.querySelectorAll("a.dnm-permalink-url").forEach(function (link) {
      var absolute = link.href.split("#")[0];
      link.textContent = absolute;
      var button = link.parentElement.querySelector("button.dnm-copy");
      if (button) { button.setAttribute("data-copy-text", absolute); }
    });
  }

  function setUp() {
    showPermanentLinks();
    setUpCopyButtons();
  }

  window.dnmCatalogue = { copyText: copyText };
  if (typeof document$ !== "undefined") {
    document$.subscribe(setUp);
  } else {
    document.addEventListener("DOMContentLoaded", setUp);
  }
})();
