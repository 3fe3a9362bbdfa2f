// The "Org chart" panel: the manager tree from GET /v1/org-chart as nested, collapsible lists, and its CSV.

import { $, Latest, api, el, hideError, showError } from "./dom.js";

const OPEN_LEVELS = 2; // the top of the company starts unfolded, deeper teams folded
const ERROR_TITLES = {
  NotFound: "That person is not in the synced data.",
  BadRequest: "bobhub could not draw that chart.",
};

// The contract gives the department as a name; an object with a name is read the same way.
function text(value) {
  if (value === null || value === undefined) return "";
  return typeof value === "object" ? (value.name ?? value.value ?? "") : String(value);
}

function nameOf(node) {
  return text(node.display_name) || node.work_email || node.remote_id || node.id;
}

function countPeople(nodes) {
  return nodes.reduce((sum, node) => sum + 1 + countPeople(node.reports ?? []), 0);
}

function* walk(nodes) {
  for (const node of nodes) {
    yield node;
    yield* walk(node.reports ?? []);
  }
}

function person(node) {
  const reports = node.reports?.length ?? 0;
  return el(
    "span",
    { class: "org-person" },
    el("span", { class: "org-name" }, nameOf(node)),
    node.job_title ? el("span", { class: "org-title" }, text(node.job_title)) : null,
    node.department ? el("span", { class: "org-department" }, text(node.department)) : null,
    reports ? el("span", { class: "org-reports" }, reports === 1 ? "1 report" : `${reports} reports`) : null,
  );
}

function nodeItem(node, level) {
  const search = [nameOf(node), text(node.job_title), text(node.department), node.work_email ?? ""]
    .join(" ")
    .toLowerCase();
  const attrs = { class: "org-node", "data-id": node.id, "data-remote-id": node.remote_id, "data-search": search };
  const reports = node.reports ?? [];
  if (reports.length === 0) return el("li", attrs, person(node));
  return el(
    "li",
    attrs,
    el(
      "details",
      { class: "org-branch", open: level < OPEN_LEVELS },
      el("summary", {}, person(node)),
      el("ul", { class: "org-children" }, reports.map((child) => nodeItem(child, level + 1))),
    ),
  );
}

// Shows the people matching `query`, the chains of managers above them and everyone below them.
function filterNode(li, query, shownAbove) {
  const own = query !== "" && li.dataset.search.includes(query);
  const branch = li.querySelector(":scope > details");
  const children = branch ? [...branch.querySelector(":scope > ul").children] : [];
  const below = children.map((child) => filterNode(child, query, shownAbove || own)).some(Boolean);
  li.hidden = query !== "" && !(own || below || shownAbove);
  li.classList.toggle("match", own);
  if (below && branch) branch.open = true;
  return own || below;
}

function csvName(root, asOf) {
  const parts = ["org-chart", root ? nameOf(root) : null, asOf].filter(Boolean);
  return `${parts.join("-").replace(/[^\p{L}\p{N}._-]+/gu, "_")}.csv`;
}

export class OrgChartPanel {
  #latest = new Latest();
  #accountId = null;
  #people = new Map(); // id → node, from the last whole-company chart
  #shown = { root: null, asOf: "" };

