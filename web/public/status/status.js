/* The applicant's status page (issue 17): a one-time link from a letter opens a short session
 * for one appeal; the page shows its state and offers the answers the regulation allows now.
 * The session token lives in sessionStorage (this tab only) and goes in X-Status-Token.
 * Russian, keyboard-only usable, no dependencies. */
(function () {
  "use strict";
  var KEY = "otklik-status-session";
  var main = document.getElementById("main");
  var title = document.getElementById("title");
  var notice = document.getElementById("notice");
  var loading = document.getElementById("loading");
  var entry = document.getElementById("entry");
  var entryForm = document.getElementById("entry-form");
  var article = document.getElementById("appeal");
  var MAX_FILE = 2 * 1024 * 1024;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (attrs[k] === true) node.setAttribute(k, "");
      else if (attrs[k] !== false && attrs[k] != null) node.setAttribute(k, attrs[k]);
    });
    if (text != null) node.textContent = text;
    return node;
  }

  function say(text, kind) {
    notice.textContent = text || "";
    if (kind) notice.setAttribute("data-kind", kind); else notice.removeAttribute("data-kind");
  }

  function session() {
    try { return JSON.parse(sessionStorage.getItem(KEY) || "null"); } catch (e) { return null; }
  }
  function keep(s) {
    try { if (s) sessionStorage.setItem(KEY, JSON.stringify(s)); else sessionStorage.removeItem(KEY); } catch (e) { /* private mode */ }
  }

  function call(method, path, body, token) {
    var headers = {"Content-Type": "application/json"};
    if (token) headers["X-Status-Token"] = token;
    return fetch("/api/v1/public/status" + path, {method: method, headers: headers,
      body: body ? JSON.stringify(body) : undefined, credentials: "omit", cache: "no-store"})
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (j) {
          return {ok: r.ok, status: r.status, body: j || {}};
        });
      });
  }
  function errorOf(r) { return (r.body && r.body.error) || {message: "Сервис временно недоступен: попробуйте позже"}; }

  function showEntry(message, kind, uin) {
    article.hidden = true;
    article.textContent = "";
    loading.hidden = true;
    title.textContent = "Статус обращения";
    document.title = "Статус обращения";
    entry.hidden = false;
    if (uin) entryForm.uin.value = uin;
    say(message || "", kind);
  }

  function fieldError(form, name, message) {
    var box = form.querySelector('[data-error-for="' + name + '"]') || document.getElementById("entry-" + name + "-error");
    var input = form.elements[name];
    if (box) box.textContent = message || "";
    if (input) {
      if (message) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
    }
  }

  entryForm.addEventListener("submit", function (e) {
    e.preventDefault();
    var uin = entryForm.uin.value.trim();
    var email = entryForm.email.value.trim();
    fieldError(entryForm, "uin", uin ? "" : "Укажите номер обращения");
    fieldError(entryForm, "email", email ? "" : "Укажите адрес электронной почты");
    if (!uin) { entryForm.uin.focus(); return; }
    if (!email) { entryForm.email.focus(); return; }
    var button = entryForm.querySelector("button");
    button.disabled = true;
    call("POST", "/link", {uin: uin, email: email}).then(function (r) {
      button.disabled = false;
      if (r.ok) { say(r.body.message || "Письмо отправлено"); return; }
      var error = errorOf(r);
      (error.fields || []).forEach(function (f) { fieldError(entryForm, f.field, f.message); });
      say(error.message, "error");
      var bad = entryForm.querySelector("[aria-invalid=true]");
      if (bad) bad.focus();
    }).catch(function () { button.disabled = false; say("Сервис временно недоступен: попробуйте позже", "error"); });
  });

  function load(s, message) {
    entry.hidden = true;
    loading.hidden = false;
    return call("GET", "/appeals/" + encodeURIComponent(s.uin), null, s.token).then(function (r) {
      loading.hidden = true;
      if (r.ok) { render(r.body, s); say(message || ""); return; }
      keep(null);
      showEntry(errorOf(r).message, "error", s.uin);
    }).catch(function () { loading.hidden = true; say("Сервис временно недоступен: попробуйте позже", "error"); });
  }

  function fact(list, name, value, attrs) {
    list.append(el("dt", {}, name));
    var dd = el("dd", attrs || {});
    if (value instanceof Node) dd.append(value); else dd.textContent = value;
    list.append(dd);
  }

  function render(view, s) {
    article.textContent = "";
    title.textContent = "Обращение " + view.uin;
    document.title = "Обращение " + view.uin + " — статус";
    article.setAttribute("data-uin", view.uin);
    article.setAttribute("data-status", view.status);
    article.setAttribute("data-version", String(view.version));
    if (view.subject) article.append(el("p", {"class": "subject"}, "«" + view.subject + "»"));
    if (view.service) article.append(el("p", {"class": "small"}, view.service));

    var card = el("section", {"class": "card", "aria-labelledby": "state-title"});
    card.append(el("h2", {id: "state-title",}, "Состояние"));
    var facts = el("dl", {"class": "facts"});
    var badge = el("span", {"class": "badge", "data-status": view.status}, view.status_name);
    var statusText = el("span", {});
    statusText.append(badge);
    if (view.pending_reason_name) statusText.append(document.createTextNode(" — " + view.pending_reason_name));
    fact(facts, "Статус", statusText);
    if (view.deadline) fact(facts, view.deadline.label, view.deadline.date, {"data-deadline": view.deadline.at});
    fact(facts, "Зарегистрировано", view.registered_on);
    if (view.email) fact(facts, "Ответы приходят на", view.email);
    card.append(facts);
    card.append(el("p", {"class": "explanation", "data-explanation": ""}, view.explanation));
    if (view.refusal) card.append(el("p", {}, "Причина: " + view.refusal));
    article.append(card);

    if (view.solution) {
      var solution = el("section", {"class": "card", "aria-labelledby": "solution-title", "data-solution": ""});
      solution.append(el("h2", {id: "solution-title"}, "Решение"), el("p", {"class": "solution"}, view.solution));
      article.append(solution);
    }

    if (view.actions && view.actions.length) {
      var actions = el("section", {"class": "actions", "aria-labelledby": "actions-title"});
      actions.append(el("h2", {id: "actions-title"}, "Что можно сделать сейчас"));
      view.actions.forEach(function (a) { actions.append(actionForm(a, view, s)); });
      article.append(actions);
    }

    var messagesTitle = el("h2", {id: "messages-title"}, "Переписка");
    var messages = el("section", {"aria-labelledby": "messages-title"});
    messages.append(messagesTitle);
    if (view.messages && view.messages.length) {
      var list = el("ol", {"class": "messages"});
      view.messages.forEach(function (m) {
        var item = el("li", {"data-from": m.from});
        item.append(el("p", {"class": "meta"}, m.author + ", " + when(m.at)), el("p", {"class": "text"}, m.text));
        list.append(item);
      });
      messages.append(list);
    } else {
      messages.append(el("p", {}, "Сообщений пока нет."));
    }
    article.append(messages);

    if (view.files && view.files.length) {
      var files = el("section", {"aria-labelledby": "files-title"});
      files.append(el("h2", {id: "files-title"}, "Приложенные файлы"));
      var ul = el("ul", {"data-files": ""});
      view.files.forEach(function (f) { ul.append(el("li", {}, f)); });
      files.append(ul);
      article.append(files);
    }
    if (view.contacts) article.append(el("p", {"class": "small"}, "Контакты службы поддержки: " + view.contacts));

    var out = el("button", {type: "button", "class": "secondary logout", "data-action": "logout"}, "Выйти");
    // «Выйти» ends the session on the server too (issue 17): the token stops working at once,
    // even if a copy of it stayed somewhere; the page forgets it whatever the answer.
    out.addEventListener("click", function () {
      out.disabled = true;
      var done = function () {
        keep(null);
        showEntry("Вы вышли. Чтобы снова открыть обращение, запросите новую ссылку.", null, view.uin);
        entryForm.uin.focus();
      };
      call("POST", "/logout", null, s.token).then(done, done);
    });
    article.append(out);
    article.hidden = false;
  }

  function when(at) {
    var d = new Date(at);
    if (isNaN(d)) return at;
    return d.toLocaleString("ru-RU", {day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit"});
  }

  function actionForm(a, view, s) {
    var id = "act-" + a.intent;
    var form = el("form", {"data-intent": a.intent, "aria-labelledby": id + "-title", novalidate: true});
    form.append(el("h3", {id: id + "-title"}, a.title));
    var field = el("div", {"class": "field"});
    field.append(el("label", {"for": id + "-comment"}, a.label + (a.comment_required ? "" : "")));
    var text = el("textarea", {id: id + "-comment", name: "comment", maxlength: "20000",
      required: a.comment_required, "aria-required": a.comment_required ? "true" : false,
      "aria-describedby": id + "-comment-error"});
    field.append(text, el("p", {"class": "error", id: id + "-comment-error", "data-error-for": "comment"}));
    form.append(field);
    if (a.files) {
      var files = el("div", {"class": "field"});
      files.append(el("label", {"for": id + "-files"}, "Файлы (необязательно)"));
      files.append(el("input", {id: id + "-files", name: "files", type: "file", multiple: true,
        accept: ".pdf,.doc,.docx,.odt,.rtf,.txt,.xls,.xlsx,.ods,.csv,.jpg,.jpeg,.png,.gif,.tif,.tiff,.heic",
        "aria-describedby": id + "-files-hint " + id + "-files-error"}));
      files.append(el("p", {"class": "hint", id: id + "-files-hint"}, "До 5 файлов, каждый не больше 2 МБ: документы и изображения"));
      files.append(el("p", {"class": "error", id: id + "-files-error", "data-error-for": "files"}));
      form.append(files);
    }
    if (a.intent === "withdraw") {
      var sure = el("div", {"class": "field"});
      var check = el("label", {"class": "check"});
      check.append(el("input", {type: "checkbox", name: "sure", required: true, "aria-describedby": id + "-sure-error"}),
        document.createTextNode("Я понимаю, что работа по обращению прекратится"));
      sure.append(check, el("p", {"class": "error", id: id + "-sure-error", "data-error-for": "sure"}));
      form.append(sure);
    }
    form.append(el("p", {"class": "error", "data-error-for": "form", role: "alert"}));
    form.append(el("button", {type: "submit"}, a.button));
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      submit(form, a, view, s);
    });
    return form;
  }

  function readFiles(input) {
    var list = input ? Array.prototype.slice.call(input.files || []) : [];
    return Promise.all(list.map(function (file) {
      if (file.size > MAX_FILE) return Promise.reject(new Error("Файл «" + file.name + "» больше 2 МБ"));
      return new Promise(function (resolve, reject) {
        var reader = new FileReader();
        reader.onload = function () {
          var data = String(reader.result);
          resolve({name: file.name, type: file.type || "application/octet-stream", content: data.slice(data.indexOf(",") + 1)});
        };
        reader.onerror = function () { reject(new Error("Не удалось прочитать файл «" + file.name + "»")); };
        reader.readAsDataURL(file);
      });
    }));
  }

  function submit(form, a, view, s) {
    ["comment", "files", "sure", "form"].forEach(function (n) { fieldError(form, n, ""); });
    var comment = form.elements.comment.value.trim();
    if (a.comment_required && !comment) {
      fieldError(form, "comment", "Заполните поле «" + a.label + "»");
      form.elements.comment.focus();
      return;
    }
    if (a.intent === "withdraw" && !form.elements.sure.checked) {
      fieldError(form, "sure", "Подтвердите, что хотите отозвать обращение");
      form.elements.sure.focus();
      return;
    }
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    readFiles(form.elements.files).then(function (files) {
      if (a.intent === "reply" && !comment && !files.length) throw new Error("Напишите ответ или приложите файл");
      var body = {intent: a.intent, comment: comment, version: view.version};
      if (files.length) body.files = files;
      return call("POST", "/appeals/" + encodeURIComponent(view.uin) + "/answers", body, s.token);
    }).then(function (r) {
      button.disabled = false;
      if (r.ok) {
        render(r.body, s);
        say(done(a.intent));
        main.focus();
        return;
      }
      var error = errorOf(r);
      if (r.status === 401 || r.status === 403) { keep(null); showEntry(error.message, "error", view.uin); return; }
      var shown = false;
      (error.fields || []).forEach(function (f) {
        if (form.querySelector('[data-error-for="' + f.field + '"]')) { fieldError(form, f.field, f.message); shown = true; }
      });
      if (!shown) fieldError(form, "form", error.message);
      var bad = form.querySelector("[aria-invalid=true]");
      if (bad) bad.focus();
    }).catch(function (e) {
      button.disabled = false;
      fieldError(form, "form", e.message || "Сервис временно недоступен: попробуйте позже");
    });
  }

  function done(intent) {
    return {reply: "Ответ отправлен: работа по обращению продолжится.",
      confirm: "Спасибо! Решение подтверждено.",
      dispute: "Несогласие с решением отправлено: обращение рассмотрят снова.",
      withdraw: "Обращение отозвано."}[intent] || "Готово.";
  }

  // A link from a letter: /status/#<token>. The fragment never reaches a server or a log; it is
  // removed from the address at once so that it is not bookmarked or shared by accident.
  var opened = "";
  function start() {
    var link = location.hash.length > 1 ? decodeURIComponent(location.hash.slice(1)) : "";
    var params = new URLSearchParams(location.search);
    if (link && link === opened) return;  // the same fragment reported twice
    if (link) {
      opened = link;
      history.replaceState(null, "", location.pathname + location.search);
      loading.hidden = false;
      call("POST", "/session", {link: link}).then(function (r) {
        loading.hidden = true;
        if (!r.ok) { keep(null); showEntry(errorOf(r).message, "error", params.get("uin")); return; }
        var s = {token: r.body.token, uin: r.body.uin};
        keep(s);
        load(s);
      }).catch(function () { loading.hidden = true; showEntry("Сервис временно недоступен: попробуйте позже", "error"); });
      return;
    }
    var s = session();
    if (s && s.token && s.uin) { load(s); return; }
    showEntry("", null, params.get("uin"));
  }
  // Another letter's link opened in the same tab changes only the fragment.
  window.addEventListener("hashchange", function () { if (location.hash.length > 1) start(); });
  start();
})();
