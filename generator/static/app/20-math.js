// --- math (KaTeX, loaded only when a page has math) ------------------------------------------
var MATH_ROOTS = ".paper-title, .paper > h3, .abstract, .faq-answers";

// MathJax's rule: math closes at the first unescaped delimiter outside braces, so the $ inside
// $\texttt{M$^3$Net}$ does not close it (KaTeX reads that inner $^3$ as math in text).
function closeOf(s, delim, from) {
  for (var k = from, depth = 0; k < s.length; k++) {
    if (!depth && s.startsWith(delim, k)) return k;
    if (s[k] === "\\") k++; // an escaped character (\$, \\) never closes math
    else if (s[k] === "{") depth++;
    else if (s[k] === "}" && depth) depth--;
  }
  return -1;
}

// A single $ opens math only when the text up to the next unescaped $ does not look like prices:
// "$5 and $10", "$5-$10" and "$5, not $x$" stay text, while "$\pm$5%" is math.
function closeDollar(s, from) {
  var j = closeOf(s, "$", from);
  if (j < 0) return -1;
  var body = s.slice(from, j);
  if (!body.trim()) return -1;
  if (/^\d/.test(body) && (/\s$/.test(body) || /\d/.test(s[j + 1] || ""))) return -1;
  return j;
}

// Environments MathJax typesets even outside delimiters (its processEnvironments default), as far
// as it knows them: \begin{itemize} or \begin{proof} stays text.
var MATH_ENV = /^(?:(?:equation|align|alignat|gather|multline|flalign|eqnarray|[pbBvV]?matrix)\*?|split|aligned|alignedat|gathered|smallmatrix|[dr]?cases|d?array|CD)$/;
var BEGIN = /\\begin\s*\{([^}]*)\}/y;
var END = /\\end\s*\{([^}]*)\}/y;

// MathJax's rule: the first \end{name} outside braces closes \begin{name}; other commands are skipped.
function closeEnv(s, from, name) {
  for (var k = from, depth = 0; k < s.length; k++) {
    END.lastIndex = k;
    var m = END.exec(s);
    if (m && m[1] === name && !depth) return [k, k + m[0].length];
    if (s[k] === "\\") k++;
    else if (s[k] === "{") depth++;
    else if (s[k] === "}" && depth) depth--;
  }
  return null;
}

// A whole \begin{env}…\end{env} at i as one display part, or null when it is not math.
function envAt(s, i) {
  BEGIN.lastIndex = i;
  var m = BEGIN.exec(s);
  if (!m || !MATH_ENV.test(m[1])) return null;
  var close = closeEnv(s, i + m[0].length, m[1]);
  return close && { end: close[1], part: { tex: s.slice(i, close[1]), display: true, env: m[1] } };
}

function splitMath(s) {
  var out = [], i = 0, last = 0, j, env;
  function text(end) { if (end > last) out.push({ text: s.slice(last, end) }); }
  while (i < s.length) {
    var c = s[i], n = s[i + 1];
    if (c === "\\" && n === "b" && (env = envAt(s, i))) {
      text(i);
      out.push(env.part);
      i = last = env.end;
      continue;
    }
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
      return /\$|\\\(|\\\[|\\begin/.test(node.data) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
    }
  });
  while (walker.nextNode()) found.push(walker.currentNode);
  return found;
}

// KaTeX lacks a few environments MathJax has, and some work in display mode only: each becomes the
// KaTeX environment that lays it out the same way. Numbered ones become their starred form: MathJax
// numbers nothing by default (tags: "none"), and one KaTeX call per formula would number all "(1)".
var ENV_AS = {
  display: { equation: "equation*", align: "align*", gather: "gather*", alignat: "alignat*",
    multline: "gathered", "multline*": "gathered", flalign: "align*", "flalign*": "align*",
    eqnarray: "darray", "eqnarray*": "darray" },
  inline: { equation: "gathered", "equation*": "gathered", align: "aligned", "align*": "aligned",
    gather: "gathered", "gather*": "gathered", alignat: "alignedat", "alignat*": "alignedat", split: "aligned",
    multline: "gathered", "multline*": "gathered", flalign: "aligned", "flalign*": "aligned",
    eqnarray: "array", "eqnarray*": "array" }
};

function katexTex(tex, display) {
  var as = display ? ENV_AS.display : ENV_AS.inline;
  return tex.replace(/\\(begin|end)\s*\{([^}]*)\}/g, function (m, which, name) {
    if (!as[name]) return m;
    return "\\" + which + "{" + as[name] + "}" + (which === "begin" && /^eqnarray/.test(name) ? "{rcl}" : "");
  });
}

// What MathJax accepts and KaTeX does not, in the formulas authors write: \label (numbers are off),
// \mbox, \unicode, \DeclareMathOperator inside the formula. Made fresh per formula: \gdef writes into it.
function gobble(n) { return function (context) { context.consumeArgs(n); return ""; }; }

