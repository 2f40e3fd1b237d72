// Site search on top of the Pagefind bundle written at build time. Everything is
// fetched from this site, so search works offline. The form is a plain GET form:
// without this script it still submits, and the page's <noscript> note shows.
const form = document.querySelector(".search-form");
const input = document.getElementById("search-query");
const status = document.getElementById("search-status");
const results = document.getElementById("search-results");

let pagefind = null;

async function loadIndex() {
  if (!pagefind) {
    pagefind = await import(form.dataset.bundle + "pagefind.js");
    await pagefind.options({ baseUrl: new URL(form.dataset.base).pathname });
  }
  return pagefind;
}

function say(text) {
  status.textContent = text;
}

function render(found) {
  results.replaceChildren();
  if (!found.length) return;
  const list = document.createElement("ol");
  list.className = "search-results__list";
  for (const item of found) {
    const entry = document.createElement("li");
    const link = document.createElement("a");
    link.href = item.url;
    link.textContent = (item.meta && item.meta.title) || item.url;
    const heading = document.createElement("h2");
    heading.className = "search-results__title";
    heading.append(link);
    const excerpt = document.createElement("p");
    // Pagefind escapes page text in excerpts and adds only <mark> around matches.
    excerpt.innerHTML = item.excerpt;
    entry.append(heading, excerpt);
    list.append(entry);
  }
  results.append(list);
}

async function search(query) {
  query = query.trim();
  if (!query) {
    render([]);
    say("");
    return;
  }
  say("Searching…");
  try {
    const index = await loadIndex();
    const response = await index.search(query);
    const found = await Promise.all(response.results.slice(0, 20).map((result) => result.data()));
    render(found);
    say(found.length === 1 ? "1 post found." : `${found.length} posts found.`);
  } catch (error) {
    render([]);
    say("Search is not available right now. Browse the archives instead.");
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const query = input.value;
  const url = new URL(window.location.href);
  url.searchParams.set("q", query);
  window.history.replaceState(null, "", url);
  search(query);
});

const initial = new URLSearchParams(window.location.search).get("q");
if (initial) {
  input.value = initial;
  search(initial);
}
