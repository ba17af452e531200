// --- keyboard screening ---------------------------------------------------------------------------
var current = null;

shortcut(["j", "k"], "j / k", "next / previous paper", function (key) { move(key === "j" ? 1 : -1); });
shortcut(["o"], "o", "open the abstract on arXiv", function () { openLink("a.abs"); });
shortcut(["p"], "p", "open the PDF", function () { openLink("a.pdf"); });
shortcut(["f"], "f", "show or hide the FAQ", function () { faqKey(); });
shortcut(["[", "]"], "[ / ]", "previous / next day", function (key) { goDay(key === "]" ? 1 : -1); });
shortcut(["e"], "e", "filter the papers: words, \"a phrase\", -word, OR, au:name", function () { focusField("kw"); });
shortcut(["c"], "c", "choose categories (home and day pages)", function () { openPicker(); });
shortcut(["/"], "/", "search (an arXiv id goes to its paper)", function () { focusField("search-q"); });
shortcut(["?"], "?", "this help", function () { helpDialog().showModal(); });

function visiblePapers() {
  return papers.filter(shown);
}

function setCurrent(art) {
  if (current) current.classList.remove("current");
  current = art;
  art.classList.add("current");
  art.tabIndex = -1;
  art.focus({ preventScroll: true });
  keepInView(art);
}

// The title is what the reader screens by: a paper above the view, or too tall for it, is brought
// in with its top just below the sticky bar ("nearest" would align a tall paper's bottom, hiding
// the title); one below the view is scrolled up just enough.
function keepInView(art) {
  var top = parseFloat(window.getComputedStyle(html).getPropertyValue("--bar-h")) || 0;
  var r = art.getBoundingClientRect();
  if (r.top < top || r.height > window.innerHeight - top) art.scrollIntoView({ block: "start" });
  else if (r.bottom > window.innerHeight) art.scrollIntoView({ block: "end" });
}

function focusField(id) {
  var input = document.getElementById(id);
  if (input) { input.focus(); input.select(); } else status("Not on this page");
}

function openPicker() {
  var picker = document.querySelector(".cat-picker");
  if (!picker) { status("Categories are chosen on the home and day pages"); return; }
  picker.open = true;
  picker.querySelector("summary").focus();
}

// j past the last paper of a page of the day goes on to the next page (k before the first, to the
// previous page's last paper): the page to come reads where to start from sessionStorage.
var CONTINUE = "digest.continue";
function turnPage(step) {
  var link = document.querySelector(step > 0 ? "nav.pager a.pager-next" : "nav.pager a.pager-prev");
  if (!link) {
    status(step > 0 ? "This is the last paper" + (PAGED ? " of the day" : "") + ": ] goes to the next day" : "This is the first paper");
    return;
  }
  try { window.sessionStorage.setItem(CONTINUE, JSON.stringify({ to: new URL(link.href).pathname, at: step > 0 ? "first" : "last" })); } catch (e) { /* the page opens at its top */ }
  location.assign(link.href);
}

function continueFromPage() {
  var wanted = null;
  try {
    wanted = JSON.parse(window.sessionStorage.getItem(CONTINUE));
    window.sessionStorage.removeItem(CONTINUE);
  } catch (e) { return; }
  if (!wanted || wanted.to !== location.pathname) return;
  var list = visiblePapers();
  if (list.length) setCurrent(wanted.at === "last" ? list[list.length - 1] : list[0]);
  else status("No paper of this page is shown: j goes on to the next page");
}

function move(step) {
  var list = visiblePapers();
  if (!list.length) { turnPage(step); return; }
  var active = document.activeElement && document.activeElement.closest && document.activeElement.closest("article.paper");
  var from = active || current;
  var i = list.indexOf(from);
  if (i < 0) {
    // Start from the first paper at or below the top of the viewport.
    i = list.findIndex(function (a) { return a.getBoundingClientRect().bottom > 0; });
    setCurrent(list[Math.max(0, step > 0 ? i : i - 1)] || list[0]);
    return;
  }
  if (i + step < 0 || i + step >= list.length) { turnPage(step); return; }
  setCurrent(list[i + step]);
}

function target() {
  var active = document.activeElement && document.activeElement.closest && document.activeElement.closest("article.paper");
  return active || current || paperPage;
}

// Opening a paper's link with o or p marks it seen, as a click on it does (app/64-seen.js).
function openLink(selector) {
  var art = target();
  var link = art && art.querySelector(selector);
  if (!link) return;
  if (art.classList.contains("paper")) { markSeen(art); flushSeen(); }
  window.open(link.href, "_blank", "noopener");
}

function helpDialog() {
  var dialog = document.getElementById("keys-help");
  if (dialog) return dialog;
  var rows = SHORTCUTS.filter(function (s) { return s.help; }).map(function (s) { return [s.label, s.help]; });
  rows.push(["Esc", "close, or leave a text field"]);
  var dl = el("dl", { class: "keys" });
  rows.forEach(function (r) { dl.append(el("dt", {}, [el("kbd", { text: r[0] })]), el("dd", { text: r[1] })); });
  // WCAG 2.1.4: single-character shortcuts can be switched off (speech input triggers them).
  var toggle = el("input", { type: "checkbox", id: "shortcuts-on" });
  toggle.checked = store.get(KEYS.shortcuts, "on") !== "off";
  toggle.addEventListener("change", function () { store.set(KEYS.shortcuts, toggle.checked ? null : "off"); });
  dialog = el("dialog", { id: "keys-help", "aria-labelledby": "keys-title" }, [
    el("h2", { id: "keys-title", text: "Keyboard shortcuts" }), dl,
    el("p", {}, [toggle, el("label", { for: "shortcuts-on", text: " Single-key shortcuts on" })]),
    el("form", { method: "dialog" }, [el("button", { type: "submit", text: "Close" })])
  ]);
  (main || document.body).append(dialog);
  return dialog;
}

var NOT_TEXT = ["checkbox", "radio", "button", "submit", "reset", "range", "color", "file", "image"];
function textEntry(t) {
  return t.tagName === "INPUT" && NOT_TEXT.indexOf((t.type || "text").toLowerCase()) < 0;
}

function faqKey() {
  var art = target();
  if (art === paperPage && paperPage) document.getElementById("faq").scrollIntoView();
  else if (!art) status("No paper selected: press j to go to the first one");
  else if (!toggleFaq(art)) status("This paper has no FAQ");
}

function onKey(e) {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
  if (store.get(KEYS.shortcuts, "on") === "off") return; // the "Keys" button still opens the help
  var t = e.target;
  if (t && t.closest && (textEntry(t) || t.closest("textarea, select, [contenteditable], dialog[open]"))) {
    if (e.key === "Escape" && !t.closest("dialog")) t.blur();
    return;
  }
  var hit = SHORTCUTS.find(function (s) { return s.keys.indexOf(e.key) >= 0; });
  if (!hit) return;
  hit.run(e.key);
  e.preventDefault();
}
