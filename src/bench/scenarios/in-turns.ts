/**
 * Runs one measurement for every contender in turn, round after round (A B A B …), so that whatever
 * else happens on the machine falls on every contender alike. A failed measurement is kept as a
 * failure with its reason, and the run goes on.
 */
import type { Progress } from '../progress.js';
import type { Contender, ContenderName } from '../stack/contender.js';

export interface ContenderRounds<Round> {
  /** One entry per round; null where that round's measurement failed. */
  rounds: Array<Round | null>;
  failures: string[];
}

export type ByContender<Round> = Partial<Record<ContenderName, ContenderRounds<Round>>>;

export interface TurnsSettings<Round> {
  title: string;
  contenders: readonly Contender[];
  rounds: number;
  progress: Progress;
  measure: (contender: Contender, round: number) => Promise<Round>;
  describe: (round: Round) => string;
}

export async function inTurns<Round>(settings: TurnsSettings<Round>): Promise<ByContender<Round>> {
  const results: ByContender<Round> = {};
  for (let round = 0; round < settings.rounds; round += 1) {
    for (const contender of settings.contenders) {
      const entry = (results[contender.name] ??= { rounds: [], failures: [] });
      const where = `${settings.title}, round ${round + 1}/${settings.rounds}, ${contender.label}`;
      try {
        const measured = await settings.measure(contender, round);
        entry.rounds.push(measured);
        settings.progress(`${where}: ${settings.describe(measured)}`);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        entry.rounds.push(null);
        entry.failures.push(`round ${round + 1}: ${message}`);
        settings.progress(`${where}: FAILED ${message.split('\n')[0] ?? ''}`);
      }
    }
  }
  return results;
}

/** One number per round (NaN where the round failed), for medians and spreads. */
export function perRound<Round>(entry: ContenderRounds<Round> | undefined, pick: (round: Round) => number): number[] {
  return entry ? entry.rounds.map((round) => (round === null ? Number.NaN : pick(round))) : [];
}
