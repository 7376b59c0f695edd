/** The gates' checklist (seed 000 step 2b: handoff, tests, quality, committed): which gates ran and how each ended. Pure. */
import type { GateCheck } from './scheduler/types.js';

/** The gates in the order they run: the handoff section, committed work, then the configured commands. */
export function gateOrder(commands: readonly { name: string }[]): string[] {
  return ['handoff', 'commit', ...commands.map((c) => c.name)];
}

/**
 * The checks that ran: every gate before `failed` passed and `failed` failed (the ones after it did not run); `failed`
 * null: all passed. A failed gate that is not in `order` is the only check.
 */
export function gateChecks(order: readonly string[], failed: string | null): GateCheck[] {
  if (failed === null) return order.map((name) => ({ name, ok: true }));
  const at = order.indexOf(failed);
  if (at < 0) return [{ name: failed, ok: false }];
  return [...order.slice(0, at).map((name) => ({ name, ok: true })), { name: failed, ok: false }];
}

/** How a gate reads in the checklist: `commit` checks that the work is committed. */
const label = (name: string): string => (name === 'commit' ? 'committed' : name);

/**
 * `handoff ✓ · tests ✗ forced · quality ✓ · committed ✓`, in seed 000's checklist order (the handoff first, the
 * commit last, the commands between). `forced`: the failed gate a human forced the task past.
 */
export function checklistText(checks: readonly GateCheck[], forced?: string): string {
  const rank = (c: GateCheck) => (c.name === 'handoff' ? 0 : c.name === 'commit' ? 2 : 1);
  return [...checks]
    .sort((a, b) => rank(a) - rank(b))
    .map((c) => `${label(c.name)} ${c.ok ? '✓' : c.name === forced ? '✗ forced' : '✗'}`)
    .join(' · ');
}
