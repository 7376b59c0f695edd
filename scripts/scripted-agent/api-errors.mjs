/**
 * A turn that dies on an API error, as 2.1.328 shows it once its retries are spent (README of
 * test/fixtures/claude-2.1.328, "API errors, retries, StopFailure"): the error line in the transcript, a
 * placeholder in the prompt box, and StopFailure with `error` and `last_assistant_message` (never Stop).
 */
import { wrap } from './screen.mjs';

/** StopFailure `error` values the scenario's `apiError.error` may name. */
export const API_ERRORS = ['rate_limit', 'authentication_failed', 'server_error'];

/**
 * `{ message, lines, placeholder, notice, retrying }` for one error: `message` is StopFailure's
 * last_assistant_message, `lines` what the transcript shows, `retrying` the status line while "retrying".
 */
export function apiErrorScreen(error, gateway, cols) {
  if (error === 'authentication_failed') {
    const message = 'Not logged in · Please run /login';
    return {
      message,
      lines: [`  ⎿  ${message}`, ''],
      placeholder: 'Once fixed, resend your message',
      notice: 'Not logged in · run /login',
      retrying: null,
    };
  }
  if (error === 'server_error') {
    const message = `API Error: Repeated 529 Overloaded errors. The API is at capacity — this is usually temporary. Try again in a moment. If it persists, check your inference gateway (${gateway}).`;
    return {
      message,
      // 2.1.328 wraps an assistant message some 7 columns short of the screen's width.
      lines: ['', ...wrap(message, cols - 7).map((l, i) => `${i === 0 ? '●' : ' '} ${l}`), ''],
      placeholder: 'Resend your message to try again',
      notice: null,
      retrying: '✻ 529 Overloaded · retrying in 1s · attempt 1/10',
    };
  }
  const reason = 'Number of request tokens has exceeded your rate limit';
  const message = `API Error: Request rejected (429) · ${reason}`;
  return {
    message,
    lines: ['', `● ${message}`, ''],
    placeholder: 'Resend your message to try again',
    notice: null,
    retrying: `✻ 429 ${reason} · retrying in 1s · attempt 1/10`,
  };
}

/** The scenario's `apiError` as `{ error, times, afterMs }`, or null when unset or invalid. */
export function apiErrorOf(sc) {
  const a = sc?.apiError;
  if (!a || typeof a !== 'object' || !API_ERRORS.includes(a.error)) return null;
  const times = Number.isFinite(Number(a.times)) ? Number(a.times) : 1;
  const afterMs = Number.isFinite(Number(a.afterMs)) ? Math.max(0, Number(a.afterMs)) : 300;
  return { error: a.error, times, afterMs };
}
