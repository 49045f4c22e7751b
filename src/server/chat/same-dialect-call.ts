/** Which of a target adapter's same-dialect calls serves a client dialect's endpoint, if any. */
import type { PassthroughChat, ProviderAdapter } from '../../providers/adapter.js';
import type { ClientDialect } from './client-dialect.js';

/** Undefined when the target speaks another dialect, or has no call for this endpoint: the request is then translated, or refused. */
export function sameDialectCall(dialect: ClientDialect, adapter: ProviderAdapter): PassthroughChat | undefined {
  if (adapter.dialect !== dialect.name) return undefined;
  return dialect.passthroughOf ? dialect.passthroughOf(adapter) : adapter.chat;
}
