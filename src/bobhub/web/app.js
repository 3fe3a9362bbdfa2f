// The hub page: a thin shell over bobhub's REST API (/v1/accounts), nothing else.
// Everything the API returns is put on the page as text (textContent), never as HTML.

const KEY_STORAGE = "bobhub.apiKey";
const STATUS_LABELS = {
  linked: "linked",
  needs_attention: "needs attention",
  invalid_credentials: "invalid credentials",
};
const CHECK_LABELS = { granted: "granted", missing: "missing", not_checkable: "not checkable" };
const CHECK_MARKS = { granted: "✓", missing: "✗", not_checkable: "?" };
// Where a permission lives in HiBob, when the report does not spell out the path itself.
const FIX_PREFIX = ["Settings", "Account", "Permissions groups", "your group"];

const $ = (id) => document.getElementById(id);
const accounts = new Map();
let openAccountId = null;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") node.className = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

class ApiError extends Error {
  constructor(status, error, detail) {
    super(detail);
    this.status = status;
    this.error = error;
    this.detail = detail;
  }
}

async function api(path, { method = "GET", body } = {}) {
  const key = localStorage.getItem(KEY_STORAGE);
  if (!key) throw new ApiError(0, "NoKey", "Enter your bobhub API key in step 1 first.");
  const headers = { Authorization: `Bearer ${key}`, Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, "NetworkError", "The bobhub server did not answer; is `bobhub serve` running?");
  }
  if (response.status === 204) return null;
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    throw new ApiError(response.status, data?.error ?? `HTTP ${response.status}`, data?.detail ?? response.statusText);
  }
  return data;
}

const ERROR_TITLES = {
  NoKey: "No API key yet.",
  NetworkError: "bobhub is unreachable.",
  Unauthorized: "bobhub refused the API key.",
  Forbidden: "This API key is not allowed to do that.",
  BadRequest: "Please correct the form. Nothing was stored.",
  InvalidCredentials: "HiBob refused the Service User ID or Token. Nothing was stored.",
  Conflict: "This service user is already linked.",
  NotFound: "No such account.",
  UpstreamError: "HiBob did not answer usably. Nothing was stored; try again later.",
};

function showError(box, err) {
  const title = ERROR_TITLES[err.error] ?? "Something went wrong.";
  box.replaceChildren(el("strong", {}, title), " ", el("span", { class: "detail" }, err.detail ?? String(err)));
  box.hidden = false;
}

function hideError(box) {
  box.hidden = true;
  box.replaceChildren();
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString() : "never";
}

// ---- accounts list ---------------------------------------------------------------------------------

function statusBadge(status) {
  return el("span", { class: `badge badge-${status}` }, STATUS_LABELS[status] ?? status);
}

function accountRow(account) {
  const open = el(
    "button",
    { type: "button", class: "secondary small", "aria-label": `Open the report of ${account.name}` },
    "Open report",
  );
  open.addEventListener("click", () => openReport(account.id));
  return el(
    "tr",
    { "data-account-id": account.id, "data-status": account.status },
    el("td", {}, account.name),
    el("td", { class: "mono" }, account.service_user_id),
    el("td", { class: "account-status" }, statusBadge(account.status)),
    el("td", {}, when(account.checked_at)),
    el("td", { class: "num" }, account.missing_permissions.length),
    el("td", {}, open),
  );
}

async function loadAccounts() {
  hideError($("accounts-error"));
  try {
    const page = await api("/v1/accounts");
    accounts.clear();
    for (const account of page.results) accounts.set(account.id, account);
    $("accounts-body").replaceChildren(...page.results.map(accountRow));
    $("accounts-table").hidden = page.results.length === 0;
    $("accounts-empty").hidden = page.results.length !== 0;
  } catch (err) {
    $("accounts-body").replaceChildren();
    $("accounts-table").hidden = true;
    showError($("accounts-error"), err);
  }
}

