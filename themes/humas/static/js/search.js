// The search page: a labelled form of our own over Pagefind's index of this language.
// Pagefind picks the index from <html lang>; strings come from the page (the theme's i18n files).
const form = document.getElementById("search-form");
const input = document.getElementById("search-input");
const category = document.getElementById("search-category");
const year = document.getElementById("search-year");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");

const pagefind = await import(`${form.dataset.bundle}pagefind.js`);
await pagefind.options({ baseUrl: form.dataset.base, excerptLength: 24 });
await pagefind.init();

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
  const results = await Promise.all(search.results.slice(0, 20).map((r) => r.data()));
  if (ticket !== latest) return;
  list.replaceChildren(...results.map(resultItem));
  status.textContent = search.results.length
    ? form.dataset.found.replace("{count}", search.results.length)
    : form.dataset.none;
}

const filters = await pagefind.filters();
addOptions(category, filters.category, false);
addOptions(year, filters.year, true);
input.value = new URLSearchParams(location.search).get("q") || "";
let timer;
form.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(run, 200);
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  run();
});
form.dataset.ready = "true";
if (input.value) run();
