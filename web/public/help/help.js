/* The public help site (KB-4): published articles by category, search with «did you mean», the
 * chatbot widget. The section (regulation) can be given as ?r=epgu. */
(function () {
  "use strict";
  var regulation = document.getElementById("regulation");
  var results = document.getElementById("results");
  var articles = document.getElementById("articles");
  var hint = document.getElementById("hint");
  var q = document.getElementById("q");
  var region = document.getElementById("region");
  var REGION_KEY = "otklik-help-region";
  var wantedRegion = new URLSearchParams(location.search).get("region");
  if (wantedRegion === null) { try { wantedRegion = localStorage.getItem(REGION_KEY); } catch (e) { /* private mode */ } }

  // The section: ?r=epgu in the address, else the visitor's last choice (kept in localStorage).
  var KEY = "otklik-help-section";
  var wanted = new URLSearchParams(location.search).get("r");
  if (!wanted) { try { wanted = localStorage.getItem(KEY); } catch (e) { /* private mode */ } }
  if (wanted && regulation.querySelector('option[value="' + wanted + '"]')) regulation.value = wanted;

  function article(a) {
    var box = document.createElement("details");
    box.setAttribute("data-key", a.key);
    var summary = document.createElement("summary");
    summary.textContent = a.question;
    var answer = document.createElement("p");
    answer.className = "answer";
    answer.textContent = a.answer;
    box.append(summary, answer);
    return box;
  }

  function load() {
    fetch("/api/v1/public/kb/articles?regulation=" + encodeURIComponent(regulation.value) + regionParam())
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
      .then(function (body) {
        articles.textContent = "";
        var groups = {};
        (body.items || []).forEach(function (a) {
          var name = a.category_name || "Другое";
          (groups[name] = groups[name] || []).push(a);
        });
        Object.keys(groups).sort(function (x, y) { return x.localeCompare(y, "ru"); }).forEach(function (name) {
          var section = document.createElement("section");
          section.setAttribute("data-category", name);
          var h = document.createElement("h2");
          h.textContent = name;
          section.append(h);
          groups[name].forEach(function (a) { section.append(article(a)); });
          articles.append(section);
        });
      })
      .catch(function () { hint.textContent = "Справка временно недоступна."; });
  }

  function search(text) {
    results.textContent = "";
    hint.textContent = "";
    if (!text) return;
    fetch("/api/v1/kb/search?limit=5&regulation=" + encodeURIComponent(regulation.value) + regionParam() + "&q=" + encodeURIComponent(text))
      .then(function (r) {
        if (r.status === 429) throw new Error("busy");
        if (!r.ok) throw new Error(String(r.status));
        return r.json();
      })
      .then(function (body) {
        // Below the confidence threshold the base does not know the answer (issue 15): the
        // nearest articles are not shown as one; the visitor is offered to register an appeal.
        var items = body.confident === false ? [] : (body.items || []);
        hint.textContent = items.length ? "Найдено: " + items.length + "." : "";
        if (!items.length) {
          var none = document.createElement("span");
          none.className = "nothing";
          none.append("Ничего не найдено: готового ответа на этот вопрос в справке нет. ");
          var ask = document.createElement("a");
          ask.href = "#chat";
          ask.setAttribute("data-otklik-chat", "");
          ask.textContent = "Зарегистрируйте обращение через чат-бота";
          none.append(ask, " — специалист ответит вам по электронной почте.");
          hint.append(none);
        }
        if (body.corrected) {
          // One click searches the corrected words.
          var did = document.createElement("span");
          did.className = "corrected";
          did.append(" Возможно, вы имели в виду: ");
          var fix = document.createElement("button");
          fix.type = "button";
          fix.className = "linklike";
          fix.textContent = "«" + body.corrected + "»";
          fix.addEventListener("click", function () { q.value = body.corrected; search(body.corrected); });
          did.append(fix, ".");
          hint.append(did);
        }
        items.forEach(function (a) { results.append(article(a)); });
        var first = results.querySelector("summary");
        if (first) first.focus();
      })
      .catch(function (e) {
        hint.textContent = e.message === "busy" ? "Слишком много запросов: повторите через минуту."
          : "Поиск временно недоступен.";
      });
  }

  document.getElementById("search").addEventListener("submit", function (e) {
    e.preventDefault();
    search(q.value.trim());
  });
  // The chatbot answers for the section and the region shown (the widget loads asynchronously):
  // it searches the region's base and registers the appeal under that region (issue 17).
  function configureChat() {
    if (window.OtklikChat) window.OtklikChat.configure({regulation: regulation.value, region: region.value});
  }
  window.addEventListener("otklik-chat-ready", configureChat);
  regulation.addEventListener("change", function () {
    try { localStorage.setItem(KEY, regulation.value); } catch (e) { /* private mode */ }
    results.textContent = "";
    hint.textContent = "";
    load();
    configureChat();
  });
  // The region: the federal FAQ plus the chosen region's own articles (KB-4), remembered.
  function regionParam() { return region.value ? "&region=" + encodeURIComponent(region.value) : ""; }
  fetch("/api/v1/public/regions")
    .then(function (r) { return r.ok ? r.json() : {items: []}; })
    .then(function (body) {
      (body.items || []).forEach(function (item) {
        var option = document.createElement("option");
        option.value = item.code;
        option.textContent = item.name;
        region.append(option);
      });
      if (wantedRegion && region.querySelector('option[value="' + wantedRegion + '"]')) {
        region.value = wantedRegion;
        load();
        configureChat();
      }
    })
    .catch(function () { /* the federal FAQ stays */ });
  region.addEventListener("change", function () {
    try { localStorage.setItem(REGION_KEY, region.value); } catch (e) { /* private mode */ }
    results.textContent = "";
    hint.textContent = "";
    load();
    configureChat();
  });
  configureChat();
  load();
})();
