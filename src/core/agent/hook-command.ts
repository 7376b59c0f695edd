/** The hook command agents run: a shell one-liner that appends the hook's JSON to the task's hook file. */

/** Single-quote a path for the agent's `sh -c` hook command. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The hook's JSON is read whole first (its line breaks are JSON whitespace: made spaces), then appended with one
 * `printf` that starts with a newline: a line torn by a killed agent is ended there, and never swallows this one.
 */
export function hookCommand(file: string): string {
  return `umask 077; line=$(tr '\\r\\n' '  '); printf '\\n%s\\n' "$line" >> ${shellQuote(file)}`;
}
