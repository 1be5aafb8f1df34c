import { copyFile, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import pngjs from 'pngjs';
import { renderColorIcon, renderOutlineIcon } from '../../scripts/lib/icons.js';
import { findProjectRoot } from '../../scripts/lib/projectRoot.js';
import { withTempDir } from '../support/tempDir.js';
import { appPackage } from './appPackageModule.js';
import { readZip } from './readZip.js';

const { PNG } = pngjs;
const { AppPackageError, buildManifest, loadEnvironment, packageApp, validateManifest, writePackage } = appPackage;
const projectRoot = findProjectRoot(import.meta.url);
const appPackageDir = join(projectRoot, 'appPackage');
const env = { MICROSOFT_APP_ID: '0f8c3e1a-2b4d-4c6e-9a1b-3c5d7e9f1a2b', BOT_DOMAIN: 'billing-bot.contoso.com' };

/** Read straight from the IHDR chunk (bytes 16-23), independently of the code under test. */
function ihdrSize(png: Buffer): [number, number] {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

function alphas(png: Buffer): number[] {
  const { data } = PNG.sync.read(png);
  return Array.from({ length: data.length / 4 }, (_, i) => data[i * 4 + 3] ?? -1);
}

describe('app package zip', () => {
  it('holds exactly manifest.json, color.png and outline.png at its root, named <package>-<version>.zip', async () => {
    await withTempDir(async (outDir) => {
      const { zipPath, manifest } = await packageApp({ projectRoot, env, outDir });
      expect(basename(zipPath)).toBe(`ado-billing-bot-${manifest.version}.zip`);

      const files = readZip(await readFile(zipPath));
      expect([...files.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
      expect(JSON.parse(files.get('manifest.json')?.toString('utf8') ?? '')).toEqual(manifest);
      expect(files.get('color.png')).toEqual(await readFile(join(appPackageDir, 'color.png')));
      expect(files.get('outline.png')).toEqual(await readFile(join(appPackageDir, 'outline.png')));
    });
  });

  it('takes the version in its name from the manifest', async () => {
    await withTempDir(async (outDir) => {
      const { zipPath } = await packageApp({ projectRoot, env: { ...env, APP_VERSION: '2.3.4' }, outDir });
      expect(basename(zipPath)).toBe('ado-billing-bot-2.3.4.zip');
    });
  });

  it('is not written when a variable is missing', async () => {
    await withTempDir(async (outDir) => {
      await expect(packageApp({ projectRoot, env: { BOT_DOMAIN: 'bot.contoso.com' }, outDir })).rejects.toThrow(
        /MICROSOFT_APP_ID: missing/,
      );
      expect(await readdir(outDir)).toEqual([]);
    });
  });

  it('refuses icons of the wrong size', async () => {
    await withTempDir(async (dir) => {
      const icons = join(dir, 'appPackage');
      await mkdir(icons);
      await copyFile(join(appPackageDir, 'outline.png'), join(icons, 'color.png'));
      await copyFile(join(appPackageDir, 'outline.png'), join(icons, 'outline.png'));
      const template = await readFile(join(appPackageDir, 'manifest.json'), 'utf8');
      const manifest = await validateManifest(buildManifest({ template, env, packageVersion: '1.0.0' }));
      const written = writePackage({ manifest, appPackageDir: icons, outDir: join(dir, 'out'), packageName: 'x' });
      await expect(written).rejects.toThrow(AppPackageError);
      await expect(written).rejects.toThrow(/icons\.color: .* is 32×32, Teams requires 192×192/);
    });
  });
});

describe('environment', () => {
  it('reads .env when present, and the process environment wins over it', async () => {
    await withTempDir(async (dir) => {
      expect(loadEnvironment(dir, { BOT_DOMAIN: 'a.contoso.com' })).toEqual({ BOT_DOMAIN: 'a.contoso.com' });
      await writeFile(join(dir, '.env'), 'BOT_DOMAIN=file.contoso.com\nMICROSOFT_APP_ID=from-file\n');
      expect(loadEnvironment(dir, { BOT_DOMAIN: 'process.contoso.com' })).toEqual({
        BOT_DOMAIN: 'process.contoso.com',
        MICROSOFT_APP_ID: 'from-file',
      });
    });
  });
});

describe('app icons', () => {
  it('color.png is a 192×192 opaque full-colour PNG', async () => {
    const png = await readFile(join(appPackageDir, 'color.png'));
    expect(ihdrSize(png)).toEqual([192, 192]);
    expect(new Set(alphas(png))).toEqual(new Set([255]));
    const { data } = PNG.sync.read(png);
    expect([data[0], data[1], data[2]]).toEqual([0x00, 0x78, 0xd4]);
  });

  it('outline.png is 32×32, white only, on a transparent background', async () => {
    const png = await readFile(join(appPackageDir, 'outline.png'));
    expect(ihdrSize(png)).toEqual([32, 32]);
    const { data } = PNG.sync.read(png);
    const nonWhite = Array.from({ length: data.length / 4 }, (_, i) => i).filter(
      (i) => data[i * 4] !== 255 || data[i * 4 + 1] !== 255 || data[i * 4 + 2] !== 255,
    );
    expect(nonWhite).toEqual([]);
    const alpha = alphas(png);
    expect(alpha[0]).toBe(0);
    expect(alpha.some((value) => value === 255)).toBe(true);
    expect(alpha.some((value) => value > 0 && value < 255)).toBe(true);
  });

  it('the committed icons are what scripts/make-icons draws', async () => {
    const pixels = (png: Buffer) => PNG.sync.read(png).data;
    expect(pixels(await readFile(join(appPackageDir, 'color.png')))).toEqual(pixels(renderColorIcon()));
    expect(pixels(await readFile(join(appPackageDir, 'outline.png')))).toEqual(pixels(renderOutlineIcon()));
  });
});
