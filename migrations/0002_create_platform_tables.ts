import type { Knex } from 'knex';

/**
 * The platform layer's tables: the REST request log Bitrix24's Market rules ask for, the
 * event inbox, the job queue, and the mirror of the portal's people, departments and
 * the app's moderators. Every row belongs to a portal and goes with it (ON DELETE CASCADE).
 */
export async function up(knex: Knex): Promise<void> {
  const portalId = (t: Knex.CreateTableBuilder) =>
    t.uuid('portal_id').notNullable().references('id').inTable('portals').onDelete('CASCADE');

  await knex.schema.createTable('rest_request_log', (t) => {
    portalId(t);
    t.bigIncrements('id', { primaryKey: false });
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('method').notNullable();
    t.text('actor').notNullable();
    t.integer('http_status');
    t.text('error_code');
    t.integer('duration_ms').notNullable();
    t.integer('commands').notNullable().defaultTo(1);
    t.primary(['portal_id', 'id']);
    t.index(['portal_id', 'at']);
  });

  await knex.schema.createTable('event_inbox', (t) => {
    portalId(t);
    t.bigIncrements('id', { primaryKey: false });
    t.text('event').notNullable();
    // The event's data and ts, never its auth block (tokens stay out of the database).
    t.jsonb('payload').notNullable();
    t.text('dedup_key').notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('processed_at', { useTz: true });
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    t.primary(['portal_id', 'id']);
    t.unique(['portal_id', 'dedup_key']);
    t.index(['portal_id', 'processed_at']);
  });

  await knex.schema.createTable('jobs', (t) => {
    portalId(t);
    t.bigIncrements('id', { primaryKey: false });
    t.text('kind').notNullable();
    t.jsonb('payload').notNullable().defaultTo('{}');
    t.text('state').notNullable().defaultTo('queued');
    t.integer('progress_done').notNullable().defaultTo(0);
    t.integer('progress_total');
    t.text('progress_message');
    // Where a resumed job picks up (e.g. the last page or id done); written with the progress.
    t.jsonb('checkpoint');
    t.jsonb('result');
    t.integer('attempts').notNullable().defaultTo(0);
    t.integer('max_attempts').notNullable().defaultTo(5);
    t.timestamp('run_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('locked_by');
    t.timestamp('locked_until', { useTz: true });
    t.text('last_error');
    t.text('dedup_key');
    t.timestamps(true, true);
    t.timestamp('finished_at', { useTz: true });
    t.primary(['portal_id', 'id']);
    t.index(['portal_id', 'state', 'run_at']);
  });
  await knex.raw(`ALTER TABLE jobs ADD CONSTRAINT jobs_state_check CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled'))`);
  // At most one running job per portal: Bitrix24's rate limit is per portal, so jobs take turns.
  await knex.raw(`CREATE UNIQUE INDEX jobs_one_running_per_portal ON jobs (portal_id) WHERE state = 'running'`);
  // The same work is not queued twice while an earlier copy waits or runs.
  await knex.raw(`CREATE UNIQUE INDEX jobs_dedup_open ON jobs (portal_id, dedup_key) WHERE dedup_key IS NOT NULL AND state IN ('queued', 'running')`);

  await knex.schema.createTable('people', (t) => {
    portalId(t);
    t.integer('user_id').notNullable();
    t.text('name').notNullable().defaultTo('');
    t.text('last_name').notNullable().defaultTo('');
    t.text('email');
    t.text('position').notNullable().defaultTo('');
    t.specificType('department_ids', 'integer[]').notNullable().defaultTo('{}');
    t.text('user_type').notNullable().defaultTo('employee');
    t.boolean('active').notNullable().defaultTo(true);
    t.text('photo_url');
    t.timestamp('synced_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['portal_id', 'user_id']);
  });

  await knex.schema.createTable('departments', (t) => {
    portalId(t);
    t.integer('department_id').notNullable();
    t.text('name').notNullable();
    t.integer('parent_id');
    t.timestamp('synced_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['portal_id', 'department_id']);
  });

  await knex.schema.createTable('moderators', (t) => {
    portalId(t);
    t.text('subject_type').notNullable();
    t.integer('subject_id').notNullable();
    t.integer('added_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['portal_id', 'subject_type', 'subject_id']);
  });
  await knex.raw(`ALTER TABLE moderators ADD CONSTRAINT moderators_subject_type_check CHECK (subject_type IN ('user', 'department'))`);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['moderators', 'departments', 'people', 'jobs', 'event_inbox', 'rest_request_log']) {
    await knex.schema.dropTable(table);
  }
}
