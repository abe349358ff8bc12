exports.up = async (knex) => {
  await knex.schema.createTable('teams', (t) => {
    t.increments('id');
    t.string('name').notNullable().unique();
    t.timestamps(true, true);
  });
  await knex.schema.createTable('players', (t) => {
    t.increments('id');
    t.integer('team_id').notNullable().references('id').inTable('teams');
    t.string('email').notNullable().unique();
    t.string('nick').notNullable();
    t.timestamps(true, true);
  });
};

exports.down = async (knex) => {
  await knex.schema.dropTable('players');
  await knex.schema.dropTable('teams');
};
