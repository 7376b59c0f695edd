/** Scheduler reducer: seed 002's kiro workflow — four phases in one session, deliverable checks, approval, resume. */
import { describe, expect, it } from 'vitest';
import type { KiroPhase } from '../../src/core/plan/model.js';
import type { PlanTaskInput } from '../../src/core/scheduler/init.js';
import { deliverableFollowUp, deliverablePath, phasePrompt, redoPrompt, resumePhasePrompt } from '../../src/core/scheduler/kiro-text.js';
import { replayRun } from '../../src/core/scheduler/replay.js';
import type { Effect, Event, Question } from '../../src/core/scheduler/types.js';
import { ev, fx, opts, Script, t } from './scheduler-helpers.js';

const kiro = (id: string, approval: ('design' | 'spec' | 'tasks')[] = [], deps: string[] = []): PlanTaskInput => ({
  ...t(id, deps),
  kiro: { approval },
});
const check = (task: string, phase: KiroPhase): Effect => ({ type: 'CheckDeliverable', task, phase, path: deliverablePath(task, phase) });
const checked = (task: string, phase: KiroPhase, ok = true): Event => ({ type: 'DeliverableChecked', task, phase, ok });
const approvalQ = (id: string, phase: string, next: string): Question => ({
  kind: 'phase-approval',
  task: id,
  text: `${id}: the ${phase} phase is done (.milestones/specs/${id}/${phase.toLowerCase() === 'task' ? 'tasks' : phase.toLowerCase()}.md). Approve it and start the ${next} phase?`,
  answers: ['approve', 'retry', 'skip', 'abort'],
});

