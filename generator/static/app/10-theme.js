// --- theme (already applied before first paint by static/theme.js) ---------------------------
var THEMES = ["auto", "dark", "light"];
function applyTheme(theme) {
  if (theme === "dark" || theme === "light") html.setAttribute("data-theme", theme);
  else html.removeAttribute("data-theme");
}

function wireTheme() {
  var button = document.querySelector(".theme-switch");
  if (!button) return;
  function label() {
    var t = store.get(KEYS.theme, "auto");
    button.textContent = "Theme: " + (THEMES.indexOf(t) >= 0 ? t : "auto");
  }
  button.addEventListener("click", function () {
    var t = store.get(KEYS.theme, "auto");
    var next = THEMES[(THEMES.indexOf(t) + 1) % THEMES.length];
    store.set(KEYS.theme, next === "auto" ? null : next);
    applyTheme(next);
    label();
  });
  label();
}
