// --- reading state: stars, seen and hidden papers, kept in this browser (no account, no server) ------
// digest.stars   { "<id>": facts } in star order: everything the starred view and its exports need
//                (entryFacts in app/30-cite.js), stored at star time, so they still work once the
//                paper has left every page of the site.
// digest.seen    { "<id>": 1 } papers scrolled past or opened; digest.hidden { "<id>": 1 } hidden with x.
// Seen and hidden keep the newest READING_CAP ids (oldest dropped first): years of screening stay
// far below the few MB localStorage allows, and static/theme.js reads the hidden ones on every page
// (to hide them before the first paint), so they are kept fewer. Export/import: app/66-export.js.
KEYS.stars = "digest.stars";
KEYS.seen = "digest.seen";
KEYS.hidden = "digest.hidden";
KEYS.lastDay = "digest.lastDay";
var READING_KEYS = [KEYS.stars, KEYS.seen, KEYS.hidden, KEYS.lastDay];
var READING_CAP = {};
READING_CAP[KEYS.seen] = 20000;
READING_CAP[KEYS.hidden] = 5000;
var readingState = {};
var viewFacts = new Map(); // entries the views made from stored facts -> those facts

function readingSet(key) {
  var v = readingState[key];
  if (!v) {
    v = store.get(key, {});
    if (!v || typeof v !== "object" || Array.isArray(v)) v = {}; // a hand-edited value: start afresh
    readingState[key] = v;
  }
  return v;
}

function saveReading(key) {
  var v = readingSet(key);
  var ids = Object.keys(v);
  var cap = READING_CAP[key];
  if (cap && ids.length > cap) {
    ids.slice(0, ids.length - cap).forEach(function (id) { delete v[id]; });
  }
  store.set(key, v);
}

function inSet(key, id) { return Object.prototype.hasOwnProperty.call(readingSet(key), id); }

// Another tab changed the state: read it again on next use instead of writing back a stale copy.
function watchOtherTabs() {
  window.addEventListener("storage", function (e) {
    if (READING_KEYS.indexOf(e.key) < 0) return;
    delete readingState[e.key];
    delete memory[e.key];
  });
}

// --- stars -----------------------------------------------------------------------------------------
function starFacts(art) { return viewFacts.get(art) || entryFacts(art); }

function starredList() {
  var all = readingSet(KEYS.stars);
  return Object.keys(all).map(function (id) { return all[id]; });
}

function toggleStar(art) {
  var id = idOf(art);
  if (!id) return;
  var all = readingSet(KEYS.stars);
  var on = !inSet(KEYS.stars, id);
  if (on) {
    var f = starFacts(art);
    f.starred = new Date().toISOString();
    all[id] = f;
  } else {
    delete all[id];
  }
  saveReading(KEYS.stars);
  showStar(art, on);
  status((on ? "Starred " : "Unstarred ") + id + " (" + Object.keys(all).length + " starred)");
}

// The control sits at the end of the entry's links line, added when the entry first comes into
// view (app/64-seen.js): the listing's markup stays lean and the line does not grow.
function starButton() {
  return el("button", { type: "button", class: "star", "aria-pressed": "false", title: "Star (s): keep it in your reading list" },
    ["Star"]);
}

function showStar(art, on) {
  art.classList.toggle("starred", on);
  var b = art.querySelector("button.star");
  if (!b) return;
  b.setAttribute("aria-pressed", String(on));
  b.textContent = on ? "Starred" : "Star";
}

function onStarClick(e) {
  var b = e.target.closest && e.target.closest("button.star");
  if (b && b.closest("article")) toggleStar(b.closest("article"));
}
