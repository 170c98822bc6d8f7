// Secrets never reach logs, errors or the corpus: every secret value hookmine reads is registered
// here, and every line written to a log or terminal passes through redact().
const secrets = new Set<string>();

/** Environment variables whose values are secrets wherever they appear. */
export const SECRET_ENV = /^(KAGGLE_(KEY|API_TOKEN|API_V1_TOKEN|PASSWORD)|OPENAI_API_KEY|.*_(TOKEN|SECRET|PASSWORD|API_KEY|ACCESS_KEY)(_ID)?)$/i;

export function registerSecret(value: string | undefined | null): void {
  // Very short values would redact ordinary words; real keys are long.
  if (value && value.length >= 6) secrets.add(value);
}

/** Register the secret-looking variables of an environment (called once at start-up). */
export function registerSecretsFromEnv(env: NodeJS.ProcessEnv = process.env): void {
  for (const [name, value] of Object.entries(env)) if (SECRET_ENV.test(name)) registerSecret(value);
}

export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join('***');
  // Credentials in URLs and auth headers, whatever their value.
  out = out.replace(/(authorization["']?\s*[:=]\s*["']?)(bearer|basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1$2 ***');
  out = out.replace(/(\/\/[^/\s:@]+:)[^@\s/]+@/g, '$1***@');
  return out;
}

export function clearSecretsForTest(): void {
  secrets.clear();
}
