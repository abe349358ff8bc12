// The diff viewer: the JSON of `rift diff --format json` (docs/diff.md) as the schema statements,
// then one block per table with its counts and its rows (key, old → new).

import { h } from './dom.js';
import * as fmt from './format.js';

// A branch can change millions of rows. Up to ROWS_AT_ONCE changed rows the page fetches them with
// the counts; beyond, it shows the counts and fetches the rows when asked. Either way it draws the
// first ROWS_SHOWN of each table and says how many more there are (`rift diff` prints them all).
export const ROWS_AT_ONCE = 5000;
export const ROWS_SHOWN = 200;

/** Rows inserted, deleted and updated in all, from a diff's totals. */
export function changedRows(diff) {
  const t = diff.totals || {};
  return (t.inserted || 0) + (t.deleted || 0) + (t.updated || 0);
}

const OPS = { insert: ['+', 'inserted'], delete: ['−', 'deleted'], update: ['~', 'updated'] };

function value(v) {
  return v === null || v === undefined ? h('span', { class: 'null' }, 'NULL') : h('span', { class: 'val' }, v);
}

function keyText(key) {
  if (key === null || key === undefined) return h('span', { class: 'muted' }, '(no key)');
  return Object.entries(key).map(([k, v]) => `${k}=${v === null ? 'NULL' : v}`).join(', ');
}

function counts(c) {
  return h('span', { class: 'counts' },
    h('span', { class: 'ins' }, `+${fmt.count(c.inserted || 0)}`), ' ',
    h('span', { class: 'del' }, `−${fmt.count(c.deleted || 0)}`), ' ',
    h('span', { class: 'upd' }, `~${fmt.count(c.updated || 0)}`));
}

function pairs(row) {
  return h('span', { class: 'pairs' }, Object.entries(row || {}).map(([col, v]) =>
    h('span', { class: 'pair' }, h('span', { class: 'col' }, col), '=', value(v))));
}

function changeList(changes) {
  return h('span', { class: 'pairs' }, Object.entries(changes || {}).map(([col, c]) =>
    h('span', { class: 'pair change', dataset: { column: col } },
      h('span', { class: 'col' }, col), ': ',
      'old' in c ? h('del', {}, value(c.old)) : h('span', { class: 'muted', title: 'a column new on the branch' }, '(none)'),
      h('span', { class: 'arrow', 'aria-label': 'becomes' }, ' → '),
      h('ins', {}, value(c.new)))));
}

function rowLine(row) {
  const [sign, word] = OPS[row.op] || ['?', row.op];
  let detail;
  if (row.op === 'update') detail = changeList(row.changes);
  else if (row.op === 'insert') detail = pairs(row.new);
  else detail = pairs(row.old);
  return h('tr', { class: `op-${row.op}`, dataset: { op: row.op } },
    h('td', { class: 'sign', title: word }, sign),
    h('td', { class: 'key' }, keyText(row.key)),
    h('td', { class: 'detail' }, detail));
}

function tableBlock(t) {
  const name = `${t.schema}.${t.table}`;
  const rows = t.rows || [];
  const total = (t.counts.inserted || 0) + (t.counts.deleted || 0) + (t.counts.updated || 0);
  // No "rows" at all: a ?stat=true diff, nothing hidden.
  const hidden = t.rows ? Math.max(0, Math.max(total, rows.length) - ROWS_SHOWN) : 0;
  return h('section', { class: 'diff-table', dataset: { table: name } },
    h('h4', {},
      h('span', { class: 'table-name' }, name),
      t.key && t.key.length ? h('span', { class: 'muted' }, ` by ${t.key.join(', ')}`) : h('span', { class: 'muted' }, ' (no primary key)'),
      t.comparison ? h('span', { class: 'tag', title: 'how the rows were compared (docs/diff.md)' }, t.comparison) : null,
      counts(t.counts)),
    rows.length ? h('table', { class: 'rows' }, h('tbody', {}, rows.slice(0, ROWS_SHOWN).map(rowLine))) : null,
    hidden ? h('p', { class: 'muted more' }, `… ${fmt.count(hidden)} more rows (rift diff shows them all)`) : null);
}

/**
 * The whole diff as nodes for the diff pane. A diff read with ?stat=true has no rows: options.onLoadRows
 * then offers to fetch them.
 */
export function render(diff, options = {}) {
  const tables = diff.tables || [];
  const schema = diff.schema || [];
  const sequences = diff.sequences || [];
  const totals = diff.totals || { inserted: 0, deleted: 0, updated: 0 };
  const out = [];
  out.push(h('p', { class: 'diff-summary' },
    `against ${diff.against || 'its parent'}: `, counts(totals),
    ` in ${fmt.count(tables.length)} ${tables.length === 1 ? 'table' : 'tables'}`,
    schema.length ? `, ${fmt.count(schema.length)} schema ${schema.length === 1 ? 'change' : 'changes'}` : ''));
  if (options.onLoadRows) {
    out.push(h('p', { class: 'stale' },
      `${fmt.count(changedRows(diff))} changed rows: only their counts are shown. `,
      h('button', { type: 'button', id: 'diff-load-rows', class: 'small', onclick: options.onLoadRows }, 'Load the rows')));
  }
  if (schema.length) {
    out.push(h('section', { class: 'diff-schema' },
      h('h4', {}, 'Schema changes'),
      h('ol', { class: 'ddl' }, schema.map((s) => h('li', { title: s.seq != null ? `#${s.seq}` : null }, h('code', {}, s.sql))))));
  }
  for (const t of tables) out.push(tableBlock(t));
  if (sequences.length) {
    out.push(h('section', { class: 'diff-sequences' },
      h('h4', {}, 'Sequences'),
      h('ul', {}, sequences.map((s) => h('li', {}, h('code', {}, `${s.schema}.${s.sequence}`), ` at ${s.last_value}${s.is_called ? '' : ' (not yet called)'}`)))));
  }
  if (!tables.length && !schema.length) out.push(h('p', { class: 'empty' }, `No changes against ${diff.against || 'its parent'}.`));
  return out;
}
