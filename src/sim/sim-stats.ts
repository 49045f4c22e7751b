/**
 * Request counters. A request is `completed` when its response ended, `aborted` when the client
 * closed the connection first; responses the simulator cut or dropped itself (faults, close())
 * count as neither. Reset starts a new generation so requests already running do not leak into it.
 */
import type { SimulatorStats } from './sim-options.js';

interface ModelCounters {
  requests: number;
  completed: number;
  aborted: number;
}

export interface RequestTracker {
  setModel(model: string): void;
  /** The simulator itself is ending this response early (cut, hang, close): not a client abort. */
  markClosedByServer(): void;
  end(hasFinished: boolean): void;
}

export class StatsRecorder {
  private requests = 0;
  private completed = 0;
  private aborted = 0;
  private inFlight = 0;
  private byModel = new Map<string, ModelCounters>();
  private generation = 0;

  begin(): RequestTracker {
    this.requests++;
    this.inFlight++;
    const generation = this.generation;
    let model: ModelCounters | undefined;
    let isClosedByServer = false;
    let hasEnded = false;
    return {
      setModel: (name) => {
        if (model !== undefined || generation !== this.generation) return;
        model = this.countersFor(name);
        model.requests++;
      },
      markClosedByServer: () => {
        isClosedByServer = true;
      },
      end: (hasFinished) => {
        if (hasEnded) return;
        hasEnded = true;
        this.inFlight--;
        if (generation !== this.generation) return;
        if (hasFinished) {
          this.completed++;
          if (model !== undefined) model.completed++;
        } else if (!isClosedByServer) {
          this.aborted++;
          if (model !== undefined) model.aborted++;
        }
      },
    };
  }

  snapshot(): SimulatorStats {
    const byModel: SimulatorStats['byModel'] = {};
    for (const [name, counters] of this.byModel) byModel[name] = { ...counters };
    return { requests: this.requests, completed: this.completed, aborted: this.aborted, inFlight: this.inFlight, byModel };
  }

  reset(): void {
    this.generation++;
    this.requests = 0;
    this.completed = 0;
    this.aborted = 0;
    this.byModel = new Map();
  }

  private countersFor(name: string): ModelCounters {
    let counters = this.byModel.get(name);
    if (counters === undefined) {
      counters = { requests: 0, completed: 0, aborted: 0 };
      this.byModel.set(name, counters);
    }
    return counters;
  }
}
