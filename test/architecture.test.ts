import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { projectRoot } from '../src/paths.js';

/** Every import specifier of every .ts file below `folder`, with the file it appears in. */
function importsBelow(folder: string): Array<{ file: string; specifier: string; target?: string }> {
  const found: Array<{ file: string; specifier: string; target?: string }> = [];
  const visit = (path: string): void => {
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path)) visit(join(path, entry));
      return;
    }
    if (!path.endsWith('.ts')) return;
    const source = readFileSync(path, 'utf8');
    for (const match of source.matchAll(/(?:import|export)[^'"]*?from\s+'([^']+)'|import\('([^']+)'\)/g)) {
      const specifier = match[1] ?? match[2] ?? '';
      const target = specifier.startsWith('.') ? relative(projectRoot, resolve(dirname(path), specifier)) : undefined;
      found.push({ file: relative(projectRoot, path), specifier, target });
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

  it('services speak ports and rules, never botbuilder or HTTP', () => {
    const sdk = importsBelow('src/services').filter((i) => /^(botbuilder|restify|@azure\/|node:http)/.test(i.specifier));
    expect(sdk).toEqual([]);
  });
});
