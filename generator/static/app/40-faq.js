// --- FAQ in place ------------------------------------------------------------------------------
// The fragment is our own sanitised HTML; it is still parsed in an inert document and stripped of
// anything executable before it joins the page (defence in depth).
function safeNodes(markup) {
  var doc = new DOMParser().parseFromString(markup, "text/html");
  doc.querySelectorAll("script, style, iframe, object, embed, link, meta, base, form").forEach(function (n) { n.remove(); });
  doc.body.querySelectorAll("*").forEach(function (n) {
    Array.prototype.slice.call(n.attributes).forEach(function (a) {
      if (/^on/i.test(a.name) || /^\s*javascript:/i.test(a.value)) n.removeAttribute(a.name);
    });
  });
  // A copy first: adopting a node removes it from the live childNodes list being walked.
  return Array.from(doc.body.childNodes).map(function (n) { return document.adoptNode(n); });
}

// The fragment sits beside the paper page: arxiv/<id>/index.html#faq -> arxiv/<id>/faq.html.
function faqSource(link) {
  return link.dataset.faqSrc || link.getAttribute("href").replace(/(index\.html)?#faq$/, "faq.html");
}

function toggleFaq(art) {
  var link = art.querySelector("a.faq");
  if (!link) return false;
  var box = art.querySelector(".faq-inline");
  if (box) {
    box.hidden = !box.hidden;
    link.setAttribute("aria-expanded", String(!box.hidden));
    return true;
  }
  box = el("section", { class: "faq-inline", id: "faq-" + art.id, "aria-label": "FAQ", "aria-busy": "true" });
  box.textContent = "Loading the FAQ…";
  link.setAttribute("aria-controls", box.id);
  link.setAttribute("aria-expanded", "true");
  link.parentNode.after(box);
  fetch(faqSource(link)).then(function (r) {
    if (!r.ok) throw new Error("HTTP " + r.status);
    return r.text();
  }).then(function (markup) {
    box.replaceChildren.apply(box, safeNodes(markup));
    box.removeAttribute("aria-busy");
    typeset(box).then(highlightAll);
  }).catch(function () {
    box.replaceChildren("The FAQ could not be loaded here; ", el("a", { href: link.href, text: "open it on the paper page" }), ".");
    box.removeAttribute("aria-busy");
  });
  return true;
}

// "et al.": the other names are in the HTML, hidden by CSS; expanding shows them.
function expandAuthors(art, focus) {
  var p = art.querySelector(".authors");
  var button = p && p.querySelector("button.more-authors");
  if (!button) return;
  p.classList.add("all");
  button.remove();
  if (focus) {
    p.tabIndex = -1;
    p.focus();
  }
}
