/* Reader features of the digest, built on the markup contract in templates/base.html: category
   choice, type filter, keyword highlighting, keyboard screening, in-place FAQs, math, search,
   BibTeX, COinS and the theme switch. Progressive enhancement: without JS every paper is listed.
   The controls are in the HTML (shown by static/theme.js before first paint); this script, loaded
   with `defer`, only wires them up with delegated listeners and does no work per paper at load:
   math is typeset when an entry scrolls into view, the picker is filled when it is opened.
   No inline scripts or styles anywhere, so a strict CSP works. */
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

  // A visible message (and a live region for screen readers) that clears itself.
  var statusTimer = null;
  function status(message) {
    var live = document.getElementById("reader-status");
    if (!live) {
      live = el("p", { id: "reader-status", class: "toast", role: "status" });
      (main || document.body).append(live);
    }
    live.textContent = "";
    window.clearTimeout(statusTimer);
    window.setTimeout(function () { live.textContent = message; }, 30);
    statusTimer = window.setTimeout(function () { live.textContent = ""; }, 4000);
  }

  var papers = Array.prototype.slice.call(document.querySelectorAll("article.paper"));
  var order = papers.slice(); // the page's own order, restored when "matches first" is turned off
  // A big day is split into pages (nav.pager): filters, counts and keywords then work on this page.
  var PAGED = !!document.querySelector("nav.pager");
  var paperPage = document.querySelector("article.paper-page");

  // The entry's facts, read from its markup only when a feature needs them.
  function idOf(art) {
    if (art.dataset.id) return art.dataset.id;
    var abs = art.querySelector("a.abs");
    return abs ? abs.getAttribute("href").replace(/^.*\/abs\//, "") : "";
  }
  function categoriesOf(art) { return (art.dataset.categories || art.dataset.primary || "").split(" ").filter(Boolean); }
  function primaryOf(art) { return art.dataset.primary || categoriesOf(art)[0] || ""; }
  // Title, authors and text as published, captured before math typesetting rewrites them
  // (keywords, BibTeX and COinS use these), on first use.
  var facts = new Map();
  function factsOf(art) {
    var f = facts.get(art);
    if (f === undefined) {
      var t = art.querySelector(".paper-title, .paper > h3");
      var p = art.querySelector(".authors");
      var abs = art.querySelector(".abstract");
      var names = "";
      if (p) p.childNodes.forEach(function (n) { if (n.nodeName !== "BUTTON") names += n.textContent; });
      f = { title: t ? t.textContent.trim() : "", authors: names.trim(), abstract: abs ? abs.textContent.trim() : "" };
      f.text = (f.title + "\n" + f.authors + "\n" + f.abstract).toLowerCase();
      facts.set(art, f);
    }
    return f;
  }
  function titleOf(art) { return factsOf(art).title; }
  function authorsOf(art) { return factsOf(art).authors; }
  function textOf(art) { return factsOf(art).text; }

  // --- theme (already applied before first paint by static/theme.js) ---------------------------
  var THEMES = ["auto", "dark", "light"];
  function applyTheme(theme) {
    if (theme === "dark" || theme === "light") html.setAttribute("data-theme", theme);
    else html.removeAttribute("data-theme");
  }

  function wireTheme() {
    var button = document.querySelector(".theme-switch");
    if (!button) return;
    function label() {
      var t = store.get(KEYS.theme, "auto");
      button.textContent = "Theme: " + (THEMES.indexOf(t) >= 0 ? t : "auto");
    }
    button.addEventListener("click", function () {
      var t = store.get(KEYS.theme, "auto");
      var next = THEMES[(THEMES.indexOf(t) + 1) % THEMES.length];
      store.set(KEYS.theme, next === "auto" ? null : next);
      applyTheme(next);
      label();
    });
    label();
  }

  // --- math (KaTeX, loaded only when a page has math) ------------------------------------------
  var MATH_ROOTS = ".paper-title, .paper > h3, .abstract, .faq-answers";

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

  // Listing entries with math (class "m", set by the renderer) are typeset as they come near the
  // view: KaTeX is fetched with the first one, and entries never scrolled to cost nothing.
  function typesetEntry(art) {
    textOf(art); // keywords match the text as published, not KaTeX's rendering of it
    var marked = art.classList.contains("kw-match");
    if (marked) unmark(art);
    return typeset(art).then(function () {
      art.classList.add("typeset");
      var re = keywordRegex(keywords());
      if (marked && re) markEntry(art, re);
    });
  }

  function watchMath() {
    var entries = document.querySelectorAll("article.paper.m");
    if (!entries.length) return;
    if (!window.IntersectionObserver) { entries.forEach(typesetEntry); return; }
    var seen = new IntersectionObserver(function (changes) {
      changes.forEach(function (c) {
        if (!c.isIntersecting) return;
        seen.unobserve(c.target);
        typesetEntry(c.target);
      });
    }, { rootMargin: "600px 0px" });
    entries.forEach(function (art) { seen.observe(art); });
  }

  // --- BibTeX (arXiv's own @misc shape) ------------------------------------------------------------
  var SUFFIX = /^(jr|sr|ii|iii|iv)\.?$/i;
  var GROUP = /\b(collaboration|consortium|team|group|project|organization|inc)\b/i;
  var STOP = ["a", "an", "the", "of", "on", "in", "for", "and", "or", "to", "with", "by", "from", "at", "is", "are",
    "all", "you", "we", "our", "via", "as", "its", "it", "how", "what", "when", "do", "does", "can", "be", "into"];
  var LETTERS = { "ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l",
    "đ": "d", "Đ": "d", "ð": "d", "þ": "th", "ı": "i" };

  // Ñúñez -> nunez: keys stay ASCII without losing the name.
  function ascii(s) {
    return s.replace(/[ßæÆœŒøØłŁđĐðþı]/g, function (c) { return LETTERS[c]; })
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]/g, "");
  }

  // "A. King", "Jr." (a suffix split off by the feed's commas) -> one name.
  function authorList(text) {
    var out = [];
    text.split(/,\s+/).filter(Boolean).forEach(function (n) {
      if (SUFFIX.test(n) && out.length) out[out.length - 1] += ", " + n;
      else out.push(n.replace(/^and\s+/i, ""));
    });
    return out;
  }

  // BibTeX name order: "First von Last", or "von Last, Jr., First" when there is a suffix; a
  // collaboration (or any name holding the word "and") is one braced name BibTeX never splits.
  function bibName(name) {
    if (GROUP.test(name) || /\band\b/i.test(name)) return "{" + name + "}";
    var parts = name.replace(/,\s*/g, " ").split(/\s+/).filter(Boolean);
    var suffix = parts.length > 2 && SUFFIX.test(parts[parts.length - 1]) ? parts.pop() : "";
    if (!suffix) return parts.join(" ");
    var last = parts.pop();
    return last + ", " + suffix + ", " + parts.join(" ");
  }

  function surname(name) {
    if (GROUP.test(name)) return name.split(/\s+/).filter(function (w) { return !/^the$/i.test(w); })[0] || name;
    var parts = name.replace(/,\s*/g, " ").split(/\s+/).filter(Boolean);
    if (parts.length > 1 && SUFFIX.test(parts[parts.length - 1])) parts.pop();
    return parts.pop() || "";
  }

  // Outside math, _ ^ & % # $ are TeX specials that break a LaTeX build: escape them (math is kept).
  function texText(s) {
    return splitMath(s).map(function (p) {
      if ("tex" in p) return p.display ? "$$" + p.tex + "$$" : "$" + p.tex + "$";
      return p.text.replace(/\\?[_^&%#$]/g, function (m) { return m.length === 2 ? m : m === "^" ? "\\^{}" : "\\" + m; });
    }).join("");
  }

  // BibTeX counts braces literally: keep balanced ones (TeX such as PM$_{2.5}$ stays intact),
  // drop all braces from a value whose braces do not balance, so it cannot close its field.
  function balanced(s) {
    var depth = 0;
    for (var i = 0; i < s.length && depth >= 0; i++) depth += s[i] === "{" ? 1 : s[i] === "}" ? -1 : 0;
    return depth === 0 ? s : s.replace(/[{}]/g, "");
  }

  function bibtex(art) {
    var id = idOf(art);
    var m = /^(\d{2})(\d{2})\./.exec(id) || /\/(\d{2})(\d{2})/.exec(id);
    var year = m ? (Number(m[1]) > 90 ? "19" : "20") + m[1] : "";
    var title = titleOf(art);
    var authors = authorList(authorsOf(art));
    var words = splitMath(title).filter(function (p) { return !("tex" in p); }).map(function (p) { return p.text; }).join(" ")
      .split(/[^A-Za-z0-9\u00c0-\u024f]+/).map(ascii).filter(function (w) { return w && STOP.indexOf(w) < 0; });
    var key = (ascii(surname(authors[0] || "")) || "anon") + year + (words.slice(0, 2).join("") || "paper");
    var doi = art.dataset.doi || (document.querySelector(".paper-page dd.doi a") || {}).textContent;
    return "@misc{" + key + ",\n" +
      "      title={" + balanced(texText(title)) + "},\n" +
      "      author={" + balanced(texText(authors.map(bibName).join(" and "))) + "},\n" +
      "      year={" + year + "},\n" +
      "      eprint={" + id + "},\n" +
      "      archivePrefix={arXiv},\n" +
      "      primaryClass={" + primaryOf(art) + "},\n" +
      (doi ? "      doi={" + balanced(doi) + "},\n" : "") +
      "      url={https://arxiv.org/abs/" + id + "},\n}\n";
  }

  function copyBibtex(art, button) {
    var text = bibtex(art);
    var done = function () { status("BibTeX for " + idOf(art) + " copied"); button.textContent = "BibTeX copied"; };
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

  // --- COinS (Z39.88) for the Zotero Connector's multi-select import ----------------------------
  // Made from each entry right after start-up, in small slices so no task is long. Same facts as the
  // paper page's Highwire tags: the date is v1's submission day (data-d), else the id's month.
  function coins(art) {
    var id = idOf(art);
    var m = /^(\d{2})(\d{2})\./.exec(id) || /\/(\d{2})(\d{2})/.exec(id);
    var date = art.dataset.d || (m ? (Number(m[1]) > 90 ? "19" : "20") + m[1] + "-" + m[2] : "");
    var kev = [["ctx_ver", "Z39.88-2004"], ["rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"], ["rft.type", "preprint"],
      ["rft.title", titleOf(art)]];
    authorsOf(art).split(/,\s+/).filter(Boolean).forEach(function (a) { kev.push(["rft.au", a]); });
    kev.push(["rft.date", date], ["rft.publisher", "arXiv"], ["rft.description", factsOf(art).abstract],
      ["rft.identifier", "https://arxiv.org/abs/" + id], ["rft_id", "info:doi/10.48550/arXiv." + id]);
    var title = kev.map(function (p) { return p[0] + "=" + encodeURIComponent(p[1]); }).join("&");
    art.append(el("span", { class: "Z3988", title: title }));
  }

  // In idle time only (a few entries per idle period), so start-up has no long task for them.
  function addCoins() {
    var queue = papers.slice();
    var later = window.requestIdleCallback || function (fn) { return window.setTimeout(function () { fn(null); }, 50); };
    function work(deadline) {
      do coins(queue.shift()); while (queue.length && (deadline ? deadline.timeRemaining() > 4 : queue.length % 20));
      if (queue.length) later(work, { timeout: 5000 });
    }
    later(work, { timeout: 5000 });
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
    // A copy first: adopting a node removes it from the live childNodes list being walked.
    return Array.from(doc.body.childNodes).map(function (n) { return document.adoptNode(n); });
  }

  // The fragment sits beside the paper page: arxiv/<id>/index.html#faq -> arxiv/<id>/faq.html.
  function faqSource(link) {
    return link.dataset.faqSrc || link.getAttribute("href").replace(/(index\.html)?#faq$/, "faq.html");
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
    fetch(faqSource(link)).then(function (r) {
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

  // "et al.": the other names are in the HTML, hidden by CSS; expanding shows them.
  function expandAuthors(art, focus) {
    var p = art.querySelector(".authors");
    var button = p && p.querySelector("button.more-authors");
    if (!button) return;
    p.classList.add("all");
    button.remove();
    if (focus) {
      p.tabIndex = -1;
      p.focus();
    }
  }

  // --- listing: type filter, category choice, keywords ------------------------------------------
  // The type filter is one attribute on <main> (CSS hides the rest); a category choice marks the
  // papers it hides (is-filtered) and the new papers it turns into cross-lists (data-as).
  var TYPES = ["all", "new", "cross", "replace"];
  var typeFilter = "all";
  var chosen = null; // Set of chosen categories/archives on the home page, null = everything
  var choiceApplied = false;
  var taxonomy = { aliases: {}, archiveOf: {}, data: null };

  // On the day pages every paper sits once, under its primary category, as "new". With a category
  // choice, a new paper whose primary category is not chosen is there only as a cross-list of a
  // chosen one: filter and count it as such, as arXiv's own listing of that category would.
  function typeOf(art) {
    var t = art.dataset.type;
    if (t === "replace-cross") return "replace";
    return art.dataset.as === "cross" ? "cross" : t;
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
    return categoriesOf(art).some(function (code) { return codeChosen(code, false); });
  }

  function shown(art) {
    return !art.classList.contains("is-filtered") && (typeFilter === "all" || typeOf(art) === typeFilter);
  }

  function applyChoice() {
    choiceApplied = true;
    papers.forEach(function (art) {
      art.classList.toggle("is-filtered", !catVisible(art));
      if (art.dataset.type !== "new") return;
      var asCross = !!chosen && !codeChosen(primaryOf(art), false);
      if (asCross === (art.dataset.as === "cross")) return;
      if (asCross) art.dataset.as = "cross"; else delete art.dataset.as;
      var badge = art.querySelector(".kind");
      if (badge) badge.textContent = asCross ? "cross" : "new";
    });
    document.querySelectorAll("tr[data-category]").forEach(function (row) {
      row.hidden = !codeChosen(row.dataset.category, row.classList.contains("archive"));
    });
    updateTypeCounts();
    afterFilter();
    html.classList.remove("choosing");
  }

  function afterFilter() {
    document.querySelectorAll("section.cat-group").forEach(function (group) {
      group.hidden = !Array.prototype.some.call(group.getElementsByClassName("paper"), shown);
    });
    var empty = document.getElementById("nothing-shown");
    var none = papers.length && papers.every(function (a) { return a.classList.contains("is-filtered"); });
    if (empty) {
      empty.hidden = !none;
      if (none) fillNotice(empty);
    }
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

  // Counts follow the category choice: they say what each filter would show now (the HTML has the
  // counts without a choice).
  function updateTypeCounts() {
    var counts = { all: 0, "new": 0, cross: 0, replace: 0 };
    papers.forEach(function (art) {
      if (art.classList.contains("is-filtered")) return;
      counts.all++;
      counts[typeOf(art)]++;
    });
    document.querySelectorAll(".type-filter input").forEach(function (input) {
      var n = counts[input.value] || 0;
      input.parentNode.querySelector(".n").textContent = "(" + n + ")";
      input.disabled = input.value !== "all" && !n && !input.checked;
    });
  }

  function setType(value) {
    typeFilter = TYPES.indexOf(value) >= 0 ? value : "all";
    if (typeFilter === "all") delete main.dataset.show; else main.dataset.show = typeFilter;
    afterFilter();
    floatMatches();
    status(visiblePapers().length + " papers shown");
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

  function markEntry(art, re) {
    art.querySelectorAll(".paper-title, .paper > h3, .authors, .abstract").forEach(function (part) { markText(part, re); });
  }

  var highlighted = false;
  function highlightAll() {
    var words = keywords();
    var re = keywordRegex(words);
    if (!re && !highlighted) return; // nothing marked and nothing to mark: no work per paper
    highlighted = !!re;
    var test = re && new RegExp(re.source, "i"); // not global: .test() then keeps no state between papers
    unmark(main);
    papers.forEach(function (art) {
      var hit = !!test && test.test(textOf(art));
      art.classList.toggle("kw-match", hit);
      if (!hit) return;
      // A match among the names behind "et al." would be counted but not seen: show them.
      var rest = art.querySelector(".authors .rest");
      if (rest && test.test(rest.textContent)) expandAuthors(art, false);
      markEntry(art, re);
    });
    updateKeywordCount();
    floatMatches();
  }

  function updateKeywordCount() {
    var out = document.getElementById("kw-count");
    if (!out) return;
    var any = keywords().length > 0;
    var n = any ? visiblePapers().filter(function (a) { return a.classList.contains("kw-match"); }).length : 0;
    out.textContent = any ? n + (PAGED ? " matching on this page" : " matching") : "";
  }

  // "Matches first" moves matching papers to the top of their group; the page's order comes back
  // when it is turned off. Nothing moves (and focus is kept) when the order is already right.
  function floatMatches() {
    var top = store.get(KEYS.kwTop, false) && keywords().length > 0;
    var byParent = new Map();
    order.forEach(function (a) {
      var list = byParent.get(a.parentNode);
      if (!list) byParent.set(a.parentNode, list = []);
      list.push(a);
    });
    var moved = false;
    byParent.forEach(function (mine, parent) {
      var want = top ? mine.filter(function (a) { return a.classList.contains("kw-match"); })
        .concat(mine.filter(function (a) { return !a.classList.contains("kw-match"); })) : mine;
      var now = Array.prototype.filter.call(parent.children, function (c) { return c.classList.contains("paper"); });
      if (want.every(function (a, i) { return a === now[i]; })) return; // moving nodes drops focus
      var focused = document.activeElement;
      var anchor = now[now.length - 1].nextSibling;
      var batch = document.createDocumentFragment(); // one insertion, one layout
      want.forEach(function (a) { batch.append(a); });
      parent.insertBefore(batch, anchor);
      moved = true;
      if (focused && focused !== document.activeElement && document.contains(focused)) focused.focus({ preventScroll: true });
    });
    if (moved) papers = Array.prototype.slice.call(document.querySelectorAll("article.paper"));
  }

  function wireBar() {
    var bar = document.querySelector(".reader-bar");
    if (!bar) return;
    bar.querySelector(".type-filter").addEventListener("change", function (e) { setType(e.target.value); });
    var input = document.getElementById("kw");
    input.value = store.get(KEYS.kw, "") || "";
    var timer = null;
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        store.set(KEYS.kw, input.value.trim() ? input.value : null);
        highlightAll();
      }, 200);
    });
    var top = document.getElementById("kw-top");
    top.checked = !!store.get(KEYS.kwTop, false);
    top.addEventListener("change", function () {
      store.set(KEYS.kwTop, top.checked || null);
      floatMatches();
    });
    trackBarHeight(bar);
  }

  // --- home: category choice ----------------------------------------------------------------------
  function loadChoice() {
    var saved = store.get(KEYS.cats, null);
    chosen = Array.isArray(saved) && saved.length ? new Set(saved.map(String)) : null;
  }

  function choiceSummary() {
    return chosen ? "Showing: " + Array.from(chosen).sort().join(", ") : "Showing all categories";
  }

  var taxonomyLoading = null;
  function loadTaxonomy() {
    if (!taxonomyLoading) {
      taxonomyLoading = fetch(ROOT + "static/taxonomy.json").then(function (r) { return r.json(); }).then(function (data) {
        data.archives.forEach(function (a) { a.categories.forEach(function (c) { taxonomy.archiveOf[c[0]] = a.id; }); });
        taxonomy.aliases = data.aliases || {};
        taxonomy.data = data;
        return data;
      });
    }
    return taxonomyLoading;
  }

  // The categories this site lists (the day's count table) come first; every other arXiv category
  // waits behind "More categories".
  function fillPicker(form, data) {
    var covered = Array.prototype.map.call(document.querySelectorAll("tr[data-category]"), function (r) { return r.dataset.category; });
    var names = {};
    data.archives.forEach(function (a) { names[a.id] = a.name; a.categories.forEach(function (c) { names[c[0]] = c[1]; }); });
    function box(code, label, cls) {
      var input = el("input", { type: "checkbox", value: code });
      input.checked = !!chosen && chosen.has(code);
      return el("label", { class: cls || "" }, [input, " ", el("code", { text: code }), " " + label]);
    }
    var mine = el("fieldset", { class: "covered" }, [el("legend", { text: "Covered by this site" })]);
    covered.forEach(function (c) { mine.append(box(c, names[c] || "", data.archives.some(function (a) { return a.id === c; }) ? "archive" : "")); });
    var more = el("details", { class: "more-cats" }, [el("summary", { text: "More categories" })]);
    data.archives.forEach(function (a) {
      var fs = el("fieldset", {}, [el("legend", { text: a.name })]);
      var bare = a.categories.length === 1 && a.categories[0][0] === a.id;
      if (covered.indexOf(a.id) < 0) fs.append(box(a.id, bare ? a.name : "all of " + a.name, "archive"));
      if (!bare) a.categories.forEach(function (c) { if (covered.indexOf(c[0]) < 0) fs.append(box(c[0], c[1])); });
      if (fs.children.length > 1) more.append(fs);
    });
    more.open = !!chosen && Array.from(chosen).some(function (c) { return covered.indexOf(c) < 0; });
    form.append(mine, more);
  }

  function wirePicker() {
    var details = document.querySelector(".cat-picker");
    if (!details) return;
    var form = details.querySelector(".picker-form");
    var summary = details.querySelector(".choice");
    summary.textContent = choiceSummary();
    var filled = false;
    function fill() {
      if (filled) return Promise.resolve();
      filled = true;
      return loadTaxonomy().then(function (data) { fillPicker(form, data); }, function () {
        // No taxonomy file (file:// build): offer the categories present on this page.
        fillPicker(form, { archives: [] });
      });
    }
    details.addEventListener("toggle", function () { if (details.open) fill(); });
    form.addEventListener("change", function () {
      var picked = Array.prototype.filter.call(form.querySelectorAll("input[type=checkbox]"), function (i) { return i.checked; })
        .map(function (i) { return i.value; });
      chosen = picked.length ? new Set(picked) : null;
      store.set(KEYS.cats, picked.length ? picked.sort() : null);
      summary.textContent = choiceSummary();
      applyChoice();
    });
    form.querySelector(".picker-reset").addEventListener("click", function () {
      form.querySelectorAll("input[type=checkbox]").forEach(function (i) { i.checked = false; });
      form.dispatchEvent(new Event("change"));
    });
    // A stored choice needs the taxonomy (aliases, archives) before it can be applied.
    if (chosen) loadTaxonomy().catch(function () {}).then(applyChoice);
  }

  // --- keyboard screening ---------------------------------------------------------------------------
  var current = null;

  function visiblePapers() {
    return papers.filter(shown);
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
    var dialog = document.getElementById("keys-help");
    if (dialog) return dialog;
    var rows = [["j / k", "next / previous paper"], ["o", "open the abstract on arXiv"], ["p", "open the PDF"],
      ["f", "show or hide the FAQ"], ["/", "search"], ["?", "this help"], ["Esc", "close, or leave a text field"]];
    var dl = el("dl", { class: "keys" });
    rows.forEach(function (r) { dl.append(el("dt", {}, [el("kbd", { text: r[0] })]), el("dd", { text: r[1] })); });
    // WCAG 2.1.4: single-character shortcuts can be switched off (speech input triggers them).
    var toggle = el("input", { type: "checkbox", id: "shortcuts-on" });
    toggle.checked = store.get(KEYS.shortcuts, "on") !== "off";
    toggle.addEventListener("change", function () { store.set(KEYS.shortcuts, toggle.checked ? null : "off"); });
    dialog = el("dialog", { id: "keys-help", "aria-labelledby": "keys-title" }, [
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

  function faqKey() {
    var art = target();
    if (art === paperPage && paperPage) document.getElementById("faq").scrollIntoView();
    else if (!art) status("No paper selected: press j to go to the first one");
    else if (!toggleFaq(art)) status("This paper has no FAQ");
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
      case "f": faqKey(); break;
      case "/": var q = document.getElementById("search-q"); if (q) q.focus(); break;
      case "?": helpDialog().showModal(); break;
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
    var form = document.querySelector("form.search");
    var q = document.getElementById("search-q");
    if (!form || !q) return;
    var cat = el("select", { id: "search-cat", name: "category" }, [el("option", { value: "", text: "any category" })]);
    var day = el("select", { id: "search-day", name: "day" }, [el("option", { value: "", text: "any day" })]);
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
  }

  // The bar is sticky on larger screens and its height varies (it wraps): papers scrolled into view
  // by j/k must clear it, so its height goes into the CSS that sets their scroll margin.
  function trackBarHeight(bar) {
    function update() {
      var sticky = window.getComputedStyle(bar).position === "sticky";
      html.style.setProperty("--bar-h", sticky ? bar.offsetHeight + "px" : "0px");
    }
    if (window.ResizeObserver) new ResizeObserver(update).observe(bar); // also reports the first size
    else update();
    window.addEventListener("resize", update);
  }

  // One listener per kind of event for every paper's controls.
  function onClick(e) {
    var t = e.target.closest ? e.target : e.target.parentElement;
    var plain = !(e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0);
    var faq = t.closest("a.faq");
    if (faq && plain && faq.closest("article.paper")) {
      e.preventDefault();
      toggleFaq(faq.closest("article"));
      return;
    }
    var bib = t.closest("button.bib");
    if (bib) copyBibtex(bib.closest("article"), bib);
    var more = t.closest("button.more-authors");
    if (more) expandAuthors(more.closest("article"), true);
    if (t.closest(".keys-button")) helpDialog().showModal();
  }

  // --- next day ----------------------------------------------------------------------------------------
  // Pages carry no "next day" link of their own (a new day would rewrite every page of the day before):
  // their "next day" link goes to the latest day, and here it goes to the next one, from days.json.
  function wireNextDay() {
    var a = document.querySelector("a.next-day[data-days]");
    if (!a || !window.fetch) return;
    var ix = /index\.html$/.test(a.getAttribute("href")) ? "index.html" : "";
    fetch(a.dataset.days).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
      var days = (data && data.days) || [];
      var at = days.findIndex(function (d) { return d[0] === a.dataset.date; });
      if (at < 0) return;
      // The text stays as rendered, so nothing moves: only where the link goes changes.
      if (at === days.length - 1) { a.removeAttribute("href"); a.title = "this is the newest day"; return; }
      a.href = ROOT + days[at + 1][1] + ix;
      a.rel = "next";
      a.title = days[at + 1][0];
    }).catch(function () {});
  }

  // --- wiring ------------------------------------------------------------------------------------------
  function init() {
    wireNextDay();
    wireTheme();
    searchUi();
    document.addEventListener("click", onClick);
    document.addEventListener("keydown", onKey);
    if (paperPage) {
      factsOf(paperPage);
      typeset(paperPage);
    }
    if (papers.length) {
      loadChoice();
      wirePicker();
      wireBar();
      watchMath();
      highlightAll();
      addCoins();
    }
    window.digestBibtex = bibtex; // for tests and user scripts: the BibTeX of an entry element
    html.classList.add("reader-ready"); // for tests and user styles: every control is wired
  }

  init();
})();
