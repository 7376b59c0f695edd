/** The run screen: header on top, wave tree left, selected task right, question bar at the bottom. */
import { Box, type Key, Text, useInput, useStdin, useStdout } from 'ink';
import { memo, useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import { DetailPane } from './detail-pane.js';
import { Header } from './header.js';
import { chunkCommands, type KeyScope, type KeyView, questionId, type UiCommand } from './key-effects.js';
import { hintLine } from './key-hint.js';
import { SEPARATOR_WIDTH, screenLayout } from './layout.js';
import { Overlay, overlayMaxScroll, overlayPageFor } from './overlay.js';
import { ciText, dependentsOf, overlayContent } from './overlay-content.js';
import { pendingQuestion, questionCount } from './pending-question.js';
import { QuestionBar } from './question-bar.js';
import { TaskTree, treeRowsFor } from './task-tree.js';
import { filterTree } from './tree-filter.js';
import { buildTree, type TreeModel, treeContent, treeView } from './tree-model.js';
import { initialUiState, keepVisible, keyMode, overlayMode, topRowOf, type UiAction, type UiState, uiReducer } from './ui-state.js';
import { LOG_FOLLOW_MS, useLogFollow } from './use-log-follow.js';
import { CLOCK_TICK_MS, OUTPUT_REDRAW_MS, REDRAW_MS, useRedraw } from './use-redraw.js';
import type { UiEngine } from './view-model.js';

export interface AppProps {
  engine: UiEngine;
  /** enter / a: hand the terminal to the task's agent (the caller suspends Ink and attaches). */
  onAttach(task: string): void;
  /** d: the task's diff against the integration branch. A rejection is shown in the overlay. */
  loadDiff(task: string): Promise<string>;
  /** l: the task's log. */
  loadLog(task: string): Promise<string>;
  /** t: open the task's agent in a new tmux window; leave undefined when mstui is not inside tmux. */
  openInTmux?: (task: string) => void;
  /** Called after the user confirmed quitting (the quit intent has been sent): unmount Ink here. */
  onExit(): void;
  /** The task selected when the screen opens (after a detach). */
  initialTask?: string;
  /** A notice on the bar when the screen opens (after an attach whose agent exited). */
  initialNotice?: string;
  /** Terminal size; defaults to stdout's (80×24 when unknown). */
  columns?: number;
  rows?: number;
  /** Least time between a frame and a redraw caused by an engine state change (default REDRAW_MS). */
  redrawMs?: number;
  /** Least time between a frame and a redraw caused by the shown agent's output (default OUTPUT_REDRAW_MS). */
  outputRedrawMs?: number;
  /** Clock tick for elapsed times, 0 = none (default CLOCK_TICK_MS). */
  tickMs?: number;
  /** Colours in the diff view; false when NO_COLOR is set (default true). */
  colour?: boolean;
  /** Least time between reads of the open log as the agent prints (default LOG_FOLLOW_MS). */
  logFollowMs?: number;
}

// Redraws caused by the shown agent's output change the detail pane only: the rest keeps its props and is skipped.
const MemoHeader = memo(Header);
const MemoTaskTree = memo(TaskTree);
const MemoQuestionBar = memo(QuestionBar);

export function App(props: AppProps) {
  const { engine } = props;
  const { isRawModeSupported } = useStdin();
  const { stdout } = useStdout();
  const [ui, dispatch] = useReducer(uiReducer, initialUiState, (init) => {
    // Back from an attach: keep the task that was selected.
    const index = props.initialTask ? buildTree(engine.meta, engine.getState()).taskIds.indexOf(props.initialTask) : -1;
    const withNotice = props.initialNotice ? { ...init, notice: props.initialNotice } : init;
    return index > 0 ? { ...withNotice, selected: index } : withNotice;
  });
  const shownTask = useRef<string | undefined>(undefined);
  useRedraw(engine, {
    shownTask,
    redrawMs: props.redrawMs ?? REDRAW_MS,
    outputRedrawMs: props.outputRedrawMs ?? OUTPUT_REDRAW_MS,
    tickMs: props.tickMs ?? CLOCK_TICK_MS,
  });

  useLogFollow(engine, ui.overlay, props.loadLog, dispatch, props.logFollowMs ?? LOG_FOLLOW_MS);

  const { meta } = engine;
  const state = engine.getState();
  const columns = props.columns ?? stdout.columns ?? 80;
  const rows = props.rows ?? stdout.rows ?? 24;
  const fullModel = useMemo(() => buildTree(meta, state), [meta, state]);
  const model = useMemo(() => filterTree(fullModel, meta, ui.filter), [fullModel, meta, ui.filter]);
  // The layout is measured on the whole tree: filtering does not move the columns.
  const content = useMemo(() => treeContent(meta, state, fullModel), [meta, state, fullModel]);
  const layout = useMemo(() => screenLayout({ columns, rows, ...content }), [columns, rows, content]);
  const { bodyHeight, detailWidth } = layout;
  // Agents' terminals take the size of the pane that shows them (or of the whole terminal when none does).
  const viewportCols = layout.tooSmall ? 0 : layout.agentViewport.cols;
  const viewportRows = layout.tooSmall ? 0 : layout.agentViewport.rows;
  useEffect(() => {
    if (viewportCols > 0) engine.setAgentViewport(viewportCols, viewportRows);
  }, [engine, viewportCols, viewportRows]);
  const view = treeView(model, treeRowsFor(bodyHeight));
  const selected = Math.min(ui.selected, Math.max(0, model.taskIds.length - 1));
  const selectedId = model.taskIds[selected];
  shownTask.current = selectedId;
  const scroll = keepVisible(ui.scroll, model.rowOfTask[selected] ?? 0, topRowOf(view, selected), view.height);
  const question = pendingQuestion(state, selectedId);
  const mode = overlayMode(ui.overlay);
  const overlay = overlayContent(ui.overlay, state, meta);
  // Elapsed times are shown to the second: the clock the components get moves once a second.
  const nowMs = Math.floor(engine.now() / 1000) * 1000;

  // `n` to a merge skips the task's dependents too: the bar says how many.
  const mergeTask = question?.kind === 'merge' ? question.task : null;
  const dependents = useMemo(() => (mergeTask ? dependentsOf(state, mergeTask).length : 0), [state, mergeTask]);
  // Since when the bar has shown this question, on the engine's clock: its answer keys wait ANSWER_GUARD_MS.
  const shownQuestion = useRef({ id: '', sinceMs: 0 });
  if (shownQuestion.current.id !== questionId(question)) shownQuestion.current = { id: questionId(question), sinceMs: engine.now() };
  const project = (u: UiState): KeyView => {
    const m: TreeModel = u.filter === ui.filter ? model : filterTree(fullModel, meta, u.filter);
    const id = m.taskIds[Math.min(u.selected, Math.max(0, m.taskIds.length - 1))];
    return { taskIds: m.taskIds, selectedId: id, question: pendingQuestion(state, id), view: treeView(m, view.height) };
  };

  const scope: Omit<KeyScope, 'nowMs'> = {
    ui,
    state,
    project,
    taskIds: model.taskIds,
    selectedId,
    question,
    questionSinceMs: shownQuestion.current.sinceMs,
    view,
    overlayMaxScroll: overlayMaxScroll(overlay, bodyHeight),
    overlayPage: overlayPageFor(bodyHeight),
    canTmux: props.openInTmux !== undefined,
  };
  const latest = useRef({ scope, props });
  latest.current = { scope, props };

  // Every key of the chunk, in order (a paste or fast typing arrives as one input).
  const onKey = useCallback((input: string, key: Key) => {
    const { scope: s, props: p } = latest.current;
    const { commands, scope: after } = chunkCommands(input, key, { ...s, nowMs: p.engine.now() });
    // Until the next render, keys see what these ones did.
    latest.current = { scope: after, props: p };
    for (const command of commands) {
      try {
        run(command, p, dispatch);
      } catch (e) {
        dispatch({ type: 'notice', text: `${command.type}: ${e instanceof Error ? e.message : String(e)}` });
      }
    }
  }, []);
  // useInput puts stdin in raw mode, which throws when stdin is not a TTY: keys are simply off then.
  useInput(onKey, { isActive: isRawModeSupported });

  if (layout.tooSmall) {
    return (
      <Box width={columns} height={Math.max(1, rows - 1)}>
        <Text wrap="wrap">{layout.tooSmall}</Text>
      </Box>
    );
  }
  return (
    <Box flexDirection="column" width={columns}>
      <MemoHeader
        meta={meta}
        state={state}
        elapsedMs={Math.floor((engine.now() - engine.startedAtMs) / 1000) * 1000}
        width={columns}
        starting={engine.starting?.()}
      />
      <Box height={bodyHeight} width={columns}>
        {mode === 'none' ? (
          <>
            <MemoTaskTree
              meta={meta}
              state={state}
              model={model}
              selected={selected}
              scroll={scroll}
              height={bodyHeight}
              width={layout.tree.width}
              layout={layout.tree}
              nowMs={nowMs}
            />
            {detailWidth === null ? null : (
              <Box
                borderStyle="single"
                borderTop={false}
                borderBottom={false}
                borderRight={false}
                paddingLeft={1}
                height={bodyHeight}
                width={detailWidth + SEPARATOR_WIDTH}
                flexShrink={0}
              >
                <DetailPane
                  meta={meta}
                  state={state}
                  taskId={selectedId}
                  screen={selectedId === undefined ? null : engine.screen(selectedId)}
                  outputTail={selectedId === undefined ? [] : engine.outputTail(selectedId)}
                  height={bodyHeight}
                  width={detailWidth}
                  nowMs={nowMs}
                />
              </Box>
            )}
          </>
        ) : (
          <Overlay
            content={overlay}
            scroll={ui.overlayScroll}
            height={bodyHeight}
            width={columns}
            confirm={mode === 'confirm'}
            colour={props.colour ?? true}
          />
        )}
      </Box>
      <MemoQuestionBar
        question={question}
        pending={questionCount(state)}
        notice={ui.notice}
        hint={hintLine(keyMode(ui), question?.answers ?? [], { paused: state.paused, width: columns, filter: ui.filter })}
        dependents={dependents}
        width={columns}
      />
    </Box>
  );
}

function run(command: UiCommand, props: AppProps, dispatch: (action: UiAction) => void): void {
  switch (command.type) {
    case 'ui':
      dispatch(command.action);
      return;
    case 'send':
      props.engine.send(command.intent);
      return;
    case 'attach':
      props.onAttach(command.task);
      return;
    case 'tmux':
      props.openInTmux?.(command.task);
      return;
    case 'exit':
      props.onExit();
      return;
    case 'load': {
      const { kind, task } = command;
      const ci = async (id: string) => ciText(props.engine.getState(), id);
      const load = kind === 'diff' ? props.loadDiff : kind === 'log' ? props.loadLog : ci;
      Promise.resolve()
        .then(() => load(task))
        .then(
          (text) => dispatch({ type: 'loaded', kind, task, text, error: null }),
          (e: unknown) => dispatch({ type: 'loaded', kind, task, text: null, error: e instanceof Error ? e.message : String(e) }),
        );
    }
  }
}
