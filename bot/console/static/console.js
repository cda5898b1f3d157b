// Staff console: small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // Buttons that need a second thought ("取消发送") ask first.
  document.addEventListener("submit", function (event) {
    var button = event.submitter || event.target.querySelector("[data-confirm]");
    var message = button && button.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });

  // Compose: show only the fields of the chosen audience.
  var compose = document.getElementById("compose");
  if (compose) {
    var radios = compose.querySelectorAll('input[name="audience"]');
    var parts = compose.querySelectorAll(".audience-part");
    var sync = function () {
      var chosen = compose.querySelector('input[name="audience"]:checked');
      var value = chosen ? chosen.value : "";
      parts.forEach(function (part) { part.hidden = part.getAttribute("data-for") !== value; });
    };
    radios.forEach(function (r) { r.addEventListener("change", sync); });
    sync();
  }

  // Broadcast progress: poll the JSON endpoint until the broadcast is over.
  var box = document.getElementById("progress");
  if (box) {
    var url = box.getAttribute("data-url");
    var labels = {running: "发送中", paused: "已暂停", cancelled: "已取消", done: "已完成"};
    var set = function (id, value) {
      var el = document.getElementById(id);
      if (el) el.textContent = value;
    };
    var render = function (p) {
      var total = Math.max(p.total || 0, p.count || 0, 1);
      ["sent", "failed", "unreachable", "expired"].forEach(function (k) {
        var part = box.querySelector('[data-part="' + k + '"]');
        if (part) part.style.width = (100 * (p[k] || 0) / total) + "%";
      });
      set("percent", p.percent || 0);
      set("count-sent", p.sent || 0);
      set("count-failed", p.failed || 0);
      set("count-unreachable", p.unreachable || 0);
      set("count-pending", p.pending || 0);
      set("status", labels[p.status] || p.status);
      var pill = document.getElementById("status");
      if (pill) pill.className = "pill " + (p.status === "done" ? "ok" : "amber");
      var reasons = document.getElementById("reasons");
      if (reasons) {
        reasons.textContent = "";
        var keys = Object.keys(p.reasons || {});
        if (!keys.length) {
          var tr0 = reasons.insertRow();
          tr0.insertCell().textContent = "暂无";
        }
        keys.forEach(function (reason) {
          var tr = reasons.insertRow();
          tr.insertCell().textContent = reason;
          tr.insertCell().textContent = p.reasons[reason];
        });
      }
      box.querySelectorAll("form[data-when]").forEach(function (form) {
        form.hidden = form.getAttribute("data-when").split(" ").indexOf(p.status) < 0;
      });
      return p.status === "running" || p.status === "paused";
    };
    var poll = function () {
      fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (p) { if (render(p)) window.setTimeout(poll, 1500); })
        .catch(function () { window.setTimeout(poll, 5000); });
    };
    poll();
  }
})();
