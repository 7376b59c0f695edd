/** `commands.testQuality` in `.mstui.json`: parsed, checked with its key path, and handed to the engine's gates. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config.js';
import { reviewSetup } from '../../src/engine/review-setup.js';

describe('commands.testQuality', () => {
  it('is optional, and reaches the gates through the review setup', () => {
    const none = parseConfig('{}', '.mstui.json');
    if (!none.ok) throw new Error(none.error);
    expect(none.value.commands.testQuality).toBeUndefined();
    expect(reviewSetup(none.value).testQuality).toBeUndefined();

    const set = parseConfig(JSON.stringify({ commands: { test: 'npm test', testQuality: 'npx check-tests "$@"' } }), '.mstui.json');
    if (!set.ok) throw new Error(set.error);
    expect(set.value.commands.testQuality).toBe('npx check-tests "$@"');
    expect(reviewSetup(set.value).testQuality).toBe('npx check-tests "$@"');
  });

  it('a wrong type is reported with its key path', () => {
    expect(parseConfig('{"commands":{"testQuality":["npx","check"]}}', '.mstui.json')).toEqual({
      ok: false,
      error: '.mstui.json: commands.testQuality: Invalid input: expected string, received array',
    });
  });
});
