/** The test files a task changed, read from a real `git diff --stat -p main...task` (git 2.39). */
import { describe, expect, it } from 'vitest';
import { changedPaths, changedTests, isTestFile } from '../../src/core/test-files.js';

/** A rename, a deletion, a name with a space (git ends it with a tab), a quoted UTF-8 name, an added line reading "++ b/…". */
const PATCH = ` src/app.ts                        | 1 +
 src/gone.test.ts                  | 1 -
 test/a b.test.ts                  | 1 +
 "test/caf\\303\\251.test.ts"        | 1 +
 test/{old.test.ts => new.test.ts} | 0
 5 files changed, 3 insertions(+), 1 deletion(-)

diff --git a/src/app.ts b/src/app.ts
new file mode 100644
index 0000000..4bcfe98
--- /dev/null
+++ b/src/app.ts
@@ -0,0 +1 @@
+d
diff --git a/src/gone.test.ts b/src/gone.test.ts
deleted file mode 100644
index 587be6b..0000000
--- a/src/gone.test.ts
+++ /dev/null
@@ -1 +0,0 @@
-x
diff --git a/test/a b.test.ts b/test/a b.test.ts
new file mode 100644
index 0000000..6aa9591
--- /dev/null
+++ b/test/a b.test.ts\t
@@ -0,0 +1 @@
+++ b/evil.test.ts
diff --git "a/test/caf\\303\\251.test.ts" "b/test/caf\\303\\251.test.ts"
new file mode 100644
index 0000000..f2ad6c7
--- /dev/null
+++ "b/test/caf\\303\\251.test.ts"
@@ -0,0 +1 @@
+c
diff --git a/test/old.test.ts b/test/new.test.ts
similarity index 100%
rename from test/old.test.ts
rename to test/new.test.ts
`;

describe('changedPaths', () => {
  it('added, modified and renamed files, by their new name; not deleted ones, not hunk content', () => {
    expect(changedPaths(PATCH)).toEqual(['src/app.ts', 'test/a b.test.ts', 'test/café.test.ts', 'test/new.test.ts']);
  });

  it('an empty diff changes nothing', () => {
    expect(changedPaths('')).toEqual([]);
  });
});

describe('isTestFile', () => {
  it.each([
    ['src/store.test.ts', true],
    ['web/app.spec.js', true],
    ['pkg/store_test.go', true],
    ['tests/test_store.py', true],
    ['test_store.py', true],
    ['test/helpers/repo.ts', true],
    ['src/__tests__/store.tsx', true],
    ['test/fixtures/plan.md', false],
    ['src/__snapshots__/a.test.ts.snap', false],
    ['src/store.ts', false],
    ['src/testing.ts', false],
    ['docs/test.md', false],
    ['latest/x.ts', false],
  ])('%s → %s', (path, want) => {
    expect(isTestFile(path)).toBe(want);
  });

  it('changedTests keeps the test files, in patch order', () => {
    expect(changedTests(PATCH)).toEqual(['test/a b.test.ts', 'test/café.test.ts', 'test/new.test.ts']);
  });
});
