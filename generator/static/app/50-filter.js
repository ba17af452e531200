// --- listing: type filter, category choice, keywords ------------------------------------------
// The type filter is one attribute on <main> (CSS hides the rest); a category choice marks the
// papers it hides (is-filtered) and the new papers it turns into cross-lists (data-as).
var TYPES = ["all", "new", "cross", "replace"];
var typeFilter = "all";
var chosen = null; // Set of chosen categories/archives on the home page, null = everything
var excluded = null; // Set of categories/archives whose papers are hidden even when chosen, null = none
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

// An excluded code hides the papers listed in it (cross-lists too) or in a category of it.
function codeExcluded(code) {
  if (!excluded) return false;
  var c = taxonomy.aliases[code] || code;
  return Array.from(excluded).some(function (x) {
    var k = taxonomy.aliases[x] || x;
    return k === c || k === archiveOf(c);
  });
}

function catVisible(art) {
  var codes = categoriesOf(art);
  return !codes.some(codeExcluded) && codes.some(function (code) { return codeChosen(code, false); });
}

// Kept in step with the CSS that hides papers (is-filtered, main[data-show], main.kw-only).
// A paper hidden with x (app/64-seen.js) is not shown either, unless hidden papers are shown again.
function hiddenByReader(art) {
  return art.classList.contains("is-hidden") && !html.classList.contains("show-hidden");
}

function shown(art) {
  return wouldShow(art) && !hiddenByReader(art);
}

// Shown but for the reader's own hiding (x): the choice, the type and the filter let it through.
function wouldShow(art) {
  return !art.classList.contains("is-filtered") && (typeFilter === "all" || typeOf(art) === typeFilter) &&
    !(hiding() && !art.classList.contains("kw-match"));
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
    row.hidden = !codeChosen(row.dataset.category, row.classList.contains("archive")) || codeExcluded(row.dataset.category);
  });
  updateTypeCounts();
  clearStatus();
  afterFilter();
  html.classList.remove("choosing");
}

function afterFilter() {
  document.querySelectorAll("section.cat-group").forEach(function (group) {
    group.hidden = !Array.prototype.some.call(group.getElementsByClassName("paper"), shown);
  });
  var empty = document.getElementById("nothing-shown");
  var none = papers.length && papers.every(function (a) { return a.classList.contains("is-filtered"); });
  // The choice leaves papers, but the filter, the type shown or hidden papers leave none of them:
  // say so (not a blank page between the bar and the pager).
  var blank = !none && papers.length && !papers.some(shown);
  if (empty) {
    empty.hidden = !none && !blank;
    if (none) fillNotice(empty);
    else if (blank) empty.replaceChildren(blankNotice());
  }
  updateKeywordCount();
}

