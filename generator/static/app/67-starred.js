// --- the Starred view (starred/): the reading list, made from the facts stored at star time ---------
// The page is an empty shell (templates/starred.html); entries look like listing entries, so the
// same keys (j/k, s, x, o, p) and controls (BibTeX, Star) work on them.
function starredEntry(f) {
  var cats = (f.categories && f.categories.length ? f.categories : [f.primary]).filter(Boolean);
  var abs = "https://arxiv.org/abs/" + f.id;
  var meta = el("p", { class: "meta" }, [el("b", { text: f.primary || cats[0] || "" })]);
  cats.slice(1).forEach(function (c) { meta.append(" " + c); });
  meta.append(" ", el("a", { class: "abs", href: abs, text: "arXiv:" + f.id + (f.version ? "v" + f.version : "") }));
  if (f.date) meta.append(el("span", { class: "listed", text: " · listed " + f.date }));
  var links = el("p", { class: "links" }, [el("a", { class: "pdf", href: "https://arxiv.org/pdf/" + f.id, text: "pdf" }), " ",
    el("a", { href: "https://arxiv.org/html/" + f.id, text: "html" }), " ", el("button", { type: "button", class: "bib", text: "BibTeX" })]);
  var art = el("article", { class: "paper", id: "p-" + f.id.replace(/\//g, "_"), "data-id": f.id, "data-type": "new",
    "data-categories": cats.join(" ") }, [meta, el("h3", {}, [el("a", { href: abs, text: f.title })]),
    el("p", { class: "authors all", text: f.authors }), el("p", { class: "abstract", text: f.abstract }), links]);
  if (f.doi) art.dataset.doi = f.doi;
  if (f.v1) art.dataset.d = f.v1;
  if (f.date) art.dataset.date = f.date;
  if (/\$|\\\(|\\\[/.test(f.title + f.abstract)) art.classList.add("m");
  viewFacts.set(art, f);
  queued.add(art);
  return art;
}

// Most recently starred first.
function fillStarred() {
  var box = document.getElementById("starred-list");
  if (!box) return;
  var list = starredList().reverse();
  var entries = list.map(starredEntry);
  box.replaceChildren.apply(box, entries);
  papers.length = 0;
  papers.push.apply(papers, entries);
  watchReading(entries);
  var count = document.getElementById("starred-count");
  count.textContent = list.length ? list.length + (list.length === 1 ? " starred paper" : " starred papers") :
    "No starred papers yet: press s on a paper, or its Star button, on any listing.";
  document.querySelectorAll(".star-tools button").forEach(function (b) { b.disabled = !list.length; });
  updateHiddenCount();
}

function updateHiddenCount() {
  var b = document.getElementById("unhide-all");
  if (!b) return;
  var n = Object.keys(readingSet(KEYS.hidden)).length;
  b.textContent = "Unhide all hidden papers (" + n + ")";
  b.disabled = !n;
}

function unhideAll() {
  readingState[KEYS.hidden] = {};
  saveReading(KEYS.hidden);
  document.querySelectorAll(".paper.is-hidden").forEach(function (a) { a.classList.remove("is-hidden"); });
  updateHiddenCount();
  status("No paper is hidden now");
}

function wireStarredView() {
  if (!document.getElementById("starred-list")) return;
  document.querySelectorAll("[data-export]").forEach(function (b) {
    b.addEventListener("click", function () { exportStarred(b.dataset.export); });
  });
  document.getElementById("copy-links").addEventListener("click", copyLinks);
  document.getElementById("export-state").addEventListener("click", exportState);
  document.getElementById("unhide-all").addEventListener("click", unhideAll);
  wireStateFile(document.getElementById("import-state"));
  fillStarred();
}
