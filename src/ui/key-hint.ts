/** The hint line under the question: the live keys, with the `/` filter in front while there is one. Pure. */
import { cleanLine } from '../core/plan/clean-text.js';
import type { Answer } from '../core/scheduler/types.js';
import { type HintOptions, type KeyMode, keyHint } from './keymap.js';

export interface HintLineOptions extends HintOptions {
  /** The `/` filter's text ('' = none). */
  filter?: string;
}

/** "/api▏ · enter keep · Esc clear" while typing; "/api · Esc clear · enter attach · …" while a kept filter narrows the tree. */
export function hintLine(mode: KeyMode, answers: readonly Answer[], opts: HintLineOptions = {}): string {
  const filter = cleanLine(opts.filter ?? '');
  const prefix = mode === 'filter' ? `/${filter}▏` : mode === 'none' && filter !== '' ? `/${filter} · Esc clear` : '';
  if (prefix === '') return keyHint(mode, answers, opts);
  const width = opts.width === undefined ? undefined : Math.max(0, opts.width - prefix.length - 3);
  const rest = keyHint(mode, answers, { ...opts, width });
  return rest === '' ? prefix : `${prefix} · ${rest}`;
}
