// --- search (Pagefind, loaded on first use) ----------------------------------------------------------
var pagefind = null;
// Papers per category filter, from shards.json: Pagefind's counts of merged indexes add up the
// records, one per day a paper was announced on.
var searchPapers = {};
// The index is one Pagefind bundle per announcement day (pagefind/shards.json, newest first): the
// newest is loaded and the others merged into it (they reuse its wasm), so a new day indexes itself only.
function loadPagefind() {
  if (!pagefind) {
    var base = new URL(ROOT + "pagefind/", location.href).href;
    var baseUrl = new URL(ROOT, location.href).pathname;
    pagefind = fetch(base + "shards.json").then(function (r) {
      if (!r.ok) throw new Error("no search index");
      return r.json();
    }).then(function (list) {
      var shards = (list && list.shards) || [];
      searchPapers = (list && list.papers) || {};
      if (!shards.length) throw new Error("empty search index");
      return import(base + shards[0] + "/pagefind.js").then(function (pf) {
        // An index without the searched word answers with its longest prefix (Pagefind's backoff,
        // Pagefind/pagefind#315), and scores of merged indexes are compared as they are: a strong
        // term-similarity weight ranks such stand-ins below real matches from another day's shard.
        var opts = { baseUrl: baseUrl, ranking: { termSimilarity: 10 } };
        return pf.options(opts).then(function () {
          return Promise.all(shards.slice(1).map(function (s) { return pf.mergeIndex(base + s + "/", opts); }));
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

// An arXiv id typed alone (2606.23927, 2606.23927v2, arXiv:2606.23927, hep-th/9901001) or pasted as
// an arXiv address (https://arxiv.org/abs/2606.23927v2, arxiv.org/pdf/2606.23927.pdf): the bare id.
var ID_QUERY = /^\s*(?:arxiv:\s*|(?:https?:\/\/)?(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf|html)\/)?((?:\d{4}\.\d{4,5})|(?:[a-z][a-z-]*(?:\.[a-z]{2})?\/\d{7}))(?:v\d+)?(?:\.pdf)?\/?\s*$/i;
function idQuery(text) {
  var m = ID_QUERY.exec(text || "");
  if (!m) return null;
  var id = m[1];
  var slash = id.indexOf("/");
  if (slash < 0) return id;
  // Old style: the archive is lower case, a subject class upper case (math.AG/0101001).
  var arch = id.slice(0, slash).split(".");
  return arch[0].toLowerCase() + (arch[1] ? "." + arch[1].toUpperCase() : "") + id.slice(slash);
}

// Its page on this site, or null when the site has none (asked with HEAD: static hosting answers 404).
function paperPageOf(id) {
  var home = document.querySelector("a.site-title");
  var ix = home && /index\.html$/.test(home.getAttribute("href")) ? "index.html" : "";
  var url = new URL(ROOT + "arxiv/" + id.replace("/", "_") + "/" + ix, location.href).href;
  if (location.protocol === "file:") return Promise.resolve(url); // nothing to ask: go and see
  return fetch(url, { method: "HEAD" }).then(function (r) { return r.ok ? url : null; }, function () { return null; });
}

var SEARCH_PAGE = 25;

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
  var more = el("button", { type: "button", class: "search-more", hidden: true });
  var close = el("button", { type: "button", text: "Close search" });
  results.append(heading, filters, summary, list, more, el("p", {}, [close]));
  if (main) main.prepend(results);

  var filtersLoaded = false;
  function prepare() {
    return loadPagefind().then(function (pf) {
      if (filtersLoaded) return pf;
      filtersLoaded = true;
      return pf.filters().then(function (f) {
        var counts = searchPapers.category || {};
        Object.keys(f.category || {}).sort().forEach(function (k) {
          cat.append(el("option", { value: k, text: k + " (" + (k in counts ? counts[k] : f.category[k]) + ")" }));
        });
        Object.keys(f.day || {}).sort().reverse().forEach(function (k) { day.append(el("option", { value: k, text: k })); });
        wanted.forEach(function (w) { w[0].value = w[1]; });
        return pf;
      });
    });
  }
  // ?category= and ?day= from the address, set once their options exist.
  var params = viewParams();
  var wanted = [[cat, params.get("category") || ""], [day, params.get("day") || ""]];

  // One search's results, shown SEARCH_PAGE at a time: each "more" loads the next page's data only.
  var seq = 0, hits = [], next = 0, seen = {}, dupes = 0, prefix = null;
  // A day's shard without the searched word answers with the longest prefix it has ("artery" finds
  // "a": Pagefind/pagefind#315), and merged scores are not comparable (Pagefind/pagefind#796): over
  // the day shards one real "Mallory" came 58th, under 57 stand-ins. A single word is searched
  // quoted (Pagefind still stems it: "models" finds "model", but never backs off to a prefix); when
  // that finds nothing (a word still being typed: "diffusi"), the plain search answers, and of its
  // results only those whose matched words start with the word are shown ("Hinton", in no paper,
  // found "HiLO" and three more by their "Hi").
  function searchShards(pf, term, filters) {
    var single = !!term && /^[^\s"()|:,-][^\s"()|:,]*$/.test(term);
    if (!single) return pf.debouncedSearch(term || null, { filters: filters }, 250);
    return pf.debouncedSearch('"' + term + '"', { filters: filters }, 250).then(function (res) {
      if (!res || res.results.length) return res;
      return pf.search(term, { filters: filters }).then(function (plain) {
        if (plain) plain.prefix = fold(term);
        return plain;
      });
    });
  }
  function startsWithPrefix(d) {
    var marked = /<mark>([^<]*)<\/mark>/g, m;
    while ((m = marked.exec(d.excerpt || ""))) if (fold(m[1]).indexOf(prefix) === 0) return true;
    return false;
  }
  // A paper announced on two days is in two day shards: it is shown once, and a page is topped up
  // from the next results until it holds SEARCH_PAGE papers. Until every result's data is loaded the
  // total can still hold such repeats, so it is given as "up to"; it is exact once all are loaded.
  function showMore(mine, want) {
    want = want || SEARCH_PAGE;
    var batch = hits.slice(next, next + want);
    next += batch.length;
    more.disabled = true;
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (items) {
      if (mine !== seq) return;
      items = items.filter(function (d) {
        var again = seen[d.url] || (prefix !== null && !startsWithPrefix(d));
        seen[d.url] = true;
        if (again) dupes++;
        return !again;
      });
      var added = items.map(resultItem);
      list.append.apply(list, added);
      added.forEach(function (li) { typeset(li); });
      if (items.length < want && next < hits.length) return showMore(mine, want - items.length);
      countResults();
    });
  }
  function countResults() {
    var total = hits.length - dupes;
    var left = hits.length - next;
    summary.textContent = !total && left <= 0 ? "No paper matches." : (left > 0 ? "up to " : "") + total + (total === 1 ? " paper" : " papers") +
      (left > 0 ? " (" + list.children.length + " shown)" : "");
    more.hidden = left <= 0;
    more.disabled = false;
    more.textContent = "Show more (" + left + " results not shown yet)";
  }
  function resultItem(d) {
    var a = el("a", { href: d.url, text: (d.meta && d.meta.title) || d.url });
    var title = el("span", { class: "paper-title" }, [a]);
    var p = el("p", { class: "excerpt abstract" }, cleanExcerpt(d.excerpt || ""));
    return el("li", {}, [title, p]);
  }
  function reflect(term) {
    setViewParam("q", term || null);
    setViewParam("category", cat.value || null);
    setViewParam("day", day.value || null);
  }
  function run(jump) {
    var term = q.value.trim();
    var filters = {};
    if (cat.value) filters.category = cat.value;
    if (day.value) filters.day = day.value;
    if (!term && !cat.value && !day.value) { results.hidden = true; reflect(""); return; }
    reflect(term);
    var mine = ++seq;
    results.hidden = false;
    more.hidden = true;
    var id = idQuery(term);
    if (id) { findId(id, jump, mine); return; }
    summary.textContent = "Searching…";
    prepare().then(function (pf) {
      return searchShards(pf, term, filters);
    }).then(function (res) {
      if (!res || mine !== seq) return null;
      hits = res.results; next = 0; seen = {}; dupes = 0; prefix = res.prefix === undefined ? null : res.prefix;
      list.replaceChildren();
      return showMore(mine);
    }).catch(function () {
      summary.textContent = "Search is unavailable here (it needs the site served over http and its index built).";
    });
  }
  // An id goes to its paper's page on Enter (jump = "assign") or from ?q= ("replace"); while typing
// (jump = false) it only says where it would go.
  function findId(id, jump, mine) {
    list.replaceChildren();
    summary.textContent = "Looking for arXiv:" + id + "…";
    paperPageOf(id).then(function (url) {
      if (mine !== seq) return;
      if (url && jump) { summary.textContent = "Going to arXiv:" + id + "…"; location[jump](url); return; }
      if (url) summary.replaceChildren("arXiv:" + id + " is on this site: ", el("a", { href: url, text: "its page" }), " (Enter goes there).");
      else summary.replaceChildren("arXiv:" + id + " is not on this site. ", el("a", { href: "https://arxiv.org/abs/" + id, text: "Open it on arXiv" }), ".");
    });
  }
  q.addEventListener("input", function () { run(false); });
  q.addEventListener("focus", function () { prepare().catch(function () {}); }, { once: true });
  cat.addEventListener("change", function () { run(false); });
  day.addEventListener("change", function () { run(false); });
  more.addEventListener("click", function () { showMore(seq); });
  form.addEventListener("submit", function (e) { e.preventDefault(); run("assign"); });
  close.addEventListener("click", function () { results.hidden = true; q.value = ""; reflect(""); q.focus(); });
  q.addEventListener("keydown", function (e) { if (e.key === "Escape") { results.hidden = true; } });
  // index.html?q=… (what the form gives without the script, or a shared search) runs on load.
  var asked = params.get("q");
  if (asked || wanted[0][1] || wanted[1][1]) {
    q.value = asked || "";
    // From the address: going to an id's page replaces this one, so Back skips the redirect.
    if (wanted[0][1] || wanted[1][1]) prepare().then(function () { run("replace"); }, function () { run("replace"); });
    else run("replace");
  }
}
