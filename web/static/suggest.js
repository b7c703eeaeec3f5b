// Search-box suggestions (ARIA combobox) and the "/" shortcut. The page works without this file.
(function () {
  "use strict";
  var input = document.getElementById("q");
  var list = document.getElementById("suggestions");
  if (!input || !list) return;
  var form = input.form, items = [], active = -1, timer = null, asked = "";
  var KINDS = {title: "报道标题", slogan: "口号", district: "区县", reporter: "记者"};

  document.addEventListener("keydown", function (e) {
    var t = e.target.tagName;
    if (e.key === "/" && !e.ctrlKey && !e.metaKey && !e.altKey && t !== "INPUT" && t !== "TEXTAREA" && !e.target.isContentEditable) {
      e.preventDefault();
      input.focus();
      input.select();
    }
  });

  function close() {
    list.hidden = true;
    list.innerHTML = "";
    items = [];
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function highlight(n) {
    active = n;
    Array.prototype.forEach.call(list.children, function (li, i) {
      li.setAttribute("aria-selected", i === n ? "true" : "false");
    });
    if (n >= 0) input.setAttribute("aria-activedescendant", "suggestion-" + n);
    else input.removeAttribute("aria-activedescendant");
  }

  function pick(item) {
    close();
    if (item.kind === "title" && item.id) {
      window.location.href = "/articles/" + encodeURIComponent(item.id);
      return;
    }
    input.value = item.query || "\"" + item.text + "\"";
    form.submit();
  }

  function show(found) {
    list.innerHTML = "";
    items = found;
    active = -1;
    found.forEach(function (item, i) {
      var li = document.createElement("li");
      li.id = "suggestion-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      var text = document.createElement("span");
      text.textContent = item.text;
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = (KINDS[item.kind] || "口号") + (item.count ? " · " + item.count + " 篇" : "");
      li.appendChild(text);
      li.appendChild(kind);
      li.addEventListener("mousedown", function (e) { e.preventDefault(); pick(item); });
      list.appendChild(li);
    });
    list.hidden = found.length === 0;
    input.setAttribute("aria-expanded", found.length ? "true" : "false");
  }

  function ask() {
    var q = input.value.replace(/["“”]/g, "").trim();
    if (!q) { close(); return; }
    if (q === asked) return;
    asked = q;
    fetch("/api/suggest?q=" + encodeURIComponent(q))
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (found) { if (q === asked && document.activeElement === input) show(found); })
      .catch(close);
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    asked = "";
    timer = setTimeout(ask, 120);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (list.hidden) { asked = ""; ask(); return; }
      e.preventDefault();
      var n = items.length;
      highlight(e.key === "ArrowDown" ? (active + 1) % n : (active - 1 + n) % n);
    } else if (e.key === "Enter" && active >= 0 && !list.hidden) {
      e.preventDefault();
      pick(items[active]);
    } else if (e.key === "Escape" && !list.hidden) {
      e.preventDefault();
      close();
    }
  });
  input.addEventListener("blur", function () { setTimeout(close, 100); });
})();
