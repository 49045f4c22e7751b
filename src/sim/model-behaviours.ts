/** Per-model behaviour set at start, through the API or the control endpoint; counts down fault budgets. */
import type { SimFault, SimModelBehaviour } from './sim-options.js';

export interface InjectedFault {
  fault: SimFault;
  retryAfterSeconds: number | undefined;
}

export class ModelBehaviours {
  private readonly behaviours = new Map<string, SimModelBehaviour>();

  constructor(initial: Record<string, SimModelBehaviour> = {}) {
    for (const [model, behaviour] of Object.entries(initial)) this.set(model, behaviour);
  }

  has(model: string): boolean {
    return this.behaviours.has(model);
  }

  names(): string[] {
    return [...this.behaviours.keys()];
  }

  get(model: string): SimModelBehaviour | undefined {
    return this.behaviours.get(model);
  }

  set(model: string, behaviour: SimModelBehaviour | undefined): void {
    if (behaviour === undefined) this.behaviours.delete(model);
    else this.behaviours.set(model, { ...behaviour });
  }

  /** The fault this model should answer with now, spending one of its `faultCount`. */
  takeFault(model: string): InjectedFault | undefined {
    const behaviour = this.behaviours.get(model);
    if (behaviour?.fault === undefined) return undefined;
    const injected = { fault: behaviour.fault, retryAfterSeconds: behaviour.retryAfterSeconds };
    if (behaviour.faultCount === undefined) return injected;
    const remaining = behaviour.faultCount;
    if (remaining <= 1) {
      delete behaviour.fault;
      delete behaviour.faultCount;
    } else {
      behaviour.faultCount = remaining - 1;
    }
    return remaining >= 1 ? injected : undefined;
  }
}
