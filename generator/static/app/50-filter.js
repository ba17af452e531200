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