describe('kiro workflow', () => {
  it('walks design → spec → tasks → execute in one session, each phase checked before the next, then the usual flow', () => {
    const s = new Script([kiro('1.1')], { autoYes: true });
    expect(s.send(ev.resumed())).toEqual([fx.start('1.1', false, phasePrompt('1.1', 'design'))]);
    expect(s.state.tasks['1.1']?.phase).toBe('design');
    s.send(ev.started('1.1'));
    expect(s.send(ev.idle('1.1'))).toEqual([check('1.1', 'design')]);
    expect(s.status('1.1')).toBe('running');
    expect(s.send(checked('1.1', 'design'))).toEqual([fx.send('1.1', phasePrompt('1.1', 'spec'))]);
    expect(s.state.tasks['1.1']?.phase).toBe('spec');
    expect(s.send(ev.busy('1.1'), ev.idle('1.1'))).toEqual([check('1.1', 'spec')]);
    expect(s.send(checked('1.1', 'spec'))).toEqual([fx.send('1.1', phasePrompt('1.1', 'tasks'))]);
    expect(s.send(ev.busy('1.1'), ev.idle('1.1'))).toEqual([check('1.1', 'tasks')]);
    expect(s.send(checked('1.1', 'tasks'))).toEqual([fx.send('1.1', phasePrompt('1.1', 'execute'))]);
    expect(s.state.tasks['1.1']?.phase).toBe('execute');
    // Execute is the usual task: the handoff, then the gates.
    expect(s.send(ev.busy('1.1'), ev.handoff('1.1'), ev.idle('1.1'))).toEqual([fx.gates('1.1')]);
    s.send(ev.passed('1.1'), ev.ciPassed('1.1'), ev.merged('1.1'));
    expect(s.status('1.1')).toBe('merged');
    expect(s.log.filter((e) => e.type === 'SendPrompt')).toHaveLength(3);
  });

  it('a task without kiro_workflow starts as before (no phase, no prompt of its own)', () => {
    const s = new Script([t('a')]);
    expect(s.send(ev.resumed())).toEqual([fx.start('a')]);
    expect(s.state.tasks.a?.phase).toBeUndefined();
  });

  it('a check of an earlier phase (a duplicate turn end) changes nothing', () => {
    const s = new Script([kiro('a')], { autoYes: true });
    s.send(ev.resumed(), ev.started('a'), ev.idle('a'), ev.idle('a'));
    expect(s.send(checked('a', 'design'))).toEqual([fx.send('a', phasePrompt('a', 'spec'))]);
    expect(s.send(checked('a', 'design'))).toEqual([]);
    expect(s.state.tasks.a?.phase).toBe('spec');
  });

  it('an approval gate asks after the phase; approve starts the next, retry redoes it with a note', () => {
    const s = new Script([kiro('a', ['design'])]);
    s.send(ev.resumed(), ev.started('a'), ev.idle('a'));
    expect(s.send(checked('a', 'design'))).toEqual([{ type: 'Ask', question: approvalQ('a', 'Design', 'Spec') }]);
    expect(s.status('a')).toBe('decision');
    expect(s.send(ev.answered('a', 'retry'))).toEqual([fx.send('a', redoPrompt('a', 'design'))]);
    expect(s.state.tasks.a).toMatchObject({ status: 'running', phase: 'design', question: null });
    s.send(ev.busy('a'), ev.idle('a'));
    expect(s.send(checked('a', 'design'))).toEqual([{ type: 'Ask', question: approvalQ('a', 'Design', 'Spec') }]);
    expect(s.send(ev.answered('a', 'approve'))).toEqual([fx.send('a', phasePrompt('a', 'spec'))]);
    // spec is not gated: straight on.
    s.send(ev.busy('a'), ev.idle('a'));
    expect(s.send(checked('a', 'spec'))).toEqual([fx.send('a', phasePrompt('a', 'tasks'))]);
  });

  it('--yes approves a gated phase without asking', () => {
    const s = new Script([kiro('a', ['design', 'spec', 'tasks'])], { autoYes: true });
    s.send(ev.resumed(), ev.started('a'), ev.idle('a'));
    expect(s.send(checked('a', 'design'))).toEqual([fx.send('a', phasePrompt('a', 'spec'))]);
    expect(s.asks()).toEqual([]);
  });

  it('a missing deliverable gets one follow-up, then a question; force moves on, abort stops', () => {
    const s = new Script([kiro('a')]);
    s.send(ev.resumed(), ev.started('a'), ev.idle('a'));
    expect(s.send(checked('a', 'design', false))).toEqual([fx.send('a', deliverableFollowUp('a', 'design'))]);
    expect(s.state.tasks.a).toMatchObject({ status: 'running', phase: 'design', phaseFollowUps: 1 });
    s.send(ev.busy('a'), ev.idle('a'));
    const [q] = s.asks(s.send(checked('a', 'design', false)));
    expect(q).toMatchObject({ kind: 'deliverable-missing', task: 'a', answers: ['retry', 'skip', 'force', 'abort'] });
    expect(q?.text).toBe('a ended its Design phase without writing .milestones/specs/a/design.md. Ask the agent again?');
    expect(s.state.tasks.a?.reason).toBe('no .milestones/specs/a/design.md after the design phase');
    expect(s.send(ev.answered('a', 'retry'))).toEqual([fx.send('a', deliverableFollowUp('a', 'design'))]);
    s.send(ev.busy('a'), ev.idle('a'), checked('a', 'design', false));
    expect(s.send(ev.answered('a', 'force'))).toEqual([fx.send('a', phasePrompt('a', 'spec'))]);
    expect(s.state.tasks.a).toMatchObject({ phase: 'spec', phaseFollowUps: 0 });
  });

  it('--yes: a deliverable still missing after the follow-ups fails the task', () => {
    const s = new Script([kiro('a')], { autoYes: true, maxRetries: 1 });
    s.send(ev.resumed(), ev.started('a'), ev.idle('a'), checked('a', 'design', false));
    s.send(ev.busy('a'), ev.idle('a'), checked('a', 'design', false));
    expect(s.status('a')).toBe('running');
    s.send(ev.busy('a'), ev.idle('a'));
    expect(s.send(checked('a', 'design', false))).toEqual([fx.writeFailure('a'), fx.stopAgent('a'), fx.finish(1)]);
    expect(s.status('a')).toBe('failed');
  });

  it('an agent that exits after its turn is checked the same way and resumed with the next prompt', () => {
    const s = new Script([kiro('a')], { autoYes: true });
    s.send(ev.resumed(), ev.started('a'));
    expect(s.send(ev.exited('a', 0))).toEqual([check('a', 'design')]);
    expect(s.send(checked('a', 'design'))).toEqual([fx.start('a', true, phasePrompt('a', 'spec'))]);
  });

  it('resume mid-phase: the replayed events rebuild the phase; the agent restarts with that phase’s prompt', () => {
    const events: Event[] = [ev.resumed(), ev.started('a'), ev.idle('a'), checked('a', 'design'), ev.busy('a')];
    const state = replayRun([kiro('a')], new Set(), events, null, opts({ autoYes: true }));
    expect(state.tasks.a).toMatchObject({ status: 'running', phase: 'spec' });
    const s = new Script([kiro('a')], { autoYes: true });
    s.state = state;
    expect(s.send(ev.resumed())).toEqual([fx.start('a', true, resumePhasePrompt('a', 'spec'))]);
    s.send(ev.started('a'), ev.idle('a'));
    expect(s.send(checked('a', 'spec'))).toEqual([fx.send('a', phasePrompt('a', 'tasks'))]);
  });

  it('resume at an approval question asks it again; a requeued task starts over at design', () => {
    const plan = [kiro('a', ['design']), t('b')];
    const events: Event[] = [ev.resumed(), ev.started('a'), ev.started('b'), ev.idle('a'), checked('a', 'design')];
    const s = new Script(plan);
    s.state = replayRun(plan, new Set(), events, null, opts({ parallel: 2 }));
    expect(s.send(ev.resumed())).toEqual([{ type: 'Ask', question: approvalQ('a', 'Design', 'Spec') }, fx.start('b', true)]);
    s.send(ev.answered('a', 'skip'));
    expect(s.status('a')).toBe('skipped');
    expect(s.send({ type: 'RetryRequested', task: 'a' })).toEqual([fx.start('a', false, phasePrompt('a', 'design'))]);
    expect(s.state.tasks.a?.phase).toBe('design');
  });
});
