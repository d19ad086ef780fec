// The composer's box grows as the member types. Browsers with CSS `field-sizing: content`
// (app.css) do it themselves; elsewhere this sets the height from the content. No inline
// script anywhere (the CSP allows only our own files).
(function () {
  "use strict";
  if (window.CSS && CSS.supports && CSS.supports("field-sizing", "content")) {
    return;
  }
  function fit(box) {
    box.style.height = "auto";
    box.style.height = box.scrollHeight + 2 + "px";
  }
  document.addEventListener("input", function (event) {
    var box = event.target;
    if (box instanceof HTMLTextAreaElement && box.classList.contains("composer-box")) {
      fit(box);
    }
  });
  document.querySelectorAll("textarea.composer-box").forEach(fit);
})();
