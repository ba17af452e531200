// --- search (Pagefind, loaded on first use) ----------------------------------------------------------
var pagefind = null;
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
