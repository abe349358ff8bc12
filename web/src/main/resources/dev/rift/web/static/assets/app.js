// The dashboard: polls the branches with their figures, keeps the selection in the URL (#branch=NAME),
// and runs create / reset / delete through the control API (docs/http.md).

import { api, ApiError, askAgain, onTokenNeeded, seg } from './api.js';
import { h, replace } from './dom.js';
import * as detail from './detail.js';
import * as fmt from './format.js';
import * as tree from './tree.js';

const POLL_MS = 5000;
const $ = (id) => document.getElementById(id);

const state = {
  branches: [],
  connections: null,
  proxy: null,
  selected: tree.MAIN,
  shown: null, // the detail pane's controller, for the branch it shows
  shownName: null,
  signature: '',
};

// ------------------------------------------------------------------ notices

let noticeTimer = null;

// source 'poll': a failed refresh, taken down again by the next refresh that works.
function notify(message, kind = 'error', source = 'action') {
  clearTimeout(noticeTimer);
  $('notice-text').textContent = message;
  $('notice').dataset.kind = kind;
  $('notice').dataset.source = source;
  $('notice').hidden = false;
  if (kind !== 'error') noticeTimer = setTimeout(() => { $('notice').hidden = true; }, 4000);
}

$('notice-close').addEventListener('click', () => { $('notice').hidden = true; });

// ------------------------------------------------------------------ token

onTokenNeeded((reason) => new Promise((resolve) => {
  const dialog = $('token-dialog');
  if (reason) $('token-reason').textContent = reason;
  $('token-input').value = '';
  dialog.addEventListener('close', () => {
    resolve(dialog.returnValue === 'ok' ? $('token-input').value.trim() || null : null);
  }, { once: true });
  dialog.showModal();
}));

// ------------------------------------------------------------------ loading

async function health() {
  const el = $('health');
  try {
    const res = await fetch('/healthz', { cache: 'no-store' });
    const body = await res.json();
    if (res.ok) {
      el.dataset.state = 'ok';
      el.textContent = `${body.mode || 'running'} · upstream ${body.upstream || 'reachable'}`;
    } else {
      el.dataset.state = 'down';
      el.textContent = `upstream unavailable${body.reason ? ': ' + body.reason : ''}`;
    }
  } catch (e) {
    el.dataset.state = 'down';
    el.textContent = 'rift does not answer';
  }
}

// /api/stats carries every branch field plus connections and last activity; a server without it
// (404) still gets a working page from /api/branches.
async function loadBranches() {
  try {
    const stats = await api('GET', '/api/stats');
    return { branches: stats.branches || [], connections: stats.connections ?? null, proxy: stats.proxy || null };
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 404) throw e;
    return { branches: await api('GET', '/api/branches'), connections: null, proxy: null };
  }
}

async function refresh() {
  health();
  let loaded;
  try {
    loaded = await loadBranches();
  } catch (e) {
    notify(e.message, 'error', 'poll');
    return;
  }
  if ($('notice').dataset.source === 'poll') $('notice').hidden = true;
  Object.assign(state, loaded);
  $('updated').textContent = `updated ${fmt.when(new Date().toISOString()).slice(11)}`;
  render();
}

// ------------------------------------------------------------------ rendering

function branchNamed(name) {
  return state.branches.find((b) => b.name === name) || null;
}

function render() {
  if (state.selected !== tree.MAIN && !branchNamed(state.selected)) select(tree.MAIN, false);
  const n = state.branches.length;
  $('summary').textContent = `${n} ${n === 1 ? 'branch' : 'branches'}`
    + (state.connections == null ? '' : ` · ${fmt.count(state.connections)} ${state.connections === 1 ? 'connection' : 'connections'}`);

  // Rebuild the table only when something in it changed, so a poll does not steal focus.
  const signature = JSON.stringify([state.branches, state.connections, state.selected]);
  if (signature !== state.signature) {
    state.signature = signature;
    replace($('branch-rows'), tree.rows(state.branches, {
      selected: state.selected, onSelect: (name) => select(name), totalConnections: state.connections,
    }));
    $('list-empty').hidden = n > 0;
    fillParents();
  } else {
    tree.refreshAges($('branch-rows'), state.branches);
  }

  const ctx = contextFor(state.selected);
  if (state.shownName !== state.selected) {
    state.shownName = state.selected;
    state.shown = detail.mount($('detail'), ctx);
  } else if (state.shown) {
    state.shown.update(ctx);
  }
}

function fillParents() {
  const select = $('create-parent');
  const current = select.value || tree.MAIN;
  const names = tree.flatten(state.branches).map((r) => r.name);
  replace(select, names.map((name) => h('option', { value: name }, name)));
  select.value = names.includes(current) ? current : tree.MAIN;
}

function contextFor(name) {
  return {
    name,
    branch: name === tree.MAIN ? null : branchNamed(name),
    branches: state.branches,
    proxy: state.proxy,
    mainConnections: tree.mainConnections(state.branches, state.connections),
    onReset: resetBranch,
    onDelete: deleteBranch,
  };
}

function select(name, rerender = true) {
  state.selected = name;
  const hash = name === tree.MAIN ? '' : `#branch=${encodeURIComponent(name)}`;
  if (location.hash !== hash) history.replaceState(null, '', hash || location.pathname);
  if (rerender) render();
}

function selectedFromHash() {
  const m = /^#branch=(.+)$/.exec(location.hash);
  return m ? decodeURIComponent(m[1]) : tree.MAIN;
}

// ------------------------------------------------------------------ actions

$('create-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const name = $('create-name').value.trim();
  const parent = $('create-parent').value || tree.MAIN;
  const button = $('create-submit');
  button.disabled = true;
  try {
    const created = await api('POST', '/api/branches', { name, parent });
    $('create-name').value = '';
    notify(`Created ${created.name || name} from ${parent}.`, 'info');
    state.selected = created.name || name;
    await refresh();
    select(state.selected);
  } catch (err) {
    notify(err.message);
    $('create-name').focus();
  } finally {
    button.disabled = false;
  }
});

async function resetBranch(name, reloadDiff) {
  if (!confirm(`Reset ${name}? Every change on it (rows, schema, sequences) is discarded.`)) return;
  try {
    await api('POST', `/api/branches/${seg(name)}/reset`);
    notify(`Reset ${name}.`, 'info');
    await refresh();
    reloadDiff();
  } catch (err) {
    notify(err.message);
  }
}

async function deleteBranch(name, parent) {
  if (!confirm(`Delete ${name}? Its data is dropped and sessions on it end.`)) return;
  try {
    let answer;
    try {
      answer = await api('DELETE', `/api/branches/${seg(name)}`);
    } catch (err) {
      if (!(err instanceof ApiError) || err.code !== 'has_children') throw err;
      if (!confirm(`${err.message}\n\nDelete ${name} and all its children?`)) return;
      answer = await api('DELETE', `/api/branches/${seg(name)}?force=true`);
    }
    const gone = (answer && answer.deleted) || [name];
    notify(`Deleted ${gone.join(', ')}.`, 'info');
    select(parent && !gone.includes(parent) ? parent : tree.MAIN, false);
    await refresh();
  } catch (err) {
    notify(err.message);
  }
}

// ------------------------------------------------------------------ start

$('refresh').addEventListener('click', () => { askAgain(); refresh(); });
// A link to a branch made since the last poll must not fall back to main: read the list first.
window.addEventListener('hashchange', () => { state.selected = selectedFromHash(); refresh(); });
state.selected = selectedFromHash();
refresh();
setInterval(() => { if (!document.hidden) refresh(); }, POLL_MS);
