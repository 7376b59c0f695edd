/** `.mstui.json` that is not a file: doctor and clean say so instead of ignoring it or printing EISDIR (issue 10, item 9). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readConfigFile } from '../../src/cli/config-file.js';
import { configCheck } from '../../src/cli/doctor-checks.js';
import { UsageError } from '../../src/cli/errors.js';

const dirs: string[] = [];
const repo = () => {
  const d = mkdtempSync(join(tmpdir(), 'mstui-config-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('readConfigFile', () => {
  it('null when there is none, the text when it is a file', () => {
    const d = repo();
    expect(readConfigFile(d)).toBeNull();
    writeFileSync(join(d, '.mstui.json'), '{}');
    expect(readConfigFile(d)).toBe('{}');
  });

  it('a directory is a UsageError naming it (exit 2), and doctor fails that line', () => {
    const d = repo();
    mkdirSync(join(d, '.mstui.json'));
    expect(() => readConfigFile(d)).toThrow(UsageError);
    expect(() => readConfigFile(d)).toThrow(`${join(d, '.mstui.json')} is a directory: expected a text file`);
    const check = configCheck(d);
    expect(check.config).toBeNull();
    expect(check.line).toEqual({ status: 'fail', text: expect.stringContaining('.mstui.json is a directory') });
  });
});
