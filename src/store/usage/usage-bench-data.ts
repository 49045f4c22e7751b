/**
 * A month of synthetic ledger rows generated inside Postgres with generate_series, for the grouped-query
 * benchmark: ten million rows would take far too long through the inserter. Attribution is correlated the
 * way real traffic is (a user belongs to one team and mostly uses one feature; a feature goes through one
 * route; a route mostly to one model), users are skewed (a few heavy ones), 2% of requests fail, and costs
 * follow each model's real per-token prices. Deterministic: row i is always the same row.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/** Picodollars per token (input, cache read, output) of the models the rows use. */
const MODELS = [
  ['gpt-4o-mini', 'openai', 150_000, 75_000, 600_000],
  ['gpt-4o', 'openai', 2_500_000, 1_250_000, 10_000_000],
  ['claude-sonnet-4-5', 'anthropic', 3_000_000, 300_000, 15_000_000],
  ['claude-haiku-4-5', 'anthropic', 1_000_000, 100_000, 5_000_000],
  ['gemini-2.5-flash', 'gemini', 300_000, 75_000, 2_500_000],
  ['gpt-4.1-nano', 'openai', 100_000, 25_000, 400_000],
] as const;

export interface BenchDataShape {
  startMs: number;
  spanMs: number;
  rows: number;
  users: number;
}

/** Inserts rows [first, last] (1-based) of the dataset. */
export async function insertBenchRows<Schema>(db: Kysely<Schema>, shape: BenchDataShape, first: number, last: number): Promise<void> {
  const models = MODELS.map(([model, provider, input, cacheRead, output], index) => `(${index}, '${model}', '${provider}', ${input}, ${cacheRead}, ${output})`).join(', ');
  // r is a well-mixed function of i; every attribute is read from a different part of it.
  await sql
    .raw(
      `insert into requests (
        id, created_at_ms, endpoint, dialect, route, model_requested, provider_id, provider_type, model_served, key_id, user_id, team,
        feature, task, tags, region, tier, service_tier, streamed, status, http_status, error_code, error_class, latency_ms, ttft_ms,
        stream_duration_ms, request_bytes, response_bytes, input_tokens, input_no_cache_tokens, cache_read_tokens, cache_write_5m_tokens,
        cache_write_1h_tokens, output_tokens, output_text_tokens, reasoning_tokens, cost_status, cost_pico, cost_input_pico,
        cost_cache_read_pico, cost_cache_write_pico, cost_output_pico, cost_reasoning_pico, cost_other_pico, cost_lines, price_source,
        attempt_count, cache_savings_pico)
      select
        'bench-' || g.i, ${shape.startMs}::bigint + (g.i::bigint * ${shape.spanMs}::bigint) / ${shape.rows}, 'chat', 'openai',
        'route-' || (g.feature % 4), m.model, m.provider, m.provider, m.model, 'key-' || g.u, 'user-' || g.u, 'team-' || (g.u % 20),
        'feature-' || g.feature, case when g.i % 5 < 3 then 'task-' || (g.i / 4) else null end,
        case when g.i % 35 = 0 then '["beta","eu"]' when g.i % 5 = 0 then '["beta"]' when g.i % 7 = 0 then '["eu"]' else '[]' end,
        null, 'standard', null, 1, case when g.failed then 'error' else 'ok' end, case when g.failed then 502 else 200 end, null, null,
        g.latency, g.latency / 4, g.latency - g.latency / 4, 2000, case when g.failed then 0 else 4 * g.output_tokens end,
        g.input_tokens, g.input_tokens - g.cached, g.cached, 0, 0, g.output_tokens, g.output_tokens, 0,
        case when g.failed then 'unknown' else 'exact' end,
        case when g.failed then null else (g.input_tokens - g.cached) * m.input_price + g.cached * m.cache_price + g.output_tokens * m.output_price end,
        case when g.failed then null else (g.input_tokens - g.cached) * m.input_price end,
        case when g.failed then null else g.cached * m.cache_price end,
        case when g.failed then null else 0 end,
        case when g.failed then null else g.output_tokens * m.output_price end,
        case when g.failed then null else 0 end,
        case when g.failed then null else 0 end,
        '{}', 'bench', 1,
        case when g.failed then null else g.cached * (m.input_price - m.cache_price) end
      from (
        select s.i, s.u,
          case when s.r % 10 < 8 then s.u % 12 else (s.r / 10) % 12 end as feature,
          s.r % 50 = 0 as failed,
          80 + (s.r / 97) % 4000 + case when s.r % 20 = 0 then (s.r / 13) % 30000 else 0 end as latency,
          200 + (s.r / 7) % 7800 as input_tokens,
          case when s.r % 3 = 0 then ((200 + (s.r / 7) % 7800) * ((s.r / 11) % 90)) / 100 else 0 end as cached,
          case when s.r % 50 = 0 then 0 else 20 + (s.r / 17) % 1500 end as output_tokens,
          s.r
        from (
          select i, r, ((r % ${shape.users}) * (r % ${shape.users})) / ${shape.users} as u
          from (select i, (i::bigint * 2654435761) % 4294967291 as r from generate_series(${first}, ${last}) as i) hashed
        ) s
      ) g
      join (values ${models}) as m(idx, model, provider, input_price, cache_price, output_price)
        on m.idx = case when g.r % 10 = 9 then (g.r / 100) % 6 else ((g.feature % 4) * 3 / 2) % 6 end`,
    )
    .execute(db);
}

/** Tags one per row in request_tags, matching the rows' `tags` JSON. */
export async function insertBenchTags<Schema>(db: Kysely<Schema>, first: number, last: number): Promise<void> {
  await sql
    .raw(
      `insert into request_tags (request_id, tag)
       select 'bench-' || i, 'beta' from generate_series(${first}, ${last}) as i where i % 5 = 0
       union all
       select 'bench-' || i, 'eu' from generate_series(${first}, ${last}) as i where i % 7 = 0`,
    )
    .execute(db);
}

/** Outcomes for two tasks in three: successes and failures alternating, the rest without feedback. */
export async function insertBenchFeedback<Schema>(db: Kysely<Schema>, shape: BenchDataShape): Promise<void> {
  await sql
    .raw(
      `insert into task_feedback (task_id, success, at_ms)
       select 'task-' || t, case when t % 3 = 0 then 1 else 0 end, ${shape.startMs + shape.spanMs}
       from generate_series(0, ${Math.floor(shape.rows / 4)}) as t where t % 3 <> 2`,
    )
    .execute(db);
}
