/** The run screen: header on top, wave tree left, selected task right, question bar at the bottom. */
import { Box, type Key, useInput, useStdin, useStdout } from 'ink';
import { memo, useCallback, useMemo, useReducer, useRef } from 'react';
import { DetailPane } from './detail-pane.js';
import { HEADER_HEIGHT, Header } from './header.js';
import { type KeyScope, keyCommands, type UiCommand } from './key-effects.js';
import { keyHint, keyName, resolveKey } from './keymap.js';
import { Overlay, overlayMaxScroll, overlayPageFor } from './overlay.js';
import { ciText, overlayContent } from './overlay-content.js';
import { pendingQuestion, questionCount } from './pending-question.js';
import { QUESTION_BAR_HEIGHT, QuestionBar } from './question-bar.js';
import { TaskTree, treeRowsFor } from './task-tree.js';
import { buildTree, treeView } from './tree-model.js';
import { initialUiState, keepVisible, overlayMode, topRowOf, type UiAction, uiReducer } from './ui-state.js';
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

/** Narrowest tree, and the share of the width it takes. */
const MIN_TREE_WIDTH = 30;
const TREE_SHARE = 0.5;

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
  // One line spare: Ink clears the whole screen on every frame once the output is as tall as the terminal.
  const rows = props.rows ?? stdout.rows ?? 24;
  const bodyHeight = Math.max(4, rows - 1 - HEADER_HEIGHT - QUESTION_BAR_HEIGHT);
  const treeWidth = Math.min(columns, Math.max(MIN_TREE_WIDTH, Math.floor(columns * TREE_SHARE)));
  const detailWidth = Math.max(0, columns - treeWidth - 2);

  const model = useMemo(() => buildTree(meta, state), [meta, state]);
  const view = treeView(model, treeRowsFor(bodyHeight));
  const selected = Math.min(ui.selected, Math.max(0, model.taskIds.length - 1));
  const selectedId = model.taskIds[selected];
  shownTask.current = selectedId;
  const scroll = keepVisible(ui.scroll, model.rowOfTask[selected] ?? 0, topRowOf(view, selected), view.height);
  const question = pendingQuestion(state, selectedId);
  const mode = overlayMode(ui.overlay);
  const content = overlayContent(ui.overlay, state, meta);
  // Elapsed times are shown to the second: the clock the components get moves once a second.
  const nowMs = Math.floor(engine.now() / 1000) * 1000;

  const scope: KeyScope = {
    ui,
    selectedId,
    question,
    view,
    overlayMaxScroll: overlayMaxScroll(content, bodyHeight),
    overlayPage: overlayPageFor(bodyHeight),
    canTmux: props.openInTmux !== undefined,
  };
  const latest = useRef({ scope, props });
  latest.current = { scope, props };

  const onKey = useCallback((input: string, key: Key) => {
    const { scope: s, props: p } = latest.current;
    const binding = resolveKey(keyName(input, key), overlayMode(s.ui.overlay), s.question?.answers ?? []);
    if (!binding) return;
    for (const command of keyCommands(binding, s)) {
      try {
        run(command, p, dispatch);
      } catch (e) {
        dispatch({ type: 'notice', text: `${binding.help}: ${e instanceof Error ? e.message : String(e)}` });
      }
    }
  }, []);
  // useInput puts stdin in raw mode, which throws when stdin is not a TTY: keys are simply off then.
  useInput(onKey, { isActive: isRawModeSupported });

  return (
    <Box flexDirection="column" width={columns}>
      <MemoHeader meta={meta} state={state} elapsedMs={Math.floor((engine.now() - engine.startedAtMs) / 1000) * 1000} width={columns} />
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
              width={treeWidth}
              nowMs={nowMs}
            />
            <Box borderStyle="single" borderTop={false} borderBottom={false} borderRight={false} paddingLeft={1} height={bodyHeight}>
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
          </>
        ) : (
          <Overlay
            content={content}
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
        hint={keyHint(mode, question?.answers ?? [])}
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
