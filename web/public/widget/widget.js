/* Otklik chatbot widget (KB-3, CH-1): one tag embeds it into any site.
 *   <script src="https://HOST/widget/widget.js" data-regulation="bilet" async></script>
 * Optional attributes: data-api (API origin, default: where this file came from), data-login,
 * data-role, data-region, data-email (a personal cabinet passes what it knows; those questions
 * are skipped). Russian, keyboard-accessible (Esc closes, focus stays in the dialog), fits a
 * phone screen. No dependencies. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__otklikWidget) return;
  window.__otklikWidget = true;
  var d = script.dataset;
  var api = (d.api || new URL(script.src, location.href).origin).replace(/\/$/, "");
  var storeKey = "otklik-chat-" + (d.regulation || "bilet");

  var css = "#otk-open{position:fixed;right:16px;bottom:16px;z-index:2147483000;padding:12px 18px;" +
    "border-radius:24px;border:0;background:#1f5fbf;color:#fff;font:16px/1.2 system-ui,sans-serif;cursor:pointer}" +
    "#otk-open:focus-visible,#otk-panel button:focus-visible,#otk-panel input:focus-visible{outline:3px solid #f5b400;outline-offset:2px}" +
    "#otk-panel{position:fixed;right:16px;bottom:16px;z-index:2147483001;width:360px;max-width:calc(100vw - 32px);" +
    "height:520px;max-height:calc(100vh - 32px);display:flex;flex-direction:column;background:#fff;color:#1a1a1a;" +
    "border-radius:12px;box-shadow:0 8px 32px rgba(0,0,0,.25);font:15px/1.4 system-ui,sans-serif}" +
    "#otk-panel[hidden]{display:none}" +
    "#otk-head{display:flex;justify-content:space-between;align-items:center;padding:10px 14px;background:#1f5fbf;color:#fff;border-radius:12px 12px 0 0}" +
    "#otk-head h2{font-size:16px;margin:0}#otk-close{background:none;border:0;color:#fff;font-size:22px;cursor:pointer}" +
    "#otk-log{flex:1;overflow-y:auto;padding:10px 14px}" +
    ".otk-bot,.otk-me{margin:6px 0;padding:8px 10px;border-radius:10px;white-space:pre-wrap;max-width:90%}" +
    ".otk-bot{background:#eef2f8}.otk-me{background:#1f5fbf;color:#fff;margin-left:auto}" +
    ".otk-art{margin:6px 0;border:1px solid #cdd6e4;border-radius:8px;padding:6px 10px}.otk-art summary{cursor:pointer;font-weight:600}" +
    "#otk-options{display:flex;flex-wrap:wrap;gap:6px;padding:0 14px}#otk-options button{border:1px solid #1f5fbf;background:#fff;color:#1f5fbf;border-radius:16px;padding:6px 12px;cursor:pointer}" +
    "#otk-form{display:flex;gap:6px;padding:10px 14px}#otk-input{flex:1;padding:8px;border:1px solid #98a6bd;border-radius:8px;font:inherit}" +
    "#otk-form button{border:0;background:#1f5fbf;color:#fff;border-radius:8px;padding:8px 12px;cursor:pointer}" +
    "@media (max-width:480px){#otk-panel{right:0;bottom:0;width:100vw;max-width:100vw;height:100vh;max-height:100vh;border-radius:0}}";
  var style = document.createElement("style");
  style.textContent = css;
  document.head.appendChild(style);

  var open = el("button", {id: "otk-open", type: "button", "aria-haspopup": "dialog"}, "Задать вопрос");
  var panel = el("div", {id: "otk-panel", role: "dialog", "aria-modal": "false", "aria-labelledby": "otk-title", hidden: ""});
  var close = el("button", {id: "otk-close", type: "button", "aria-label": "Закрыть"}, "×");
  var head = el("div", {id: "otk-head"});
  head.append(el("h2", {id: "otk-title"}, "Помощник поддержки"), close);
  var log = el("div", {id: "otk-log", role: "log", "aria-live": "polite"});
  var options = el("div", {id: "otk-options"});
  var form = el("form", {id: "otk-form"});
  var input = el("input", {id: "otk-input", type: "text", autocomplete: "off", "aria-label": "Ваше сообщение", maxlength: "4000"});
  form.append(input, el("button", {type: "submit"}, "Отправить"));
  panel.append(head, log, options, form);
  document.body.append(open, panel);

  var session = null;
  try { session = localStorage.getItem(storeKey); } catch (e) { /* private mode */ }

  open.addEventListener("click", function () {
    panel.hidden = false;
    open.hidden = true;
    input.focus();
    if (!log.childElementCount) resume();
  });
  close.addEventListener("click", hide);
  panel.addEventListener("keydown", function (e) { if (e.key === "Escape") hide(); });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (text) send(text);
  });

  function hide() { panel.hidden = true; open.hidden = false; open.focus(); }

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
      .then(function (r) { return r.json().then(function (j) { return {ok: r.ok, body: j}; }); });
  }

  function resume() {
    if (!session) return start();
    call("GET", "/api/v1/chat/sessions/" + session).then(function (r) {
      if (!r.ok) return start();
      (r.body.transcript || []).forEach(function (m) { say(m.text, m.from === "user"); });
    }).catch(failed);
  }

  function start() {
    var body = {regulation: d.regulation || "bilet", channel: "widget"};
    ["login", "role", "region", "email"].forEach(function (k) { if (d[k]) body[k] = d[k]; });
    call("POST", "/api/v1/chat/sessions", body).then(function (r) {
      if (!r.ok) return failed();
      session = r.body.session_id;
      try { localStorage.setItem(storeKey, session); } catch (e) { /* private mode */ }
      show(r.body);
    }).catch(failed);
  }

  function send(text) {
    input.value = "";
    say(text, true);
    if (!session) return start();
    call("POST", "/api/v1/chat/sessions/" + session + "/messages", {text: text}).then(function (r) {
      if (r.ok) return show(r.body);
      if (r.body && r.body.code === "not_found") { session = null; return start(); }
      say((r.body && r.body.message) || "Не удалось отправить сообщение. Попробуйте ещё раз.");
    }).catch(failed);
  }

  function show(reply) {
    (reply.messages || []).forEach(function (m, i) {
      say(m);
      if (i === 0 && reply.articles && reply.articles.length) {
        reply.articles.forEach(function (a) {
          var box = el("details", {"class": "otk-art"});
          box.append(el("summary", {}, a.question), el("div", {}, a.answer));
          log.append(box);
        });
      }
    });
    options.textContent = "";
    (reply.options || []).forEach(function (o) {
      var b = el("button", {type: "button"}, o);
      b.addEventListener("click", function () { send(o); input.focus(); });
      options.append(b);
    });
    log.scrollTop = log.scrollHeight;
  }

  function say(text, mine) {
    log.append(el("div", {"class": mine ? "otk-me" : "otk-bot"}, text));
    log.scrollTop = log.scrollHeight;
  }

  function failed() { say("Сервис временно недоступен. Попробуйте позже."); }
})();
