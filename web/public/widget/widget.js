/* Otklik chatbot widget (KB-3, CH-1): one tag embeds it into any site.
 *   <script src="https://HOST/widget/widget.js" data-regulation="bilet" async></script>
 * Optional attributes: data-api (API origin, default: where this file came from), data-channel
 * (default "chatbot", the regulations' channel «Чат-бот на сайте и в личном кабинете"), data-login,
 * data-role, data-region, data-email (a personal cabinet passes what it knows; those questions
 * are skipped). Any element with the attribute data-otklik-chat, or the address fragment #chat,
 * opens the dialog; window.OtklikChat has open(), close() and configure({regulation, region}) (the
 * event "otklik-chat-ready" on window says it is there).
 * A returning applicant proves the e-mail address once (issue 17): the proof token the code gave
 * is kept in localStorage until it expires and presented when a new dialog starts, so that no
 * code is asked again; the server ignores a stale one, and the widget then forgets it.
 * Russian, keyboard-accessible (Esc closes, Tab stays in the dialog), full screen on a phone.
 * No dependencies. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.OtklikChat) return;
  var d = script.dataset;
  var api = (d.api || new URL(script.src, location.href).origin).replace(/\/$/, "");
  var regulation = d.regulation || "bilet";
  var region = d.region || "";
  var PROOF_KEY = "otklik-chat-proof";
  var session = null;
  var panel, open, log, options, input;
  window.OtklikChat = {open: show, close: hide, configure: configure};
  window.dispatchEvent(new Event("otklik-chat-ready"));

  // A cabinet passes the login: another login in the same browser must not resume this dialog.
  // The region is part of the dialog (its knowledge base, where it registers).
  function storeKey() {
    return "otklik-chat-" + regulation + (region ? "-r" + region : "") + (d.login ? "-" + d.login : "");
  }

  function proof() {
    try {
      var p = JSON.parse(localStorage.getItem(PROOF_KEY) || "null");
      if (p && p.token && Date.parse(p.expires_at) > Date.now()) return p;
      if (p) localStorage.removeItem(PROOF_KEY);
    } catch (e) { /* private mode */ }
    return null;
  }
  function keepProof(token, expires) {
    try {
      if (token) localStorage.setItem(PROOF_KEY, JSON.stringify({token: token, expires_at: expires}));
      else localStorage.removeItem(PROOF_KEY);
    } catch (e) { /* private mode */ }
  }

  var css = "#otk-open{position:fixed;right:16px;bottom:16px;z-index:2147483000;padding:12px 18px;" +
    "border-radius:24px;border:0;background:#1f5fbf;color:#fff;font:16px/1.2 system-ui,sans-serif;cursor:pointer}" +
    "#otk-open[hidden]{display:none}" +
    "#otk-open:focus-visible,#otk-panel button:focus-visible,#otk-panel input:focus-visible,#otk-panel summary:focus-visible,#otk-log:focus-visible{outline:3px solid #f5b400;outline-offset:2px}" +
    "#otk-panel{position:fixed;right:16px;bottom:16px;z-index:2147483001;width:360px;max-width:calc(100vw - 32px);" +
    "height:520px;max-height:calc(100vh - 32px);display:flex;flex-direction:column;background:#fff;color:#1a1a1a;" +
    "border-radius:12px;box-shadow:0 8px 32px rgba(0,0,0,.25);font:15px/1.4 system-ui,sans-serif;box-sizing:border-box}" +
    "#otk-panel[hidden]{display:none}#otk-panel *{box-sizing:border-box}" +
    "#otk-head{display:flex;justify-content:space-between;align-items:center;padding:10px 14px;background:#1f5fbf;color:#fff;border-radius:12px 12px 0 0}" +
    "#otk-head h2{font-size:16px;margin:0;color:#fff}#otk-close{background:none;border:0;color:#fff;font-size:22px;line-height:1;cursor:pointer;padding:2px 6px}" +
    "#otk-log{flex:1;overflow-y:auto;padding:10px 14px}" +
    ".otk-bot,.otk-me{margin:6px 0;padding:8px 10px;border-radius:10px;white-space:pre-wrap;max-width:90%;width:fit-content}" +
    ".otk-bot{background:#eef2f8}.otk-me{background:#1f5fbf;color:#fff;margin-left:auto}" +
    ".otk-uin{margin:6px 0;padding:8px 10px;border:2px solid #1e7a3c;border-radius:10px;background:#f3faf5}" +
    ".otk-uin strong{font:600 18px/1.3 ui-monospace,monospace;letter-spacing:.5px}" +
    ".otk-art{margin:6px 0;border:1px solid #cdd6e4;border-radius:8px;padding:6px 10px}.otk-art summary{cursor:pointer;font-weight:600}" +
    ".otk-art div{white-space:pre-wrap;margin-top:6px}" +
    "#otk-options{display:flex;flex-wrap:wrap;gap:6px;padding:0 14px}#otk-options button{border:1px solid #1f5fbf;background:#fff;color:#1f5fbf;border-radius:16px;padding:6px 12px;cursor:pointer;font:inherit}" +
    "#otk-form{display:flex;gap:6px;padding:10px 14px}#otk-input{flex:1;min-width:0;padding:8px;border:1px solid #98a6bd;border-radius:8px;font:inherit}" +
    "#otk-form button{border:0;background:#1f5fbf;color:#fff;border-radius:8px;padding:8px 12px;cursor:pointer;font:inherit}" +
    "@media (max-width:480px){#otk-panel{right:0;bottom:0;width:100vw;max-width:100vw;height:100vh;max-height:100vh;border-radius:0}" +
    "#otk-head{border-radius:0}}";

  // An async tag may run before <body> exists when it sits in <head>.
  if (document.body) build(); else document.addEventListener("DOMContentLoaded", build);

  function build() {
    var style = document.createElement("style");
    style.textContent = css;
    document.head.appendChild(style);
    open = el("button", {id: "otk-open", type: "button", "aria-haspopup": "dialog"}, "Задать вопрос");
    panel = el("div", {id: "otk-panel", role: "dialog", "aria-modal": "false", "aria-labelledby": "otk-title", hidden: ""});
    var close = el("button", {id: "otk-close", type: "button", "aria-label": "Закрыть", title: "Закрыть (Esc)"}, "×");
    var head = el("div", {id: "otk-head"});
    head.append(el("h2", {id: "otk-title"}, "Помощник поддержки"), close);
    // Focusable, so that a long dialog scrolls from the keyboard too (axe: scrollable-region-focusable).
    log = el("div", {id: "otk-log", role: "log", "aria-live": "polite", "aria-label": "Диалог", tabindex: "0"});
    options = el("div", {id: "otk-options"});
    var form = el("form", {id: "otk-form"});
    input = el("input", {id: "otk-input", type: "text", autocomplete: "off", "aria-label": "Ваше сообщение", maxlength: "4000"});
    form.append(input, el("button", {type: "submit"}, "Отправить"));
    panel.append(head, log, options, form);
    document.body.append(open, panel);

    open.addEventListener("click", show);
    close.addEventListener("click", hide);
    panel.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { e.preventDefault(); hide(); }
      else if (e.key === "Tab") keepFocusInside(e);
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var text = input.value.trim();
      if (text) send(text);
    });
    // Links such as «Спросить чат-бота» on the embedding page.
    document.addEventListener("click", function (e) {
      var target = e.target && e.target.closest && e.target.closest("[data-otklik-chat]");
      if (target) { e.preventDefault(); show(); }
    });
    window.addEventListener("hashchange", function () { if (location.hash === "#chat") show(); });
    if (location.hash === "#chat") show();
  }

  function show() {
    if (!panel) return;
    panel.hidden = false;
    open.hidden = true;
    input.focus();
    if (!log.childElementCount) resume();
  }

  function hide() {
    if (!panel || panel.hidden) return;
    panel.hidden = true;
    open.hidden = false;
    open.focus();
  }

  /** Switches the dialog to another regulation (the help site's section) or region; the dialog
   * of that section and region goes on, or a new one starts. */
  function configure(settings) {
    if (!settings) return;
    var nextRegulation = settings.regulation || regulation;
    var nextRegion = settings.region === undefined ? region : (settings.region || "");
    if (nextRegulation === regulation && nextRegion === region) return;
    regulation = nextRegulation;
    region = nextRegion;
    session = null;
    if (log) { log.textContent = ""; options.textContent = ""; }
    if (panel && !panel.hidden) resume();
  }

  function keepFocusInside(e) {
    var items = Array.prototype.filter.call(
      panel.querySelectorAll("button, input, summary, a[href], [tabindex='0']"),
      function (node) { return !node.disabled && node.offsetParent !== null; });
    if (!items.length) return;
    var first = items[0], last = items[items.length - 1];
    if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); }
    else if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }

  // text/plain keeps the request "simple": no CORS preflight from the embedding site.
  function call(method, path, body) {
    return fetch(api + path, {method: method, headers: {"Content-Type": "text/plain"},
                              body: body ? JSON.stringify(body) : undefined})
      .then(function (r) {
        return r.json().catch(function () { return {}; })
          .then(function (j) { return {ok: r.ok, status: r.status, body: j || {}}; });
      });
  }

  // The API answers errors as {"error": {"code", "message", "fields"}}.
  function errorOf(r) { return (r.body && r.body.error) || {}; }

  function resume() {
    try { session = localStorage.getItem(storeKey()); } catch (e) { /* private mode */ }
    if (!session) return start();
    call("GET", "/api/v1/chat/sessions/" + session).then(function (r) {
      if (!r.ok) return start();
      (r.body.transcript || []).forEach(function (m) { say(m.text, m.from === "user"); });
      showUin(r.body.uin);
      // The pending question's answer buttons come back with the dialog.
      var pending = r.body.options && r.body.options.length ? r.body.options
        : (r.body.step === "feedback" || r.body.step === "offer") ? ["Да", "Нет"] : [];
      showOptions(pending);
    }).catch(failed);
  }

  function start() {
    var body = {regulation: regulation, channel: d.channel || "chatbot"};
    ["login", "role", "email"].forEach(function (k) { if (d[k]) body[k] = d[k]; });
    if (region) body.region = region;
    var p = proof();
    if (p) body.contact_token = p.token;
    call("POST", "/api/v1/chat/sessions", body).then(function (r) {
      if (!r.ok) return say(errorOf(r).message || "Не удалось начать диалог. Попробуйте позже.");
      if (p && !r.body.contact_proven) keepProof(null);
      session = r.body.session_id;
      try { localStorage.setItem(storeKey(), session); } catch (e) { /* private mode */ }
      reply(r.body);
    }).catch(failed);
  }

  function send(text) {
    input.value = "";
    say(text, true);
    options.textContent = "";
    if (!session) return start();
    call("POST", "/api/v1/chat/sessions/" + session + "/messages", {text: text}).then(function (r) {
      if (r.ok) return reply(r.body);
      if (r.status === 404) { session = null; return start(); }
      say(errorOf(r).message || "Не удалось отправить сообщение. Попробуйте ещё раз.");
    }).catch(failed);
  }

  function reply(body) {
    if (body.contact_token) keepProof(body.contact_token, body.contact_token_expires_at);
    (body.messages || []).forEach(function (m, i) {
      say(m);
      if (i === 0 && body.articles && body.articles.length) {
        body.articles.forEach(function (a) {
          var box = el("details", {"class": "otk-art"});
          box.append(el("summary", {}, a.question), el("div", {}, a.answer));
          log.append(box);
        });
      }
    });
    showUin(body.uin);
    showOptions(body.options || []);
    log.scrollTop = log.scrollHeight;
  }

  function showUin(uin) {
    if (!uin || log.querySelector('[data-otk-uin="' + uin + '"]')) return;
    var box = el("p", {"class": "otk-uin", "data-otk-uin": uin}, "Номер обращения: ");
    box.append(el("strong", {}, uin));
    log.append(box);
  }

  function showOptions(list) {
    options.textContent = "";
    list.forEach(function (o) {
      var b = el("button", {type: "button"}, o);
      b.addEventListener("click", function () { send(o); input.focus(); });
      options.append(b);
    });
  }

  function say(text, mine) {
    log.append(el("div", {"class": mine ? "otk-me" : "otk-bot"}, text));
    log.scrollTop = log.scrollHeight;
  }

  function failed() { say("Сервис временно недоступен. Попробуйте позже."); }
})();
