/**
 * Gemini 3 and later differ from 1.x / 2.x in ways a request must respect: they take a
 * `thinkingLevel` (2.x answers 400 to it) and validate thought signatures on function calls.
 */
export function isGemini3OrLater(model: string): boolean {
  const name = model.replace(/^(models|tunedModels)\//, '');
  return name.startsWith('gemini-') && !/^gemini-[12](\.|-)/.test(name);
}
