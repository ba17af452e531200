var script = document.currentScript;
// Site root from this script's own URL (static/app.js), so relative and sub-path builds both work.
var ROOT = script ? script.src.replace(/static\/app\.js(?:\?.*)?$/, "") : "";
var html = document.documentElement;
var main = document.getElementById("main");
var KEYS = { theme: "digest.theme", cats: "digest.categories", kw: "digest.keywords", kwTop: "digest.keywordsFirst",
  shortcuts: "digest.shortcuts" };

// --- small helpers -------------------------------------------------------------------------
// localStorage, with an in-memory copy: when storage is blocked (privacy settings, some private
// modes) or full, choices still hold for this page view instead of snapping back.
var memory = {};
var store = {
  get: function (key, fallback) {
    if (Object.prototype.hasOwnProperty.call(memory, key)) return memory[key] === null ? fallback : memory[key];
    try {
      var v = window.localStorage.getItem(key);
      return v === null ? fallback : JSON.parse(v);
    } catch (e) {
      return fallback; // storage disabled or a hand-edited value: behave as if nothing was stored
    }
  },
  set: function (key, value) {
    memory[key] = value;
    try {
      if (value === null) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, JSON.stringify(value));
    } catch (e) { /* the choice holds for this page view but does not persist */ }
  }
};

function el(tag, attrs, children) {
  var node = document.createElement(tag);
  Object.keys(attrs || {}).forEach(function (k) {
    if (k === "text") node.textContent = attrs[k];
    else if (k === "hidden") node.hidden = !!attrs[k];
    else node.setAttribute(k, attrs[k]);
  });
  (children || []).forEach(function (c) { node.append(c); });
  return node;
}

// A visible message (and a live region for screen readers) that clears itself.
var statusTimer = null, statusShow = null;
function status(message) {
  var live = clearStatus();
  if (!live) {
    live = el("p", { id: "reader-status", class: "toast", role: "status" });
    (main || document.body).append(live);
  }
  statusShow = window.setTimeout(function () { live.textContent = message; }, 30);
  statusTimer = window.setTimeout(function () { live.textContent = ""; }, 4000);
}

// The message goes now (a filter changed what it counted: "102 papers shown" would be stale).
function clearStatus() {
  var live = document.getElementById("reader-status");
  window.clearTimeout(statusShow);
  window.clearTimeout(statusTimer);
  if (live) live.textContent = "";
  return live;
}

// run(element) once for each element, when it comes within 600px of the view (all at once without
// IntersectionObserver); returns the observer (disconnect() drops the ones not reached yet), or null.
function whenNear(elements, run) {
  if (!window.IntersectionObserver) { elements.forEach(run); return null; }
  var watch = new IntersectionObserver(function (changes) {
    changes.forEach(function (c) {
      if (!c.isIntersecting) return;
      watch.unobserve(c.target);
      run(c.target);
    });
  }, { rootMargin: "600px 0px" });
  elements.forEach(function (e) { watch.observe(e); });
  return watch;
}

// Every single-key shortcut, in the order the "?" help lists them. A feature adds its own with
// shortcut(keys, label, help, run) at load time; run gets the key pressed. A shortcut without help
// text works but is not listed (a second key of a listed one).
var SHORTCUTS = [];
function shortcut(keys, label, help, run) {
  SHORTCUTS.push({ keys: keys, label: label, help: help, run: run });
}
var papers = Array.prototype.slice.call(document.querySelectorAll("article.paper"));
var order = papers.slice(); // the page's own order, restored when "matches first" is turned off
// A big day is split into pages (nav.pager): filters, counts and keywords then work on this page.
var PAGED = !!document.querySelector("nav.pager");
var paperPage = document.querySelector("article.paper-page");

// The entry's facts, read from its markup only when a feature needs them.
function idOf(art) {
  if (art.dataset.id) return art.dataset.id;
  var abs = art.querySelector("a.abs");
  return abs ? abs.getAttribute("href").replace(/^.*\/abs\//, "") : "";
}
function categoriesOf(art) { return (art.dataset.categories || art.dataset.primary || "").split(" ").filter(Boolean); }
function primaryOf(art) { return art.dataset.primary || categoriesOf(art)[0] || ""; }
// Title, authors and text as published, captured before math typesetting rewrites them
// (keywords, BibTeX and COinS use these), on first use.
var facts = new Map();
function factsOf(art) {
  var f = facts.get(art);
  if (f === undefined) {
    var t = art.querySelector(".paper-title, .paper > h3");
    var p = art.querySelector(".authors");
    var abs = art.querySelector(".abstract");
    var names = "";
    if (p) p.childNodes.forEach(function (n) { if (n.nodeName !== "BUTTON") names += n.textContent; });
    // The paper page's abstract is a section under an "Abstract" heading: the heading is not text of it.
    var text = "";
    if (abs) abs.childNodes.forEach(function (n) { if (!/^H\d$/.test(n.nodeName)) text += n.textContent; });
    f = { title: t ? t.textContent.trim() : "", authors: names.trim(), abstract: text.trim() };
    f.text = (f.title + "\n" + f.authors + "\n" + f.abstract).toLowerCase();
    facts.set(art, f);
  }
  return f;
}
function titleOf(art) { return factsOf(art).title; }
function authorsOf(art) { return factsOf(art).authors; }
function textOf(art) { return factsOf(art).text; }
