/** The UI's entry point; load it with `await import('./ui/index.js')` so commands that never draw skip Ink. */
export { App, type AppProps } from './app.js';
export { installFastOutput } from './ink-output.js';
export { KEYMAP, type KeyBinding } from './keymap.js';
export type { Intent, RunMeta, TaskMeta, UiEngine } from './view-model.js';