  constructor() {
    $("org-form").addEventListener("submit", (event) => this.#onSubmit(event));
    $("org-reset").addEventListener("click", () => this.#onReset());
    $("org-search").addEventListener("input", () => this.#applySearch());
    $("org-expand").addEventListener("click", () => this.#setAllOpen(true));
    $("org-collapse").addEventListener("click", () => this.#setAllOpen(false));
    $("org-csv").addEventListener("click", () => this.#download());
  }

  show(accountId) {
    this.#accountId = accountId;
    this.#people.clear();
    $("org-form").reset();
    $("org-search").value = "";
    $("org-tree").replaceChildren();
    return this.#load(null, "");
  }

  #query(root, asOf, format) {
    const params = new URLSearchParams();
    if (root) params.set("root", root);
    if (asOf) params.set("as_of", asOf);
    if (format) params.set("format", format);
    const query = params.toString();
    return `/v1/org-chart${query ? `?${query}` : ""}`;
  }

  async #load(root, asOf) {
    if (!this.#accountId) return;
    const ticket = this.#latest.next();
    hideError($("org-error"));
    $("org").setAttribute("aria-busy", "true");
    $("org-status").textContent = "Loading the org chart…";
    try {
      const chart = await api(this.#query(root, asOf), { accountId: this.#accountId });
      if (!this.#latest.isCurrent(ticket)) return;
      this.#shown = { root, asOf };
      this.#render(chart);
    } catch (err) {
      if (!this.#latest.isCurrent(ticket)) return;
      $("org-status").textContent = "";
      showError($("org-error"), err, ERROR_TITLES);
    } finally {
      if (this.#latest.isCurrent(ticket)) $("org").removeAttribute("aria-busy");
    }
  }

  #render(chart) {
    const nodes = chart.nodes ?? [];
    if (!chart.root) this.#remember(nodes);
    $("org-tree").replaceChildren(...nodes.map((node) => nodeItem(node, 0)));
    const people = countPeople(nodes);
    $("org-tree").dataset.people = String(people);
    $("org-empty").hidden = people !== 0;
    $("org-tools").hidden = people === 0;
    const date = chart.as_of ? ` on ${chart.as_of}` : "";
    const count = people === 1 ? "1 person" : `${people} people`;
    $("org-status").textContent = chart.root
      ? `${count} in ${nameOf(nodes[0] ?? { id: chart.root })}'s branch${date}.`
      : `${count}${date}; ${nodes.length} at the top (no visible manager).`;
    this.#applySearch();
  }

  #remember(nodes) {
    this.#people.clear();
    const options = [];
    for (const node of walk(nodes)) {
      this.#people.set(node.id, node);
      options.push(el("option", { value: this.#label(node) }));
    }
    $("org-people").replaceChildren(...options);
  }

  #label(node) {
    return node.work_email ? `${nameOf(node)} <${node.work_email}>` : nameOf(node);
  }

  // The root box takes a suggestion from the list, a name, a work email or an id; it must name one person.
  #resolve(typed) {
    const wanted = typed.trim().toLowerCase();
    const people = [...this.#people.values()];
    const exact = people.filter((p) => this.#label(p).toLowerCase() === wanted || p.id === typed.trim());
    if (exact.length === 1) return exact[0];
    const loose = people.filter((p) =>
      [nameOf(p), p.work_email, p.remote_id].some((v) => v && String(v).toLowerCase() === wanted),
    );
    if (loose.length === 1) return loose[0];
    const why = loose.length
      ? `${loose.length} people are called “${typed.trim()}”: pick one from the suggestions (they show the work email).`
      : `No one in this account's org chart is called “${typed.trim()}”.`;
    throw Object.assign(new Error(why), { error: "NoSuchPerson", detail: why });
  }

  #onSubmit(event) {
    event.preventDefault();
    const typed = $("org-root").value;
    const asOf = $("org-as-of").value;
    if (!typed.trim()) return this.#load(null, asOf);
    try {
      return this.#load(this.#resolve(typed).id, asOf);
    } catch (err) {
      return showError($("org-error"), err, { NoSuchPerson: "Pick someone from the chart." });
    }
  }

  #onReset() {
    $("org-root").value = "";
    return this.#load(null, $("org-as-of").value);
  }

  #applySearch() {
    const query = $("org-search").value.trim().toLowerCase();
    for (const li of $("org-tree").children) filterNode(li, query, false);
    const found = $("org-tree").querySelectorAll("li.match").length;
    $("org-search-status").textContent =
      query === "" ? "" : found === 0 ? "No one matches." : found === 1 ? "1 person matches." : `${found} people match.`;
  }

  #setAllOpen(open) {
    for (const branch of $("org-tree").querySelectorAll("details.org-branch")) branch.open = open;
  }

  async #download() {
    const { root, asOf } = this.#shown;
    const button = $("org-csv");
    button.disabled = true;
    hideError($("org-error"));
    $("org-csv-status").textContent = "Preparing the CSV…";
    try {
      const blob = await api(this.#query(root, asOf, "csv"), { accountId: this.#accountId, as: "blob" });
      const url = URL.createObjectURL(blob);
      const link = el("a", { href: url, download: csvName(this.#people.get(root), asOf), hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      $("org-csv-status").textContent = `Downloaded ${link.download}.`;
    } catch (err) {
      $("org-csv-status").textContent = "";
      showError($("org-error"), err, ERROR_TITLES);
    } finally {
      button.disabled = false;
    }
  }
}
