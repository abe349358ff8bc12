// The branch tree: main (the upstream) at the root, each branch under its parent, as rows of one
// table so the figures line up in columns.

import { h } from './dom.js';
import * as fmt from './format.js';

export const MAIN = 'main';

/**
 * Orders branches depth-first under main: [{branch, depth, last}], main first with branch = null.
 * A branch whose parent is not listed (deleted meanwhile) hangs under main rather than vanishing.
 */
export function flatten(branches) {
  const byName = new Map(branches.map((b) => [b.name, b]));
  const children = new Map();
  for (const b of branches) {
    const parent = b.parent && byName.has(b.parent) && b.parent !== b.name ? b.parent : MAIN;
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(b);
  }
  for (const list of children.values()) list.sort((a, b) => a.name.localeCompare(b.name));
  const out = [{ name: MAIN, branch: null, depth: 0, last: true }];
  const seen = new Set([MAIN]);
  const walk = (name, depth) => {
    const list = children.get(name) || [];
    list.forEach((b, i) => {
      if (seen.has(b.name)) return; // a cycle in bad data must not hang the page
      seen.add(b.name);
      out.push({ name: b.name, branch: b, depth, last: i === list.length - 1 });
      walk(b.name, depth + 1);
    });
  };
  walk(MAIN, 1);
  return out;
}

/** Sessions on main itself: the API counts every session in its total, main's included. */
export function mainConnections(branches, total) {
  if (total === null || total === undefined) return null;
  const onBranches = branches.reduce((sum, b) => sum + (Number(b.connections) || 0), 0);
  return Math.max(0, total - onBranches);
}

/** Rows for the branch table's tbody. */
export function rows(branches, { selected, onSelect, totalConnections }) {
  return flatten(branches).map(({ name, branch, depth, last }) => {
    const isMain = branch === null;
    const select = () => onSelect(name);
    const label = h('button', { type: 'button', class: 'branch-name', onclick: select, title: isMain ? 'the upstream database' : `from ${branch.parent || MAIN}` },
      depth > 0 ? h('span', { class: 'twig', 'aria-hidden': 'true' }, last ? '└ ' : '├ ') : null,
      name);
    const conn = isMain ? null : branch.connections;
    return h('tr', {
      dataset: { branch: name },
      class: name === selected ? 'selected' : null,
      'aria-selected': name === selected ? 'true' : 'false',
      onclick: (e) => { if (e.target === e.currentTarget || e.target.tagName === 'TD') select(); },
    },
    h('td', { class: 'name', style: { paddingLeft: `${0.5 + depth * 1.1}em` } }, label,
      isMain ? h('span', { class: 'tag' }, 'upstream') : null,
      !isMain && branch.mode && branch.mode !== 'overlay' ? h('span', { class: 'tag' }, branch.mode) : null),
    h('td', { class: 'num', dataset: { field: 'rows' } }, isMain ? '' : fmt.count(branch.rows_changed)),
    h('td', { class: 'num', dataset: { field: 'bytes' }, title: isMain || branch.bytes == null ? null : `${branch.bytes} bytes` },
      isMain ? '' : fmt.bytes(branch.bytes)),
    h('td', { class: 'num', dataset: { field: 'connections' }, title: isMain && totalConnections != null ? `${fmt.count(totalConnections)} through rift in all` : null },
      isMain ? fmt.count(mainConnections(branches, totalConnections)) : (conn == null ? '–' : fmt.count(conn))),
    h('td', { class: 'when', dataset: { field: 'activity' }, title: isMain ? null : fmt.when(branch.last_activity) || null },
      isMain ? '' : (branch.last_activity === undefined ? '–' : fmt.ago(branch.last_activity))));
  });
}

/** "12 s ago" moves on while the data stays the same: rewrites only those cells, in place. */
export function refreshAges(tbody, branches) {
  for (const b of branches) {
    if (b.last_activity === undefined) continue;
    const cell = tbody.querySelector(`tr[data-branch="${CSS.escape(b.name)}"] td[data-field="activity"]`);
    if (cell) cell.textContent = fmt.ago(b.last_activity);
  }
}
