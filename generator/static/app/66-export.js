// --- exports of the starred papers, and of the whole reading state ----------------------------------
// Files are made in the browser (Blob + a[download]): nothing is sent anywhere. Each works from the
// stored facts (app/62-stars.js), so papers no longer on any page still export.
var EXPORTS = {
  bibtex: { ext: "bib", type: "application/x-bibtex", make: function (list) { return list.map(bibtexOf).join("\n"); } },
  ris: { ext: "ris", type: "application/x-research-info-systems", make: function (list) { return list.map(risOf).join(""); } },
  csl: { ext: "json", type: "application/vnd.citationstyles.csl+json",
    make: function (list) { return JSON.stringify(list.map(cslOf), null, 2) + "\n"; } }
};

// The v1 submission day (YYYY-MM-DD) when known, else the id's year and month.
function dateParts(f) {
  if (f.v1) return f.v1.split("-").map(Number);
  var m = /^(\d{2})(\d{2})\./.exec(f.id) || /\/(\d{2})(\d{2})/.exec(f.id);
  return m ? [Number(idYear(f.id)), Number(m[2])] : [];
}

// "Ada King, Jr." -> family "King", given "Ada", suffix "Jr."; a collaboration stays one literal name.
function nameParts(name) {
  if (GROUP.test(name)) return { literal: name };
  var parts = name.replace(/,\s*/g, " ").split(/\s+/).filter(Boolean);
  var suffix = parts.length > 2 && SUFFIX.test(parts[parts.length - 1]) ? parts.pop() : "";
  var family = parts.pop() || name;
  var out = { family: family, given: parts.join(" ") };
  if (suffix) out.suffix = suffix;
  return out;
}

function oneLine(s) { return String(s || "").replace(/\s+/g, " ").trim(); }

function risOf(f) {
  var d = dateParts(f);
  var lines = [["TY", "UNPB"], ["TI", oneLine(f.title)]];
  authorList(f.authors).forEach(function (a) {
    var n = nameParts(a);
    lines.push(["AU", n.literal || n.family + (n.given ? ", " + n.given : "") + (n.suffix ? ", " + n.suffix : "")]);
  });
  if (d.length) lines.push(["PY", String(d[0])], ["DA", d.map(function (x) { return String(x).padStart(2, "0"); }).join("/")]);
  lines.push(["AB", oneLine(f.abstract)], ["PB", "arXiv"], ["AN", "arXiv:" + f.id], ["UR", "https://arxiv.org/abs/" + f.id]);
  if (f.doi) lines.push(["DO", f.doi]);
  (f.categories || []).forEach(function (c) { lines.push(["KW", c]); });
  return lines.map(function (l) { return l[0] + "  - " + l[1] + "\r\n"; }).join("") + "ER  - \r\n";
}

function cslOf(f) {
  var item = { id: "arXiv:" + f.id, type: "article", title: f.title, author: authorList(f.authors).map(nameParts),
    publisher: "arXiv", number: "arXiv:" + f.id, URL: "https://arxiv.org/abs/" + f.id, abstract: f.abstract };
  var d = dateParts(f);
  if (d.length) item.issued = { "date-parts": [d] };
  if (f.doi) item.DOI = f.doi;
  if (f.version) item.version = "v" + f.version;
  return item;
}

function download(name, type, text) {
  var url = URL.createObjectURL(new Blob([text], { type: type }));
  var a = el("a", { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
}

function exportStarred(kind) {
  var list = starredList();
  if (!list.length) { status("Nothing starred yet: press s on a paper, or use its Star button"); return; }
  var x = EXPORTS[kind];
  download("starred-papers." + x.ext, x.type, x.make(list));
  status(list.length + " starred papers exported");
}

function copyText(text, done) {
  if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, function () { showText(text); });
  else showText(text);
}

// No clipboard (plain http, or refused): the text in a selected box to copy by hand.
function showText(text) {
  var box = document.getElementById("copy-box");
  box.hidden = false;
  box.value = text;
  box.focus();
  box.select();
}

function copyLinks() {
  var list = starredList();
  var text = list.map(function (f) { return "https://arxiv.org/abs/" + f.id; }).join("\n") + (list.length ? "\n" : "");
  copyText(text, function () { status(list.length + " links copied"); });
}

// --- the reading state as one file, to move it to another browser or device -------------------------
var STATE_FORMAT = "arxiv-digest-reading-state";

function exportState() {
  var state = { format: STATE_FORMAT, version: 1, exported: new Date().toISOString() };
  state.stars = readingSet(KEYS.stars);
  state.seen = Object.keys(readingSet(KEYS.seen));
  state.hidden = Object.keys(readingSet(KEYS.hidden));
  state.lastDay = store.get(KEYS.lastDay, "") || "";
  download("reading-state.json", "application/json", JSON.stringify(state) + "\n");
  status("Reading state exported: " + Object.keys(state.stars).length + " stars, " + state.hidden.length + " hidden");
}

// A star from a file is only what a star made here holds, each field of its own type: a hand-edited
// or foreign file cannot leave a null name or an object title for the exports to trip over.
var FACT_TEXT = ["id", "title", "authors", "abstract", "primary", "doi", "date", "v1"];
function cleanFacts(f) {
  if (!f || typeof f !== "object" || typeof f.id !== "string" || !/^[\w.\/-]+$/.test(f.id)) return null;
  var out = {};
  FACT_TEXT.forEach(function (k) { out[k] = typeof f[k] === "string" || typeof f[k] === "number" ? String(f[k]) : ""; });
  out.version = Number.isInteger(f.version) && f.version > 0 ? f.version : 0;
  out.categories = Array.isArray(f.categories) ? f.categories.filter(function (c) { return typeof c === "string"; }) : [];
  if (!/^\d{4}-\d{2}-\d{2}$/.test(out.date)) out.date = "";
  if (!/^\d{4}-\d{2}-\d{2}$/.test(out.v1)) out.v1 = "";
  return out;
}

// Merged into what this browser has (nothing here is lost): stars by id, seen and hidden as sets,
// the newer last day.
function importState(text) {
  var s;
  try { s = JSON.parse(text); } catch (e) { s = null; }
  if (!s || s.format !== STATE_FORMAT || typeof s.stars !== "object") { status("Not a reading-state file of this site"); return false; }
  var stars = readingSet(KEYS.stars);
  Object.keys(s.stars || {}).forEach(function (id) {
    var f = cleanFacts(s.stars[id]);
    if (f && f.id === id) stars[id] = f;
  });
  [[KEYS.seen, s.seen], [KEYS.hidden, s.hidden]].forEach(function (pair) {
    var set = readingSet(pair[0]);
    (Array.isArray(pair[1]) ? pair[1] : []).forEach(function (id) { if (typeof id === "string") set[id] = 1; });
  });
  READING_KEYS.slice(0, 3).forEach(saveReading);
  if (typeof s.lastDay === "string" && /^\d{4}-\d{2}-\d{2}$/.test(s.lastDay)) noteDay(s.lastDay);
  status("Reading state imported: " + Object.keys(stars).length + " stars");
  return true;
}

function wireStateFile(input) {
  input.addEventListener("change", function () {
    var file = input.files && input.files[0];
    if (!file) return;
    file.text().then(function (text) {
      if (importState(text)) fillStarred();
      input.value = "";
    });
  });
}
