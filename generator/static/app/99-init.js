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
  var choiceReady = null;
  if (papers.length) {
    loadChoice();
    choiceReady = wirePicker();
    wireBar();
    watchMath();
    highlightAll();
    carryView();
    Promise.resolve(choiceReady).then(continueFromPage);
    addCoins();
  }
  initReading(); // stars, seen and hidden papers, the Starred and catch-up views (app/62-68)
  if (!choiceReady) html.classList.remove("choosing"); // else applyChoice reveals the papers
  window.digestBibtex = bibtex; // for tests and user scripts: the BibTeX of an entry element
  window.digestQuery = { parse: parseQuery, text: queryText, compile: compileQuery, choice: parseChoice, id: idQuery }; // for tests
  html.classList.add("reader-ready"); // for tests and user styles: every control is wired
}

init();
