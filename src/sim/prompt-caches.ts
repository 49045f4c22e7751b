/** One prompt-cache store per provider, made on first use; `POST /_sim/reset` empties them all. */
import { PromptCacheStore, type Clock } from './prompt-cache.js';

export class PromptCaches {
  private readonly stores = new Map<string, PromptCacheStore>();

  constructor(private readonly now: Clock) {}

  get(provider: string): PromptCacheStore {
    let store = this.stores.get(provider);
    if (store === undefined) {
      store = new PromptCacheStore(this.now);
      this.stores.set(provider, store);
    }
    return store;
  }

  clear(): void {
    for (const store of this.stores.values()) store.clear();
  }
}
