/* The header search's typeahead as an ARIA combobox (WAI-ARIA APG "combobox with listbox
   popup", list autocomplete). htmx fetches the suggestions into #header-typeahead; this script
   does the rest:
   - Down / Up move the active option (aria-activedescendant, aria-selected), wrapping; Down
     on a closed list opens it again.
   - Enter on an active option opens it (its data-href); with none active the form submits
     (the search page).
   - Esc closes the list; Esc on a closed list clears the box.
   - A click on an option opens it; leaving the box closes the list.
   - A 429 (too many look-ups) is swapped in too: htmx leaves 4xx answers out by default, and
     the fragment then says "Too many searches, wait a moment". */
(function () {
  "use strict";

  function setUp(form) {
    var input = form.querySelector("[role=combobox]");
    var popup = document.getElementById("header-typeahead");
    var status = document.getElementById("header-typeahead-status");
    if (!input || !popup) return;

    function listbox() {
      return document.getElementById(input.getAttribute("aria-controls"));
    }

    function options() {
      var list = listbox();
      return list ? Array.prototype.slice.call(list.querySelectorAll("[role=option]")) : [];
    }

    function active() {
      var id = input.getAttribute("aria-activedescendant");
      return id ? document.getElementById(id) : null;
    }

    function activate(option) {
      options().forEach(function (each) {
        each.setAttribute("aria-selected", each === option ? "true" : "false");
        each.classList.toggle("is-active", each === option);
      });
      if (option) {
        input.setAttribute("aria-activedescendant", option.id);
        option.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function hasContent() {
      return options().length > 0 || popup.querySelector(".typeahead-message") !== null;
    }

    function open() {
      if (!input.value.trim() || !hasContent()) return close();
      popup.hidden = false;
      input.setAttribute("aria-expanded", options().length > 0 ? "true" : "false");
    }

    function close() {
      activate(null);
      popup.hidden = true;
      input.setAttribute("aria-expanded", "false");
    }

    function isOpen() {
      return !popup.hidden;
    }

    function go(option) {
      var href = option && option.getAttribute("data-href");
      if (href) window.location.assign(href);
    }

    function move(step) {
      var list = options();
      if (!list.length) return;
      if (!isOpen()) open();
      var at = list.indexOf(active());
      var next = at < 0 ? (step > 0 ? 0 : list.length - 1) : (at + step + list.length) % list.length;
      activate(list[next]);
    }

    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        move(event.key === "ArrowDown" ? 1 : -1);
      } else if (event.key === "Enter") {
        var option = isOpen() ? active() : null;
        if (option) {
          event.preventDefault();
          go(option);
        }
      } else if (event.key === "Escape") {
        event.preventDefault(); // Chrome would clear a search box on its own, and fire "search"
        if (isOpen()) {
          close();
        } else if (input.value) {
          input.value = "";
          if (window.htmx) window.htmx.trigger(input, "htmx:abort");
          popup.querySelectorAll("[role=option], .typeahead-message").forEach(function (node) {
            node.remove();
          });
        }
      }
    });

    input.addEventListener("input", function () {
      activate(null);
      if (!input.value.trim()) close();
    });
    input.addEventListener("focus", function () {
      if (input.value.trim() && hasContent()) open();
    });
    input.addEventListener("blur", function () {
      close();
    });

    // Keep the focus in the box (so blur does not close the list first), then open the option.
    popup.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    popup.addEventListener("click", function (event) {
      go(event.target.closest("[role=option]"));
    });

    document.body.addEventListener("htmx:beforeSwap", function (event) {
      if (event.detail.target === popup && event.detail.xhr.status === 429) {
        event.detail.shouldSwap = true;
        event.detail.isError = false;
      }
    });
    document.body.addEventListener("htmx:afterSwap", function (event) {
      if (event.detail.target !== popup) return;
      activate(null);
      if (document.activeElement === input) open();
      if (!status) return;
      var message = popup.querySelector(".typeahead-message");
      var count = options().length;
      status.textContent = message
        ? message.textContent.trim()
        : count + " suggestion" + (count === 1 ? "" : "s") + ", use the up and down arrows";
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-typeahead]"), setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