// MathJax's \unicode{x2013} (or {8211}): the character, by KaTeX's \char (bidi controls are taken
// out of every rendering below).
function unicodeChar(context) {
  var arg = context.consumeArgs(1)[0].map(function (t) { return t.text; }).reverse().join("");
  var m = /^\s*(?:x([0-9a-fA-F]{1,6})|(\d{1,7}))\s*$/.exec(arg);
  return m ? "\\char\"" + (m[1] || Number(m[2]).toString(16)).toUpperCase() + " " : "";
}

// \ref and \eqref show the label's name: with numbering off there is no number to show.
function texMacros() {
  return {
    "\\unicode": unicodeChar, "\\label": gobble(1), "\\require": gobble(1),
    "\\mbox": "\\text{#1}", "\\textsc": "\\text{#1}", "\\ref": "\\text{#1}", "\\eqref": "(\\text{#1})",
    "\\DeclareMathOperator": "\\gdef#1{\\operatorname{#2}}", "\\displaylines": "\\begin{gathered}#1\\end{gathered}",
    "\\shoveleft": "#1", "\\shoveright": "#1" // multline's, which is shown as gathered
  };
}

// Pages drop bidi controls from titles (they can make text read backwards), but TeX can still make
// one: \char"202E or \unicode{x202E}. KaTeX's output is cleaned of them instead.
var BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
function dropBidi(root) {
  var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    var node = walker.currentNode;
    if (BIDI.test(node.data)) node.data = node.data.replace(BIDI, "");
    BIDI.lastIndex = 0;
  }
}

function hasTex(parts) { return parts.some(function (p) { return "tex" in p; }); }
var ESCAPED_DOLLAR = /\\\$/;

// Outside math, \$ is a dollar sign (MathJax's processEscapes); \\ stays as written.
function plainText(text) {
  return text.replace(/\\([\\$])/g, function (m, c) { return c === "$" ? "$" : m; });
}

function typesetNode(node) {
  var parts = splitMath(node.data);
  if (!hasTex(parts) && !ESCAPED_DOLLAR.test(node.data)) return;
  var frag = document.createDocumentFragment();
  parts.forEach(function (p) {
    if (!("tex" in p)) { frag.append(plainText(p.text)); return; }
    var span = el("span", { class: p.display ? "math display" : "math inline" });
    try {
      // maxSize/maxExpand: a hostile \rule{500em}{500em} or macro bomb must not paint over the page
      // (1000 expansions is KaTeX's default, and a long align with \tfrac and \dots needs over 100).
      window.katex.render(katexTex(p.tex, p.display), span, { displayMode: p.display, throwOnError: false,
        trust: false, strict: "ignore", maxSize: 10, maxExpand: 1000, macros: texMacros() });
      dropBidi(span);
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
  nodes = nodes.filter(function (n) { return hasTex(splitMath(n.data)) || ESCAPED_DOLLAR.test(n.data); });
  if (!nodes.length) return Promise.resolve();
  return loadKatex().then(function () {
    var parents = nodes.map(function (n) { return n.parentElement; });
    nodes.forEach(typesetNode);
    fitWide(parents);
    html.classList.add("math-done");
  }, function () { /* KaTeX missing (file:// or blocked): the TeX stays readable as written */ });
}

// Inline math cannot break inside a \textbf{...} or a long \frac: wider than its paragraph (a phone,
// 2506.04280's $\textbf{Multimodal Multi-image Reasoning Benchmark (MMRB)}$) it would widen the page.
// Such a formula scrolls on its own (class "wide"); widths are read first, then classes set, so
// the layout is computed once.
function fitWide(parents) {
  var wide = [];
  parents.forEach(function (p) {
    if (!p || !p.isConnected) return;
    var room = p.clientWidth;
    p.querySelectorAll(":scope > .math.inline").forEach(function (m) { if (room && m.offsetWidth > room) wide.push(m); });
  });
  // A box that scrolls must take the keyboard's focus, or a keyboard cannot scroll it (axe's
  // scrollable-region-focusable).
  wide.forEach(function (m) { m.classList.add("wide"); m.tabIndex = 0; });
}

// Listing entries with math (class "m", set by the renderer) are typeset as they come near the
// view: KaTeX is fetched with the first one, and entries never scrolled to cost nothing.
function typesetEntry(art) {
  textOf(art); // keywords match the text as published, not KaTeX's rendering of it
  if (art.classList.contains("kw-match")) unmark(art);
  return typeset(art).then(function () {
    art.classList.add("typeset");
    // Marked now, by the filter of now: markMatch (50-filter.js) leaves an entry being typeset alone.
    var re = keywordRegex(keywords());
    if (art.classList.contains("kw-match") && re) markEntry(art, re);
  });
}

function watchMath() {
  var entries = document.querySelectorAll("article.paper.m");
  if (!entries.length) return;
  whenNear(entries, typesetEntry);
}