// ---- the permission report -------------------------------------------------------------------------

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

function renderChecklist(checks) {
  const blocks = [];
  for (const [tab, sections] of grouped(checks)) {
    const parts = [el("h4", { class: "tab-name" }, tab)];
    for (const [section, items] of sections) {
      // Sections with something missing start open; fully granted ones fold away to keep the list short.
      const tally = (status) => items.filter((c) => c.status === status).length;
      const missing = tally("missing");
      const count = Object.entries(CHECK_LABELS)
        .filter(([status]) => tally(status))
        .map(([status, label]) => `${tally(status)} ${label}`)
        .join(", ");
      parts.push(
        el(
          "details",
          { class: "section", "data-section": section, open: missing > 0 },
          el(
            "summary",
            {},
            el("span", { class: "section-name" }, section),
            el("span", { class: missing ? "count count-missing" : "count" }, count),
          ),
          el("ul", { class: "checks" }, items.map(checkItem)),
        ),
      );
    }
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

function renderReport(account, report) {
  $("report").hidden = false;
  $("report-title").textContent = `Permission report: ${account?.name ?? openAccountId}`;
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

async function openReport(accountId, refresh = false) {
  openAccountId = accountId;
  hideError($("report-error"));
  const button = $("refresh-report");
  button.disabled = true;
  try {
    const query = refresh ? "?refresh=true" : "";
    const report = await api(`/v1/accounts/${encodeURIComponent(accountId)}/permissions${query}`);
    if (refresh) await loadAccounts();
    renderReport(accounts.get(accountId), report);
  } catch (err) {
    $("report").hidden = false;
    showError($("report-error"), err);
  } finally {
    button.disabled = false;
  }
  $("report").scrollIntoView({ behavior: "smooth", block: "start" });
}

// ---- forms -----------------------------------------------------------------------------------------

function linkBody(form) {
  const value = (name) => form.elements[name].value.trim();
  const body = { name: value("name"), service_user_id: value("service_user_id"), token: form.elements.token.value };
  if (value("base_url")) body.base_url = value("base_url");
  return body;
}

async function onLink(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const submit = $("link-submit");
  hideError($("link-error"));
  submit.disabled = true;
  form.setAttribute("aria-busy", "true");
  $("link-status").textContent = "Checking the credentials and permissions…";
  try {
    const account = await api("/v1/accounts", { method: "POST", body: linkBody(form) });
    form.elements.token.value = "";
    $("link-status").textContent = `Linked ${account.name}.`;
    openAccountId = account.id;
    await loadAccounts();
    renderReport(accounts.get(account.id) ?? account, account.permissions);
  } catch (err) {
    $("link-status").textContent = "";
    showError($("link-error"), err);
  } finally {
    submit.disabled = false;
    form.removeAttribute("aria-busy");
  }
}

function onSaveKey(event) {
  event.preventDefault();
  const key = $("api-key").value.trim();
  if (!key) return;
  localStorage.setItem(KEY_STORAGE, key);
  $("key-status").textContent = "Key saved in this browser.";
  loadAccounts();
}

function onForgetKey() {
  localStorage.removeItem(KEY_STORAGE);
  $("api-key").value = "";
  $("key-status").textContent = "Key removed from this browser.";
  accounts.clear();
  $("accounts-body").replaceChildren();
  $("accounts-table").hidden = true;
  $("report").hidden = true;
}

function start() {
  $("key-form").addEventListener("submit", onSaveKey);
  $("forget-key").addEventListener("click", onForgetKey);
  $("link-form").addEventListener("submit", onLink);
  $("reload-accounts").addEventListener("click", loadAccounts);
  $("refresh-report").addEventListener("click", () => openAccountId && openReport(openAccountId, true));
  const key = localStorage.getItem(KEY_STORAGE);
  if (key) {
    $("api-key").value = key;
    $("key-status").textContent = "Using the key saved in this browser.";
    loadAccounts();
  }
}

start();