var TYPE_NOUNS = { "new": "new paper", cross: "cross-list", replace: "replacement" };
function blankNotice() {
  var what = typeFilter === "all" ? "paper" : TYPE_NOUNS[typeFilter];
  var where = PAGED ? "on this page" : "of this day";
  var others = typeFilter === "all" ? "" : " choose \u201cAll\u201d,";
  // Papers the reader hid (x) are all that is left to show: say how to bring them back.
  var hid = papers.filter(function (a) { return hiddenByReader(a) && wouldShow(a); }).length;
  if (hid) {
    var matching = hiding() ? (hid === 1 ? " that matches the filter" : " that match the filter") : "";
    return (hid === 1 ? "The only " + what + " " + where + matching + " is one you hid"
      : "All " + hid + " " + what + "s " + where + matching + " are ones you hid") + ": press X to show hidden papers.";
  }
  if (hiding()) {
    return "No " + what + " " + where + " matches the filter:" + others + (PAGED ? " try the other pages of the day," : "") +
      " change the filter, or untick \u201chide the rest\u201d.";
  }
  return "No " + what + " " + where + " is shown: choose \u201cAll\u201d."; // (the type is all that is left)
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

// Counts follow the category choice and a hiding filter: they say what each type would show now
// (the HTML has the counts without either).
function updateTypeCounts() {
  var counts = { all: 0, "new": 0, cross: 0, replace: 0 };
  var hide = hiding();
  papers.forEach(function (art) {
    if (art.classList.contains("is-filtered") || (hide && !art.classList.contains("kw-match")) || hiddenByReader(art)) return;
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
  var n = visiblePapers().length;
  status(n + (n === 1 ? " paper shown" : " papers shown"));
}

// --- the filter: a query (52-query.js) that hides, floats or only marks the papers it matches ---------
var FILTER_KEEP = "digest.filterKeep"; // true: papers that do not match stay (marked, or below the matches)
var query = { text: "", match: null, marks: null };
var filterHide = true;
var filterFirst = false; // "matches first" (only while the rest is kept)

function setQuery(text) {
  var ast = parseQuery(text);
  query = { text: text || "", match: compileQuery(ast), marks: markRegexes(queryMarks(ast)) };
}

function hiding() { return filterHide && !!query.match; }

// One case-insensitive regex per part of an entry, of the terms that part is marked with.
function markRegexes(marks) {
  var out = null;
  ["title", "authors", "abstract"].forEach(function (part) {
    var terms = marks.any.concat(marks[part]);
    if (!terms.length) return;
    out = out || {};
    out[part] = new RegExp("(" + terms.map(termSource).join("|") + ")", "gi");
  });
  return out;
}

// 20-math.js re-marks an entry after typesetting it with markEntry(art, keywordRegex(keywords())).
function keywords() { return query; }
function keywordRegex(q) { return q && q.match ? q.marks : null; }

// Lower case without accents, for matching: "au:muller" finds Müller, "hector" Héctor (and typing
// the accent still works: the query is folded the same way). NFD splits a letter from its marks.
function fold(text) { return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, ""); }

// The entry's parts folded, for matching (from factsOf: the text as published), on first use.
var lowered = new Map();
function fieldsOf(art) {
  var f = lowered.get(art);
  if (!f) {
    var x = factsOf(art);
    f = { any: fold(x.text), title: fold(x.title), authors: fold(x.authors), abstract: fold(x.abstract) };
    lowered.set(art, f);
  }
  return f;
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
    // Matched on the folded text, as the filter matches (au:muller finds Müller), then marked
    // on the text as written: each folded character knows where its letter starts.
    // ASCII text folds to its lower case, letter for letter: no map to build (most text nodes).
    var text = node.data, ascii = !/[^\x00-\x7f]/.test(text);
    var folded = ascii ? text.toLowerCase() : "", starts = ascii ? null : [];
    for (var i = 0; !ascii && i < text.length; ) {
      var ch = String.fromCodePoint(text.codePointAt(i)), f = fold(ch);
      for (var k = 0; k < f.length; k++) starts.push(i);
      folded += f;
      i += ch.length;
    }
    if (starts) starts.push(text.length);
    var spans = [], m;
    re.lastIndex = 0;
    while ((m = re.exec(folded))) {
      if (!m[0]) { re.lastIndex++; continue; }
      var end = m.index + m[0].length;
      spans.push(starts ? [starts[m.index], starts[end]] : [m.index, end]);
    }
    if (!spans.length) return;
    var frag = document.createDocumentFragment(), at = 0;
    spans.forEach(function (s) {
      if (s[0] > at) frag.append(text.slice(at, s[0]));
      if (s[1] > s[0]) frag.append(el("mark", { class: "kw", text: text.slice(s[0], s[1]) }));
      at = Math.max(at, s[1]);
    });
    if (at < text.length) frag.append(text.slice(at));
    node.replaceWith(frag);
  });
}

var MARK_PARTS = { title: ".paper-title, .paper > h3", authors: ".authors", abstract: ".abstract" };
function markEntry(art, marks) {
  if (!marks) return;
  Object.keys(MARK_PARTS).forEach(function (part) {
    if (marks[part]) art.querySelectorAll(MARK_PARTS[part]).forEach(function (node) { markText(node, marks[part]); });
  });
}

var highlighted = false;
function highlightAll() {
  if (!query.match && !highlighted) return; // nothing marked and nothing to mark: no work per paper
  matchAll();
  refreshFilter();
}

// What depends on which papers match: hiding the rest (one class on <main>), counts, groups, order.
function refreshFilter() {
  clearStatus(); // a count it gave ("102 papers shown") is stale now; afterFilter keeps others ("Hidden …")
  main.classList.toggle("kw-only", hiding());
  updateTypeCounts();
  afterFilter();
  floatMatches();
}

// Matching is a class per paper; marking the matched words changes the DOM, so it is done only for
// the matches that come near the view (as math is), and a query costs the same whatever it matches.
var markWatch = null;
function matchAll() {
  highlighted = !!query.match;
  unmark(main);
  if (markWatch) markWatch.disconnect();
  var hits = papers.filter(function (art) {
    var hit = !!query.match && query.match(fieldsOf(art));
    art.classList.toggle("kw-match", hit);
    return hit;
  });
  if (!query.marks || !hits.length) return;
  markWatch = whenNear(hits, markMatch);
}

