/* zonebook's page behaviour, loaded on every page (copied into _static/). */
"use strict";

/* The theme binds its ☰ (book contents) and ☷ (page contents) handlers to the first button of
   each kind, a hidden twin in its own header; the buttons a reader sees pass their click on. */
document.addEventListener("DOMContentLoaded", () => {
  for (const kind of ["primary", "secondary"]) {
    const [bound, ...seen] = document.querySelectorAll(`.${kind}-toggle`);
    for (const button of seen) {
      button.addEventListener("click", (event) => {
        event.preventDefault();
        event.stopPropagation();
        bound.click();
      });
    }
  }
});
