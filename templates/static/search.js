// Offline search over the sharded index in search/, with Arabic spelling folded the way
// generator/arabic.py folds it: diacritics and tatweel dropped, hamza/madda/wasla alef to bare alef, alef
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
  // query matches the exact folded text first, the skeletons when nothing does. The same as
  // search_skeleton in generator/arabic.py, which makes the index's skeleton tree.
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
  // The index is sharded (generator/search_index.py): a query word names the files that
  // hold it, by its letters; the entries shown come a small file per briefing, one per 32
  // actors. generator/search_index.py's SearchIndex reads the same files the same way.
  const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  const files = new Map();
  function load(path) {
    if (!files.has(path)) {
      files.set(path, fetch("search/" + path).then((r) => {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      }));
    }
    return files.get(path);
  }
  // entry numbers: gaps of 5 bits a letter (a letter >= 32 carries more), or "~" and a bitmap
  function decode(text) {
    const out = [];
    if (text[0] === "~") {
      for (let k = 1; k < text.length; k++) {
        const value = ALPHABET.indexOf(text[k]);
        for (let b = 0; b < 6; b++) if (value & (1 << b)) out.push(6 * (k - 1) + b);
      }
      return out;
    }
    let previous = -1, value = 0;
    for (const ch of text) {
      const x = ALPHABET.indexOf(ch);
      if (x >= 32) value = value * 32 + x - 32;
      else { previous += value * 32 + x + 1; out.push(previous); value = 0; }
    }
    return out;
  }
  const nodeName = (letters) => letters.map((ch) => ch.codePointAt(0).toString(16)).join("-");
  // numbers of the entries with `word` in one of their words (tree "w") or word skeletons ("k")
  async function entriesHaving(meta, tree, word) {
    const letters = Array.from(word).slice(0, meta.max_suffix);
    let children = meta[tree];
    for (let depth = 1; depth <= letters.length; depth++) {
      const kind = Object.hasOwn(children, letters[depth - 1]) ? children[letters[depth - 1]] : null;
      if (kind === null) return new Set();
      if (kind !== 1) {  // a leaf, in the file named by its first letter
        const rest = letters.slice(depth - 1).join("");
        const leaf = tree + "/" + nodeName([...letters.slice(0, depth - 1), kind]);
        const found = new Set();
        for (const [r, code] of (await load(leaf + ".json")).e) {
          if (r.startsWith(rest)) for (const i of decode(code)) found.add(i);
        }
        return found;
      }
      const name = tree + "/" + nodeName(letters.slice(0, depth));
      if (depth === letters.length) return new Set(decode((await load(name + ".all.json")).a));
      children = (await load(name + ".json")).c;
    }
    return new Set();
  }
  async function matching(meta, tree, query) {
    let hits = null;
    for (const word of query) {
      const found = await entriesHaving(meta, tree, word);
      hits = hits === null ? found : new Set([...hits].filter((i) => found.has(i)));
      if (!hits.size) return hits;
    }
    return hits;
  }
  // what a result shows: a file per briefing, one per few actors (numbered after them)
  async function shown(i) {
    const actor = i - meta.briefings;
    if (actor < 0) return load("d/" + Math.floor(i / meta.docs_per_folder) + "/" + i + ".json");
    return (await load("a/" + Math.floor(actor / meta.actors_per_file) + ".json"))[actor % meta.actors_per_file];
  }
  let meta = null;
  load("meta.json").then((data) => {
    meta = data;
    status.textContent = "جاهز: " + meta.entries + " عنصراً.";
    if (input.value) search();
  }).catch(() => {
    status.textContent = "تعذّر تحميل فهرس البحث.";
  });
  let latest = 0;
  async function run() {
    if (!meta) return;
    const asked = ++latest;
    const words = fold(input.value).split(/\s+/).filter(Boolean);
    if (!words.length) { list.textContent = ""; status.textContent = "اكتب كلمة للبحث."; return; }
    let match = (key) => words.every((w) => key.includes(w));
    let found = await matching(meta, "w", words);
    if (!found.size) {
      const skeletons = words.map(skeleton);
      match = (key) => skeletons.every((w) => skeleton(key).includes(w));
      found = await matching(meta, "k", skeletons);
    }
    const total = found.size;
    const hits = await Promise.all([...found].sort((a, b) => a - b).slice(0, meta.results)
      .map(shown));
    if (asked !== latest) return;  // a later keystroke's results are coming
    list.textContent = "";
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
      const about = document.createElement("span");
      about.className = "meta";
      about.textContent = " · " + (hit.type === "actor" ? "فاعل" : "موجز") + (hit.d ? " · " + hit.d : "");
      li.appendChild(about);
      if (sentence) {
        const quote = document.createElement("p");
        quote.className = "match";
        quote.textContent = sentence[1];
        li.appendChild(quote);
      }
      list.appendChild(li);
    }
  }
  const search = () => run().catch(() => { status.textContent = "تعذّر تحميل فهرس البحث."; });
  input.addEventListener("input", search);
  document.getElementById("search-form").addEventListener("submit", (e) => { e.preventDefault(); search(); });
  const q = new URLSearchParams(location.search).get("q");
  if (q) input.value = q;
})();
