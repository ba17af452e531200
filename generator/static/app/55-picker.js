// --- home: category choice ----------------------------------------------------------------------
// A choice is stored as codes, an excluded one with a leading "-" (["cs.AI", "cs.LG", "-cs.CY"]), and
// written in the address as papers.cool does: ?cats=cs.AI+cs.LG-cs.CY. A choice in the address wins
// over the stored one for this view (the picker says so) until the reader keeps or changes it.
var choiceFromLink = false;

function setChoice(codes) {
  var inc = codes.filter(function (c) { return c[0] !== "-"; });
  var exc = codes.filter(function (c) { return c[0] === "-"; }).map(function (c) { return c.slice(1); });
  chosen = inc.length ? new Set(inc) : null;
  excluded = exc.length ? new Set(exc) : null;
}

function choiceCodes() {
  return Array.from(chosen || []).sort().concat(Array.from(excluded || []).sort().map(function (c) { return "-" + c; }));
}

// "cs.AI cs.LG-cs.CY" (the address's "+" reads as a space): include, include, exclude.
function choiceSpec(codes) {
  return codes.map(function (c, i) { return c[0] === "-" || !i ? c : " " + c; }).join("");
}

function loadChoice() {
  var saved = store.get(KEYS.cats, null);
  setChoice(Array.isArray(saved) ? saved.map(String) : []);
}

// Category codes hold "-" themselves (astro-ph, hep-th, cond-mat.mes-hall), so a "-" that starts an
// exclusion is told apart by the longest known code before it; without the taxonomy, by the shape
// of a code (archive[-part][.Subject]).
// With the taxonomy, a code arXiv does not have is left out of the choice and listed in
// codes.unknown (the summary names it: ?cats=nonsense would otherwise hide every paper).
var CODE_SHAPE = /^[a-z]+(?:-[a-z]+)?(?:\.(?:[A-Z]{2}|[a-z]+(?:-[a-z]+)?))?/;
function parseChoice(text, known) {
  var codes = [];
  codes.unknown = [];
  function unknown(text) { // the summary names a few, each short (the address is anyone's text)
    var name = text.length > 40 ? text.slice(0, 40) + "…" : text;
    if (codes.unknown.indexOf(name) < 0) codes.unknown.push(name);
  }
  String(text || "").slice(0, 2000).split(/[\s+,]+/).forEach(function (piece) {
    while (piece) {
      var sign = piece[0] === "-" ? "-" : "";
      if (sign) piece = piece.slice(1);
      var code = knownPrefix(piece, known) || (CODE_SHAPE.exec(piece) || [""])[0];
      if (!code) {
        if (known && known.length) unknown(piece);
        return;
      }
      if (known && known.length && known.indexOf(code) < 0) {
        unknown(code);
      } else if (codes.indexOf(sign + code) < 0) {
        codes.push(sign + code);
      }
      piece = piece.slice(code.length);
      if (piece && piece[0] !== "-") return; // not a code: the rest of this piece is ignored
    }
  });
  return codes;
}

// Letter case aside (cs.cl, CS.CL: a code typed into a link), as the taxonomy spells it.
function knownPrefix(piece, known) {
  var best = "", folded = piece.toLowerCase();
  (known || []).forEach(function (k) {
    if (k.length > best.length && folded.startsWith(k.toLowerCase()) && (piece.length === k.length || piece[k.length] === "-")) best = k;
  });
  return best;
}

function knownCodes() {
  var data = taxonomy.data;
  if (!data) return [];
  var out = Object.keys(taxonomy.aliases || {});
  data.archives.forEach(function (a) { out.push(a.id); a.categories.forEach(function (c) { out.push(c[0]); }); });
  return out;
}

var unknownCodes = []; // of the last choice read from text: not arXiv categories, so left out
function choiceSummary() {
  var inc = chosen ? "Showing: " + Array.from(chosen).sort().join(", ") : "Showing all categories";
  var exc = excluded ? ", not " + Array.from(excluded).sort().join(", ") : "";
  var more = unknownCodes.length - 5;
  var unknown = unknownCodes.length ? "; not arXiv categories, left out: " + unknownCodes.slice(0, 5).join(", ") +
    (more > 0 ? " and " + more + " more" : "") : "";
  return inc + exc + (choiceFromLink ? " (from the link)" : "") + unknown;
}

function readChoice(text) {
  var codes = parseChoice(text, knownCodes());
  unknownCodes = codes.unknown;
  setChoice(codes);
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
  var spec = form.querySelector("#cats-spec");
  var note = form.querySelector(".cats-from-link");
  var filled = false;
  function fill() {
    if (filled) return Promise.resolve();
    filled = true;
    return loadTaxonomy().then(function (data) { fillPicker(form, data); }, function () {
      // No taxonomy file (file:// build): offer the categories present on this page.
      fillPicker(form, { archives: [] });
    });
  }
  function show() {
    summary.textContent = choiceSummary();
    spec.value = choiceSpec(choiceCodes()).replace(/ /g, "+");
    note.hidden = !choiceFromLink;
    form.querySelectorAll("input[type=checkbox]").forEach(function (i) { i.checked = !!chosen && chosen.has(i.value); });
    setViewParam("cats", choiceSpec(choiceCodes()) || null);
  }
  function keep() {
    choiceFromLink = false;
    var codes = choiceCodes();
    store.set(KEYS.cats, codes.length ? codes : null);
    show();
    applyChoice();
  }
  details.addEventListener("toggle", function () { if (details.open) fill(); });
  form.addEventListener("change", function (e) {
    if (e.target === spec) {
      readChoice(spec.value);
    } else {
      unknownCodes = [];
      var picked = Array.prototype.filter.call(form.querySelectorAll("input[type=checkbox]"), function (i) { return i.checked; })
        .map(function (i) { return i.value; });
      chosen = picked.length ? new Set(picked) : null;
    }
    keep();
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); spec.dispatchEvent(new Event("change", { bubbles: true })); });
  form.querySelector(".picker-reset").addEventListener("click", function () {
    chosen = excluded = null;
    unknownCodes = [];
    keep();
  });
  form.querySelector(".cats-keep").addEventListener("click", keep);
  var fromLink = viewParams().get("cats");
  // A choice needs the taxonomy (aliases, archives; and codes to read the address) before it applies:
// the promise settles when it has been applied (null: nothing to apply).
  if (fromLink !== null || chosen || excluded) {
    return loadTaxonomy().catch(function () {}).then(function () {
      if (fromLink !== null) {
        var stored = choiceCodes().join(" ");
        readChoice(fromLink);
        choiceFromLink = choiceCodes().join(" ") !== stored;
      }
      show();
      applyChoice();
    });
  }
  summary.textContent = choiceSummary();
  return null;
}
