// --- the filter's query language: a small pure parser (no DOM), tested in the browser ------------------
// Syntax (README "Screening"): words and "quoted phrases" match at the start of a word, case-insensitive;
// au:, ti:, abs: limit a term to authors, title or abstract; -term or NOT term excludes; AND (or just a
// space) binds tighter than OR (also | and ","); parentheses group. Operators are capitals only, so
// "not" and "or" stay words. Nothing a reader types makes it throw: unbalanced quotes run to the end,
// a stray ")" or a lone "-" is ignored, regex characters are literal.
var QUERY_FIELDS = { au: "authors", ti: "title", abs: "abstract" };
var QUERY_MAX = 1000; // characters read, and below: nesting depth, so no input can exhaust the stack
var QUERY_DEPTH = 32;

function queryTokens(input) {
  var s = String(input || "").slice(0, QUERY_MAX), out = [], i = 0, m;
  while (i < s.length) {
    var c = s[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === "(" || c === ")") { out.push({ t: c }); i++; continue; }
    if (c === "," || c === "|") { out.push({ t: "OR" }); i++; continue; }
    if (c === "-" || c === "+") {
      // "-word" excludes, "+word" is just the word (as on Google); a lone sign is nothing.
      if (c === "-" && i + 1 < s.length && !/[\s,|)]/.test(s[i + 1])) out.push({ t: "NOT" });
      i++;
      continue;
    }
    m = /^(au|ti|abs):/i.exec(s.slice(i));
    var field = m ? QUERY_FIELDS[m[1].toLowerCase()] : "any";
    if (m) i += m[0].length;
    if (s[i] === '"') {
      var end = s.indexOf('"', i + 1);
      if (end < 0) end = s.length; // an unbalanced quote: the phrase runs to the end
      pushTerm(out, field, s.slice(i + 1, end), true);
      i = end + 1;
      continue;
    }
    m = /^[^\s"(),|]+/.exec(s.slice(i));
    if (!m) continue; // "au:" followed by a space or a bracket: nothing to match
    i += m[0].length;
    if (field === "any" && /^(AND|OR|NOT)$/.test(m[0])) out.push({ t: m[0] });
    else pushTerm(out, field, m[0], false);
  }
  return out;
}

function pushTerm(out, field, text, phrase) {
  var words = fold(text).split(/\s+/).filter(Boolean);
  if (words.length) out.push({ t: "TERM", field: field, text: words.join(" "), phrase: phrase && words.length > 1 });
}

// or := and (OR and)* ; and := unary (AND? unary)* ; unary := NOT unary | atom ; atom := TERM | ( or )
// Missing operands are dropped ("a OR" is a), a missing ")" is implied.
function parseQuery(input) {
  var tokens = queryTokens(input), at = 0;
  function peek() { return tokens[at] && tokens[at].t; }
  function list(op, items) {
    items = items.filter(Boolean);
    return items.length > 1 ? { op: op, items: items } : items[0] || null;
  }
  function or(depth) {
    var items = [and(depth)];
    while (peek() === "OR") { at++; items.push(and(depth)); }
    return list("or", items);
  }
  function and(depth) {
    var items = [];
    while (at < tokens.length && peek() !== "OR" && peek() !== ")") {
      if (peek() === "AND") { at++; continue; }
      items.push(unary(depth));
    }
    return list("and", items);
  }
  function unary(depth) {
    if (peek() !== "NOT") return atom(depth);
    at++;
    if (at >= tokens.length || peek() === "OR" || peek() === ")" || peek() === "AND") return null;
    var inner = unary(depth);
    return inner && { op: "not", item: inner };
  }
  function atom(depth) {
    var tok = tokens[at++];
    if (tok.t === "TERM") return { op: "term", field: tok.field, text: tok.text, phrase: tok.phrase };
    if (tok.t !== "(" || depth >= QUERY_DEPTH) return null; // too deep: the bracket is ignored
    var inner = or(depth + 1);
    if (peek() === ")") at++;
    return inner;
  }
  var parts = [];
  while (at < tokens.length) {
    parts.push(or(0));
    if (peek() === ")") at++; // a stray closing bracket
  }
  return list("and", parts);
}

// The canonical text of a parsed query (for tests and readers): every group in brackets, so the
// precedence the parser chose is visible.
function queryText(node) {
  if (!node) return "";
  if (node.op === "term") {
    var prefix = { authors: "au:", title: "ti:", abstract: "abs:" }[node.field] || "";
    return prefix + (node.phrase ? '"' + node.text + '"' : node.text);
  }
  if (node.op === "not") return "NOT " + (node.item.op === "term" || node.item.op === "not" ? queryText(node.item) : "(" + queryText(node.item) + ")");
  return node.items.map(function (n) {
    var inner = queryText(n);
    return n.op === "or" || n.op === "and" ? "(" + inner + ")" : inner;
  }).join(node.op === "or" ? " OR " : " AND ");
}

// A term as a regular expression over lower-case text: literal characters, whitespace in a phrase
// matches any run of whitespace, and a term starting with a letter or digit starts at a word.
function termSource(text) {
  var e = text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ /g, "\\s+");
  return (/^\w/.test(text) ? "\\b" : "") + e;
}

// Compiles a parsed query into match(fields) with fields = {authors, title, abstract, any} in
// lower case; regexes are built once per query, not per paper.
function compileQuery(node) {
  if (!node) return null;
  if (node.op === "term") {
    var re = new RegExp(termSource(node.text));
    var field = node.field === "any" ? "any" : node.field;
    return function (f) { return re.test(f[field]); };
  }
  if (node.op === "not") {
    var inner = compileQuery(node.item);
    return function (f) { return !inner(f); };
  }
  var parts = node.items.map(compileQuery);
  if (node.op === "and") return function (f) { return parts.every(function (p) { return p(f); }); };
  return function (f) { return parts.some(function (p) { return p(f); }); };
}

// The terms to mark in a matching paper, by field: those not under a NOT.
function queryMarks(node, negated, out) {
  out = out || { any: [], authors: [], title: [], abstract: [] };
  if (!node) return out;
  if (node.op === "term") { if (!negated) out[node.field].push(node.text); }
  else if (node.op === "not") queryMarks(node.item, !negated, out);
  else node.items.forEach(function (n) { queryMarks(n, negated, out); });
  return out;
}
