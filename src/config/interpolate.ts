/**
 * `${VAR}` and `${VAR:-default}` in every string of a parsed YAML tree. An unset variable with
 * no default is an error naming the variable and where it was used, never an empty string
 * that would fail later as a confusing 401 from a provider.
 */

const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export class InterpolationError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'InterpolationError';
  }
}

export function interpolateEnv(tree: unknown, env: Readonly<Record<string, string | undefined>>): unknown {
  const problems: string[] = [];
  const result = visit(tree, '', env, problems);
  if (problems.length > 0) throw new InterpolationError(problems);
  return result;
}

function visit(node: unknown, path: string, env: Readonly<Record<string, string | undefined>>, problems: string[]): unknown {
  if (typeof node === 'string') return substitute(node, path, env, problems);
  if (Array.isArray(node)) return node.map((item, index) => visit(item, `${path}[${index}]`, env, problems));
  if (node !== null && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) out[key] = visit(value, path ? `${path}.${key}` : key, env, problems);
    return out;
  }
  return node;
}

function substitute(text: string, path: string, env: Readonly<Record<string, string | undefined>>, problems: string[]): string {
  return text.replace(PLACEHOLDER, (_whole, name: string, fallback: string | undefined) => {
    const value = env[name];
    if (value !== undefined && value !== '') return value;
    if (fallback !== undefined) return fallback;
    problems.push(`${path || '(root)'}: environment variable ${name} is not set; set it, or write \${${name}:-default} to give a default`);
    return '';
  });
}
