/**
 * Issues the benchmark's virtual key straight into the gateway's store before the gateway starts, so
 * the benchmark needs neither the admin API nor a CLI: the key is exactly what `POST /admin/keys` makes.
 */
import { StoreKeyService } from '../../keys/key-service.js';
import type { CreateKeyInput } from '../../keys/virtual-key.js';
import { openStore } from '../../store/index.js';

export async function issueBenchKey(storageUrl: string, input: CreateKeyInput): Promise<{ id: string; secret: string }> {
  const store = await openStore(storageUrl);
  try {
    const issued = await new StoreKeyService(store).create(input);
    return { id: issued.key.id, secret: issued.secret };
  } finally {
    await store.close();
  }
}
