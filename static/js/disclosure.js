// Overflow menus: <details data-disclosure> with a <summary> toggle. Without this script they
// open and close as any <details>; with it the toggle carries aria-expanded, Escape closes the
// menu and puts focus back on its toggle, and a click or focus outside the menu closes it.
(function () {
  "use strict";
  var SELECTOR = "details[data-disclosure]";

  function toggleOf(menu) {
    return menu.querySelector(":scope > summary");
  }

  function sync(menu) {
    var toggle = toggleOf(menu);
    if (toggle) toggle.setAttribute("aria-expanded", menu.open ? "true" : "false");
  }

  function close(menu, focusToggle) {
    menu.querySelectorAll("details[open]").forEach(function (inner) { inner.open = false; });
    menu.open = false;
    sync(menu);
    if (focusToggle) toggleOf(menu).focus();
  }

  function setUp(root) {
    root.querySelectorAll(SELECTOR).forEach(function (menu) {
      if (menu.dataset.disclosureReady) return;
      menu.dataset.disclosureReady = "1";
      sync(menu);
      menu.addEventListener("toggle", function () { sync(menu); });
    });
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var menu = event.target.closest && event.target.closest(SELECTOR + "[open]");
    if (!menu) return;
    event.preventDefault();
    close(menu, true);
  });

  function closeOutside(event) {
    document.querySelectorAll(SELECTOR + "[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) close(menu, false);
    });
  }
  document.addEventListener("click", closeOutside);
  document.addEventListener("focusin", closeOutside);

  setUp(document);
  document.addEventListener("htmx:load", function (event) { setUp(event.target); });
})();
