/**
 * The client headers an adapter may forward on the same-dialect lane. Only protocol headers
 * (versions, betas) pass: never credentials, never anything Tollgate reads itself.
 */
const FORWARDABLE = ['anthropic-version', 'anthropic-beta', 'openai-beta'];

export function forwardableClientHeaders(headers: Readonly<Record<string, string | string[] | undefined>>): Record<string, string> {
  const forwarded: Record<string, string> = {};
  for (const name of FORWARDABLE) {
    const value = headers[name];
    if (value !== undefined) forwarded[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return forwarded;
}
