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
  // Spelling variants of one name differ in their long-vowel letters («أمريكا/أميركا»,
  // «ترامب/ترمب»): a word's skeleton keeps its first letter and drops ا و ي after it. A
  // query matches the exact folded text first, the skeletons when nothing does.
  function skeleton(text) {
    return text.split(/\s+/).map((w) => w.charAt(0) + w.slice(1).replace(/[\u0627\u0648\u064a]/g, "")).join(" ");
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
    for (const e of index) e.sk = skeleton(e.k);
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
    let match = (key) => words.every((w) => key.includes(w));
    let hits = index.filter((e) => match(e.k));
    if (!hits.length) {
      const skeletons = words.map(skeleton);
      match = (key) => skeletons.every((w) => skeleton(key).includes(w));
      hits = index.filter((e) => skeletons.every((w) => e.sk.includes(w)));
    }
    const total = hits.length;
    hits = hits.slice(0, 50);
    status.textContent = !total ? "لا نتائج." : total === 1 ? "نتيجة واحدة" : total === 2 ? "نتيجتان"
      : total % 100 >= 3 && total % 100 <= 10 ? total + " نتائج" : total + " نتيجة";
    for (const hit of hits) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      // the first sentence holding every word (folded the same way), shown under the title
      const sentence = (hit.s || []).find(([, text]) => match(fold(text)));
      a.href = hit.u + (sentence ? "#" + sentence[0] : "");
      a.textContent = hit.t;
      li.appendChild(a);
      const meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = " · " + (hit.type === "actor" ? "فاعل" : "موجز") + (hit.d ? " · " + hit.d : "");
      li.appendChild(meta);
      if (sentence) {
        const quote = document.createElement("p");
        quote.className = "match";
        quote.textContent = sentence[1];
        li.appendChild(quote);
      }
      list.appendChild(li);
    }
  }
  input.addEventListener("input", run);
  document.getElementById("search-form").addEventListener("submit", (e) => { e.preventDefault(); run(); });
  const q = new URLSearchParams(location.search).get("q");
  if (q) input.value = q;
})();
