import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { projectRoot } from '../src/paths.js';

/** Every import specifier of every .ts file below `folder`, with the file it appears in. */
interface Import {
  file: string;
  specifier: string;
  target?: string;
  typeOnly: boolean;
}

function importsBelow(folder: string): Import[] {
  const found: Import[] = [];
  const visit = (path: string): void => {
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path)) visit(join(path, entry));
      return;
    }
    if (!path.endsWith('.ts')) return;
    const source = readFileSync(path, 'utf8');
    for (const match of source.matchAll(/(?:import|export)([^'"]*?)from\s+'([^']+)'|import\('([^']+)'\)/g)) {
      const specifier = match[2] ?? match[3] ?? '';
      const target = specifier.startsWith('.') ? relative(projectRoot, resolve(dirname(path), specifier)) : undefined;
      found.push({ file: relative(projectRoot, path), specifier, target, typeOnly: /^\s*type\b/.test(match[1] ?? '') });
    }
  };
  visit(join(projectRoot, folder));
  return found;
}

describe('layering (docs/design.md): the domain imports no SDK and does no I/O', () => {
  it('src/rules imports nothing outside itself, prices.json included', () => {
    const outside = importsBelow('src/rules').filter((i) => !i.target?.startsWith('src/rules/'));
    expect(outside).toEqual([]);
  });

  it('src/knowledge imports only itself, the rules module and its search libraries', () => {
    const allowedPackages = new Set(['minisearch', 'stemmer']);
    const outside = importsBelow('src/knowledge').filter(
      (i) => !(i.target?.startsWith('src/knowledge/') || i.target?.startsWith('src/rules/') || allowedPackages.has(i.specifier)),
    );
    expect(outside).toEqual([]);
  });

  it('command grammar imports nothing outside itself', () => {
    const outside = importsBelow('src/commands').filter((i) => !i.target?.startsWith('src/commands/'));
    expect(outside).toEqual([]);
  });

  it("capabilities' phrasings are pure: trigger files import only the command grammar", () => {
    const outside = importsBelow('src/capabilities')
      .filter((i) => /\/triggers?\.ts$/.test(i.file))
      .filter((i) => !i.target?.startsWith('src/commands/'));
    expect(outside).toEqual([]);
  });

  it('services speak ports and rules, never botbuilder or HTTP', () => {
    const sdk = importsBelow('src/services').filter((i) => /^(botbuilder|restify|@azure\/|node:http)/.test(i.specifier));
    expect(sdk).toEqual([]);
  });
});

describe('layering: botbuilder stays in the Teams-facing layer', () => {
  const teamsFacing = /^src\/(bot|dialogs|capabilities)\/|^src\/(app|createBot|server)\.ts$/;
  const sdk = /^(botbuilder|botframework-|restify)/;

  it('imports botbuilder, botframework and restify only in bot/, dialogs/, capabilities/, app.ts, createBot.ts and server.ts', () => {
    // Stores implement botbuilder's `Storage` contract, so naming that type is allowed; nothing else is.
    const storageContract = (i: Import) => i.typeOnly && /^src\/(storage|azure\/sandbox)\//.test(i.file) && i.specifier === 'botbuilder';
    const misplaced = importsBelow('src').filter((i) => sdk.test(i.specifier) && !teamsFacing.test(i.file) && !storageContract(i));
    expect(misplaced).toEqual([]);
  });

  it('keeps the shell (bot/) below the flows: it imports nothing from dialogs/ or capabilities/', () => {
    const upward = importsBelow('src/bot').filter((i) => i.target?.startsWith('src/dialogs/') || i.target?.startsWith('src/capabilities/'));
    expect(upward).toEqual([]);
  });
});
