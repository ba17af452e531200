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
