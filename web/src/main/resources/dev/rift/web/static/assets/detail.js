// The pane of the selected branch: its facts, how to connect to it, reset/delete, and its diff.

import { api, seg } from './api.js';
import { h, replace } from './dom.js';
import * as diffView from './diff.js';
import * as fmt from './format.js';
import { MAIN } from './tree.js';

const WILDCARDS = new Set(['', '0.0.0.0', '::', '[::]', '*']);

/**
 * host:port of the PostgreSQL listener. /api/stats says where rift listens ("proxy"); a wildcard
 * bind address means "this machine", which the browser knows as the page's own host name.
 */
export function proxyAddress(proxy) {
  let host = proxy && proxy.host ? String(proxy.host) : '';
  const port = proxy && proxy.port ? proxy.port : 6432;
  if (WILDCARDS.has(host)) host = location.hostname || '127.0.0.1';
  if (host.includes(':') && !host.startsWith('[')) host = `[${host}]`;
  return `${host}:${port}`;
}

export function connectionString(proxy, name) {
  const user = proxy && proxy.user ? `${encodeURIComponent(proxy.user)}@` : '';
  return `postgres://${user}${proxyAddress(proxy)}/${encodeURIComponent(name)}`;
}

function fact(term, ...value) {
  return [h('dt', {}, term), h('dd', {}, ...value)];
}

function facts(branch, mainSessions) {
  if (!branch) {
    return h('dl', { class: 'facts' },
      fact('what', 'the upstream database itself; every branch starts from it'),
      mainSessions == null ? null : fact('connections', fmt.count(mainSessions)));
  }
  return h('dl', { class: 'facts' },
    fact('parent', branch.parent || MAIN),
    fact('created', h('span', { title: branch.created || '' }, fmt.when(branch.created) || '–')),
    fact('rows changed', fmt.count(branch.rows_changed)),
    fact('storage', fmt.bytes(branch.bytes)),
    fact('connections', branch.connections == null ? '–' : fmt.count(branch.connections)),
    fact('last activity', branch.last_activity === undefined ? '–' : fmt.ago(branch.last_activity)),
    'running' in branch
      ? fact('postmaster', branch.running ? `running${branch.port ? ' on port ' + branch.port : ''}` : 'stopped (starts on the next connection)')
      : null,
    branch.driver ? fact('snapshot driver', branch.driver) : null,
    branch.ddl_statements ? fact('schema changes', fmt.count(branch.ddl_statements)) : null,
    branch.copied_tables && branch.copied_tables.length
      ? fact('tables held whole', branch.copied_tables.join(', ')) : null);
}

async function copy(text, button) {
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = 'Copied';
  } catch (e) {
    // No clipboard outside secure contexts (plain http on a non-loopback host): select the text instead.
    const code = button.previousElementSibling;
    const range = document.createRange();
    range.selectNodeContents(code);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    button.textContent = 'Selected: Ctrl+C';
  }
  setTimeout(() => { button.textContent = 'Copy'; }, 2000);
}

/**
 * The detail pane. ctx: {name, branch (null for main), branches, proxy, onReset, onDelete, notify}.
 * Returns {update(ctx)} to refresh the figures without reloading the diff.
 */
