/* Runs in <head>, blocking, before the first paint (a file, not inline code: the pages allow no
   inline scripts). Applies the chosen theme, so a dark choice never flashes white, and marks the
   page as scripted (and as about to apply a category choice), so the reader tools in the HTML show from the first paint (CSS: html.js). */
(function () {
  var html = document.documentElement;
  html.classList.add("js");
  try {
    var theme = JSON.parse(window.localStorage.getItem("digest.theme"));
    if (theme === "dark" || theme === "light") html.setAttribute("data-theme", theme);
    // A category choice hides papers once app.js has the taxonomy: keep the groups unpainted
    // until then, so they do not show and then jump away (CSS: html.choosing).
    var cats = JSON.parse(window.localStorage.getItem("digest.categories"));
    if (cats && cats.length) html.classList.add("choosing");
    // Papers hidden with x (app/64-seen.js) must not paint and then vanish: hidden by id from the
    // start; app.js takes over (class is-hidden) and drops this sheet.
    var hidden = Object.keys(JSON.parse(window.localStorage.getItem("digest.hidden")) || {});
    if (hidden.length && document.adoptedStyleSheets && window.CSS && CSS.escape) {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(hidden.map(function (id) { return "#p-" + CSS.escape(id.replace(/\//g, "_")); }).join(",") + "{display:none}");
      document.adoptedStyleSheets = document.adoptedStyleSheets.concat(sheet);
      window.digestHiddenSheet = sheet;
    }
    if (JSON.parse(window.localStorage.getItem("digest.keywords"))) html.classList.add("choosing"); // a stored filter
  } catch (e) { /* storage blocked or a hand-edited value: follow the system */ }
  if (/[?&](?:f|cats|show)=[^&]/.test(window.location.search)) html.classList.add("choosing"); // a view in the address
})();
