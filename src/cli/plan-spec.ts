/** The plan argument as the command line gives it: `mstui run gh:153 154` arrives as two arguments. */
import { UsageError } from './errors.js';

/**
 * Words after a `gh:` spec belong to it (seed 003 takes `153 154` and `153,154`); a list of issue numbers is written
 * `gh:153,154`. Anything after another kind of plan is an error. The GitHub parser (and zod) loads for gh: specs only.
 */
export async function planSpec(spec: string, more: readonly string[] = []): Promise<string> {
  if (!spec.startsWith('gh:')) {
    if (more.length > 0) throw new UsageError(`unexpected argument${more.length > 1 ? 's' : ''} after the plan ${spec}: ${more.join(' ')}`);
    return spec;
  }
  const { githubSpecFromArgs } = await import('../core/plan/parse-github.js');
  const r = githubSpecFromArgs([spec, ...more]);
  if (!r.ok) throw new UsageError(r.error.message);
  return r.value;
}
