/* Reader features of the digest, built on the markup contract in templates/listing.html:
   category choice, type filter, keyword highlighting, keyboard screening, in-place FAQs, math,
   search, BibTeX and the theme switch. Progressive enhancement: without JS every paper is listed.
   Loaded with `defer`; no inline scripts or styles anywhere, so a strict CSP works. */
(function () {
  "use strict";

  var script = document.currentScript;
  // Site root from this script's own URL (static/app.js), so relative and sub-path builds both work.
  var ROOT = script ? script.src.replace(/static\/app\.js(?:\?.*)?$/, "") : "";
  var html = document.documentElement;
  var main = document.getElementById("main");
  var KEYS = { theme: "digest.theme", cats: "digest.categories", kw: "digest.keywords", kwTop: "digest.keywordsFirst",
    shortcuts: "digest.shortcuts" };

  // --- small helpers -------------------------------------------------------------------------
  // localStorage, with an in-memory copy: when storage is blocked (privacy settings, some private
  // modes) or full, choices still hold for this page view instead of snapping back.
  var memory = {};
  var store = {
    get: function (key, fallback) {
      if (Object.prototype.hasOwnProperty.call(memory, key)) return memory[key] === null ? fallback : memory[key];
      try {
        var v = window.localStorage.getItem(key);
        return v === null ? fallback : JSON.parse(v);
      } catch (e) {
        return fallback; // storage disabled or a hand-edited value: behave as if nothing was stored
      }
    },
    set: function (key, value) {
      memory[key] = value;
      try {
        if (value === null) window.localStorage.removeItem(key);
        else window.localStorage.setItem(key, JSON.stringify(value));
      } catch (e) { /* the choice holds for this page view but does not persist */ }
    }
  };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "hidden") node.hidden = !!attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { node.append(c); });
    return node;
  }

  function status(message) {
    var live = document.getElementById("reader-status");
    if (!live) {
      live = el("p", { id: "reader-status", class: "visually-hidden", role: "status" });
      (main || document.body).append(live);
    }
    live.textContent = "";
    window.setTimeout(function () { live.textContent = message; }, 30);
  }

  var papers = Array.prototype.slice.call(document.querySelectorAll("article.paper"));
  // A big day is split into pages (nav.pager): filters, counts and keywords then work on this page.
  var PAGED = !!document.querySelector("nav.pager");
  var paperPage = document.querySelector("article.paper-page");
  var originals = new Map(); // article -> {title, authors, text} captured before any DOM rewriting

  papers.concat(paperPage ? [paperPage] : []).forEach(function (art, i) {
    var title = art.querySelector(".paper-title");
    var authors = art.querySelector(".authors");
    var abs = art.querySelector(".abstract");
    var t = title ? title.textContent.trim() : "";
    var a = authors ? authors.textContent.trim() : "";
    originals.set(art, { title: t, authors: a, text: (t + "\n" + a + "\n" + (abs ? abs.textContent : "")).toLowerCase() });
    art.dataset.order = String(i);
  });

  // --- theme ---------------------------------------------------------------------------------
  var THEMES = ["auto", "dark", "light"];
  function applyTheme(theme) {
    if (theme === "dark" || theme === "light") html.setAttribute("data-theme", theme);
    else html.removeAttribute("data-theme");
  }
  applyTheme(store.get(KEYS.theme, "auto"));

  function themeButton() {
    var button = el("button", { type: "button", class: "theme-switch" });
    function label() {
      var t = store.get(KEYS.theme, "auto");
      button.textContent = "Theme: " + (THEMES.indexOf(t) >= 0 ? t : "auto");
      button.title = "Switch between automatic (follows the system), dark and light";
    }
    button.addEventListener("click", function () {
      var t = store.get(KEYS.theme, "auto");
      var next = THEMES[(THEMES.indexOf(t) + 1) % THEMES.length];
      store.set(KEYS.theme, next === "auto" ? null : next);
      applyTheme(next);
      label();
    });
    label();
    return button;
  }

  // --- math (KaTeX, loaded only when a page has math) ------------------------------------------
  var MATH_ROOTS = ".paper-title, .abstract, .faq-answers";

  function closeOf(s, delim, from) {
    for (var k = from; k < s.length; k++) {
      if (s.startsWith(delim, k)) return k;
      if (s[k] === "\\") k++; // an escaped character (\$, \\) never closes math
    }
    return -1;
  }

  // A single $ opens math only when the text up to the next unescaped $ looks like math:
  // "$5 and $10" (closer followed by a digit) and "$5, not $x$" (a price, then text) stay text.
  function closeDollar(s, from) {
    var j = closeOf(s, "$", from);
    if (j < 0) return -1;
    var body = s.slice(from, j);
    if (!body.trim() || /\d/.test(s[j + 1] || "")) return -1;
    if (/^\d/.test(body) && /\s$/.test(body)) return -1;
    return j;
  }

  function splitMath(s) {
    var out = [], i = 0, last = 0, j;
    function text(end) { if (end > last) out.push({ text: s.slice(last, end) }); }
    while (i < s.length) {
      var c = s[i], n = s[i + 1];
      if (c === "\\" && (n === "(" || n === "[")) {
        j = closeOf(s, n === "(" ? "\\)" : "\\]", i + 2);
        if (j >= 0) {
          text(i);
          out.push({ tex: s.slice(i + 2, j), display: n === "[" });
          i = last = j + 2;
          continue;
        }
      }
      if (c === "\\") { i += 2; continue; }
      if (c === "$" && n === "$") {
        j = closeOf(s, "$$", i + 2);
        if (j > i + 2) {
          text(i);
          out.push({ tex: s.slice(i + 2, j), display: true });
          i = last = j + 2;
          continue;
        }
        i += 2;
        continue;
      }
      if (c === "$") {
        j = closeDollar(s, i + 1);
        if (j >= 0) {
          text(i);
          out.push({ tex: s.slice(i + 1, j), display: false });
          i = last = j + 1;
          continue;
        }
      }
      i++;
    }
    text(s.length);
    return out;
  }

  function mathTextNodes(root) {
    var found = [];
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var parent = node.parentElement;
        if (!parent || parent.closest(".katex, code, pre, kbd, script, style, textarea")) return NodeFilter.FILTER_REJECT;
        return /\$|\\\(|\\\[/.test(node.data) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
      }
    });
    while (walker.nextNode()) found.push(walker.currentNode);
    return found;
  }

  function typesetNode(node) {
    var parts = splitMath(node.data);
    if (!parts.some(function (p) { return "tex" in p; })) return;
    var frag = document.createDocumentFragment();
    parts.forEach(function (p) {
      if (!("tex" in p)) { frag.append(p.text); return; }
      var span = el("span", { class: p.display ? "math display" : "math inline" });
      try {
        // maxSize/maxExpand: a hostile \rule{500em}{500em} or macro bomb must not paint over the page.
        window.katex.render(p.tex, span, { displayMode: p.display, throwOnError: false, trust: false,
          strict: "ignore", maxSize: 10, maxExpand: 100 });
      } catch (e) {
        span.className = "math katex-error";
        span.textContent = p.tex; // not a parse error (KaTeX renders those inline itself)
      }
      frag.append(span);
    });
    node.replaceWith(frag);
  }

  var katexLoading = null;
  function loadKatex() {
    if (window.katex) return Promise.resolve();
    if (katexLoading) return katexLoading;
    var base = ROOT + "static/vendor/katex/";
    document.head.append(el("link", { rel: "stylesheet", href: base + "katex.min.css" }));
    katexLoading = new Promise(function (resolve, reject) {
      var s = el("script", { src: base + "katex.min.js" });
      s.onload = resolve;
      s.onerror = reject;
      document.head.append(s);
    });
    return katexLoading;
  }

  function typeset(root) {
    var nodes = [];
    Array.prototype.forEach.call(root.querySelectorAll(MATH_ROOTS), function (r) {
      nodes = nodes.concat(mathTextNodes(r));
    });
    if (root.matches && root.matches(MATH_ROOTS)) nodes = nodes.concat(mathTextNodes(root));
    nodes = nodes.filter(function (n) { return splitMath(n.data).some(function (p) { return "tex" in p; }); });
    if (!nodes.length) return Promise.resolve();
    return loadKatex().then(function () {
      nodes.forEach(typesetNode);
      html.classList.add("math-done");
    }, function () { /* KaTeX missing (file:// or blocked): the TeX stays readable as written */ });
  }

  // --- BibTeX ----------------------------------------------------------------------------------
  function bibtex(art) {
    var o = originals.get(art);
    var id = art.dataset.id;
    var m = /^(\d{2})(\d{2})\./.exec(id) || /\/(\d{2})(\d{2})/.exec(id);
    var year = m ? (Number(m[1]) > 90 ? "19" : "20") + m[1] : "";
    var authors = o.authors.split(/,\s+/).filter(Boolean);
    var last = authors.length ? authors[0].split(/\s+/).pop() : "anon";
    var word = (o.title.match(/[A-Za-z]{3,}/) || ["paper"])[0];
    var key = (last + year + word).toLowerCase().replace(/[^a-z0-9]/g, "");
    // BibTeX counts braces literally: keep balanced ones (TeX such as PM$_{2.5}$ stays intact),
    // drop all braces from a value whose braces do not balance, so it cannot close its field.
    var esc = function (s) {
      var depth = 0;
      for (var i = 0; i < s.length && depth >= 0; i++) depth += s[i] === "{" ? 1 : s[i] === "}" ? -1 : 0;
      return depth === 0 ? s : s.replace(/[{}]/g, "");
    };
    return "@misc{" + key + ",\n" +
      "  title = {" + esc(o.title) + "},\n" +
      "  author = {" + esc(authors.join(" and ")) + "},\n" +
      "  year = {" + year + "},\n" +
      "  eprint = {" + id + "},\n" +
      "  archivePrefix = {arXiv},\n" +
      "  primaryClass = {" + (art.dataset.primary || "") + "},\n" +
      "  url = {https://arxiv.org/abs/" + id + "}\n}\n";
  }

  function copyBibtex(art, button) {
    var text = bibtex(art);
    var done = function () { status("BibTeX for " + art.dataset.id + " copied"); button.textContent = "BibTeX copied"; };
    var fallback = function () {
      var box = art.querySelector("textarea.bibtex");
      if (!box) {
        var label = el("label", { class: "bibtex-label" }, ["BibTeX ", box = el("textarea", { class: "bibtex", rows: "8", readonly: "" })]);
        art.append(label);
      }
      box.value = text;
      box.focus();
      box.select();
    };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, fallback);
    else fallback();
  }

  // --- FAQ in place ------------------------------------------------------------------------------
  // The fragment is our own sanitised HTML; it is still parsed in an inert document and stripped of
  // anything executable before it joins the page (defence in depth).
  function safeNodes(markup) {
    var doc = new DOMParser().parseFromString(markup, "text/html");
    doc.querySelectorAll("script, style, iframe, object, embed, link, meta, base, form").forEach(function (n) { n.remove(); });
    doc.body.querySelectorAll("*").forEach(function (n) {
      Array.prototype.slice.call(n.attributes).forEach(function (a) {
        if (/^on/i.test(a.name) || /^\s*javascript:/i.test(a.value)) n.removeAttribute(a.name);
      });
    });
    return Array.prototype.map.call(doc.body.childNodes, function (n) { return document.adoptNode(n); });
  }

  function toggleFaq(art) {
    var link = art.querySelector("a.faq");
    if (!link) return false;
    var box = art.querySelector(".faq-inline");
    if (box) {
      box.hidden = !box.hidden;
      link.setAttribute("aria-expanded", String(!box.hidden));
      return true;
    }
    box = el("section", { class: "faq-inline", id: "faq-" + art.id, "aria-label": "FAQ", "aria-busy": "true" });
    box.textContent = "Loading the FAQ…";
    link.setAttribute("aria-controls", box.id);
    link.setAttribute("aria-expanded", "true");
    link.parentNode.after(box);
    fetch(link.dataset.faqSrc).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.text();
    }).then(function (markup) {
      box.replaceChildren.apply(box, safeNodes(markup));
      box.removeAttribute("aria-busy");
      typeset(box).then(highlightAll);
    }).catch(function () {
      box.replaceChildren("The FAQ could not be loaded here; ", el("a", { href: link.href, text: "open it on the paper page" }), ".");
      box.removeAttribute("aria-busy");
    });
    return true;
  }

  // --- listing: authors, type filter, keywords ------------------------------------------------------
  var AUTHORS_SHOWN = 3;
  var hiddenAuthors = new Map(); // article -> {names hidden behind "et al.", expand(focus)}
  function collapseAuthors(art) {
    var p = art.querySelector(".authors");
    var names = originals.get(art).authors.split(/,\s+/);
    if (!p || names.length <= AUTHORS_SHOWN + 1) return;
    var button = el("button", { type: "button", class: "more-authors", "aria-expanded": "false",
      text: "et al. (+" + (names.length - AUTHORS_SHOWN) + ")" });
    button.setAttribute("aria-label", "Show all " + names.length + " authors");
    p.replaceChildren(names.slice(0, AUTHORS_SHOWN).join(", ") + ", ", button);
    function expand(focus) {
      hiddenAuthors.delete(art);
      p.replaceChildren(names.join(", "));
      var re = keywordRegex(keywords());
      if (re && art.classList.contains("kw-match")) markText(p, re);
      if (focus) {
        p.tabIndex = -1;
        p.focus();
      }
    }
    hiddenAuthors.set(art, { text: names.slice(AUTHORS_SHOWN).join(", "), expand: expand });
    button.addEventListener("click", function () { expand(true); });
  }

  var TYPE_LABELS = [["all", "All"], ["new", "New"], ["cross", "Cross-lists"], ["replace", "Replaced"]];
  var typeFilter = "all";
  var chosen = null; // Set of chosen categories/archives on the home page, null = everything
  var taxonomy = { aliases: {}, archiveOf: {} };

  // On the day pages every paper sits once, under its primary category, as "new". With a category
  // choice, a new paper whose primary category is not chosen is there only as a cross-list of a
  // chosen one: filter and count it as such, as arXiv's own listing of that category would.
  function typeOf(art) {
    var t = art.dataset.type;
    if (t === "replace-cross") return "replace";
    if (t === "new" && chosen && art.dataset.primary && !codeChosen(art.dataset.primary, false)) return "cross";
    return t;
  }

  function archiveOf(code) {
    return taxonomy.archiveOf[code] || code.split(".")[0];
  }

  // A code is shown when it, or its archive, is chosen; an archive row also when one of its categories is.
  // Pages carry canonical codes only (math.IT papers are listed as cs.IT), so a chosen alias counts
  // as its canonical category.
  function codeChosen(code, archiveRow) {
    if (!chosen) return true;
    var c = taxonomy.aliases[code] || code;
    return Array.from(chosen).some(function (x) {
      var k = taxonomy.aliases[x] || x;
      return k === c || k === archiveOf(c) || (!!archiveRow && archiveOf(k) === c);
    });
  }

  function catVisible(art) {
    return (art.dataset.categories || "").split(" ").some(function (code) { return codeChosen(code, false); });
  }

  function applyVisibility() {
    papers.forEach(function (art) {
      var type = typeOf(art);
      art.classList.toggle("is-filtered", !(catVisible(art) && (typeFilter === "all" || type === typeFilter)));
      var badge = art.querySelector(".kind");
      if (badge && art.dataset.type === "new") badge.textContent = type === "cross" ? "cross" : "new";
    });
    document.querySelectorAll("section.cat-group").forEach(function (group) {
      group.hidden = !group.querySelector("article.paper:not(.is-filtered)");
    });
    document.querySelectorAll("tr[data-category]").forEach(function (row) {
      row.hidden = !codeChosen(row.dataset.category, row.classList.contains("archive"));
    });
    var empty = document.getElementById("nothing-shown");
    var none = papers.length && papers.every(function (a) { return a.classList.contains("is-filtered"); });
    if (empty) {
      empty.hidden = !none;
      if (none) fillNotice(empty);
    }
    updateTypeCounts();
    updateKeywordCount();
  }

  // Nothing chosen is on this page (a big day is paged by whole categories): link each chosen
  // category's own listing of the day, from the count table, instead of leaving the reader to page.
  function fillNotice(box) {
    var links = Array.prototype.filter.call(document.querySelectorAll("tr[data-category]"), function (row) {
      // An archive row is shown for any chosen category of it; link it only when it was chosen itself.
      return codeChosen(row.dataset.category, false) && Array.prototype.slice.call(row.querySelectorAll("td")).some(function (td) { return Number(td.textContent) > 0; });
    }).map(function (row) { return row.querySelector("a"); }).filter(Boolean);
    var text = PAGED ? "None of your chosen categories has papers on this page of the day." : "None of your chosen categories has papers on this day.";
    if (!links.length) {
      box.replaceChildren(text + " Change the choice above to see more.");
      return;
    }
    var parts = [text + " Their listings for the day: "];
    links.forEach(function (a, i) {
      parts.push(el("a", { href: a.getAttribute("href"), text: a.textContent }));
      if (i < links.length - 1) parts.push(", ");
    });
    parts.push(".");
    box.replaceChildren.apply(box, parts);
  }

  var typeCounts = {}; // type -> {input, span}
  function updateTypeCounts() {
    if (!typeCounts.all) return;
    var counts = { all: 0, "new": 0, cross: 0, replace: 0 };
    papers.forEach(function (art) {
      if (!catVisible(art)) return;
      counts.all++;
      counts[typeOf(art)] = (counts[typeOf(art)] || 0) + 1;
    });
    TYPE_LABELS.forEach(function (pair) {
      var slot = typeCounts[pair[0]];
      slot.span.textContent = "(" + (counts[pair[0]] || 0) + ")";
      slot.input.disabled = pair[0] !== "all" && !counts[pair[0]] && !slot.input.checked;
    });
  }

  // Counts follow the category choice: they say what each filter would show now.
  function typeFilterBar() {
    var fs = el("fieldset", { class: "type-filter" }, [el("legend", { text: PAGED ? "Show (counts for this page)" : "Show" })]);
    TYPE_LABELS.forEach(function (pair) {
      var input = el("input", { type: "radio", name: "type-filter", value: pair[0] });
      if (pair[0] === "all") input.checked = true;
      input.addEventListener("change", function () {
        typeFilter = input.value;
        applyVisibility();
        floatMatches();
        status(visiblePapers().length + " papers shown");
      });
      var span = el("span", { class: "n" });
      typeCounts[pair[0]] = { input: input, span: span };
      fs.append(el("label", {}, [input, " " + pair[1] + " ", span]));
    });
    return fs;
  }

  function keywords() {
    return (store.get(KEYS.kw, "") || "").split(",").map(function (k) { return k.trim(); }).filter(Boolean);
  }

  function keywordRegex(words) {
    if (!words.length) return null;
    var alts = words.map(function (w) {
      var e = w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      return (/^\w/.test(w) ? "\\b" : "") + e;
    });
    return new RegExp("(" + alts.join("|") + ")", "gi");
  }

  function unmark(root) {
    root.querySelectorAll("mark.kw").forEach(function (m) {
      var parent = m.parentNode;
      m.replaceWith(m.textContent);
      parent.normalize();
    });
  }

  function markText(root, re) {
    var nodes = [];
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        return n.parentElement.closest(".katex, mark, button, textarea") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      re.lastIndex = 0;
      if (!re.test(node.data)) return;
      var frag = document.createDocumentFragment();
      node.data.split(re).forEach(function (piece, i) {
        if (!piece) return;
        frag.append(i % 2 ? el("mark", { class: "kw", text: piece }) : piece);
      });
      node.replaceWith(frag);
    });
  }

  var mathReady = Promise.resolve();
  function highlightAll() {
    var words = keywords();
    var re = keywordRegex(words);
    papers.forEach(function (art) {
      var hit = !!re && words.some(function (w) {
        return keywordRegex([w]).test(originals.get(art).text);
      });
      art.classList.toggle("kw-match", hit);
      // A match among the names behind "et al." would be counted but not seen: show them.
      var hidden = hiddenAuthors.get(art);
      if (hit && hidden && keywordRegex(words).test(hidden.text)) hidden.expand(false);
      art.querySelectorAll(".paper-title, .authors, .abstract").forEach(function (part) {
        unmark(part);
        if (hit) markText(part, re);
      });
    });
    updateKeywordCount();
    floatMatches();
  }

  function updateKeywordCount() {
    var out = document.getElementById("kw-count");
    if (!out) return;
    var any = keywords().length > 0;
    var n = visiblePapers().filter(function (a) { return a.classList.contains("kw-match"); }).length;
    out.textContent = any ? n + (PAGED ? " matching on this page" : " matching") : "";
  }

  function floatMatches() {
    var top = store.get(KEYS.kwTop, false) && keywords().length > 0;
    var parents = new Set(papers.map(function (a) { return a.parentNode; }));
    parents.forEach(function (parent) {
      var mine = papers.filter(function (a) { return a.parentNode === parent; });
      var order = mine.slice().sort(function (a, b) {
        var fa = top && a.classList.contains("kw-match") ? 0 : 1;
        var fb = top && b.classList.contains("kw-match") ? 0 : 1;
        return fa - fb || Number(a.dataset.order) - Number(b.dataset.order);
      });
      if (order.every(function (a, i) { return a === mine[i]; })) return; // moving nodes drops focus
      var focused = document.activeElement;
      var anchor = mine[mine.length - 1].nextSibling;
      order.forEach(function (a) { parent.insertBefore(a, anchor); });
      if (focused && focused !== document.activeElement && document.contains(focused)) focused.focus({ preventScroll: true });
    });
    papers.sort(function (a, b) { return a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1; });
  }

  function keywordBar() {
    var input = el("input", { type: "text", id: "kw", name: "kw", autocomplete: "off", spellcheck: "false",
      placeholder: "e.g. diffusion, Hinton, theorem" });
    input.value = store.get(KEYS.kw, "") || "";
    var timer = null;
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        store.set(KEYS.kw, input.value.trim() ? input.value : null);
        mathReady.then(highlightAll);
      }, 200);
    });
    var top = el("input", { type: "checkbox", id: "kw-top" });
    top.checked = !!store.get(KEYS.kwTop, false);
    top.addEventListener("change", function () {
      store.set(KEYS.kwTop, top.checked || null);
      floatMatches();
    });
    return el("div", { class: "kw-bar" }, [
      el("label", { for: "kw", text: "Highlight keywords" }), " ", input, " ",
      el("label", { class: "check" }, [top, " matches first"]), " ",
      el("output", { id: "kw-count", for: "kw" })
    ]);
  }

  // --- home: category choice ----------------------------------------------------------------------
  function loadChoice() {
    var saved = store.get(KEYS.cats, null);
    chosen = Array.isArray(saved) && saved.length ? new Set(saved.map(String)) : null;
  }

  function choiceSummary() {
    return chosen ? "Showing: " + Array.from(chosen).sort().join(", ") : "Showing all categories";
  }

  function categoryPicker() {
    var details = el("details", { class: "cat-picker" });
    var summary = el("summary", {}, [el("span", { class: "choice", text: choiceSummary() }), " · choose categories"]);
    var form = el("form", { class: "picker-form", "aria-label": "Categories shown on the home page" });
    var reset = el("button", { type: "button", text: "Show all categories" });
    form.append(el("p", { text: "Pick categories or whole archives; the choice is kept in this browser. " +
      "Papers cross-listed to a chosen category are shown too." }), reset);
    details.append(summary, form);

    function sync() {
      var picked = Array.prototype.filter.call(form.querySelectorAll("input[type=checkbox]"), function (i) { return i.checked; })
        .map(function (i) { return i.value; });
      chosen = picked.length ? new Set(picked) : null;
      store.set(KEYS.cats, picked.length ? picked.sort() : null);
      summary.firstChild.textContent = choiceSummary();
      applyVisibility();
    }
    reset.addEventListener("click", function () {
      form.querySelectorAll("input[type=checkbox]").forEach(function (i) { i.checked = false; });
      sync();
    });
    form.addEventListener("change", sync);

    function box(code, label, cls) {
      var input = el("input", { type: "checkbox", value: code });
      input.checked = !!chosen && chosen.has(code);
      return el("label", { class: cls || "" }, [input, " ", el("code", { text: code }), " " + label]);
    }
    function build(data) {
      data.archives.forEach(function (a) {
        var fs = el("fieldset", {}, [el("legend", { text: a.name })]);
        var bare = a.categories.length === 1 && a.categories[0][0] === a.id;
        fs.append(box(a.id, bare ? a.name : "all of " + a.name, "archive"));
        if (!bare) a.categories.forEach(function (c) { fs.append(box(c[0], c[1])); });
        form.append(fs);
      });
    }
    fetch(ROOT + "static/taxonomy.json").then(function (r) { return r.json(); }).then(function (data) {
      data.archives.forEach(function (a) { a.categories.forEach(function (c) { taxonomy.archiveOf[c[0]] = a.id; }); });
      taxonomy.aliases = data.aliases || {};
      build(data);
      applyVisibility();
    }).catch(function () {
      // No taxonomy file (file:// build): offer the categories present on this page.
      var codes = Array.prototype.map.call(document.querySelectorAll("section.cat-group"), function (s) { return s.dataset.category; });
      build({ archives: [{ id: "", name: "Categories on this page", categories: codes.map(function (c) { return [c, ""]; }) }] });
      form.querySelector("label.archive").remove();
    });
    return details;
  }

  // --- keyboard screening ---------------------------------------------------------------------------
  var current = null;

  function visiblePapers() {
    return papers.filter(function (a) { return !a.classList.contains("is-filtered") && !a.closest("[hidden]"); });
  }

  function setCurrent(art) {
    if (current) current.classList.remove("current");
    current = art;
    art.classList.add("current");
    art.tabIndex = -1;
    art.focus({ preventScroll: true });
    keepInView(art);
  }

  // The title is what the reader screens by: a paper above the view, or too tall for it, is brought
  // in with its top just below the sticky bar ("nearest" would align a tall paper's bottom, hiding
  // the title); one below the view is scrolled up just enough.
  function keepInView(art) {
    var top = parseFloat(window.getComputedStyle(html).getPropertyValue("--bar-h")) || 0;
    var r = art.getBoundingClientRect();
    if (r.top < top || r.height > window.innerHeight - top) art.scrollIntoView({ block: "start" });
    else if (r.bottom > window.innerHeight) art.scrollIntoView({ block: "end" });
  }

  function move(step) {
    var list = visiblePapers();
    if (!list.length) return;
    var active = document.activeElement && document.activeElement.closest && document.activeElement.closest("article.paper");
    var from = active || current;
    var i = list.indexOf(from);
    if (i < 0) {
      // Start from the first paper at or below the top of the viewport.
      i = list.findIndex(function (a) { return a.getBoundingClientRect().bottom > 0; });
      setCurrent(list[Math.max(0, step > 0 ? i : i - 1)] || list[0]);
      return;
    }
    setCurrent(list[Math.min(list.length - 1, Math.max(0, i + step))]);
  }

  function target() {
    var active = document.activeElement && document.activeElement.closest && document.activeElement.closest("article.paper");
    return active || current || paperPage;
  }

  function openLink(selector) {
    var art = target();
    var link = art && art.querySelector(selector);
    if (link) window.open(link.href, "_blank", "noopener");
  }

  function helpDialog() {
    var rows = [["j / k", "next / previous paper"], ["o", "open the abstract on arXiv"], ["p", "open the PDF"],
      ["f", "show or hide the FAQ"], ["/", "search"], ["?", "this help"], ["Esc", "close, or leave a text field"]];
    var dl = el("dl", { class: "keys" });
    rows.forEach(function (r) { dl.append(el("dt", {}, [el("kbd", { text: r[0] })]), el("dd", { text: r[1] })); });
    // WCAG 2.1.4: single-character shortcuts can be switched off (speech input triggers them).
    var toggle = el("input", { type: "checkbox", id: "shortcuts-on" });
    toggle.checked = store.get(KEYS.shortcuts, "on") !== "off";
    toggle.addEventListener("change", function () { store.set(KEYS.shortcuts, toggle.checked ? null : "off"); });
    var dialog = el("dialog", { id: "keys-help", "aria-labelledby": "keys-title" }, [
      el("h2", { id: "keys-title", text: "Keyboard shortcuts" }), dl,
      el("p", {}, [toggle, el("label", { for: "shortcuts-on", text: " Single-key shortcuts on" })]),
      el("form", { method: "dialog" }, [el("button", { type: "submit", text: "Close" })])
    ]);
    (main || document.body).append(dialog);
    return dialog;
  }

  var NOT_TEXT = ["checkbox", "radio", "button", "submit", "reset", "range", "color", "file", "image"];
  function textEntry(t) {
    return t.tagName === "INPUT" && NOT_TEXT.indexOf((t.type || "text").toLowerCase()) < 0;
  }

  function onKey(e) {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    if (store.get(KEYS.shortcuts, "on") === "off") return; // the "Keys" button still opens the help
    var t = e.target;
    if (t && t.closest && (textEntry(t) || t.closest("textarea, select, [contenteditable], dialog[open]"))) {
      if (e.key === "Escape" && !t.closest("dialog")) t.blur();
      return;
    }
    var handled = true;
    switch (e.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "o": openLink("a.abs"); break;
      case "p": openLink("a.pdf"); break;
      case "f":
        var art = target();
        if (art === paperPage && paperPage) document.getElementById("faq").scrollIntoView();
        else if (!art) status("No paper selected: press j to go to the first one");
        else if (!toggleFaq(art)) status("This paper has no FAQ");
        break;
      case "/": var q = document.getElementById("search-q"); if (q) q.focus(); break;
      case "?": document.getElementById("keys-help").showModal(); break;
      default: handled = false;
    }
    if (handled) e.preventDefault();
  }

  // --- search (Pagefind, loaded on first use) ----------------------------------------------------------
  var pagefind = null;
  // The index is one Pagefind bundle per week (pagefind/shards.json, newest first): the newest is
  // loaded and the others merged into it, so a new day re-indexes its own week only.
  function loadPagefind() {
    if (!pagefind) {
      var base = new URL(ROOT + "pagefind/", location.href).href;
      var baseUrl = new URL(ROOT, location.href).pathname;
      pagefind = fetch(base + "shards.json").then(function (r) {
        if (!r.ok) throw new Error("no search index");
        return r.json();
      }).then(function (list) {
        var shards = (list && list.shards) || [];
        if (!shards.length) throw new Error("empty search index");
        return import(base + shards[0] + "/pagefind.js").then(function (pf) {
          return pf.options({ baseUrl: baseUrl }).then(function () {
            return Promise.all(shards.slice(1).map(function (s) { return pf.mergeIndex(base + s + "/", { baseUrl: baseUrl }); }));
          }).then(function () { return pf; });
        });
      });
    }
    return pagefind;
  }

  function cleanExcerpt(markup) {
    // Keep only text and <mark>: the excerpt comes from page text, but stay strict anyway.
    var doc = new DOMParser().parseFromString("<p>" + markup + "</p>", "text/html");
    var out = [];
    doc.body.firstChild.childNodes.forEach(function (n) {
      out.push(n.nodeName === "MARK" ? el("mark", { text: n.textContent }) : document.createTextNode(n.textContent));
    });
    return out;
  }

  function searchUi() {
    var form = el("form", { class: "search", role: "search", action: ROOT + "index.html" });
    var q = el("input", { type: "search", id: "search-q", name: "q", autocomplete: "off", placeholder: "Search titles, authors, abstracts, FAQs" });
    var cat = el("select", { id: "search-cat", name: "category" }, [el("option", { value: "", text: "any category" })]);
    var day = el("select", { id: "search-day", name: "day" }, [el("option", { value: "", text: "any day" })]);
    form.append(el("label", { for: "search-q", class: "visually-hidden", text: "Search papers" }), q);
    // The filters live with the results, so the header stays one line on a phone.
    var results = el("section", { id: "search-results", class: "search-results", "aria-label": "Search results", hidden: true });
    var heading = el("h2", { text: "Search results" });
    var filters = el("p", { class: "search-filters" }, [
      el("label", { for: "search-cat", text: "Category " }), cat, " ", el("label", { for: "search-day", text: "Day " }), day]);
    var summary = el("p", { role: "status" });
    var list = el("ol");
    var close = el("button", { type: "button", text: "Close search" });
    results.append(heading, filters, summary, list, close);
    if (main) main.prepend(results);

    var filtersLoaded = false;
    function prepare() {
      return loadPagefind().then(function (pf) {
        if (!filtersLoaded) {
          filtersLoaded = true;
          return pf.filters().then(function (f) {
            Object.keys(f.category || {}).sort().forEach(function (k) { cat.append(el("option", { value: k, text: k + " (" + f.category[k] + ")" })); });
            Object.keys(f.day || {}).sort().reverse().forEach(function (k) { day.append(el("option", { value: k, text: k })); });
            return pf;
          });
        }
        return pf;
      });
    }
    var seq = 0;
    function run() {
      var term = q.value.trim();
      var filters = {};
      if (cat.value) filters.category = cat.value;
      if (day.value) filters.day = day.value;
      if (!term && !cat.value && !day.value) { results.hidden = true; return; }
      var mine = ++seq;
      results.hidden = false;
      summary.textContent = "Searching…";
      prepare().then(function (pf) {
        return pf.debouncedSearch(term || null, { filters: filters }, 250);
      }).then(function (res) {
        if (!res || mine !== seq) return null;
        return Promise.all(res.results.slice(0, 20).map(function (r) { return r.data(); })).then(function (items) {
          if (mine !== seq) return;
          // A paper announced in two weeks is in two shards: show it once.
          var shown = {};
          items = items.filter(function (d) { var seen = shown[d.url]; shown[d.url] = true; return !seen; });
          list.replaceChildren.apply(list, items.map(function (d) {
            var a = el("a", { href: d.url, text: (d.meta && d.meta.title) || d.url });
            var p = el("p", { class: "excerpt" }, cleanExcerpt(d.excerpt || ""));
            return el("li", {}, [a, p]);
          }));
          summary.textContent = res.results.length + (res.results.length === 1 ? " paper" : " papers") +
            (res.results.length > 20 ? " (first 20 shown)" : "");
        });
      }).catch(function () {
        summary.textContent = "Search is unavailable here (it needs the site served over http and its index built).";
      });
    }
    q.addEventListener("input", run);
    q.addEventListener("focus", function () { prepare().catch(function () {}); }, { once: true });
    cat.addEventListener("change", run);
    day.addEventListener("change", run);
    form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
    close.addEventListener("click", function () { results.hidden = true; q.value = ""; q.focus(); });
    q.addEventListener("keydown", function (e) { if (e.key === "Escape") { results.hidden = true; } });
    return form;
  }

  // The bar is sticky on larger screens and its height varies (it wraps): papers scrolled into view
  // by j/k must clear it, so its height goes into the CSS that sets their scroll margin.
  function trackBarHeight(bar) {
    function update() {
      var sticky = window.getComputedStyle(bar).position === "sticky";
      html.style.setProperty("--bar-h", sticky ? bar.offsetHeight + "px" : "0px");
    }
    update();
    if (window.ResizeObserver) new ResizeObserver(update).observe(bar);
    window.addEventListener("resize", update);
  }

  // --- wiring ------------------------------------------------------------------------------------------
  function init() {
    var header = document.querySelector(".site-header");
    if (header) {
      var help = el("button", { type: "button", class: "keys-button", text: "Keys (?)" });
      help.addEventListener("click", function () { document.getElementById("keys-help").showModal(); });
      header.append(el("div", { class: "tools" }, [searchUi(), themeButton(), help]));
    }
    helpDialog();

    if (document.querySelector("section.cat-group")) {
      loadChoice();
      var head = main.querySelector(".listing-head");
      var picker = categoryPicker();
      if (head) head.after(picker); else main.prepend(picker);
      picker.after(el("p", { id: "nothing-shown", class: "notice", hidden: true,
        text: PAGED ? "None of your chosen categories has papers on this page of the day: try the other pages, or change the choice above."
          : "None of your chosen categories has papers on this day. Change the choice above to see more." }));
    }
    if (papers.length) {
      var bar = el("div", { class: "reader-bar", role: "group", "aria-label": "Screening tools" }, [typeFilterBar(), keywordBar()]);
      var anchor = document.querySelector(".cat-picker") || main.querySelector(".listing-head");
      if (anchor) anchor.after(bar); else main.prepend(bar);
      trackBarHeight(bar);
      papers.forEach(collapseAuthors);
      applyVisibility();
    }
    document.querySelectorAll("article.paper, article.paper-page").forEach(function (art) {
      var links = art.querySelector(".links");
      if (!links) return;
      var b = el("button", { type: "button", class: "bib", text: "BibTeX" });
      b.setAttribute("aria-label", "Copy BibTeX for " + art.dataset.id);
      b.addEventListener("click", function () { copyBibtex(art, b); });
      links.append(" ", b);
    });
    document.addEventListener("click", function (e) {
      var link = e.target.closest && e.target.closest("a.faq[data-faq-src]");
      if (!link || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
      e.preventDefault();
      toggleFaq(link.closest("article"));
    });
    document.addEventListener("keydown", onKey);
    mathReady = typeset(document.body);
    mathReady.then(highlightAll);
  }

  init();
})();
