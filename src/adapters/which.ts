/** Finds a program the way a shell would (PATH lookup), without starting one. */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The program's path: a name is looked up in `pathEnv`; a path (with a `/`) is taken relative to `cwd`. */
export function findProgram(command: string, pathEnv: string, cwd: string): string | null {
  if (command.includes('/')) {
    const path = isAbsolute(command) ? command : resolve(cwd, command);
    return executable(path) ? path : null;
  }
  for (const dir of pathEnv.split(delimiter)) {
    if (dir === '') continue;
    const path = join(dir, command);
    if (executable(path)) return path;
  }
  return null;
}
