// --- wiring ------------------------------------------------------------------------------------------
function init() {
  wireNextDay();
  wireTheme();
  searchUi();
  document.addEventListener("click", onClick);
  document.addEventListener("keydown", onKey);
  if (paperPage) {
    factsOf(paperPage);
    typeset(paperPage);
  }
  if (papers.length) {
    loadChoice();
    wirePicker();
    wireBar();
    watchMath();
    highlightAll();
    addCoins();
  }
  initReading(); // stars, seen and hidden papers, the Starred and catch-up views (app/62-68)
  window.digestBibtex = bibtex; // for tests and user scripts: the BibTeX of an entry element
  html.classList.add("reader-ready"); // for tests and user styles: every control is wired
}

init();
