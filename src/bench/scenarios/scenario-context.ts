/** What every scenario gets: the options, the running simulator and contenders, and a progress line. */
import type { BenchOptions } from '../bench-options.js';
import type { LoadGenerator } from '../load/load-generator.js';
import type { Progress } from '../progress.js';
import type { Contender } from '../stack/contender.js';
import type { SimulatorProcess } from '../stack/simulator-process.js';
import type { TollgateContender } from '../stack/tollgate-process.js';

export interface ScenarioContext {
  options: BenchOptions;
  simulator: SimulatorProcess;
  /** In turn order: direct, bare, tollgate, peer (when started). */
  contenders: Contender[];
  tollgate: TollgateContender;
  progress: Progress;
  /** The load-generator process every measurement runs in. */
  load: LoadGenerator;
}

/** The fixed small answer of the non-streaming scenarios. */
export const SMALL_ANSWER_TOKENS = 16;
