/* Runs in <head>, blocking, before the first paint (a file, not inline code: the pages allow no
   inline scripts). Applies the chosen theme, so a dark choice never flashes white, and marks the
   page as scripted, so the reader tools in the HTML show from the first paint (CSS: html.js). */
(function () {
  var html = document.documentElement;
  html.classList.add("js");
  try {
    var theme = JSON.parse(window.localStorage.getItem("digest.theme"));
    if (theme === "dark" || theme === "light") html.setAttribute("data-theme", theme);
  } catch (e) { /* storage blocked or a hand-edited value: follow the system */ }
})();
