// --- seen markers, hiding, and the last visit ---------------------------------------------------
// One IntersectionObserver over the entries: an entry coming into view gets its star control and
// its marks; one that was in view and leaves through the top (scrolled past) is marked seen, and so
// is one whose links are opened. Nothing is done per paper at load.
var sighted = new WeakSet();
var queued = new WeakSet(); // catch-up entries (app/68-catchup.js): typeset here as they come into view
var readingObserver = null;
var seenSave = null;

shortcut(["s"], "s", "star or unstar the paper (see Starred)", function () { withTarget(toggleStar); });
shortcut(["x"], "x", "hide the paper, for good (x again on a shown hidden one: unhide)", function () { withTarget(toggleHidden); });
shortcut(["X"], "X", "show or stop showing the papers you hid", function () { toggleShowHidden(); });

function withTarget(fn) {
  var art = target();
  if (art) fn(art);
  else status("No paper selected: press j to go to the first one");
}

function watchReading(list) {
  if (!window.IntersectionObserver) { list.slice(0, 200).forEach(decorate); return; }
  readingObserver = readingObserver || new IntersectionObserver(onSight);
  list.forEach(function (art) { readingObserver.observe(art); });
}

function onSight(changes) {
  changes.forEach(function (c) {
    var art = c.target;
    if (c.isIntersecting) decorate(art);
    else if (sighted.has(art) && c.boundingClientRect.bottom <= (c.rootBounds ? c.rootBounds.top : 0)) markSeen(art);
  });
}

function decorate(art) {
  if (sighted.has(art)) return;
  sighted.add(art);
  var id = idOf(art);
  var links = art.querySelector("p.links");
  if (links && !links.querySelector("button.star")) links.append(" ", starButton());
  showStar(art, inSet(KEYS.stars, id));
  if (inSet(KEYS.seen, id)) art.classList.add("seen");
  if (queued.has(art) && art.classList.contains("m") && !art.classList.contains("typeset")) typesetEntry(art);
}

function markSeen(art) {
  var id = idOf(art);
  if (!id || inSet(KEYS.seen, id)) return;
  readingSet(KEYS.seen)[id] = 1;
  art.classList.add("seen");
  // Scrolling marks many at once: one write a second, and one when the page goes away.
  if (!seenSave) seenSave = window.setTimeout(flushSeen, 1000);
}

function flushSeen() {
  window.clearTimeout(seenSave);
  seenSave = null;
  saveReading(KEYS.seen);
}

function onOpen(e) {
  var a = e.target.closest && e.target.closest("a[href]");
  var art = a && a.closest("article.paper");
  if (!art) return;
  markSeen(art);
  flushSeen(); // the page may be going away

}

// --- hidden ------------------------------------------------------------------------------------------
// At load this walks the hidden ids (not the papers): one lookup by element id each.
function applyHidden() {
  var any = false;
  Object.keys(readingSet(KEYS.hidden)).forEach(function (id) {
    var art = document.getElementById("p-" + id.replace(/\//g, "_"));
    if (art && art.classList.contains("paper")) { art.classList.add("is-hidden"); any = true; }
  });
  // A filter's counts ("N of M shown", the type counts) were made before the class was set. Without
  // a filter the page's own counts stay as rendered: changing them now would move the bar.
  if (any && papers.length && viewNarrowed()) { updateTypeCounts(); afterFilter(); }
  // static/theme.js hid them by id before the first paint; the class does it from here on.
  var early = window.digestHiddenSheet;
  if (early) document.adoptedStyleSheets = document.adoptedStyleSheets.filter(function (s) { return s !== early; });
}

function toggleHidden(art) {
  var id = idOf(art);
  if (!id || art === paperPage) return;
  var on = !art.classList.contains("is-hidden");
  var list = visiblePapers();
  var next = list[list.indexOf(art) + 1] || list[list.indexOf(art) - 1];
  if (on) readingSet(KEYS.hidden)[id] = 1;
  else delete readingSet(KEYS.hidden)[id];
  saveReading(KEYS.hidden);
  art.classList.toggle("is-hidden", on);
  if (on) markSeen(art);
  if (on && next && !html.classList.contains("show-hidden")) setCurrent(next);
  status(on ? "Hidden " + id + ": press X to show hidden papers" : "Shown again: " + id);
  if (papers.length) { updateTypeCounts(); afterFilter(); }
}

function toggleShowHidden() {
  var on = html.classList.toggle("show-hidden");
  var n = Object.keys(readingSet(KEYS.hidden)).length;
  status(on ? "Showing hidden papers (" + n + " hidden in all; x on one unhides it)" : "Hidden papers are hidden again");
  if (papers.length) { updateTypeCounts(); afterFilter(); }
}

// --- the last visit -------------------------------------------------------------------------------
// "Your last visit" is the newest announcement day this browser had opened before this visit, a
// visit being one browser tab session (sessionStorage). The first page of a session copies the
// stored newest-opened day as the session's baseline, so the catch-up queue stays the same when
// reloaded or revisited within the session; every day or listing page opened moves the stored day
// forward (never back: opening an old day does not reset it).
var SINCE_SESSION = "digest.sinceBaseline";

function sessionValue(key, value) {
  try {
    if (value === undefined) return window.sessionStorage.getItem(key);
    window.sessionStorage.setItem(key, value);
  } catch (e) { /* no session storage: every page is a new visit */ }
  return null;
}

function noteVisit() {
  if (sessionValue(SINCE_SESSION) === null) sessionValue(SINCE_SESSION, store.get(KEYS.lastDay, "") || "");
  var day = pageDate();
  if (day && papers.length) noteDay(day);
}

function noteDay(day) {
  if (day > (store.get(KEYS.lastDay, "") || "")) store.set(KEYS.lastDay, day);
}

function lastVisit() {
  var base = sessionValue(SINCE_SESSION);
  return base === null ? store.get(KEYS.lastDay, "") || "" : base;
}
