/* DNM Catalogue page behaviour. Runs on every page load, including Material's instant
   navigation (document$ emits for each new page). */
(function () {
  "use strict";

  /* Copying. A reference goes on the clipboard as rich text (text/html, so that italics survive
     a paste into Word or Google Docs) with plain text beside it; other text as plain text.
     The asynchronous Clipboard API needs a secure context and ClipboardItem; elsewhere (an
     offline copy opened from file://, older browsers) a copy event carries both types. */
  function copyWithEvent(text, html) {
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      function onCopy(event) {
        if (!event.clipboardData) { return; }
        event.clipboardData.setData("text/plain", text);
        if (html) { event.clipboardData.setData("text/html", html); }
        event.preventDefault();
      }
      document.addEventListener("copy", onCopy, true);
      var copied = false;
      try {
        copied = document.execCommand("copy");
      } catch (error) {
        copied = false;
      } finally {
        document.removeEventListener("copy", onCopy, true);
        document.body.removeChild(area);
      }
      if (copied) { resolve(); } else { reject(new Error("the browser refused to copy")); }
    });
  }

  function copyText(text, html) {
    var clipboard = navigator.clipboard;
    if (clipboard && window.isSecureContext) {
      if (html && typeof window.ClipboardItem === "function" && clipboard.write) {
        var item = new window.ClipboardItem({
          "text/html": new Blob([html], { type: "text/html" }),
          "text/plain": new Blob([text], { type: "text/plain" })
        });
        return clipboard.write([item]).catch(function () { return copyWithEvent(text, html); });
      }
      if (!html && clipboard.writeText) {
        return clipboard.writeText(text).catch(function () { return copyWithEvent(text); });
      }
    }
    return copyWithEvent(text, html);
  }

  /* The markup a reference keeps on the clipboard: italics, bold, sub/superscript and links;
     every other element gives its text, and no attribute but a link's web address survives. */
  var KEPT = { I: "i", EM: "em", B: "b", STRONG: "strong", SUB: "sub", SUP: "sup", A: "a" };

  function clipboardHtml(node) {
    var out = "";
    node.childNodes.forEach(function (child) {
      if (child.nodeType === Node.TEXT_NODE) {
        out += escapeHtml(child.nodeValue);
      } else if (child.nodeType === Node.ELEMENT_NODE) {
        var tag = KEPT[child.tagName];
        var inner = clipboardHtml(child);
        var href = tag === "a" ? child.getAttribute("href") || "" : "";
        if (tag === "a" && /^https?:\/\//i.test(href)) {
          out += '<a href="' + escapeHtml(href) + '">' + inner + "</a>";
        } else if (tag && tag !== "a") {
          out += "<" + tag + ">" + inner + "</" + tag + ">";
        } else {
          out += inner;
        }
      }
    });
    return out;
  }

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;");
  }

  /* Access dates. Harvard (Cite Them Right) and Vancouver (Citing Medicine) print the day the
     reader accessed the work; the page holds one template per month from the style, and the
     date filled in is the reader's own day, at load and again when the reference is copied. */
  function fillAccessDates(root) {
    var today = new Date();
    (root || document).querySelectorAll("span.dnm-accessed").forEach(function (span) {
      var templates;
      try {
        templates = JSON.parse(span.getAttribute("data-templates") || "[]");
      } catch (error) {
        return;
      }
      var template = templates[today.getMonth()];
      if (typeof template !== "string") { return; }
      span.textContent = template.replace("{day}", String(today.getDate()))
        .replace("{year}", String(today.getFullYear()));
      var block = span.closest(".tabbed-block");
      var note = block && block.querySelector(".dnm-access-note");
      if (note) { note.hidden = false; }
    });
  }

  function setUpCopyButtons() {
    document.querySelectorAll("button.dnm-copy").forEach(function (button) {
      if (button.dataset.ready) { return; }
      button.dataset.ready = "1";
      button.addEventListener("click", function () {
        // A reference is copied from the element that shows it, so a page carries it once.
        var target = button.getAttribute("data-copy-target");
        var element = target ? document.getElementById(target) : null;
        var text, html = null;
        if (element) {
          fillAccessDates(element);
          text = element.innerText;
          if (element.classList.contains("dnm-reference")) { html = clipboardHtml(element).trim(); }
        } else {
          text = button.getAttribute("data-copy-text");
        }
        copyText((text || "").trim(), html).then(function () {
          button.classList.add("dnm-copied");
          button.setAttribute("aria-live", "polite");
          window.setTimeout(function () { button.classList.remove("dnm-copied"); }, 2000);
        });
      });
    });
  }

  /* The "Cite" control at the top of a record is a link to the Cite panel (#cite), which works
     without JavaScript too. Here it scrolls there itself (Material's navigation would take
     the focus back) and moves keyboard focus to the selected tab, so that the arrow keys
     change the style and the next Tab reaches the copy button. */
  function setUpCiteJump() {
    document.querySelectorAll("a.dnm-cite-jump").forEach(function (link) {
      if (link.dataset.ready) { return; }
      link.dataset.ready = "1";
      link.addEventListener("click", function (event) {
        var heading = document.getElementById("cite");
        var tab = document.querySelector(".dnm-cite input[type=radio]:checked");
        if (!heading || !tab || event.button !== 0 || event.ctrlKey || event.metaKey ||
            event.shiftKey || event.altKey) { return; }
        event.preventDefault();
        event.stopPropagation();
        heading.scrollIntoView({ block: "start" });
        tab.focus({ preventScroll: true });
        if (window.history && window.history.pushState) {
          window.history.pushState(window.history.state, "", "#cite");
        }
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
    fillAccessDates(document);
    setUpCopyButtons();
    setUpCiteJump();
  }

  window.dnmCatalogue = { copyText: copyText, clipboardHtml: clipboardHtml };
  if (typeof document$ !== "undefined") {
    document$.subscribe(setUp);
  } else {
    document.addEventListener("DOMContentLoaded", setUp);
  }
})();
