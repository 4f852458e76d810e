// Offline search over search.json, with Arabic spelling folded the way generator/arabic.py
// folds it: diacritics and tatweel dropped, hamza/madda/wasla alef to bare alef, alef
// maksura to ya, ta marbuta to ha, Arabic-Indic digits to ASCII.
"use strict";
(function () {
  const MARKS = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]/g;
  function fold(text) {
    return text.replace(MARKS, "")
      .replace(/[\u0622\u0623\u0625\u0671]/g, "\u0627")
      .replace(/\u0649/g, "\u064a")
      .replace(/\u0629/g, "\u0647")
      .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
      .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
      .toLowerCase();
  }
  window.briefingFold = fold;
  const input = document.getElementById("search-input");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  if (!input) return;
  if (location.protocol === "file:") {
    status.textContent = "البحث يحتاج إلى فتح الموقع عبر خادم (http)، لا من ملف على القرص: " +
      "شغّل make serve أو انشر المجلد على خادم ثابت.";
    input.disabled = true;
    return;
  }
  let index = null;
  fetch("search.json").then((r) => {
    if (!r.ok) throw new Error(r.status);
    return r.json();
  }).then((data) => {
    index = data.entries;
    status.textContent = "جاهز: " + index.length + " عنصراً.";
    if (input.value) run();
  }).catch(() => {
    status.textContent = "تعذّر تحميل فهرس البحث.";
  });
  function run() {
    if (!index) return;
    const words = fold(input.value).split(/\s+/).filter(Boolean);
    list.textContent = "";
    if (!words.length) { status.textContent = "اكتب كلمة للبحث."; return; }
    const hits = index.filter((e) => words.every((w) => e.k.includes(w))).slice(0, 50);
    status.textContent = hits.length ? hits.length + " نتيجة" : "لا نتائج.";
    for (const hit of hits) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = hit.u;
      a.textContent = hit.t;
      li.appendChild(a);
      const meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = " · " + (hit.type === "actor" ? "فاعل" : "موجز") + (hit.d ? " · " + hit.d : "");
      li.appendChild(meta);
      list.appendChild(li);
    }
  }
  input.addEventListener("input", run);
  document.getElementById("search-form").addEventListener("submit", (e) => { e.preventDefault(); run(); });
  const q = new URLSearchParams(location.search).get("q");
  if (q) input.value = q;
})();
