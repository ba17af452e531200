// The bar is sticky on larger screens and its height varies (it wraps): papers scrolled into view
// by j/k must clear it, so its height goes into the CSS that sets their scroll margin.
function trackBarHeight(bar) {
  function update() {
    var sticky = window.getComputedStyle(bar).position === "sticky";
    html.style.setProperty("--bar-h", sticky ? bar.offsetHeight + "px" : "0px");
  }
  if (window.ResizeObserver) new ResizeObserver(update).observe(bar); // also reports the first size
  else update();
  window.addEventListener("resize", update);
}

// One listener per kind of event for every paper's controls.
function onClick(e) {
  var t = e.target.closest ? e.target : e.target.parentElement;
  var plain = !(e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0);
  var faq = t.closest("a.faq");
  if (faq && plain && faq.closest("article.paper")) {
    e.preventDefault();
    toggleFaq(faq.closest("article"));
    return;
  }
  var bib = t.closest("button.bib");
  if (bib) copyBibtex(bib.closest("article"), bib);
  var more = t.closest("button.more-authors");
  if (more) expandAuthors(more.closest("article"), true);
  if (t.closest(".keys-button")) helpDialog().showModal();
}

// --- next day ----------------------------------------------------------------------------------------
// Pages carry no "next day" link of their own (a new day would rewrite every page of the day before):
// their "next day" link goes to the latest day, and here it goes to the next one, from days.json.
var nextDayReady = null; // settles once the next-day link goes where it should ("]" waits for it)
function wireNextDay() {
  var a = document.querySelector("a.next-day[data-days]");
  if (!a || !window.fetch) return;
  var ix = /index\.html$/.test(a.getAttribute("href")) ? "index.html" : "";
  nextDayReady = fetch(a.dataset.days).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
    var days = (data && data.days) || [];
    var at = days.findIndex(function (d) { return d[0] === a.dataset.date; });
    if (at < 0) return;
    // The text stays as rendered, so nothing moves: only where the link goes changes.
    if (at === days.length - 1) { a.removeAttribute("href"); a.title = "this is the newest day"; return; }
    a.href = ROOT + days[at + 1][1] + ix;
    a.rel = "next";
    a.title = days[at + 1][0];
    carryView();
  }).catch(function () {});
}

// "[" and "]": the day before and after, through the page's own links (they carry the view).
function goDay(step) {
  var nav = document.querySelector("nav.day-nav");
  if (!nav) { status("Days are browsed from the listing pages"); return; }
  if (step < 0) {
    var prev = nav.querySelector("a[rel=prev]");
    if (prev) location.assign(prev.href); else status("This is the oldest day");
    return;
  }
  Promise.resolve(nextDayReady).then(function () {
    var next = nav.querySelector("a.next-day[href]");
    if (next) location.assign(next.href); else status("This is the newest day");
  });
}
