// --- "since your last visit" (since/): every day since then, merged into one queue ----------------
// The queue is made from what the site already publishes: days/days.json names the days, and each
// day's pages (days/<date>/, split into pages by nav.pager) hold its entries, read with DOMParser.
// So it costs the site no bytes. A paper listed on several of those days (a replacement) is shown
// once, at its newest version. At most data-max-days days are fetched, the newest; the view says so.
var CATCHUP_STEP = 100; // entries put on the page at a time ("Show more" adds the next ones)

function getText(url) {
  return fetch(url).then(function (r) {
    if (!r.ok) throw new Error(url + ": HTTP " + r.status);
    return r.text();
  });
}

// Our own markup, still parsed inert and cleaned before it joins the page (as FAQs are, app/40-faq.js);
// links are made absolute, since they were relative to the day's page.
function adoptEntry(art, url, day) {
  art.querySelectorAll("script, style, iframe, object, embed").forEach(function (n) { n.remove(); });
  [art].concat(Array.from(art.querySelectorAll("*"))).forEach(function (n) {
    Array.from(n.attributes).forEach(function (a) { if (/^on/i.test(a.name)) n.removeAttribute(a.name); });
  });
  art.querySelectorAll("a[href]").forEach(function (a) {
    var href = new URL(a.getAttribute("href"), url).href;
    a.setAttribute("href", /^https?:/i.test(href) ? href : "#");
  });
  art = document.adoptNode(art);
  art.dataset.date = day;
  return art;
}

function dayPage(url, day) {
  return getText(url).then(function (text) {
    var doc = new DOMParser().parseFromString(text, "text/html");
    var entries = Array.from(doc.querySelectorAll("main article.paper")).map(function (a) { return adoptEntry(a, url, day); });
    var more = Array.from(doc.querySelectorAll("nav.pager .pager-pages a[href]")).map(function (a) { return new URL(a.getAttribute("href"), url).href; });
    return { entries: entries, more: more };
  });
}

// Every page of one day: the first names the others.
function loadDay(d) {
  var first = new URL(ROOT + d[1] + "index.html", document.baseURI).href;
  return dayPage(first, d[0]).then(function (page) {
    var rest = page.more.filter(function (u, i, all) { return u !== first && all.indexOf(u) === i; });
    return Promise.all(rest.map(function (u) { return dayPage(u, d[0]); })).then(function (pages) {
      return page.entries.concat.apply(page.entries, pages.map(function (p) { return p.entries; }));
    });
  });
}

function entryVersion(art) {
  var m = /v(\d+)\s*$/.exec((art.querySelector("a.abs") || {}).textContent || "");
  return m ? Number(m[1]) : 0;
}

// One entry per paper: the newest version, then the latest day; in day order, as each day listed them.
function mergeQueue(lists) {
  var best = new Map();
  lists.forEach(function (list) {
    list.forEach(function (art) {
      var id = idOf(art), had = best.get(id);
      if (!had || entryVersion(art) > entryVersion(had) || (entryVersion(art) === entryVersion(had) && art.dataset.date >= had.dataset.date)) best.set(id, art);
    });
  });
  var keep = new Set(best.values());
  return [].concat.apply([], lists).filter(function (art) { return keep.has(art); });
}

// The reader's category choice, as on the home page (app/55-picker.js), when there is one.
function chosenOnly(list) {
  if (typeof loadChoice !== "function" || typeof catVisible !== "function") return list;
  loadChoice();
  return chosen ? list.filter(catVisible) : list;
}

function catchUpDays(all, since, max) {
  var days = since ? all.filter(function (d) { return d[0] > since; }) : all.slice(-1);
  return { days: days.slice(-max), left: days.slice(0, Math.max(0, days.length - max)) };
}

function catchUp(box) {
  var asked = new URLSearchParams(window.location.search).get("since");
  var since = asked || lastVisit();
  var max = Number(box.dataset.maxDays) || 7;
  var say = document.getElementById("since-summary");
  var field = document.getElementById("since-date");
  if (field && since) field.value = since;
  say.textContent = "Loading…";
  getText(box.dataset.days).then(function (text) {
    var pick = catchUpDays(JSON.parse(text).days || [], since, max);
    return Promise.all(pick.days.map(loadDay)).then(function (lists) {
      var queue = chosenOnly(mergeQueue(lists));
      say.textContent = queueSummary(pick, since, !asked, queue, lists);
      if (pick.days.length) noteDay(pick.days[pick.days.length - 1][0]);
      showQueue(box, queue);
    });
  }).catch(function (e) { say.textContent = "The days could not be loaded (" + e.message + ")."; });
}

function queueSummary(pick, since, visit, queue, lists) {
  var listed = lists.reduce(function (n, l) { return n + l.length; }, 0);
  var from = !since ? "First visit: the newest day only" : "After " + since + (visit ? " (the newest day you had opened)" : "");
  if (!pick.days.length) return from + ": nothing new, you are up to date.";
  var text = from + ": " + queue.length + " papers from " + pick.days.length + (pick.days.length === 1 ? " day" : " days") +
    " (" + pick.days[0][0] + (pick.days.length > 1 ? " to " + pick.days[pick.days.length - 1][0] : "") + ")";
  if (listed > queue.length) text += ", each paper once (" + listed + " listings)";
  if (typeof chosen !== "undefined" && chosen) text += ", in your chosen categories";
  if (pick.left.length) text += ". " + pick.left.length + " older days are not included (at most " + pick.days.length + " days are fetched): see all days";
  return text + ".";
}

function showQueue(box, queue) {
  var more = document.getElementById("since-more");
  var at = 0, day = "";
  function next() {
    var slice = queue.slice(at, at + CATCHUP_STEP);
    at += slice.length;
    slice.forEach(function (art) {
      queued.add(art);
      if (inSet(KEYS.hidden, idOf(art))) art.classList.add("is-hidden");
      if (art.dataset.date !== day) box.append(el("h2", { class: "queue-day", text: (day = art.dataset.date) }));
      box.append(art);
    });
    papers.push.apply(papers, slice);
    watchReading(slice);
    more.hidden = at >= queue.length;
    more.textContent = "Show " + Math.min(CATCHUP_STEP, queue.length - at) + " more (" + (queue.length - at) + " left)";
  }
  more.addEventListener("click", next);
  next();
}

// --- wiring of the reading tools (stars, seen, hidden, the two views) -----------------------------------
// Only the listeners go into start-up's task; the rest runs in a task of its own, so it never
// lengthens the page's longest task (hidden papers are already kept from painting by static/theme.js).
function initReading() {
  document.addEventListener("click", onStarClick);
  document.addEventListener("click", onOpen, true);
  document.addEventListener("auxclick", onOpen, true);
  window.addEventListener("pagehide", function () { if (seenSave) flushSeen(); });
  window.setTimeout(startReading, 0);
}

function startReading() {
  watchOtherTabs();
  applyHidden();
  noteVisit();
  if (papers.length) watchReading(papers);
  wireStarredView();
  var queue = document.getElementById("since-list");
  if (queue) catchUp(queue);
  html.classList.add("reading-ready"); // for tests and user styles: stars, marks and views are wired
}
