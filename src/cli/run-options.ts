/** `mstui run`'s options, as commander parses them (run-command.ts and run-session.ts read them). */
export interface RunCommandOptions {
  headless?: boolean;
  json?: boolean;
  parallel?: string;
  yes?: boolean;
  from?: string;
  only?: string;
  wave?: string;
  dryRun?: boolean;
  stopOnFailure?: boolean;
  base?: string;
  handoff?: string;
  deps?: string;
  approvePlan?: boolean;
  skipBaseline?: boolean;
}
