/**
 * Whether an answer is a tool call, and to which tools, the same way for every wire format.
 *
 * With tools offered and a choice other than "none", tools are called only when the last turn is
 * the user's own text (after a tool result the model answers in prose). Then:
 * - a named choice calls that tool;
 * - otherwise the tools whose names the last user text mentions (case-insensitive) are called;
 * - with none mentioned, "required" / "any" calls one tool picked by the request hash, and
 *   "auto" calls one only when a coin from the request hash (bit 7) comes up heads, so about
 *   half of such prompts call a tool, always the same half.
 * Without parallel tool calls only the first chosen tool is called.
 */
export interface ToolSpec {
  name: string;
  /** JSON Schema of the arguments. */
  parameters: unknown;
}

export type ToolChoiceMode = { kind: 'none' } | { kind: 'auto' } | { kind: 'required' } | { kind: 'named'; name: string };

export interface ToolDecisionInput {
  tools: readonly ToolSpec[];
  choice: ToolChoiceMode;
  allowsParallel: boolean;
  /** The last message is the user's text, not a tool result. */
  isUserTurn: boolean;
  lastUserText: string;
  seed: number;
}

export function chooseToolCalls(input: ToolDecisionInput): ToolSpec[] {
  const { tools, choice, seed } = input;
  if (tools.length === 0 || choice.kind === 'none' || !input.isUserTurn) return [];
  if (choice.kind === 'named') {
    const named = tools.find((tool) => tool.name === choice.name);
    return named === undefined ? [] : [named];
  }
  const text = input.lastUserText.toLowerCase();
  let chosen = tools.filter((tool) => tool.name.length > 0 && text.includes(tool.name.toLowerCase()));
  if (chosen.length === 0) {
    const isHeads = Math.floor(seed / 128) % 2 === 0;
    if (choice.kind === 'auto' && !isHeads) return [];
    const picked = tools[seed % tools.length];
    chosen = picked === undefined ? [] : [picked];
  }
  return input.allowsParallel ? chosen : chosen.slice(0, 1);
}
