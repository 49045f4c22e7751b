/**
 * Gemini gives function calls no ids (the Developer API sometimes does; those are kept). Tollgate
 * derives one from the response id, the choice, the call's position and its name, so replaying the
 * same answer always yields the same ids, streamed or not.
 */
import { createHash } from 'node:crypto';

export function geminiToolCallId(responseId: string, choice: number, position: number, name: string): string {
  const digest = createHash('sha256').update(`${responseId}\u0000${choice}\u0000${position}\u0000${name}`).digest('base64url');
  return `call_${digest.slice(0, 24)}`;
}
