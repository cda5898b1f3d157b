// Chat simulator script: no build step, no dependencies. Every text shown to the user
// comes from the page (chat.html) or from the server; this file holds none.
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("chat-config").textContent);
  const S = config.strings;
  const $ = (id) => document.getElementById(id);
  const messages = $("messages");
  const userSelect = $("user-select");
  const POLL_MS = 1500;

  let openid = "";
  let lastPushId = 0;
  let pollTimer = null;
  let generation = 0; // bumps on every user switch; stale polls drop their results
  let initial = "";

  // -- rendering --------------------------------------------------------------------

  function scrollDown() {
    messages.scrollTop = messages.scrollHeight;
  }

  function notice(text, cls) {
    const div = document.createElement("div");
    div.className = "notice" + (cls ? " " + cls : "");
    const span = document.createElement("span");
    span.textContent = text;
    div.appendChild(span);
    messages.appendChild(div);
    scrollDown();
    return div;
  }

  function row(mine, source) {
    const r = document.createElement("div");
    r.className = "row " + (mine ? "me" : "them");
    r.dataset.source = source;
    const avatar = document.createElement("div");
    avatar.className = "avatar";
    avatar.textContent = mine ? (initialOf(currentNickname())) : initial;
    r.appendChild(avatar);
    messages.appendChild(r);
    return r;
  }

  // WeChat text may contain <a href="...">label</a>; everything else is plain text.
  function fillText(el, text) {
    const re = /<a\s+href=["']([^"']+)["'][^>]*>(.*?)<\/a>/gi;
    let last = 0;
    let m;
    while ((m = re.exec(text)) !== null) {
      el.appendChild(document.createTextNode(text.slice(last, m.index)));
      const a = document.createElement("a");
      const href = m[1]; // not m: the loop moves it on (to null) before any click
      a.href = href;
      a.textContent = m[2];
      a.addEventListener("click", (ev) => { ev.preventDefault(); openWebview(href); });
      el.appendChild(a);
      last = re.lastIndex;
    }
    el.appendChild(document.createTextNode(text.slice(last)));
  }

  function bubble(mine, text, source, label) {
    const r = row(mine, source);
    const b = document.createElement("div");
    b.className = "bubble";
    if (label) {
      const l = document.createElement("span");
      l.className = "label";
      l.textContent = label;
      b.appendChild(l);
    }
    const body = document.createElement("span");
    body.className = "text";
    fillText(body, text);
    b.appendChild(body);
    r.appendChild(b);
    scrollDown();
  }

  function newsCard(articles, source) {
    for (const art of articles) {
      const r = row(false, source);
      const card = document.createElement("div");
      card.className = "card news";
      const h = document.createElement("h4");
      h.textContent = art.title || "";
      card.appendChild(h);
      if (art.description) {
        const p = document.createElement("p");
        p.textContent = art.description;
        card.appendChild(p);
      }
      if (art.url) card.addEventListener("click", () => openWebview(art.url));
      r.appendChild(card);
    }
    scrollDown();
  }

  function templateCard(msg) {
    const r = row(false, "push");
    const card = document.createElement("div");
    card.className = "card template";
    const label = document.createElement("span");
    label.className = "label";
    label.textContent = S.template;
    card.appendChild(label);
    const h = document.createElement("h4");
    h.textContent = msg.template_id;
    card.appendChild(h);
    for (const f of msg.fields) {
      const p = document.createElement("p");
      p.className = "field";
      const k = document.createElement("b");
      k.textContent = f.key;
      const v = document.createElement("span");
      v.textContent = f.value;
      p.appendChild(k);
      p.appendChild(v);
      card.appendChild(p);
    }
    if (msg.url) {
      const more = document.createElement("a");
      more.className = "more";
      more.textContent = S.details + " ›";
      more.addEventListener("click", () => openWebview(msg.url));
      card.appendChild(more);
    }
    r.appendChild(card);
    scrollDown();
  }

  function showReply(result) {
    if (!result.ok) {
      notice(S.unavailable, "error").title = result.error || "";
      return;
    }
    const reply = result.reply;
    if (!reply || reply.type === "none") return;
    if (reply.type === "text") bubble(false, reply.content, "reply");
    else if (reply.type === "news") newsCard(reply.articles, "reply");
    else if (reply.type === "transfer") notice(S.transfer);
    else notice(S.unsupported);
  }

  function showPushed(msg) {
    if (msg.type === "template") templateCard(msg);
    else if (msg.type === "text") bubble(false, msg.content, "push", S.pushed);
    else if (msg.type === "news") newsCard(msg.articles, "push");
    else notice(S.unsupported);
  }

  // -- talking to the sandbox ---------------------------------------------------------

  async function api(method, path, body) {
    const resp = await fetch(path, {
      method,
      headers: body ? { "Content-Type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!resp.ok) throw new Error(await resp.text());
    return resp.json();
  }

  async function send(payload) {
    if (!openid) { notice(S.pick_user); return null; }
    try {
      const result = await api("POST", "/sandbox/chat/api/send", { openid, ...payload });
      showReply(result);
      return result;
    } catch (err) {
      notice(String(err.message || err), "error");
      return null;
    }
  }

  async function poll(gen) {
    if (!openid || gen !== generation) return;
    try {
      const data = await api("GET", "/sandbox/chat/api/messages?openid=" +
        encodeURIComponent(openid) + "&after=" + lastPushId);
      if (gen !== generation) return;
      for (const msg of data.messages) {
        if (msg.id <= lastPushId) continue;
        lastPushId = msg.id;
        showPushed(msg);
      }
    } catch (err) {
      // The server may be restarting; try again on the next tick.
    } finally {
      if (gen === generation) pollTimer = setTimeout(() => poll(gen), POLL_MS);
    }
  }

  // -- users ------------------------------------------------------------------------

  function initialOf(name) {
    return (name || "?").trim().slice(0, 1);
  }

  function currentNickname() {
    const opt = userSelect.selectedOptions[0];
    return opt ? opt.dataset.nickname || "" : "";
  }

  function addOption(user) {
    const opt = document.createElement("option");
    opt.value = user.openid;
    opt.dataset.nickname = user.nickname;
    opt.textContent = user.nickname + " (" + user.openid.slice(0, 8) + "…)";
    userSelect.appendChild(opt);
    return opt;
  }

  async function loadUsers() {
    const data = await api("GET", "/sandbox/chat/api/users");
    for (const u of data.users) addOption(u);
    const saved = (document.cookie.match(/(?:^|; )sandbox_openid=([^;]+)/) || [])[1];
    if (saved && data.users.some((u) => u.openid === decodeURIComponent(saved))) {
      userSelect.value = decodeURIComponent(saved);
      selectUser(userSelect.value);
    }
  }

  function selectUser(id) {
    openid = id;
    generation += 1;
    if (pollTimer) clearTimeout(pollTimer);
    lastPushId = 0;
    messages.replaceChildren();
    // The VIEW pages and the sandbox OAuth page read this cookie, as WeChat knows the user.
    document.cookie = "sandbox_openid=" + encodeURIComponent(id) + "; path=/; SameSite=Lax";
    if (id) poll(generation);
    else notice(S.pick_user);
  }

  async function createUser(ev) {
    ev.preventDefault();
    const nickname = $("new-user-name").value.trim() || S.default_nickname;
    try {
      const data = await api("POST", "/sandbox/chat/api/users", { nickname });
      const opt = addOption(data.user);
      userSelect.value = opt.value;
      selectUser(opt.value);
      notice(S.subscribed);
      showReply(data);
      $("new-user-name").value = "";
    } catch (err) {
      notice(String(err.message || err), "error");
    }
  }

  // -- menu and web view ----------------------------------------------------------------

  function closeSubmenus(except) {
    for (const s of document.querySelectorAll(".submenu")) {
      if (s !== except) s.hidden = true;
    }
  }

  // WeChat's in-app browser: a phone-sized window. Pages may forbid framing
  // (X-Frame-Options), so they open in their own window, with the same cookies.
  function openWebview(url) {
    const win = window.open(url, "sandbox-webview", "popup,width=390,height=760");
    if (win) {
      win.focus();
      watchWebview(win);
    }
  }

  // -- WeixinJSBridge and the 模拟支付 sheet ----------------------------------------------
  // WeChat injects WeixinJSBridge into every page of its web view and fires
  // WeixinJSBridgeReady; getBrandWCPayRequest opens its payment sheet. The simulator
  // plays WeChat here: it injects the bridge into the web view window (same origin)
  // after each page load, and its sheet pays through the WeChat Pay sandbox
  // (/sandbox/pay/admin/wallet checks paySign like WeChat, then pays and notifies).

  let watched = null;
  let watchTimer = null;

  function watchWebview(win) {
    if (watched === win && watchTimer) return;
    if (watchTimer) clearInterval(watchTimer);
    watched = win;
    watchTimer = setInterval(() => {
      if (win.closed) {
        clearInterval(watchTimer);
        watchTimer = null;
        return;
      }
      let doc;
      try {
        if (win.location.origin !== window.location.origin) return;
        doc = win.document;
      } catch (err) {
        return; // another origin (a real site): no bridge there
      }
      if (doc.readyState === "loading" || win.WeixinJSBridge) return;
      installBridge(win);
    }, 100);
  }

  function installBridge(win) {
    win.WeixinJSBridge = {
      invoke(name, params, callback) {
        const done = (msg) => { if (typeof callback === "function") callback({ err_msg: msg }); };
        if (name !== "getBrandWCPayRequest") { done(name + ":fail"); return; }
        paySheet(win, params || {}, done);
      },
      on() {},
      call() {},
    };
    win.document.dispatchEvent(new win.Event("WeixinJSBridgeReady"));
  }

  function yuan(fen) {
    const n = Math.abs(Number(fen) || 0);
    return (fen < 0 ? "-" : "") + "¥" + Math.floor(n / 100) + "." + String(n % 100).padStart(2, "0");
  }

  async function paySheet(win, params, done) {
    const P = S.pay;
    const doc = win.document;
    let info;
    try {
      info = await api("POST", "/sandbox/pay/admin/wallet", { params, openid });
    } catch (err) {
      notice(P.refused + String(err.message || err), "error");
      done("get_brand_wcpay_request:fail");
      return;
    }
    const el = (tag, text, style) => {
      const e = doc.createElement(tag);
      if (text) e.textContent = text;
      if (style) e.setAttribute("style", style);
      return e;
    };
    const shade = el("div", "", "position:fixed;inset:0;background:rgba(0,0,0,.45);z-index:9999;" +
      "display:flex;align-items:flex-end;font:15px/1.5 -apple-system,'PingFang SC',sans-serif");
    shade.id = "sandbox-pay-sheet";
    const sheet = el("div", "", "background:#fff;width:100%;border-radius:12px 12px 0 0;" +
      "padding:16px 18px 22px;box-sizing:border-box");
    sheet.appendChild(el("div", P.title, "color:#888;font-size:13px;text-align:center"));
    sheet.appendChild(el("div", P.merchant, "text-align:center;margin-top:6px"));
    const amount = el("div", yuan(info.order.total),
      "text-align:center;font-size:32px;font-weight:600;margin:4px 0");
    amount.id = "sandbox-pay-amount";
    sheet.appendChild(amount);
    sheet.appendChild(el("div", info.order.description, "text-align:center;color:#555"));
    const modes = el("div", "", "margin:14px 0;border-top:1px solid #eee;padding-top:8px");
    for (const [value, label] of P.modes) {
      // The page's own CSS styles inputs as form fields: undo that for the sheet.
      const row = el("label", "", "display:flex;align-items:center;gap:8px;padding:5px 0;" +
        "margin:0;font-size:15px;color:#333");
      const radio = el("input", "", "width:auto;margin:0;padding:0;flex:none");
      radio.type = "radio";
      radio.name = "sandbox-pay-mode";
      radio.value = value;
      radio.checked = value === "normal";
      row.appendChild(radio);
      row.appendChild(doc.createTextNode(label));
      modes.appendChild(row);
    }
    sheet.appendChild(modes);
    const confirm = el("button", P.confirm, "width:100%;padding:12px;border:0;border-radius:8px;" +
      "background:#07c160;color:#fff;font-size:17px");
    confirm.id = "sandbox-pay-confirm";
    confirm.type = "button";
    const cancel = el("button", P.cancel, "width:100%;padding:10px;border:0;background:none;" +
      "color:#576b95;margin-top:6px");
    cancel.id = "sandbox-pay-cancel";
    cancel.type = "button";
    sheet.appendChild(confirm);
    sheet.appendChild(cancel);
    shade.appendChild(sheet);
    doc.body.appendChild(shade);

    cancel.addEventListener("click", () => {
      shade.remove();
      done("get_brand_wcpay_request:cancel");
    });
    confirm.addEventListener("click", async () => {
      confirm.disabled = true;
      const mode = (doc.querySelector('input[name="sandbox-pay-mode"]:checked') || {}).value;
      try {
        const paid = await api("POST", "/sandbox/pay/admin/wallet",
          { params, openid, confirm: true, mode });
        const label = (P.modes.find((m) => m[0] === mode) || [mode, mode])[1];
        notice(P.paid + yuan(paid.order.total) + "（" + label + "）");
        shade.remove();
        done("get_brand_wcpay_request:ok");
      } catch (err) {
        notice(P.refused + String(err.message || err), "error");
        shade.remove();
        done("get_brand_wcpay_request:fail");
      }
    });
  }

  async function tapButton(button) {
    closeSubmenus(null);
    if (button.type === "click") {
      notice(S.clicked + button.name);
      await send({ type: "click", key: button.key });
    } else if (button.type === "view") {
      notice(S.opened + button.name);
      openWebview(button.url);
      await send({ type: "view", url: button.url });
    }
  }

  function wireMenu() {
    document.querySelectorAll(".menu-top").forEach((top, i) => {
      const spec = config.menu[i];
      const sub = top.querySelector(".submenu");
      top.querySelector(".menu-top-button").addEventListener("click", () => {
        if (sub) {
          closeSubmenus(sub);
          sub.hidden = !sub.hidden;
        } else {
          tapButton(spec);
        }
      });
      top.querySelectorAll(".submenu-button").forEach((b, j) => {
        b.addEventListener("click", () => tapButton(spec.sub_button[j]));
      });
    });
    $("to-keyboard").addEventListener("click", () => {
      closeSubmenus(null);
      $("menubar").hidden = true;
      $("inputbar").hidden = false;
      $("text-input").focus();
    });
    $("to-menu").addEventListener("click", () => {
      $("inputbar").hidden = true;
      $("menubar").hidden = false;
    });
  }

  // -- start ------------------------------------------------------------------------

  initial = initialOf($("account-name").textContent);
  $("new-user-form").addEventListener("submit", createUser);
  userSelect.addEventListener("change", () => selectUser(userSelect.value));
  $("send-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const input = $("text-input");
    const text = input.value;
    if (!text.trim()) return;
    if (!openid) { notice(S.pick_user); return; }
    input.value = "";
    bubble(true, text, "me");
    await send({ type: "text", content: text });
  });
  wireMenu();
  loadUsers().catch((err) => notice(String(err.message || err), "error"));
})();
