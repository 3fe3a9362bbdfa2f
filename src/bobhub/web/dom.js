// Shared helpers of the hub page: elements built from text (never HTML), calls to bobhub's API, errors in words.

export const KEY_STORAGE = "bobhub.apiKey";

export const $ = (id) => document.getElementById(id);

export function el(tag, attrs = {}, ...children) {
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

export class ApiError extends Error {
  constructor(status, error, detail) {
    super(detail);
    this.status = status;
    this.error = error;
    this.detail = detail;
  }
}

// The API key is sent as a header on every call (it is not a cookie), so downloads go through fetch too.
export async function api(path, { method = "GET", body, accountId, as = "json" } = {}) {
  const key = localStorage.getItem(KEY_STORAGE);
  if (!key) throw new ApiError(0, "NoKey", "Enter your bobhub API key in step 1 first.");
  const headers = { Authorization: `Bearer ${key}`, Accept: as === "json" ? "application/json" : "*/*" };
  if (accountId) headers["X-Account-Id"] = accountId;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, "NetworkError", "The bobhub server did not answer; is `bobhub serve` running?");
  }
  if (response.status === 204) return null;
  if (!response.ok) {
    const data = await response.json().catch(() => null);
    const detail = typeof data?.detail === "string" ? data.detail : response.statusText;
    throw new ApiError(response.status, data?.error ?? `HTTP ${response.status}`, detail);
  }
  return as === "blob" ? response.blob() : response.json().catch(() => null);
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

// `titles` lets a panel say what an error means there (a 400 on a read stores nothing to begin with).
export function showError(box, err, titles = {}) {
  const title = titles[err.error] ?? ERROR_TITLES[err.error] ?? "Something went wrong.";
  box.replaceChildren(el("strong", {}, title), " ", el("span", { class: "detail" }, err.detail ?? String(err)));
  box.hidden = false;
}

export function hideError(box) {
  box.hidden = true;
  box.replaceChildren();
}

export function when(iso) {
  return iso ? new Date(iso).toLocaleString() : "never";
}

export function number(value) {
  return Number(value ?? 0).toLocaleString();
}

export function duration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

// A fresh number per request; a panel drops answers that arrive after a newer request was made.
export class Latest {
  #ticket = 0;

  next() {
    this.#ticket += 1;
    return this.#ticket;
  }

  isCurrent(ticket) {
    return ticket === this.#ticket;
  }
}