function markMatch(art) {
  if (!art.classList.contains("kw-match")) return;
  // An entry with math waiting for KaTeX: typesetEntry (20-math.js) marks it once typeset (marking
  // now would replace the text nodes the typesetting is about to fill, and its math stay raw).
  if (art.classList.contains("m") && !art.classList.contains("typeset")) return;
  // A match among the names behind "et al." would be counted but not seen: show them.
  var rest = art.querySelector(".authors .rest");
  var names = query.marks.authors;
  if (rest && names && new RegExp(names.source, "i").test(fold(rest.textContent))) expandAuthors(art, false); // terms are folded
  markEntry(art, query.marks);
}

// A filter, category choice or type is narrowing the page (papers hidden with x alone do not: they
// are hidden before the first paint, and a count line appearing then would move the papers).
function viewNarrowed() {
  return !!query.match || !!chosen || !!excluded || typeFilter !== "all";
}

// "N of M shown": N is exactly the papers visible now (category choice, type and filter), M the
// papers of this page; with the rest kept, how many of them match comes first.
function updateKeywordCount() {
  var out = document.getElementById("kw-count");
  if (!out) return;
  if (!viewNarrowed()) { out.textContent = ""; return; }
  var visible = visiblePapers();
  var text = visible.length + " of " + papers.length + " shown" + (PAGED ? " on this page" : "");
  if (query.match && !filterHide) {
    text = visible.filter(function (a) { return a.classList.contains("kw-match"); }).length + " matching · " + text;
  }
  out.textContent = text;
}

// "Matches first" moves matching papers to the top of their group; the page's order comes back
// when it is turned off. Nothing moves (and focus is kept) when the order is already right.
function floatMatches() {
  var top = filterFirst && !!query.match && !filterHide;
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
  var input = document.getElementById("kw"), only = document.getElementById("kw-only"), top = document.getElementById("kw-top");
  readFilter(input, only, top);
  readType(bar);
  writeFilterView(input, top);
  bar.querySelector(".type-filter").addEventListener("change", function (e) {
    setType(e.target.value);
    setViewParam("show", typeFilter === "all" ? null : typeFilter);
  });
  var timer = null;
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      store.set(KEYS.kw, input.value.trim() ? input.value : null);
      setQuery(input.value);
      writeFilterView(input, top);
      highlightAll();
    }, 200);
  });
  only.addEventListener("change", function () {
    filterHide = top.disabled = only.checked;
    store.set(FILTER_KEEP, filterHide ? null : true);
    writeFilterView(input, top);
    refreshFilter();
  });
  top.addEventListener("change", function () {
    filterFirst = top.checked;
    store.set(KEYS.kwTop, top.checked || null);
    writeFilterView(input, top);
    floatMatches();
  });
  trackBarHeight(bar);
}

// The filter of this view: from the address (?f=, fm=) when it has one, else as stored.
function readFilter(input, only, top) {
  var view = viewParams(), fromLink = view.get("f"), fm = view.get("fm") || "";
  input.value = fromLink !== null ? fromLink : store.get(KEYS.kw, "") || "";
  filterHide = fromLink !== null ? !/^(mark|first)$/.test(fm) : !store.get(FILTER_KEEP, false);
  filterFirst = top.checked = fromLink !== null ? fm === "first" : !!store.get(KEYS.kwTop, false);
  only.checked = top.disabled = filterHide;
  setQuery(input.value);
}

// ?show=new|cross|replace: the type filter of this view (not stored: a type is chosen per visit).
function readType(bar) {
  var wanted = viewParams().get("show");
  var radio = wanted && TYPES.indexOf(wanted) > 0 && bar.querySelector(".type-filter input[value='" + wanted + "']");
  if (!radio || radio.disabled) return;
  radio.checked = true;
  typeFilter = wanted;
  main.dataset.show = wanted;
  afterFilter();
}

// The filter as it is now, in the address bar (?f=…&fm=…), so the view can be shared or bookmarked.
function writeFilterView(input, top) {
  var on = !!parseQuery(input.value);
  setViewParam("f", on ? input.value.trim() : null);
  setViewParam("fm", on && !filterHide ? (top.checked ? "first" : "mark") : null);
}
