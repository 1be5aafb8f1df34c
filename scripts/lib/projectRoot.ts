import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root, found by walking up to package.json: the same code runs as `scripts/*.ts` under jest and as
 * `dist/scripts/*.js` after tsc, so a fixed relative offset would be wrong in one of them. Scripts keep their own
 * copy (rather than importing src/paths.ts) so that packaging never depends on application code.
 */
export function findProjectRoot(fromUrl: string): string {
  const start = dirname(fileURLToPath(fromUrl));
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${start}`);
    dir = parent;
  }
  return dir;
}
