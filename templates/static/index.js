// The index table: sort by a column, filter by text, outlet and actor (no library).
"use strict";
(function () {
  const table = document.querySelector("table.catalog");
  if (!table) return;
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  const text = document.getElementById("filter-text");
  const outlet = document.getElementById("filter-outlet");
  const actor = document.getElementById("filter-actor");
  function filter() {
    const q = text.value.trim();
    let shown = 0;
    for (const row of rows) {
      const ok = (!q || row.textContent.includes(q)) &&
        (!outlet.value || row.dataset.outlet === outlet.value) &&
        (!actor.value || row.dataset.actors.split("|").includes(actor.value));
      row.hidden = !ok;
      if (ok) shown += 1;
    }
    document.getElementById("filter-count").textContent = shown + " من " + rows.length;
  }
  for (const control of [text, outlet, actor]) control.addEventListener("input", filter);
  table.querySelectorAll("th[data-sort]").forEach((th, column) => {
    const button = th.querySelector("button");
    button.addEventListener("click", () => {
      const key = th.dataset.sort;
      const descending = th.getAttribute("aria-sort") !== "descending";
      table.querySelectorAll("th[data-sort]").forEach((h) => h.removeAttribute("aria-sort"));
      th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      rows.sort((a, b) => {
        const x = a.dataset[key] || "", y = b.dataset[key] || "";
        const cmp = key === "date" || key === "title" || key === "outlet"
          ? x.localeCompare(y, "ar") : Number(x) - Number(y);
        return descending ? -cmp : cmp;
      });
      for (const row of rows) body.appendChild(row);
    });
  });
  filter();
})();
