// Staff console: small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // Buttons that need a second thought ("取消发送") ask first.
  document.addEventListener("submit", function (event) {
    var button = event.submitter || event.target.querySelector("[data-confirm]");
    var message = button && button.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });
})();
