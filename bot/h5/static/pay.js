// The payment page's script: no build step, no dependencies, no texts of its own (they
// come from the page, #pay-strings).
//
// 1. POST /h5/pay/checkout (CSRF header) -> the order and its signed JSAPI parameters;
// 2. WeixinJSBridge.invoke('getBrandWCPayRequest', params) -> WeChat's payment sheet;
// 3. whatever the sheet says, ask OUR server (status_url) until the order is settled:
//    the bridge's "ok" is only a hint, the server trusts WeChat Pay's notification or
//    its own order query.
(function () {
  "use strict";

  const root = document.getElementById("pay");
  if (!root) return;
  const S = JSON.parse(document.getElementById("pay-strings").textContent);
  const button = document.getElementById("pay-button");
  const message = document.getElementById("pay-message");
  const amountInput = document.getElementById("amount");
  const POLL_MS = 1500;
  const POLL_TIMES = 40;
  const BRIDGE_WAIT_MS = 5000;

  function show(text, kind) {
    message.hidden = false;
    message.className = kind === "error" ? "error" : "notice";
    message.textContent = text;
  }

  function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  // WeChat injects WeixinJSBridge into its web view, sometimes after the page loaded.
  function bridge() {
    return new Promise((resolve) => {
      if (typeof window.WeixinJSBridge !== "undefined") {
        resolve(window.WeixinJSBridge);
        return;
      }
      const timer = setTimeout(() => resolve(null), BRIDGE_WAIT_MS);
      document.addEventListener("WeixinJSBridgeReady", () => {
        clearTimeout(timer);
        resolve(window.WeixinJSBridge);
      }, { once: true });
    });
  }

  function invoke(jsb, params) {
    return new Promise((resolve) => {
      jsb.invoke("getBrandWCPayRequest", params, (res) => resolve((res && res.err_msg) || ""));
    });
  }

  async function settled(statusUrl) {
    for (let i = 0; i < POLL_TIMES; i += 1) {
      try {
        const resp = await fetch(statusUrl, { credentials: "same-origin" });
        const data = await resp.json();
        if (data.ok && data.done) return true;
      } catch (err) {
        // a hiccup on a phone network: ask again
      }
      await sleep(POLL_MS);
    }
    return false;
  }

  async function pay() {
    button.disabled = true;
    show(S.creating);
    const body = { kind: root.dataset.kind, ref: root.dataset.ref };
    if (root.dataset.kind === "deposit") {
      body.amount = amountInput ? amountInput.value : "";
      body.nonce = root.dataset.nonce;
    }
    let data;
    try {
      const resp = await fetch(root.dataset.checkout, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": root.dataset.csrf },
        body: JSON.stringify(body),
      });
      data = await resp.json();
    } catch (err) {
      show(S.network, "error");
      button.disabled = false;
      return;
    }
    if (!data.ok) {
      show(data.message, "error");
      button.disabled = data.code === "already_paid" || data.code === "held";
      return;
    }
    show(S.opening);
    const jsb = await bridge();
    if (!jsb) {
      show(S.open_in_wechat, "error");
      button.disabled = false;
      return;
    }
    const result = await invoke(jsb, data.params);
    if (result === "get_brand_wcpay_request:cancel") {
      show(S.cancelled);
      button.disabled = false;
      return;
    }
    show(S.checking);
    if (await settled(data.status_url)) {
      window.location.assign(data.result_url);
      return;
    }
    show(result === "get_brand_wcpay_request:ok" ? S.waiting : S.failed, "error");
    button.disabled = false;
  }

  for (const choice of document.querySelectorAll(".amount-choice")) {
    choice.addEventListener("click", () => {
      if (amountInput) amountInput.value = choice.dataset.yuan;
    });
  }
  button.addEventListener("click", pay);
})();
