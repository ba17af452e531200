// --- keyboard screening ---------------------------------------------------------------------------
var current = null;

shortcut(["j", "k"], "j / k", "next / previous paper", function (key) { move(key === "j" ? 1 : -1); });
shortcut(["o"], "o", "open the abstract on arXiv", function () { openLink("a.abs"); });
shortcut(["p"], "p", "open the PDF", function () { openLink("a.pdf"); });
shortcut(["f"], "f", "show or hide the FAQ", function () { faqKey(); });
shortcut(["/"], "/", "search", function () { var q = document.getElementById("search-q"); if (q) q.focus(); });
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

function move(step) {
  var list = visiblePapers();
  if (!list.length) return;
  var active = document.activeElement && document.activeElement.closest && document.activeElement.closest("article.paper");
  var from = active || current;
  var i = list.indexOf(from);
  if (i < 0) {
    // Start from the first paper at or below the top of the viewport.
    i = list.findIndex(function (a) { return a.getBoundingClientRect().bottom > 0; });
    setCurrent(list[Math.max(0, step > 0 ? i : i - 1)] || list[0]);
    return;
  }
  setCurrent(list[Math.min(list.length - 1, Math.max(0, i + step))]);
}

function target() {
  var active = document.activeElement && document.activeElement.closest && document.activeElement.closest("article.paper");
  return active || current || paperPage;
}

function openLink(selector) {
  var art = target();
  var link = art && art.querySelector(selector);
  if (link) window.open(link.href, "_blank", "noopener");
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
