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

/* The language switch keeps the reader's place: the search query, and the section, by its
   position (both editions of a page have the same sections in the same order, each under the
   anchors of its own language); the page opened with #zb-section-N shows its Nth section. */
document.addEventListener("DOMContentLoaded", () => {
  const sections = () => Array.from(document.querySelectorAll("article section[id]"));
  const asked = /^#zb-section-(\d+)$/.exec(location.hash);
  if (asked) {
    const target = sections()[Number(asked[1])];
    if (target) {
      history.replaceState(null, "", `#${target.id}`);
      target.scrollIntoView();
    }
  }
  for (const link of document.querySelectorAll(".zb-lang-switch a")) {
    link.addEventListener("click", () => {
      const all = sections();
      const hash = decodeURIComponent(location.hash.slice(1));
      let current = hash ? all.findIndex((section) => section.id === hash) : -1;
      if (current < 0 && window.scrollY > 0) {  // the last section begun above the upper third
        all.forEach((section, n) => {
          if (section.getBoundingClientRect().top < window.innerHeight / 3) current = n;
        });
      }
      link.href = link.href.split(/[?#]/)[0] + location.search + (current >= 0 ? `#zb-section-${current}` : "");
    });
  }
});
