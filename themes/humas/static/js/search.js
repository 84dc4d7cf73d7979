// The search page: a labelled form of our own over Pagefind's index of this language.
// Pagefind picks the index from <html lang>; strings come from the page (the theme's i18n files).
const form = document.getElementById("search-form");
const input = document.getElementById("search-input");
const category = document.getElementById("search-category");
const year = document.getElementById("search-year");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");

let pagefind;
let parts = [];
let loading = null;

// Pagefind (its script, 70 KB of WebAssembly and the index) loads when the reader first turns to
// the form (focus, tap or key), not with the page: most visitors of the page never search.
function load() {
  loading ??= (async () => {
    pagefind = await import(`${form.dataset.bundle}pagefind.js`);
    await pagefind.options({ baseUrl: form.dataset.base, excerptLength: 24 });
    await pagefind.init();
    // `sitegen build` splits the index into parts (a year of releases each, so that an edit
    // re-indexes one part): the bundle lists the others in parts.json, each merged into this one.
    const partsFile = await fetch(`${form.dataset.bundle}parts.json`).catch(() => null);
    parts = partsFile && partsFile.ok ? await partsFile.json() : [];
    await Promise.all(parts.map((key) => pagefind.mergeIndex(`${form.dataset.bundle}part-${key}/`,
                                                              { baseUrl: form.dataset.base })));
    const filters = await pagefind.filters();
    addOptions(category, filters.category, false);
    addOptions(year, filters.year, true);
    form.dataset.ready = "true";
  })();
  return loading;
}

// Pagefind answers a word missing from an index with its longest prefix that is there (its
// upstream pull request 315): with one index, only when the site lacks the word; with parts, in
// every part that lacks it ("increase" finds "in"). So when some results match a searched word
// itself, results that matched only a shorter prefix of one are left out, as one index would.
const marked = (result) => [...result.excerpt.matchAll(/<mark>([^<]*)<\/mark>/g)].map((m) => m[1].toLowerCase());
const prefixOnly = (words, terms) => words.length > 0 && words.every(
  (word) => terms.some((term) => term.length > word.length && term.startsWith(word)));

async function allResults(search, query) {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  const results = await Promise.all(search.results.map((r) => r.data()));
  const real = results.filter((r) => !prefixOnly(marked(r), terms));
  return real.length ? real : results;
}

function addOptions(select, counts, newestFirst) {
  const names = Object.keys(counts || {}).sort();
  if (newestFirst) names.reverse();
  for (const name of names) select.add(new Option(`${name} (${counts[name]})`, name));
}

function resultItem(result) {
  const item = document.createElement("li");
  const link = document.createElement("a");
  link.href = result.url;
  link.textContent = result.meta.title;
  const heading = document.createElement("h2");
  heading.append(link);
  const date = document.createElement("p");
  date.className = "meta";
  date.textContent = result.meta.date || "";
  const excerpt = document.createElement("p");
  excerpt.innerHTML = result.excerpt; // Pagefind's excerpt: escaped text with <mark> around matches
  item.append(heading, date, excerpt);
  return item;
}

let latest = 0; // searches can finish out of order: only the newest may show its results

async function run() {
  const ticket = ++latest;
  const query = input.value.trim();
  const filters = {};
  if (category.value) filters.category = category.value;
  if (year.value) filters.year = year.value;
  if (!query && !Object.keys(filters).length) {
    list.replaceChildren();
    status.textContent = "";
    return;
  }
  const search = await pagefind.search(query || null, { filters, sort: query ? undefined : { date: "desc" } });
  const results = parts.length && query ? await allResults(search, query)
    : await Promise.all(search.results.slice(0, 20).map((r) => r.data()));
  if (ticket !== latest) return;
  list.replaceChildren(...results.slice(0, 20).map(resultItem));
  const count = parts.length && query ? results.length : search.results.length;
  status.textContent = count ? form.dataset.found.replace("{count}", count) : form.dataset.none;
}

input.value = new URLSearchParams(location.search).get("q") || "";
let timer;
for (const first of ["focusin", "pointerdown", "keydown"]) form.addEventListener(first, load, { once: true });
form.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(() => load().then(run), 200);
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  load().then(run);
});
form.dataset.listening = "true";
if (input.value) load().then(run); // a search linked to (?q=): the reader already asked
