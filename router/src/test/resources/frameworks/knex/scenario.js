// The league app's scenario, as a knex user runs it: `baseline` applies the first migration and seeds (on main);
// `work` applies the new migration, does CRUD with the query builder and prints what knex's own introspection
// (columnInfo, hasTable, hasColumn) and Sequelize's foreign-key query see. Everything printed must read the same on
// a rift branch as on a full copy of the database.
const path = require('path');
const knex = require('knex')({
  client: 'pg',
  connection: {
    host: process.env.PGHOST,
    port: Number(process.env.PGPORT),
    user: process.env.PGUSER,
    password: process.env.PGPASSWORD,
    database: process.env.PGDATABASE,
  },
  migrations: { directory: path.join(__dirname, 'migrations') },
});

const step = (name) => console.log(`== ${name}`);

// Sequelize 6's getForeignKeyReferencesQuery, as getForeignKeyReferencesForTable runs it: filtered on the
// configured database's name.
const foreignKeysOf = (table) => knex.raw(
  'SELECT tc.constraint_name as constraint_name, tc.constraint_schema as constraint_schema, '
  + 'tc.constraint_catalog as constraint_catalog, tc.table_name as table_name, tc.table_schema as table_schema, '
  + 'tc.table_catalog as table_catalog, tc.initially_deferred as initially_deferred, '
  + 'tc.is_deferrable as is_deferrable, kcu.column_name as column_name, '
  + 'ccu.table_schema AS referenced_table_schema, ccu.table_catalog AS referenced_table_catalog, '
  + 'ccu.table_name AS referenced_table_name, ccu.column_name AS referenced_column_name '
  + 'FROM information_schema.table_constraints AS tc '
  + 'JOIN information_schema.key_column_usage AS kcu ON tc.constraint_name = kcu.constraint_name '
  + 'JOIN information_schema.constraint_column_usage AS ccu ON ccu.constraint_name = tc.constraint_name '
  + "WHERE constraint_type = 'FOREIGN KEY' AND tc.table_name = ? AND tc.table_catalog = ?",
  [table, process.env.PGDATABASE]);

async function seed() {
  for (const [name, players] of [['Reds', ['ann', 'bo']], ['Blues', ['cid']], ['Greens', []]]) {
    const [{ id }] = await knex('teams').insert({ name }).returning('id');
    for (const nick of players) {
      await knex('players').insert({ team_id: id, nick, email: `${nick}@example.com` });
    }
  }
}

async function crud() {
  const [{ id: golds }] = await knex('teams').insert({ name: 'Golds' }).returning('id');
  await knex('players').insert({ team_id: golds, nick: 'dot', email: 'dot@example.com', rating: 1200 });
  const reds = (await knex('teams').where({ name: 'Reds' }).first()).id;
  await knex('matches').insert([{ home_id: reds, away_id: golds, home_goals: 2, away_goals: 1 },
    { home_id: golds, away_id: reds }]);
  console.log('updated', await knex('players').where({ nick: 'ann' }).update({ rating: 1100, updated_at: knex.fn.now() }));
  console.log('deleted', await knex('players').where({ nick: 'cid' }).del());
  console.log('deleted', await knex('teams').where({ name: 'Blues' }).del());
  try {
    await knex('players').insert({ team_id: reds, nick: 'ann2', email: 'ann@example.com' });
  } catch (e) {
    console.log('error', e.code, e.constraint, e.message, e.detail);
  }
  const rows = await knex('players').join('teams', 'teams.id', 'players.team_id')
    .select('players.id', 'players.nick', 'players.rating', 'teams.name').orderBy('players.id');
  rows.forEach((r) => console.log('player', JSON.stringify(r)));
  const matches = await knex('matches as m').join('teams as h', 'h.id', 'm.home_id')
    .join('teams as a', 'a.id', 'm.away_id').select('m.id', 'h.name as home', 'a.name as away', 'm.home_goals')
    .orderBy('m.id');
  matches.forEach((r) => console.log('match', JSON.stringify(r)));
}

async function introspect() {
  for (const table of ['teams', 'players', 'matches', 'knex_migrations']) {
    step(`${table}: hasTable ${await knex.schema.hasTable(table)}, hasColumn rating ${await knex.schema.hasColumn(table, 'rating')}`);
    step(`${table}: columnInfo`);
    console.log(JSON.stringify(await knex(table).columnInfo(), null, 1));
    step(`${table}: foreign keys`);
    // Sequelize's query has no ORDER BY, so neither a copy nor a branch promises an order: print them sorted.
    (await foreignKeysOf(table)).rows.map((r) => JSON.stringify(r)).sort().forEach((line) => console.log(line));
  }
}

async function main(phase) {
  if (phase === 'baseline') {
    await knex.migrate.up();
    await seed();
    return;
  }
  step('migrate');
  console.log(JSON.stringify(await knex.migrate.latest()));
  const [done, pending] = await knex.migrate.list();
  console.log('done', JSON.stringify(done.map((m) => m.name)), 'pending', JSON.stringify(pending));
  step('crud');
  await crud();
  await introspect();
}

main(process.argv[2]).then(() => knex.destroy(), (e) => {
  console.error(e);
  process.exitCode = 1;
  return knex.destroy();
});
