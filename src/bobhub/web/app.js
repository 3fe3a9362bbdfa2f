// The hub page: a thin shell over bobhub's REST API (/v1/accounts, /v1/sync-runs, /v1/org-chart), nothing else.
// Everything the API returns is put on the page as text (textContent), never as HTML.

import { $, KEY_STORAGE, api, el, hideError, showError, when } from "./dom.js";
import { OrgChartPanel } from "./orgchart.js";
import { renderReport, statusBadge } from "./report.js";
import { SyncRunsPanel } from "./syncruns.js";

class Hub {
  accounts = new Map();
  openAccountId = null; // the account whose permission report is shown
  dataAccountId = null; // the account whose sync runs and org chart are shown

  constructor() {
    this.runs = new SyncRunsPanel();
    this.org = new OrgChartPanel();
  }

  accountRow(account) {
    const open = el(
      "button",
      { type: "button", class: "secondary small", "aria-label": `Open the report of ${account.name}` },
      "Open report",
    );
    open.addEventListener("click", () => this.openReport(account.id));
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

  async loadAccounts() {
    hideError($("accounts-error"));
    try {
      const page = await api("/v1/accounts");
      this.accounts.clear();
      for (const account of page.results) this.accounts.set(account.id, account);
      $("accounts-body").replaceChildren(...page.results.map((account) => this.accountRow(account)));
      $("accounts-table").hidden = page.results.length === 0;
      $("accounts-empty").hidden = page.results.length !== 0;
      this.fillPicker();
    } catch (err) {
      $("accounts-body").replaceChildren();
      $("accounts-table").hidden = true;
      showError($("accounts-error"), err);
    }
  }

  // Keeps the account already picked when it is still there; otherwise the first one.
  fillPicker() {
    const picker = $("account-select");
    const options = [...this.accounts.values()].map((a) => el("option", { value: a.id }, a.name));
    picker.replaceChildren(...options);
    $("data").hidden = options.length === 0;
    if (options.length === 0) {
      this.dataAccountId = null;
      return;
    }
    const keep = this.accounts.has(this.dataAccountId) ? this.dataAccountId : options[0].value;
    picker.value = keep;
    if (keep !== this.dataAccountId) this.showData(keep);
  }

  showData(accountId) {
    this.dataAccountId = accountId;
    $("account-select").value = accountId;
    this.runs.show(accountId);
    this.org.show(accountId);
  }

  async openReport(accountId, refresh = false) {
    this.openAccountId = accountId;
    hideError($("report-error"));
    const button = $("refresh-report");
    button.disabled = true;
    try {
      const query = refresh ? "?refresh=true" : "";
      const report = await api(`/v1/accounts/${encodeURIComponent(accountId)}/permissions${query}`);
      if (refresh) await this.loadAccounts();
      renderReport(accountId, this.accounts.get(accountId), report);
    } catch (err) {
      $("report").hidden = false;
      showError($("report-error"), err);
    } finally {
      button.disabled = false;
    }
    $("report").scrollIntoView({ behavior: "smooth", block: "start" });
  }

  async onLink(event) {
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
      this.openAccountId = account.id;
      await this.loadAccounts();
      renderReport(account.id, this.accounts.get(account.id) ?? account, account.permissions);
    } catch (err) {
      $("link-status").textContent = "";
      showError($("link-error"), err);
    } finally {
      submit.disabled = false;
      form.removeAttribute("aria-busy");
    }
  }

  onSaveKey(event) {
    event.preventDefault();
    const key = $("api-key").value.trim();
    if (!key) return;
    localStorage.setItem(KEY_STORAGE, key);
    $("key-status").textContent = "Key saved in this browser.";
    this.loadAccounts();
  }

  onForgetKey() {
    localStorage.removeItem(KEY_STORAGE);
    $("api-key").value = "";
    $("key-status").textContent = "Key removed from this browser.";
    this.accounts.clear();
    this.dataAccountId = null;
    $("accounts-body").replaceChildren();
    $("accounts-table").hidden = true;
    $("report").hidden = true;
    $("data").hidden = true;
  }

  start() {
    $("key-form").addEventListener("submit", (event) => this.onSaveKey(event));
    $("forget-key").addEventListener("click", () => this.onForgetKey());
    $("link-form").addEventListener("submit", (event) => this.onLink(event));
    $("reload-accounts").addEventListener("click", () => this.loadAccounts());
    $("refresh-report").addEventListener("click", () => this.openAccountId && this.openReport(this.openAccountId, true));
    $("account-select").addEventListener("change", (event) => this.showData(event.target.value));
    const key = localStorage.getItem(KEY_STORAGE);
    if (key) {
      $("api-key").value = key;
      $("key-status").textContent = "Using the key saved in this browser.";
      this.loadAccounts();
    }
  }
}

function linkBody(form) {
  const value = (name) => form.elements[name].value.trim();
  const body = { name: value("name"), service_user_id: value("service_user_id"), token: form.elements.token.value };
  if (value("base_url")) body.base_url = value("base_url");
  return body;
}

new Hub().start();
