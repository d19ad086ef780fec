/* The header's account menu and the collapsible panels (search filters): disclosure buttons
   (aria-expanded, aria-controls) that show and hide what they control.
   - [data-menu] > button[aria-controls]: a popup menu. Enter, Space or a click toggles it;
     Down opens it on its first item; Up and Down move between its items; Esc closes it and
     puts focus back on the button; a click outside or focus leaving closes it.
   - button[data-disclosure]: an inline panel (the search filters on phones), toggled.
   The panel's class "is-open" shows it (css); without JavaScript everything shows. */
(function () {
  "use strict";

  function controlled(button) {
    return document.getElementById(button.getAttribute("aria-controls"));
  }

  function setOpen(button, open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    var panel = controlled(button);
    if (panel) panel.classList.toggle("is-open", open);
  }

  function isOpen(button) {
    return button.getAttribute("aria-expanded") === "true";
  }

  function items(panel) {
    return Array.prototype.slice.call(panel.querySelectorAll("a[href], button:not([disabled])"));
  }

  function setUpMenu(menu) {
    var button = menu.querySelector("button[aria-controls]");
    var panel = button && controlled(button);
    if (!panel) return;

    function close(returnFocus) {
      if (!isOpen(button)) return;
      setOpen(button, false);
      if (returnFocus) button.focus();
    }

    button.addEventListener("click", function () {
      setOpen(button, !isOpen(button));
    });
    button.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        setOpen(button, true);
        var first = items(panel)[0];
        if (first) first.focus();
      }
    });
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && isOpen(button)) {
        event.preventDefault();
        close(true);
        return;
      }
      if (event.target === button) return; // Down on the button: handled above
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
      var list = items(panel);
      var at = list.indexOf(document.activeElement);
      if (at < 0) return;
      event.preventDefault();
      var next = event.key === "ArrowDown" ? at + 1 : at - 1;
      list[(next + list.length) % list.length].focus();
    });
    menu.addEventListener("focusout", function (event) {
      if (event.relatedTarget && !menu.contains(event.relatedTarget)) close(false);
    });
    document.addEventListener("click", function (event) {
      if (!menu.contains(event.target)) close(false);
    });
  }

  function setUpDisclosure(button) {
    button.addEventListener("click", function () {
      setOpen(button, !isOpen(button));
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-menu]"), setUpMenu);
    Array.prototype.forEach.call(document.querySelectorAll("button[data-disclosure]"), setUpDisclosure);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
