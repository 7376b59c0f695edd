/** `HANDOFF_<milestone>.md`: `## Task X.Y Complete: Title` sections mark tasks done. */
import { type Line, scanLines, sectionEnd, stripInline } from './markdown.js';

export interface E2EResult {
  name: string;
  steps: string;
  result: 'PASSED' | 'FAILED';
}

export interface Challenge {
  challenge: string;
  solution: string;
}

export interface HandoffSection {
  /** Usually one id; `## Task 4.1 & 4.2 Complete` names two. */
  taskIds: string[];
  title: string;
  line: number;
  body: string;
  challenges: Challenge[];
  e2e: E2EResult[];
}

export interface Handoff {
  sections: HandoffSection[];
  /** Every id with a Complete section. */
  done: Set<string>;
}

const COMPLETE = /^Task\s+(.+?)\s+Complete\b\s*[:\-–—]?\s*(.*)$/i;
const CHALLENGE_HEADING = /gotcha|challenge|pitfall|lessons?|problems?|issues? (?:hit|found|encountered)/i;
const E2E_HEADING = /\bE2E\b|end[- ]to[- ]end|test results|validation results/i;

export function parseHandoff(source: string): Handoff {
  const lines = scanLines(source);
  const sections: HandoffSection[] = [];
  for (let i = 0; i < lines.length; i++) {
    const h = lines[i]?.heading;
    if (!h || h.level < 2 || h.level > 3) continue;
    const m = COMPLETE.exec(h.text.trim());
    if (!m?.[1]) continue;
    const taskIds = m[1]
      .replace(/`/g, '')
      .split(/\s*(?:&|,|\band\b|\+)\s*/i)
      // `Task 1.1: Complete`, `Task 1.1 — Complete`, `Task 1.1 (store) Complete` all name 1.1.
      .map((s) =>
        s
          .replace(/^Task\s+/i, '')
          .replace(/\s*\([^)]*\)/g, '')
          .replace(/[\s:–—-]+$/, '')
          .trim(),
      )
      .filter(Boolean);
    const end = sectionEnd(lines, i, h.level);
    const bodyLines = lines.slice(i + 1, end);
    sections.push({
      taskIds,
      title: stripInline(m[2] ?? ''),
      line: lines[i]?.n ?? 0,
      body: bodyLines
        .map((l) => l.text)
        .join('\n')
        .trim(),
      challenges: challengesIn(bodyLines),
      e2e: e2eIn(bodyLines),
    });
  }
  return { sections, done: new Set(sections.flatMap((s) => s.taskIds)) };
}

/** Bullets and paragraphs under a Gotchas/Challenges subsection, plus inline "Gotcha: X — solution: Y". */
function challengesIn(body: Line[]): Challenge[] {
  const out: Challenge[] = [];
  let inSection = false;
  let level = 0;
  for (const l of body) {
    if (l.heading) {
      if (inSection && l.heading.level <= level) inSection = false;
      if (CHALLENGE_HEADING.test(l.heading.text)) {
        inSection = true;
        level = l.heading.level;
      }
      continue;
    }
    if (l.inFence) continue;
    const boldLabel = /^\s*\*\*(gotchas?|challenges?)[^*]*\*\*:?\s*(.*)$/i.exec(l.text);
    if (boldLabel) {
      if (boldLabel[2]) out.push(splitSolution(boldLabel[2]));
      else inSection = true;
      continue;
    }
    if (!inSection) continue;
    const text = l.text.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '').trim();
    if (text === '' || /^---+$/.test(text) || text.startsWith('|')) continue;
    if (/^\s{2,}/.test(l.text) && out.length > 0) continue; // continuation of the previous bullet
    out.push(splitSolution(text));
  }
  return out;
}

function splitSolution(text: string): Challenge {
  const plain = stripInline(text);
  const m = /^(.*?)\s*(?:[—–-]+\s*|\.\s+|;\s*)?\b(?:solution|fix|fixed by|workaround|resolved by)\s*:\s*(.*)$/i.exec(plain);
  if (m?.[1] && m[2]) return { challenge: m[1].replace(/[\s:—–-]+$/, ''), solution: m[2] };
  const colon = /^([^:]{3,80}):\s+(.+)$/.exec(plain);
  if (colon?.[1] && colon[2]) return { challenge: colon[1], solution: colon[2] };
  return { challenge: plain, solution: '' };
}

/** Table rows with a PASSED/FAILED cell, and "name: PASSED" bullets, anywhere in a section about tests. */
function e2eIn(body: Line[]): E2EResult[] {
  const out: E2EResult[] = [];
  let inTests = false;
  let level = 0;
  for (const l of body) {
    if (l.heading) {
      if (inTests && l.heading.level <= level) inTests = false;
      if (E2E_HEADING.test(l.heading.text)) {
        inTests = true;
        level = l.heading.level;
      }
      continue;
    }
    if (l.inFence || !inTests) continue;
    const result = resultOf(l.text);
    if (!result) continue;
    if (l.text.trim().startsWith('|')) {
      const cells = l.text
        .trim()
        .replace(/^\||\|$/g, '')
        .split('|')
        .map(stripInline);
      // The verdict is a cell holding only a verdict, else the last cell with one: a step that mentions "FAIL" is not the result.
      const pure = cells.findIndex((c, i) => i > 0 && resultOf(c) !== null && VERDICT_CELL.test(c));
      const idx = pure >= 0 ? pure : cells.findLastIndex((c, i) => i > 0 && resultOf(c) !== null);
      const name = cells[0] ?? '';
      if (name === '' || /^-+$/.test(name)) continue;
      const verdict = idx < 0 ? result : (resultOf(cells[idx] ?? '') ?? result);
      out.push({ name, steps: cells.slice(1, idx < 0 ? cells.length : idx).join(' / '), result: verdict });
      continue;
    }
    const m = /^\s*(?:[-*+]|\d+[.)])?\s*(.+?)\s*[:—–-]\s*(?:✅|❌)?\s*(?:PASSED|FAILED|PASS|FAIL)\b/i.exec(l.text);
    if (m?.[1]) out.push({ name: stripInline(m[1]), steps: '', result });
  }
  return out;
}

const VERDICT_CELL = /^(?:[✅❌]\uFE0F?\s*)?(?:PASS(?:ED)?|FAIL(?:ED)?)?$/;

function resultOf(text: string): 'PASSED' | 'FAILED' | null {
  if (/\bFAIL(?:ED)?\b|❌/.test(text)) return 'FAILED';
  if (/\bPASS(?:ED)?\b|✅/.test(text)) return 'PASSED';
  return null;
}
