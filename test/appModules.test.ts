import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { projectRoot } from '../src/paths.js';

/**
 * The CommonJS packages a fresh process has loaded once it has imported `files` of the compiled app (npm test builds
 * first). ES modules are not in the require cache, so only CommonJS packages can be checked this way.
 */
function packagesLoadedBy(files: string[]): string[] {
  const imports = files.map((file) => `await import(${JSON.stringify(join(projectRoot, 'dist', 'src', file))});`).join('\n');
  const script = `
    import { createRequire } from 'node:module';
    ${imports}
    process.stdout.write(JSON.stringify(Object.keys(createRequire(import.meta.url).cache)));`;
  const output = execFileSync(process.execPath, ['--input-type=module', '--no-deprecation', '-e', script], { cwd: projectRoot, encoding: 'utf8' });
  const modules = JSON.parse(output) as string[];
  return [...new Set(modules.map((file) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1]).filter((name) => name !== undefined))];
}

/** What only answering turns needs: together about half a second of a start, which /healthz would otherwise wait for. */
const turnOnlyPackages = ['adaptivecards-templating', 'adaptive-expressions', 'antlr4ts', 'botbuilder-dialogs'];

describe('what the app loads before its server listens', () => {
  it('is not the card engine or the dialogs: those come with the bot, built once listening', () => {
    const beforeListening = packagesLoadedBy(['app.js']);
    expect(turnOnlyPackages.filter((name) => beforeListening.includes(name))).toEqual([]);
  });

  it('gets them all with the bot (so the check above can see them)', () => {
    const withTheBot = packagesLoadedBy(['app.js', 'createBot.js']);
    expect(turnOnlyPackages.filter((name) => !withTheBot.includes(name))).toEqual([]);
  });
});
