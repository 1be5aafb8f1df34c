import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { projectRoot } from '../../src/paths.js';

/**
 * Loads the compiled app and the bot it builds once listening (npm test builds first) in a fresh process, and lists
 * the CommonJS modules that came with them.
 */
function modulesLoadedByTheApp(): string[] {
  const script = `
    import { createRequire } from 'node:module';
    await import(${JSON.stringify(join(projectRoot, 'dist', 'src', 'app.js'))});
    await import(${JSON.stringify(join(projectRoot, 'dist', 'src', 'createBot.js'))});
    process.stdout.write(JSON.stringify(Object.keys(createRequire(import.meta.url).cache)));`;
  const output = execFileSync(process.execPath, ['--input-type=module', '--no-deprecation', '-e', script], { cwd: projectRoot, encoding: 'utf8' });
  return JSON.parse(output) as string[];
}

describe('the dialogs SDK the app loads', () => {
  it('is only the dialog classes it uses: not the package index with every built-in prompt and the date-time recognizers', () => {
    const loaded = modulesLoadedByTheApp().map((file) => file.split('node_modules/').at(-1) ?? file);
    expect(loaded).toEqual(expect.arrayContaining(['botbuilder-dialogs/lib/dialogSet.js', 'botbuilder-dialogs/lib/prompts/prompt.js']));
    const unused = ['botbuilder-dialogs/lib/index.js', 'botbuilder-dialogs/lib/prompts/datetimePrompt.js', 'botbuilder-dialogs/lib/prompts/oauthPrompt.js'];
    expect(loaded.filter((file) => unused.includes(file) || /^@microsoft\/recognizers-text-(date-time|suite)\//.test(file))).toEqual([]);
  });
});
