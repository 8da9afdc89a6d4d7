/* The public help site (KB-4): published articles by category, search, the chatbot widget. */
(function () {
  "use strict";
  var regulation = document.getElementById("regulation");
  var results = document.getElementById("results");
  var articles = document.getElementById("articles");
  var hint = document.getElementById("hint");

  function article(a) {
    var box = document.createElement("details");
    var summary = document.createElement("summary");
    summary.textContent = a.question;
    var answer = document.createElement("p");
    answer.className = "answer";
    answer.textContent = a.answer;
    box.append(summary, answer);
    return box;
  }

  function load() {
    fetch("/api/v1/public/kb/articles?regulation=" + regulation.value)
      .then(function (r) { return r.json(); })
      .then(function (body) {
        articles.textContent = "";
        var groups = {};
        (body.items || []).forEach(function (a) {
          var name = a.category_name || "Другое";
          (groups[name] = groups[name] || []).push(a);
        });
        Object.keys(groups).sort().forEach(function (name) {
          var h = document.createElement("h2");
          h.textContent = name;
          articles.append(h);
          groups[name].forEach(function (a) { articles.append(article(a)); });
        });
      })
      .catch(function () { hint.textContent = "Справка временно недоступна."; });
  }

  document.getElementById("search").addEventListener("submit", function (e) {
    e.preventDefault();
    var q = document.getElementById("q").value.trim();
    results.textContent = "";
    if (!q) { hint.textContent = ""; return; }
    fetch("/api/v1/kb/search?limit=5&regulation=" + regulation.value + "&q=" + encodeURIComponent(q))
      .then(function (r) { return r.json(); })
      .then(function (body) {
        var items = body.items || [];
        hint.textContent = (items.length ? "Найдено: " + items.length + "." : "Ничего не найдено.") +
          (body.corrected ? " Возможно, вы имели в виду: «" + body.corrected + "»." : "");
        items.forEach(function (a) { results.append(article(a)); });
        var first = results.querySelector("summary");
        if (first) first.focus();
      })
      .catch(function () { hint.textContent = "Поиск временно недоступен."; });
  });
  regulation.addEventListener("change", load);
  load();
})();
