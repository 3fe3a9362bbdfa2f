// The permission report of one account: HiBob's permission wording grouped as its permission groups show it.

import { $, el, when } from "./dom.js";

const STATUS_LABELS = {
  linked: "linked",
  needs_attention: "needs attention",
  invalid_credentials: "invalid credentials",
};
const CHECK_LABELS = { granted: "granted", missing: "missing", not_checkable: "not checkable" };
const CHECK_MARKS = { granted: "✓", missing: "✗", not_checkable: "?" };
// Where a permission lives in HiBob, when the report does not spell out the path itself.
const FIX_PREFIX = ["Settings", "Account", "Permissions groups", "your group"];

export function statusBadge(status) {
  return el("span", { class: `badge badge-${status}` }, STATUS_LABELS[status] ?? status);
}

function fixPath(check) {
  return check.fix || [...FIX_PREFIX, check.tab, sectionName(check), check.permission].join(" > ");
}

function checkItem(check) {
  const status = check.status;
  const details = [];
  if (status === "missing") {
    details.push(el("p", { class: "fix" }, el("span", { class: "label" }, "Fix: "), fixPath(check)));
    if (check.unlocks?.length) {
      details.push(el("p", { class: "unlocks" }, el("span", { class: "label" }, "Left empty without it: "), check.unlocks.join(", ")));
    }
  }
  if (check.evidence && status !== "granted") details.push(el("p", { class: "evidence" }, check.evidence));
  return el(
    "li",
    { class: `check check-${status}`, "data-status": status, "data-permission": check.permission },
    el("span", { class: `mark mark-${status}`, "aria-hidden": "true" }, CHECK_MARKS[status] ?? "?"),
    el(
      "div",
      { class: "check-body" },
      el("span", { class: "wording" }, check.permission),
      el("span", { class: `check-status status-${status}` }, CHECK_LABELS[status] ?? status),
      details,
    ),
  );
}

// HiBob's permission group names a section by its group, e.g. "People > Personal", "Time off > Balance".
function sectionName(check) {
  return check.group && check.group !== check.section ? `${check.group} > ${check.section}` : check.section;
}

function grouped(checks) {
  const tabs = new Map();
  for (const check of checks) {
    if (!tabs.has(check.tab)) tabs.set(check.tab, new Map());
    const sections = tabs.get(check.tab);
    const section = sectionName(check);
    if (!sections.has(section)) sections.set(section, []);
    sections.get(section).push(check);
  }
  return tabs;
}

function sectionBlock(section, items) {
  // Sections with something missing start open; fully granted ones fold away to keep the list short.
  const tally = (status) => items.filter((c) => c.status === status).length;
  const missing = tally("missing");
  const count = Object.entries(CHECK_LABELS)
    .filter(([status]) => tally(status))
    .map(([status, label]) => `${tally(status)} ${label}`)
    .join(", ");
  return el(
    "details",
    { class: "section", "data-section": section, open: missing > 0 },
    el(
      "summary",
      {},
      el("span", { class: "section-name" }, section),
      el("span", { class: missing ? "count count-missing" : "count" }, count),
    ),
    el("ul", { class: "checks" }, items.map(checkItem)),
  );
}

function renderChecklist(checks) {
  const blocks = [];
  for (const [tab, sections] of grouped(checks)) {
    const parts = [el("h4", { class: "tab-name" }, tab)];
    for (const [section, items] of sections) parts.push(sectionBlock(section, items));
    blocks.push(el("section", { class: "tab", "data-tab": tab }, parts));
  }
  $("checklist").replaceChildren(...blocks);
}

function renderAudience(audience = {}) {
  const warnings = audience.warnings ?? [];
  $("audience-warnings").replaceChildren(...warnings.map((w) => el("li", { class: "warning" }, w)));
  const counts = audience.counts ?? {};
  const statuses = new Set([...(audience.visible_lifecycle_statuses ?? []), ...Object.keys(counts)]);
  const rows = [...statuses].map((status) =>
    el("tr", { "data-lifecycle": status }, el("th", { scope: "row" }, status), el("td", { class: "num" }, counts[status] ?? 0)),
  );
  $("audience-counts").tBodies[0].replaceChildren(...rows);
  $("audience-counts").hidden = rows.length === 0;
}

function renderFields(fields = []) {
  const byStatus = { visible: [], hidden: [], empty: [] };
  for (const field of fields) (byStatus[field.status] ??= []).push(field);
  $("fields-summary").textContent =
    `Fields: ${byStatus.visible.length} visible, ${byStatus.hidden.length} hidden by permissions, ${byStatus.empty.length} empty for everyone`;
  const lists = ["hidden", "empty"]
    .filter((status) => byStatus[status].length)
    .map((status) =>
      el(
        "div",
        { class: "field-list" },
        el("h5", {}, status === "hidden" ? "Hidden by permissions" : "Empty for every visible employee"),
        el("p", {}, byStatus[status].map((f) => `${f.name || f.field} (${f.category})`).join(", ")),
      ),
    );
  $("fields-body").replaceChildren(...lists);
}

// `account` may be unknown (a report fetched before the list), then the report is titled by `accountId`.
export function renderReport(accountId, account, report) {
  $("report").hidden = false;
  $("report-title").textContent = `Permission report: ${account?.name ?? accountId}`;
  $("report-meta").replaceChildren(
    account ? statusBadge(account.status) : "",
    account ? ` · ${account.service_user_id} · last checked ${when(account.checked_at)}` : "",
  );
  const checks = report.checks ?? [];
  const missing = checks.filter((c) => c.status === "missing").length;
  const invalid = report.credentials === "invalid" || account?.status === "invalid_credentials";
  $("report-summary").textContent = invalid
    ? "HiBob refuses this service user's token: link it again with a valid token."
    : report.summary || `${missing} missing of ${checks.length} permissions checked.`;
  renderAudience(report.audience);
  renderChecklist(checks);
  renderFields(report.fields);
}
