// Starts the design system's components (menu button, error summary, banners) and stacks wide tables on phones.
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// On a phone a table's rows become stacked cards: each cell carries its column's name to show beside the value.
for (const table of document.querySelectorAll("table.govuk-table")) {
  const headings = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
  for (const row of table.querySelectorAll("tbody tr")) {
    [...row.children].forEach((cell, index) => {
      if (headings[index] && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", headings[index]);
    });
  }
}
