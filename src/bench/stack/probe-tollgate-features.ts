/**
 * Which of Tollgate's per-request features were really in effect during the run, found by asking the
 * running gateway rather than trusting the config: a request without a key must be refused (auth),
 * a request under a one-picodollar budget must be refused (budgets with reservation), answers must
 * carry a cost (pricing), /metrics must answer (metrics), and served requests must reach the ledger.
 */
import { request } from 'undici';
import { BUDGET_PROBE_FEATURE } from '../tollgate-bench-config.js';
import { waitForLedgerRows } from './ledger-rows.js';
import type { TollgateContender } from './tollgate-process.js';

export interface FeatureState {
  feature: string;
  isOn: boolean;
  evidence: string;
}

interface ProbeAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

async function post(origin: string, pathName: string, headers: Record<string, string>, body: string): Promise<ProbeAnswer> {
  const response = await request(`${origin}${pathName}`, { method: 'POST', headers, body });
  return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

function errorCode(text: string): string {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && 'error' in parsed && typeof parsed.error === 'object' && parsed.error !== null && 'code' in parsed.error) {
      return String(parsed.error.code);
    }
  } catch {
    // not JSON: the status says enough
  }
  return 'no error code';
}

export async function probeTollgateFeatures(tollgate: TollgateContender): Promise<FeatureState[]> {
  const target = tollgate.chatTarget(false);
  const served = await post(target.origin, target.path, target.headers, target.body);
  if (served.status !== 200) throw new Error(`Tollgate refused the benchmark request (HTTP ${served.status}): ${served.text.slice(0, 500)}`);
  let servedCount = 1;
  const features: FeatureState[] = [];

  const cost = served.headers['x-tollgate-cost-usd'];
  const isPriced = typeof cost === 'string' && cost !== 'unknown';
  features.push({ feature: 'pricing', isOn: isPriced, evidence: isPriced ? `x-tollgate-cost-usd: ${cost} on every answer` : `x-tollgate-cost-usd was ${String(cost)}` });

  const { authorization: _authorization, ...withoutKey } = target.headers;
  const anonymous = await post(target.origin, target.path, withoutKey, target.body);
  if (anonymous.status === 200) servedCount += 1;
  features.push(
    anonymous.status === 401
      ? { feature: 'virtual-key auth', isOn: true, evidence: 'a request without a key was refused with 401; load requests carry a virtual key' }
      : { feature: 'virtual-key auth', isOn: false, evidence: `a request without a key got HTTP ${anonymous.status}: the config asks for auth.mode keys, but it is not enforced in this build` },
  );

  const overBudget = await post(target.origin, target.path, { ...target.headers, 'x-tollgate-feature': BUDGET_PROBE_FEATURE }, target.body);
  if (overBudget.status === 200) servedCount += 1;
  features.push(
    overBudget.status === 402
      ? { feature: 'budgets with reservation', isOn: true, evidence: `a request under a 1-picodollar budget was refused (402 ${errorCode(overBudget.text)}); load requests reserve against 3 budgets (global, per user, the key's own)` }
      : { feature: 'budgets with reservation', isOn: false, evidence: `a request under a 1-picodollar budget got HTTP ${overBudget.status}: budgets are configured but not enforced in this build` },
  );

  const metrics = await request(`${tollgate.origin}/metrics`);
  const metricsText = await metrics.body.text();
  features.push(
    metrics.statusCode === 200
      ? { feature: 'metrics', isOn: true, evidence: `GET /metrics answers (${metricsText.split('\n').filter((line) => line.startsWith('# TYPE')).length} metric families)` }
      : { feature: 'metrics', isOn: false, evidence: `GET /metrics answered HTTP ${metrics.statusCode}: no metrics endpoint in this build` },
  );

  const ledger = await waitForLedgerRows(tollgate.databaseFile, servedCount, 5000);
  features.push(
    ledger.rows >= servedCount
      ? { feature: 'ledger on SQLite', isOn: true, evidence: `served requests appeared in the requests table within ${Math.round(ledger.waitedMs)} ms (durability batched)` }
      : { feature: 'ledger on SQLite', isOn: false, evidence: `only ${ledger.rows} of ${servedCount} served requests reached the ledger within 5 s` },
  );
  return features;
}
