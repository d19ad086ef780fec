/* The Connect dialog (templates/connections/_connect_button.html): one native <dialog> for
   every Connect button on a page. A button opens it, the dialog's content comes from the
   server (htmx), focus moves into it, Esc or Cancel closes it and focus goes back to the
   button; after sending, the button is replaced in place by the result, which is announced
   in #live-status. Without this file the button is a plain form to the profile's note panel.
   No inline script anywhere: the CSP forbids it. */
(function () {
  "use strict";

  var dialog = null;
  var body = null;
  var opener = null; // the button that opened the dialog
  var focusAfter = null; // where focus goes when the dialog closes

  function build() {
    if (dialog) return;
    dialog = document.createElement("dialog");
    dialog.className = "connect-modal";
    dialog.setAttribute("aria-labelledby", "connect-dialog-title");
    body = document.createElement("div");
    body.id = "connect-dialog-body";
    body.className = "connect-modal-body";
    dialog.appendChild(body);
    document.body.appendChild(dialog);
    dialog.addEventListener("close", function () {
      var target = focusAfter && document.contains(focusAfter) ? focusAfter : null;
      body.innerHTML = "";
      focusAfter = null;
      opener = null;
      if (target) target.focus();
    });
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) dialog.close(); // a click on the backdrop
      if (event.target.closest("[data-connect-close]")) dialog.close();
    });
    body.addEventListener("htmx:afterSettle", settled);
  }

  function focusFirst() {
    var field = body.querySelector("textarea, input:not([type=hidden]), button:not([disabled])");
    if (field) field.focus();
  }

  function announce(text) {
    var live = document.getElementById("live-status");
    if (live) live.textContent = text;
  }

  // After the server answered inside the dialog: the result, or the form (again).
  function settled() {
    var result = body.querySelector("[data-connect-result]");
    if (!result) {
      focusFirst();
      return;
    }
    var announcement = body.querySelector("[data-connect-announce]");
    var action = opener && opener.closest("[data-connect-action]");
    var refresh = opener && opener.getAttribute("data-connect-refresh");
    if (refresh && window.htmx) {
      // A profile: redraw its whole panel (Pending, Withdraw), then focus it.
      htmx.ajax("GET", window.location.pathname, {target: refresh, select: refresh, swap: "outerHTML"})
        .then(function () {
          var panel = document.querySelector(refresh);
          var chip = panel && panel.querySelector(".status-chip");
          if (chip) chip.focus();
        });
    } else if (action) {
      action.innerHTML = result.innerHTML;
      focusAfter = action.querySelector("[tabindex]");
    }
    if (announcement) announce(announcement.textContent.trim());
    dialog.close();
  }

  function open(button, url) {
    build();
    opener = button;
    focusAfter = button;
    body.innerHTML = '<p class="connect-modal-loading" id="connect-dialog-title">Loading…</p>';
    dialog.showModal();
    htmx.ajax("GET", url, {target: body, swap: "innerHTML"});
  }

  // A list's Connect button is a GET form to the profile: open the dialog instead.
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-connect-url]");
    if (!form || !window.htmx || typeof HTMLDialogElement !== "function") return;
    event.preventDefault();
    open(event.submitter || form.querySelector("button"), form.getAttribute("data-connect-url"));
  });

  // A profile's Connect (the summary of its no-JavaScript <details> panel).
  document.addEventListener("click", function (event) {
    var summary = event.target.closest("summary[data-connect-url]");
    if (!summary || !window.htmx || typeof HTMLDialogElement !== "function") return;
    event.preventDefault();
    open(summary, summary.getAttribute("data-connect-url"));
  });
})();
