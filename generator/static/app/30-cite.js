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
    if (p.env) return p.tex; // an environment is math already, as written
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

// The facts a citation needs, as a plain object: made from an entry (or the paper page) here, or
// stored with a star (app/62-stars.js), so the starred view cites papers no longer on the page.
function entryFacts(art) {
  var f = factsOf(art);
  var abs = art.querySelector("a.abs");
  var v = art.dataset.version ? [0, art.dataset.version] : abs ? /v(\d+)\s*$/.exec(abs.textContent) : null;
  var doi = art.dataset.doi || (document.querySelector(".paper-page dd.doi a") || {}).textContent || "";
  return { id: idOf(art), version: v ? Number(v[1]) : 0, title: f.title, authors: f.authors, abstract: f.abstract,
    categories: categoriesOf(art), primary: primaryOf(art), doi: doi, date: art.dataset.date || pageDate(),
    v1: art.dataset.d || paperPageV1() };
}

// The paper page has no listing heading: its announcement day is the newest of "Announced", and v1's
// submission day is its citation_date (YYYY/MM/DD).
function paperPageDay() {
  var days = document.querySelectorAll(".paper-page dd.appeared a");
  return days.length ? days[days.length - 1].textContent.trim() : "";
}

function paperPageV1() {
  var meta = document.querySelector('meta[name="citation_date"]');
  return meta ? meta.getAttribute("content").replace(/\//g, "-") : "";
}

// The announcement day of the page: the first date in its heading (day pages: the h1; listings:
// the line under it), "" elsewhere.
function pageDate() {
  var head = document.querySelector(".listing-head");
  var m = head ? /\d{4}-\d{2}-\d{2}/.exec(head.textContent) : null;
  return m ? m[0] : paperPageDay();
}

function idYear(id) {
  var m = /^(\d{2})(\d{2})\./.exec(id) || /\/(\d{2})(\d{2})/.exec(id);
  return m ? (Number(m[1]) > 90 ? "19" : "20") + m[1] : "";
}

function bibtex(art) { return bibtexOf(entryFacts(art)); }

// f: { id, title, authors (the comma-separated list as listed), primary, doi }.
function bibtexOf(f) {
  var id = f.id;
  var year = idYear(id);
  var title = f.title;
  var authors = authorList(f.authors);
  var words = splitMath(title).filter(function (p) { return !("tex" in p); }).map(function (p) { return p.text; }).join(" ")
    .split(/[^A-Za-z0-9\u00c0-\u024f]+/).map(ascii).filter(function (w) { return w && STOP.indexOf(w) < 0; });
  var key = (ascii(surname(authors[0] || "")) || "anon") + year + (words.slice(0, 2).join("") || "paper");
  var doi = f.doi;
  return "@misc{" + key + ",\n" +
    "      title={" + balanced(texText(title)) + "},\n" +
    "      author={" + balanced(texText(authors.map(bibName).join(" and "))) + "},\n" +
    "      year={" + year + "},\n" +
    "      eprint={" + id + "},\n" +
    "      archivePrefix={arXiv},\n" +
    "      primaryClass={" + f.primary + "},\n" +
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
