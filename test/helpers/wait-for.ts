/** Poll instead of sleeping: resolves with the first truthy value of `fn`, or throws after `timeoutMs`. */

export type Describe = string | (() => string);

const describeNow = (d: Describe | undefined, fn: () => unknown): string => {
  if (typeof d === 'function') {
    try {
      return d();
    } catch (e) {
      return `(describe failed: ${e instanceof Error ? e.message : String(e)})`;
    }
  }
  return d ?? fn.toString();
};

/**
 * Calls `fn` every 25 ms until it returns a truthy value (which is returned). A throw counts as "not yet"; the
 * last one is quoted in the timeout error, together with `describe` (a string, or a function called at timeout
 * time — handy to show the current screen or event list).
 */
export async function waitFor<T>(fn: () => T | Promise<T>, timeoutMs = 5000, describe?: Describe): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value as NonNullable<T>;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() >= deadline) {
      const why = lastError === undefined ? '' : `\nlast error: ${lastError instanceof Error ? lastError.message : String(lastError)}`;
      throw new Error(`waitFor timed out after ${timeoutMs} ms: ${describeNow(describe, fn)}${why}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
