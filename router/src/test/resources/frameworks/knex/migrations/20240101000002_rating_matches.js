// The migration a branch tries: a column with a default, an index, a table with a foreign key.
exports.up = async (knex) => {
  await knex.schema.alterTable('players', (t) => {
    t.integer('rating').notNullable().defaultTo(1000);
    t.index(['team_id', 'rating'], 'players_team_rating_idx');
  });
  await knex.schema.createTable('matches', (t) => {
    t.increments('id');
    t.integer('home_id').notNullable().references('id').inTable('teams').onDelete('CASCADE');
    t.integer('away_id').notNullable().references('id').inTable('teams').onDelete('CASCADE');
    t.integer('home_goals');
    t.integer('away_goals');
    t.timestamps(true, true);
  });
};

exports.down = async (knex) => {
  await knex.schema.dropTable('matches');
  await knex.schema.alterTable('players', (t) => {
    t.dropIndex(['team_id', 'rating'], 'players_team_rating_idx');
    t.dropColumn('rating');
  });
};
