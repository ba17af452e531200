// --- the view in the address bar: ?f= (filter), fm= (mark|first), show= (type), cats= (home/day) ----
// Written with replaceState as the reader changes them, so the address is always the view to share or
// bookmark; read back on load, where a parameter wins over what this browser stored. Links to other
// days and pages carry the view along.
var VIEW_PARAMS = ["f", "fm", "show", "cats"];
var DAY_LINKS = "nav.day-nav a[rel=prev], nav.day-nav a.next-day[href], nav.pager a[href]";

function viewParams() { return new URLSearchParams(location.search); }

// Spaces as "+", and ":" "," "/" left readable: ?f=diffusion+-survey&cats=cs.AI+cs.LG-cs.CY
function encodeParam(v) {
  return encodeURIComponent(v).replace(/%20/g, "+").replace(/%3A/gi, ":").replace(/%2C/gi, ",").replace(/%2F/gi, "/");
}

function paramString(params) {
  var parts = [];
  params.forEach(function (v, k) { parts.push(encodeParam(k) + "=" + encodeParam(v)); });
  return parts.length ? "?" + parts.join("&") : "";
}

function setViewParam(name, value) {
  var params = viewParams();
  if (value) params.set(name, value); else params.delete(name);
  var search = paramString(params);
  if (search === location.search || !window.history || !history.replaceState) return;
  try { history.replaceState(history.state, "", location.pathname + search + location.hash); } catch (e) { return; }
  carryView();
}

// The view's own parameters (not the search's), for links to the same kind of page.
function viewSearch() {
  var params = viewParams(), mine = new URLSearchParams();
  VIEW_PARAMS.forEach(function (k) { if (params.get(k)) mine.set(k, params.get(k)); });
  return paramString(mine);
}

function carryView() {
  var search = viewSearch();
  document.querySelectorAll(DAY_LINKS).forEach(function (a) { a.search = search; });
}
