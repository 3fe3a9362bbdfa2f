// The "Sync runs" panel: an account's runs from GET /v1/sync-runs, newest first, each opening onto its streams.

import { $, Latest, api, duration, el, hideError, number, showError, when } from "./dom.js";

const PAGE_SIZE = 20;
const RUN_COLUMNS = 8;
const STREAM_COLUMNS = 9;
const ERROR_TITLES = { NotFound: "No such account.", BadRequest: "bobhub could not read the sync runs." };
// A suspicious run is not an error: the anomaly guard held back deletions it could not trust.
const SUSPICIOUS_NOTE =
  "The anomaly guard found a read that looks like lost HiBob permissions, so nothing was deleted or emptied.";

function badge(status) {
  return el("span", { class: `badge badge-run-${status}` }, status);
}

function runDuration(run) {
  if (!run.finished_at) return run.status === "running" ? "running…" : "—";
  return duration(new Date(run.finished_at) - new Date(run.started_at));
}

function total(streams, key) {
  return streams.reduce((sum, stream) => sum + (stream[key] ?? 0), 0);
}

function streamRows(stream) {
  const num = (key) => el("td", { class: `num stream-${key}` }, number(stream[key]));
  const row = el(
    "tr",
    { class: "stream", "data-stream": stream.name, "data-status": stream.status },
    el("th", { scope: "row", class: "stream-name" }, stream.name),
    el("td", { class: "stream-status" }, badge(stream.status)),
    ["records", "created", "updated", "deleted", "calls", "rate_limited"].map(num),
    el("td", { class: "num" }, duration(stream.duration_ms)),
  );
  if (!stream.error) return [row];
  const error = el(
    "tr",
    { class: "stream-error", "data-stream": stream.name },
    el("td", { colspan: STREAM_COLUMNS }, el("span", { class: "label" }, `${stream.name} failed: `), stream.error),
  );
  return [row, error];
}

function streamsTable(run) {
  const streams = run.streams ?? [];
  if (streams.length === 0) return el("p", { class: "help" }, "No stream finished in this run.");
  const head = ["Stream", "Status", "Records", "Created", "Updated", "Deleted", "Calls", "429s", "Duration"];
  return el(
    "table",
    { class: "streams" },
    el("caption", {}, `Streams of the ${run.kind} run started ${when(run.started_at)}`),
    el("thead", {}, el("tr", {}, head.map((h, i) => el("th", { scope: "col", class: i > 1 ? "num" : null }, h)))),
    el("tbody", {}, streams.flatMap(streamRows)),
  );
}

function runNotes(run) {
  const notes = [];
  if (run.error) notes.push(el("p", { class: "run-error" }, el("span", { class: "label" }, "Error: "), run.error));
  if (run.status === "suspicious") notes.push(el("p", { class: "run-note" }, SUSPICIOUS_NOTE));
  return notes;
}

function setOpen(toggle, detail, open) {
  toggle.setAttribute("aria-expanded", String(open));
  detail.hidden = !open;
}

function runRows(run) {
  const streams = run.streams ?? [];
  const detail = el(
    "tr",
    { id: `run-detail-${run.id}`, class: "run-detail", hidden: true },
    el("td", { colspan: RUN_COLUMNS }, runNotes(run), streamsTable(run)),
  );
  const toggle = el(
    "button",
    {
      type: "button",
      class: "disclosure",
      "aria-expanded": "false",
      "aria-controls": detail.id,
      "aria-label": `Streams of the ${run.kind} run started ${when(run.started_at)}`,
    },
    el("span", { "aria-hidden": "true" }, "▸"),
  );
  toggle.addEventListener("click", () => setOpen(toggle, detail, toggle.getAttribute("aria-expanded") !== "true"));
  const row = el(
    "tr",
    { class: "run", "data-run-id": run.id, "data-status": run.status },
    el("td", {}, toggle),
    el("td", { class: "run-kind" }, run.kind),
    el("td", { class: "run-status" }, badge(run.status)),
    el("td", { class: "run-started" }, when(run.started_at)),
    el("td", { class: "num run-duration" }, runDuration(run)),
    el("td", { class: "num run-records" }, number(total(streams, "records"))),
    el("td", { class: "num run-calls" }, number(total(streams, "calls"))),
    el("td", { class: "num run-rate-limited" }, number(total(streams, "rate_limited"))),
  );
  // The whole row opens the run for a pointer; the button alone carries it for the keyboard.
  row.addEventListener("click", (event) => {
    if (!event.target.closest("button") && !window.getSelection()?.toString()) toggle.click();
  });
  return [row, detail];
}

export class SyncRunsPanel {
  #latest = new Latest();
  #accountId = null;
  #next = null;

  constructor() {
    $("refresh-runs").addEventListener("click", () => this.load());
    $("more-runs").addEventListener("click", () => this.load({ more: true }));
  }

  show(accountId) {
    this.#accountId = accountId;
    this.#next = null;
    $("runs-body").replaceChildren();
    return this.load();
  }

  async load({ more = false } = {}) {
    if (!this.#accountId) return;
    const ticket = this.#latest.next();
    const cursor = more && this.#next ? `&cursor=${encodeURIComponent(this.#next)}` : "";
    hideError($("runs-error"));
    $("runs").setAttribute("aria-busy", "true");
    $("runs-status").textContent = "Loading sync runs…";
    try {
      const page = await api(`/v1/sync-runs?page_size=${PAGE_SIZE}${cursor}`, { accountId: this.#accountId });
      if (!this.#latest.isCurrent(ticket)) return;
      this.#next = page.next;
      this.#render(page.results, more);
    } catch (err) {
      if (!this.#latest.isCurrent(ticket)) return;
      $("runs-status").textContent = "";
      showError($("runs-error"), err, ERROR_TITLES);
    } finally {
      if (this.#latest.isCurrent(ticket)) $("runs").removeAttribute("aria-busy");
    }
  }

  #render(runs, more) {
    const body = $("runs-body");
    // A refresh keeps the runs that were open still open.
    const open = new Set([...body.querySelectorAll("tr.run")].filter(isOpen).map((row) => row.dataset.runId));
    const rows = runs.flatMap(runRows);
    if (more) body.append(...rows);
    else body.replaceChildren(...rows);
    for (const row of body.querySelectorAll("tr.run")) {
      if (open.has(row.dataset.runId) && !isOpen(row)) row.querySelector("button.disclosure").click();
    }
    const shown = body.querySelectorAll("tr.run").length;
    $("runs-table").hidden = shown === 0;
    $("runs-empty").hidden = shown !== 0;
    $("more-runs").hidden = !this.#next;
    $("runs-status").textContent = shown === 0 ? "" : shown === 1 ? "1 sync run." : `${shown} sync runs, newest first.`;
  }
}

function isOpen(row) {
  return row.querySelector("button.disclosure")?.getAttribute("aria-expanded") === "true";
}
