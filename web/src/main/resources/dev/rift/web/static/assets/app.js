// Lists the branches of this rift server through its control API (docs/http.md).
"use strict";

const tokenKey = "rift-http-token";

async function api(path) {
  const headers = {};
  const token = sessionStorage.getItem(tokenKey);
  if (token) {
    headers["Authorization"] = "Bearer " + token;
  }
  const response = await fetch(path, { headers });
  const body = await response.json();
  if (!response.ok) {
    const error = new Error(body.error ? body.error.message : response.statusText);
    error.status = response.status;
    throw error;
  }
  return body;
}

function cell(row, text, numeric) {
  const td = row.insertCell();
  td.textContent = text === null || text === undefined ? "–" : String(text);
  if (numeric) {
    td.className = "number";
  }
}

function humanBytes(n) {
  if (n === null || n === undefined || n < 0) {
    return null;
  }
  const units = ["B", "kB", "MB", "GB", "TB"];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return (i === 0 ? n : n.toFixed(1)) + " " + units[i];
}

async function showBranches() {
  const error = document.getElementById("error");
  error.hidden = true;
  try {
    const stats = await api("/api/stats");
    document.getElementById("token-form").hidden = true;
    const tbody = document.getElementById("branches");
    tbody.replaceChildren();
    for (const b of stats.branches) {
      const row = tbody.insertRow();
      cell(row, b.name);
      cell(row, b.parent);
      cell(row, b.mode);
      cell(row, b.created ? new Date(b.created).toLocaleString() : null);
      cell(row, b.rows_changed, true);
      cell(row, humanBytes(b.bytes), true);
      cell(row, b.connections, true);
      cell(row, b.last_activity ? new Date(b.last_activity).toLocaleString() : null);
    }
    document.getElementById("empty").hidden = stats.branches.length > 0;
  } catch (e) {
    if (e.status === 401) {
      document.getElementById("token-form").hidden = false;
    }
    error.textContent = e.message;
    error.hidden = false;
  }
}

async function showHealth() {
  const health = document.getElementById("health");
  const response = await fetch("/healthz");
  const body = await response.json();
  health.textContent = response.ok ? body.mode + " mode, upstream ok" : "unavailable: " + body.reason;
  health.className = response.ok ? "ok" : "error";
}

document.getElementById("refresh").addEventListener("click", showBranches);
document.getElementById("token-form").addEventListener("submit", event => {
  event.preventDefault();
  sessionStorage.setItem(tokenKey, document.getElementById("token").value);
  showBranches();
});
showHealth().catch(e => { document.getElementById("health").textContent = e.message; });
showBranches();
