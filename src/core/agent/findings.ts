/**
 * Unexpected findings (seed 000's guardrail): an agent's final message or handoff section saying the task was
 * already done, that the files it names do not exist, or that what it searched for is not there. Research errors
 * like these are silent, so the scheduler has the agent double-check, then asks a human. Pure.
 *
 * Conservative on purpose: a sentence counts only when it states the finding, not when it describes code that
 * handles such a case ("returns null when the file does not exist"), work the agent did ("so I created it", "I
 * added the missing test") or its own earlier turn ("I already fixed it").
 */

export type FindingKind = 'already-done' | 'missing-files' | 'not-found';

export interface Finding {
  kind: FindingKind;
  /** The sentence that says it, as the agent wrote it (trimmed, at most QUOTE_MAX characters). */
  quote: string;
}

export const QUOTE_MAX = 200;

/** How a finding reads in one line: `Finding 4.1 - already done: "…"`. */
export const FINDING_LABEL: Record<FindingKind, string> = {
  'already-done': 'already done',
  'missing-files': 'files missing',
  'not-found': 'not found',
};

const FILE_NOUN = '(?:files?|folders?|director(?:y|ies)|modules?|paths?|scripts?)';
const NOT_EXIST = String.raw`(?:does not|doesn't|do not|don't|did not|didn't)\s+exist|no longer exists?|(?:is|are|was|were)\s+(?:missing|absent)`;
const CANNOT_FIND = String.raw`(?:could not|couldn't|cannot|can't|can not|unable to|did not|didn't|failed to)\s+(?:find|locate)`;
/** Within one clause: no sentence end (a dot inside `src/a.ts` is not one). */
const CLAUSE = String.raw`(?:[^.!?;]|\.(?=\S))`;
const SEARCHED =
  '(?:pattern|string|text|symbol|identifier|function|class|method|code|references?|occurrences?|usages?|call sites?|definition|regex)';

/** Each kind's statements, tried in this order within a sentence. */
const RULES: { kind: FindingKind; patterns: RegExp[] }[] = [
  {
    kind: 'missing-files',
    patterns: [
      new RegExp(String.raw`\b${FILE_NOUN}\b${CLAUSE}{0,80}?\b(?:${NOT_EXIST})\b`, 'i'),
      new RegExp(String.raw`\b${CANNOT_FIND}\s+(?:the\s+|any\s+|these\s+|those\s+)?(?:\w+\s+)?${FILE_NOUN}\b`, 'i'),
      /\bno such file\b/i,
    ],
  },
  {
    kind: 'not-found',
    patterns: [
      new RegExp(String.raw`\b${CANNOT_FIND}\b`, 'i'),
      new RegExp(String.raw`\b${SEARCHED}\b${CLAUSE}{0,60}?\b(?:was|were|is|are)?\s*not\s+found\b`, 'i'),
      /\bno\s+(?:matches|occurrences|usages|references|results)\b/i,
    ],
  },
  {
    kind: 'already-done',
    patterns: [
      /\balready\s+(?:been\s+)?(?:implemented|exists?)\b/i,
      /\b(?:was|were|had been|has been|have been)\s+already\s+(?:complete|completed|done|finished|fixed|in place|present|there|handled|supported|resolved|addressed)\b/i,
      /\b(?:is|are)\s+already\s+(?:done|fixed|in place|handled|supported|resolved|addressed)\b/i,
      /\balready\s+been\s+(?:done|completed|fixed|added|addressed|resolved)\b/i,
      /\bnothing\s+(?:needs?\s+to\s+be|needed\s+to\s+be|to\s+be|to)\s+(?:do|done|changed|implemented)\b(?!\s+with)/i,
      /\bno\s+(?:code\s+|further\s+|additional\s+)?changes\s+(?:(?:are|were|was)\s+)?(?:needed|required|necessary)\b(?!\s+(?:to|in|for|on)\b)/i,
    ],
  },
];

/** The sentence describes behaviour or a condition, not a finding: "returns 404 when the file does not exist". */
const CONDITIONAL = /\b(?:if|when|whenever|unless|in case|whether)\b/i;
const BEHAVIOUR =
  /\b(?:returns|throws|raises|handles?|handler|handling|errors? (?:out|message)|(?:now|will|should|must) (?:return|throw|fail|error|report|print|warn|log|show)|tests? (?:that|for))\b/i;
/**
 * The agent did the work itself ("so I created it"), speaks of its own earlier work ("I already fixed it"), or
 * tells a solved problem (a handoff's Gotchas: "X did not exist — solution: create it").
 */
const OWN_WORK =
  /\b(?:I|I've|I have|we|we've)\s+(?:already\s+|now\s+|also\s+|just\s+)?(?:added|fixed|created|wrote|written|implemented|updated|extended|reused|used|changed|made|moved|renamed|removed|refactored|restored)\b|\bso (?:I|we)\b|\b(?:I|we)\s+already\b|\bnot\s+already\b|\bn't\s+already\b|\b(?:solution|workaround|instead|fixed by|solved by|resolved by)\b/i;

/** The first finding the text states, or null. */
export function detectFinding(text: string | null | undefined): Finding | null {
  if (!text) return null;
  for (const sentence of sentences(text)) {
    const plain = neutralise(sentence);
    if (OWN_WORK.test(plain)) continue;
    for (const rule of RULES) {
      const m = rule.patterns.map((p) => p.exec(plain)).find((x) => x !== null);
      if (!m) continue;
      const before = plain.slice(0, m.index);
      if (CONDITIONAL.test(before) || BEHAVIOUR.test(plain)) break;
      return { kind: rule.kind, quote: quoteOf(sentence) };
    }
  }
  return null;
}

/** Sentences and lines (list items, headings), without markdown bullets. */
function sentences(text: string): string[] {
  return text
    .split(/\n+|(?<=[.!?])\s+(?=[A-Z`"'(*_[])/)
    .map((s) => s.replace(/^\s*(?:[-*+]|\d+[.)]|#+)\s+/, '').trim())
    .filter(Boolean);
}

/**
 * Quoted text and code spans are what the agent talks about, not what it says: a test named "fails when the file
 * does not exist" is no finding. A path (in a code span or bare) reads as "path": "`src/a.ts` does not exist" says a file is missing.
 */
function neutralise(sentence: string): string {
  return sentence
    .replace(/`([^`]*)`/g, (_m, code: string) => (/[/\\]|\.\w{1,5}$/.test(code) ? 'path' : 'code'))
    .replace(/"[^"]*"|“[^”]*”/g, 'text')
    .replace(PATH_WORD, 'path')
    .replace(/\*\*|__/g, '');
}

/** A bare path: `src/a.ts`, `./docs/`, `store.py` (a word with a slash, or a name with a short extension). */
const PATH_WORD = /(?<=^|[\s(,:])(?:[\w@.-]*\/[\w@./-]*|[\w-]+\.[A-Za-z]{1,5})(?=$|[\s),:;]|[.!?](?:\s|$))/g;

function quoteOf(sentence: string): string {
  const one = sentence.replace(/\s+/g, ' ').trim();
  return one.length > QUOTE_MAX ? `${one.slice(0, QUOTE_MAX - 1)}…` : one;
}