export function mount(pane, ctx) {
  const isMain = ctx.branch === null;
  const factsBox = h('div', {}, facts(ctx.branch, ctx.mainConnections));
  const conn = connectionString(ctx.proxy, ctx.name);
  const connCode = h('code', { id: 'conn-string' }, conn);
  const copyButton = h('button', { type: 'button', class: 'small', onclick: (e) => copy(connCode.textContent, e.currentTarget) }, 'Copy');
  const diffBox = h('div', { id: 'diff', class: 'diff' });
  const against = h('select', { id: 'diff-against', 'aria-label': 'compare against' });
  const stale = h('p', { id: 'diff-stale', class: 'stale', hidden: true },
    'The branch changed since this diff was loaded. ',
    h('button', { type: 'button', class: 'small', onclick: () => loadDiff() }, 'Reload'));
  let loadSeq = 0;
  let loadedAt = null; // the branch's figures the shown diff was read with

  // rows_changed and ddl_statements move when the branch is written; the diff is not re-read on its
  // own (it can be large), the reader is told instead.
  const figures = (b) => (b ? `${b.rows_changed}/${b.ddl_statements}/${b.created}` : '');

  // Counts first (?stat=true sends no rows); the rows themselves only when there are few enough
  // to send and keep in the page at once, else on request.
  const loadDiff = async (allRows = false) => {
    const seq = ++loadSeq;
    const params = new URLSearchParams();
    if (against.value) params.set('against', against.value);
    const url = (extra) => {
      const q = new URLSearchParams(params);
      if (extra) q.set(...extra);
      const s = q.toString();
      return `/api/branches/${seg(ctx.name)}/diff${s ? '?' + s : ''}`;
    };
    stale.hidden = true;
    loadedAt = figures(ctx.branch);
    replace(diffBox, h('p', { class: 'muted loading' }, 'Loading the diff…'));
    diffBox.dataset.state = 'loading';
    try {
      if (!allRows) {
        const stat = await api('GET', url(['stat', 'true']));
        if (seq !== loadSeq) return;
        if (diffView.changedRows(stat) > diffView.ROWS_AT_ONCE) {
          replace(diffBox, diffView.render(stat, { onLoadRows: () => loadDiff(true) }));
          diffBox.dataset.state = 'loaded';
          return;
        }
      }
      const diff = await api('GET', url());
      if (seq !== loadSeq) return;
      replace(diffBox, diffView.render(diff));
      diffBox.dataset.state = 'loaded';
    } catch (e) {
      if (seq !== loadSeq) return;
      replace(diffBox, h('p', { class: 'error-text' }, e.message));
      diffBox.dataset.state = 'error';
    }
  };

  const fillAgainst = (branches) => {
    const current = against.value;
    const names = [MAIN, ...branches.map((b) => b.name).filter((n) => n !== ctx.name)];
    replace(against, h('option', { value: '' }, `its parent (${(ctx.branch && ctx.branch.parent) || MAIN})`),
      names.map((n) => h('option', { value: n }, n)));
    against.value = names.includes(current) ? current : '';
  };

  if (isMain) {
    replace(pane,
      h('h2', {}, MAIN, h('span', { class: 'tag' }, 'upstream')),
      factsBox,
      h('div', { class: 'conn' }, connCode, copyButton),
      h('p', { class: 'muted' }, 'Pick a branch on the left to see what it changed, reset it or delete it.'));
    return { update(next) { replace(factsBox, facts(null, next.mainConnections)); connCode.textContent = connectionString(next.proxy, MAIN); } };
  }

  fillAgainst(ctx.branches);
  against.addEventListener('change', () => loadDiff());
  replace(pane,
    h('h2', {}, ctx.name, ctx.branch.mode ? h('span', { class: 'tag' }, ctx.branch.mode) : null),
    factsBox,
    h('div', { class: 'conn' }, connCode, copyButton),
    h('div', { class: 'actions' },
      h('button', { type: 'button', id: 'reset-branch', onclick: () => ctx.onReset(ctx.name, loadDiff) }, 'Reset…'),
      h('button', { type: 'button', id: 'delete-branch', class: 'danger', onclick: () => ctx.onDelete(ctx.name, ctx.branch.parent) }, 'Delete…')),
    h('div', { class: 'diff-head' },
      h('h3', {}, 'Changes'),
      h('label', {}, 'against ', against),
      h('button', { type: 'button', id: 'diff-reload', class: 'small', onclick: () => loadDiff() }, 'Reload')),
    stale,
    diffBox);
  loadDiff();

  return {
    update(next) {
      ctx.branch = next.branch;
      stale.hidden = loadedAt === null || figures(next.branch) === loadedAt;
      replace(factsBox, facts(next.branch));
      connCode.textContent = connectionString(next.proxy, ctx.name);
      fillAgainst(next.branches);
    },
  };
}
