// --- home: category choice ----------------------------------------------------------------------
function loadChoice() {
  var saved = store.get(KEYS.cats, null);
  chosen = Array.isArray(saved) && saved.length ? new Set(saved.map(String)) : null;
}

function choiceSummary() {
  return chosen ? "Showing: " + Array.from(chosen).sort().join(", ") : "Showing all categories";
}

var taxonomyLoading = null;
function loadTaxonomy() {
  if (!taxonomyLoading) {
    taxonomyLoading = fetch(ROOT + "static/taxonomy.json").then(function (r) { return r.json(); }).then(function (data) {
      data.archives.forEach(function (a) { a.categories.forEach(function (c) { taxonomy.archiveOf[c[0]] = a.id; }); });
      taxonomy.aliases = data.aliases || {};
      taxonomy.data = data;
      return data;
    });
  }
  return taxonomyLoading;
}

// The categories this site lists (the day's count table) come first; every other arXiv category
// waits behind "More categories".
function fillPicker(form, data) {
  var covered = Array.prototype.map.call(document.querySelectorAll("tr[data-category]"), function (r) { return r.dataset.category; });
  var names = {};
  data.archives.forEach(function (a) { names[a.id] = a.name; a.categories.forEach(function (c) { names[c[0]] = c[1]; }); });
  function box(code, label, cls) {
    var input = el("input", { type: "checkbox", value: code });
    input.checked = !!chosen && chosen.has(code);
    return el("label", { class: cls || "" }, [input, " ", el("code", { text: code }), " " + label]);
  }
  var mine = el("fieldset", { class: "covered" }, [el("legend", { text: "Covered by this site" })]);
  covered.forEach(function (c) { mine.append(box(c, names[c] || "", data.archives.some(function (a) { return a.id === c; }) ? "archive" : "")); });
  var more = el("details", { class: "more-cats" }, [el("summary", { text: "More categories" })]);
  data.archives.forEach(function (a) {
    var fs = el("fieldset", {}, [el("legend", { text: a.name })]);
    var bare = a.categories.length === 1 && a.categories[0][0] === a.id;
    if (covered.indexOf(a.id) < 0) fs.append(box(a.id, bare ? a.name : "all of " + a.name, "archive"));
    if (!bare) a.categories.forEach(function (c) { if (covered.indexOf(c[0]) < 0) fs.append(box(c[0], c[1])); });
    if (fs.children.length > 1) more.append(fs);
  });
  more.open = !!chosen && Array.from(chosen).some(function (c) { return covered.indexOf(c) < 0; });
  form.append(mine, more);
}

function wirePicker() {
  var details = document.querySelector(".cat-picker");
  if (!details) return;
  var form = details.querySelector(".picker-form");
  var summary = details.querySelector(".choice");
  summary.textContent = choiceSummary();
  var filled = false;
  function fill() {
    if (filled) return Promise.resolve();
    filled = true;
    return loadTaxonomy().then(function (data) { fillPicker(form, data); }, function () {
      // No taxonomy file (file:// build): offer the categories present on this page.
      fillPicker(form, { archives: [] });
    });
  }
  details.addEventListener("toggle", function () { if (details.open) fill(); });
  form.addEventListener("change", function () {
    var picked = Array.prototype.filter.call(form.querySelectorAll("input[type=checkbox]"), function (i) { return i.checked; })
      .map(function (i) { return i.value; });
    chosen = picked.length ? new Set(picked) : null;
    store.set(KEYS.cats, picked.length ? picked.sort() : null);
    summary.textContent = choiceSummary();
    applyChoice();
  });
  form.querySelector(".picker-reset").addEventListener("click", function () {
    form.querySelectorAll("input[type=checkbox]").forEach(function (i) { i.checked = false; });
    form.dispatchEvent(new Event("change"));
  });
  // A stored choice needs the taxonomy (aliases, archives) before it can be applied.
  if (chosen) loadTaxonomy().catch(function () {}).then(applyChoice);
}
