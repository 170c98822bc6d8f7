// Prompt files (prompts/<name>.v<N>.md): front matter, a `## system` and a `## user` section, and
// `{{variable}}` placeholders that must all be filled.
import { readFileSync } from 'node:fs';
import { HookmineError } from '../errors.js';
import { packagePath } from '../paths.js';

export interface Prompt {
  name: string;
  version: number;
  /** `<name>.v<version>`: part of every cache key */
  id: string;
  variables: string[];
  system: string;
  user: string;
}

export function parsePrompt(text: string, source: string): Prompt {
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  if (!match) throw new HookmineError('prompt', `${source}: no front matter`);
  const meta: Record<string, string> = {};
  for (const line of (match[1] ?? '').split('\n')) {
    const [key, ...rest] = line.split(':');
    if (key && rest.length) meta[key.trim()] = rest.join(':').trim();
  }
  const body = match[2] ?? '';
  const system = /## system\n([\s\S]*?)(?=\n## user\n)/.exec(body)?.[1]?.trim();
  const user = /## user\n([\s\S]*)$/.exec(body)?.[1]?.trim();
  if (!meta.name || !meta.version || system === undefined || user === undefined) {
    throw new HookmineError('prompt', `${source}: needs name, version, a "## system" and a "## user" section`);
  }
  const version = Number(meta.version);
  return {
    name: meta.name,
    version,
    id: `${meta.name}.v${version}`,
    variables: (meta.variables ?? '').split(',').map((v) => v.trim()).filter(Boolean),
    system,
    user,
  };
}

export function loadPrompt(name: string, version: number): Prompt {
  const file = packagePath('prompts', `${name}.v${version}.md`);
  return parsePrompt(readFileSync(file, 'utf8'), file);
}

/** Fill the placeholders; a missing or unknown variable is an error rather than a silent gap. */
export function render(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new HookmineError('prompt', `no value for {{${key}}}`);
    return value;
  });
}
