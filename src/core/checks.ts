/** A pull request's checks as gh reports them, and what a round of them means. */

export interface Check {
  name: string;
  /** pass | fail | pending | skipping | cancel */
  bucket: string;
  link: string;
}

export type ChecksVerdict =
  | { state: 'pending'; summary: string }
  | { state: 'passed'; summary: string }
  | { state: 'failed'; summary: string; failing: string[] };

/** What a round of checks means: any fail/cancel fails; all pass/skipping passes; else pending. */
export function verdictOf(checks: Check[]): ChecksVerdict {
  const count = (b: string) => checks.filter((c) => c.bucket === b).length;
  const failing = checks.filter((c) => c.bucket === 'fail' || c.bucket === 'cancel').map((c) => c.name);
  const parts = [
    `${count('pass')} pass`,
    ...(failing.length ? [`${failing.length} fail`] : []),
    ...(count('pending') ? [`${count('pending')} pending`] : []),
  ];
  const summary = `${checks.length} check${checks.length === 1 ? '' : 's'}: ${parts.join(', ')}`;
  if (failing.length > 0) return { state: 'failed', summary: `${summary} (${failing.join(', ')})`, failing };
  if (count('pending') > 0) return { state: 'pending', summary };
  return { state: 'passed', summary };
}
