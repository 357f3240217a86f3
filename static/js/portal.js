// Start the Europa Component Library's behaviours. Loaded with `defer`, so
// the document and ecl-ec.js are in place; kept out of the HTML so that a
// Content-Security-Policy without 'unsafe-inline' allows it.
if (window.ECL && typeof window.ECL.autoInit === "function") {
  window.ECL.autoInit();
}
