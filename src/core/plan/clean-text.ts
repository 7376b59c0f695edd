/**
 * Text from outside mstui (plan titles and bodies, GitHub issues, agent and gate output) made safe to show or write:
 * everything a terminal would act on is removed, the user's unicode (emoji, CJK, accents) is kept. Pure.
 */

/* biome-ignore-start lint/suspicious/noControlCharactersInRegex: removing control characters is the point */
/** OSC / DCS / SOS / PM / APC strings (7-bit and 8-bit introducers) with their payload, up to BEL, ST or a newline. */
const STRINGS = /(?:\u001b[\]P X^_]|[\u0090\u0098\u009d\u009e\u009f])[^\u0007\u001b\u009c\n]*(?:\u0007|\u001b\\|\u009c)?/g;
/** CSI sequences (`ESC [` or the 8-bit `\x9b`): parameters, intermediates and the final byte. */
const CSI = /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]?/g;
/** Other escape sequences (`ESC c`, `ESC 7`, `ESC ( B`), and a lone ESC. */
const ESCAPE = /\u001b[ -/]*[0-~]?/g;
/** C0 controls except tab and newline, DEL, and C1 controls. */
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
/* biome-ignore-end lint/suspicious/noControlCharactersInRegex: removing control characters is the point */

/** Strips escape sequences and control characters; keeps newlines and tabs (prompt bodies, logs). CRLF becomes LF. */
export function cleanText(s: string): string {
  return s.replace(/\r\n/g, '\n').replace(STRINGS, '').replace(CSI, '').replace(ESCAPE, '').replace(CONTROLS, '');
}

/** One line of text (a title, a file name): `cleanText`, with newlines and tabs as single spaces, trimmed. */
export function cleanLine(s: string): string {
  return cleanText(s)
    .replace(/[\t\n]+/g, ' ')
    .trim();
}
