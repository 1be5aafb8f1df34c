import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import appManifest, { type AppManifest, type TeamsManifestV1D30 } from '@microsoft/app-manifest';
import dotenv from 'dotenv';
import yazl from 'yazl';
import { COLOR_ICON_SIZE, OUTLINE_ICON_SIZE } from './icons.js';

/**
 * Builds the Teams app package (appPackage/build/<name>-<version>.zip) from the manifest template: fills the
 * `${{VAR}}` placeholders from the environment, validates the result against the official schema OFFLINE, checks
 * the icons and zips manifest.json + icons at the zip root, which is the layout Teams accepts for upload.
 */

export type TeamsManifest = TeamsManifestV1D30.TeamsManifestV1D30;

/**
 * @microsoft/app-manifest reads its bundled copy of a schema only when $schema is the official
 * developer.microsoft.com URL of a version it bundles; for anything else it downloads the schema, which fails
 * offline. Pinning one exact URL keeps validation offline. 1.30 is the newest numbered version bundled in the
 * installed package (1.1.2); vDevPreview is not for production apps.
 */
export const MANIFEST_SCHEMA_URL = 'https://developer.microsoft.com/json-schemas/teams/v1.30/MicrosoftTeams.schema.json';
const BUNDLED_SCHEMA = '@microsoft/app-manifest/build/json-schemas/teams/v1.30/MicrosoftTeams.schema.json';

/** Every problem found by a step, so an admin fixes them all in one round. */
export class AppPackageError extends Error {
  constructor(
    readonly step: string,
    readonly problems: string[],
  ) {
    super(`${step}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'AppPackageError';
  }
}

export type Environment = Readonly<Record<string, string | undefined>>;

interface Variable {
  name: string;
  /** What to set, shown when the variable is missing. */
  hint: string;
  /**
   * Reported as missing when it has no value. The others have a fallback that fails only when what it derives from
   * is missing or invalid, and that variable is reported already.
   */
  required?: true;
  /** Used when the variable is unset; sees only variables already resolved AND valid, so a bad value is reported once. */
  fallback?: (resolved: Readonly<Record<string, string>>, env: Environment, packageVersion: string) => string | undefined;
  /** A problem with the value, or undefined when it is fine. */
  check?: (value: string) => string | undefined;
}

const GUID = /^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
const HOST_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;
/** Teams rejects anything but MAJOR.MINOR.PATCH (no pre-release or build suffix) when the app is uploaded. */
const TEAMS_VERSION = /^(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)$/;

function checkGuid(value: string): string | undefined {
  return GUID.test(value) ? undefined : `"${value}" is not a GUID (expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)`;
}

function checkDomain(value: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    return `"${value}" must be a host name without scheme, e.g. "${value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split('/')[0]}"`;
  }
  if (value.includes('/')) return `"${value}" must be a host name only, without a path`;
  if (value.includes(':')) return `"${value}" must be a host name without a port`;
  const labels = value.split('.');
  if (labels.length < 2 || !labels.every((label) => HOST_LABEL.test(label)) || value.length > 253) {
    return `"${value}" is not a public host name such as bot.contoso.com`;
  }
  return undefined;
}

function checkHttpsUrl(value: string): string | undefined {
  try {
    return new URL(value).protocol === 'https:' ? undefined : `"${value}" must be an https:// URL`;
  } catch {
    return `"${value}" is not a URL`;
  }
}

/** Order matters: a fallback may use variables resolved above it. */
const VARIABLES: readonly Variable[] = [
  {
    name: 'MICROSOFT_APP_ID',
    hint: "the bot's Microsoft App ID (Entra app registration client id, a GUID); MicrosoftAppId is used when unset",
    required: true,
    // The bot itself reads MicrosoftAppId (src/config.ts); one .env then serves both and the ids cannot drift.
    fallback: (_resolved, env) => nonEmpty(env.MicrosoftAppId),
    check: checkGuid,
  },
  {
    name: 'BOT_DOMAIN',
    hint: 'the public host name that serves https://<BOT_DOMAIN>/api/messages, without scheme',
    required: true,
    check: checkDomain,
  },
  {
    name: 'TEAMS_APP_ID',
    hint: 'the Teams app id (GUID); defaults to MICROSOFT_APP_ID',
    fallback: (resolved) => resolved.MICROSOFT_APP_ID,
    check: checkGuid,
  },
  {
    name: 'APP_VERSION',
    hint: 'the app version, MAJOR.MINOR.PATCH; defaults to package.json "version"',
    fallback: (_resolved, _env, packageVersion) => packageVersion,
    check: (value) =>
      TEAMS_VERSION.test(value)
        ? undefined
        : `"${value}" is not MAJOR.MINOR.PATCH (Teams accepts no pre-release or build suffix); set APP_VERSION`,
  },
  {
    name: 'DEVELOPER_NAME',
    hint: 'the publisher name shown in Teams',
    fallback: () => 'Azure DevOps Billing team',
    check: (value) => (value.length <= 32 ? undefined : `"${value}" is longer than 32 characters`),
  },
  {
    name: 'DEVELOPER_WEBSITE_URL',
    hint: 'an https:// page about the app; defaults to https://<BOT_DOMAIN>',
    fallback: (resolved) => (resolved.BOT_DOMAIN === undefined ? undefined : `https://${resolved.BOT_DOMAIN}`),
    check: checkHttpsUrl,
  },
  {
    name: 'DEVELOPER_PRIVACY_URL',
    hint: 'the https:// privacy statement; defaults to DEVELOPER_WEBSITE_URL',
    fallback: (resolved) => resolved.DEVELOPER_WEBSITE_URL,
    check: checkHttpsUrl,
  },
  {
    name: 'DEVELOPER_TERMS_URL',
    hint: 'the https:// terms of use; defaults to DEVELOPER_WEBSITE_URL',
    fallback: (resolved) => resolved.DEVELOPER_WEBSITE_URL,
    check: checkHttpsUrl,
  },
];

const MANIFEST_VARIABLES: readonly string[] = VARIABLES.map((variable) => variable.name);

const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Empty counts as unset, as in src/config.ts: `FOO=` in .env must not become an empty manifest field. */
function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function resolveVariables(env: Environment, packageVersion: string): Record<string, string> {
  const resolved: Record<string, string> = {};
  const problems: string[] = [];
  for (const variable of VARIABLES) {
    const value = nonEmpty(env[variable.name]) ?? variable.fallback?.(resolved, env, packageVersion);
    if (value === undefined) {
      if (variable.required) problems.push(`${variable.name}: missing (${variable.hint})`);
      continue;
    }
    const problem = variable.check?.(value);
    if (problem !== undefined) problems.push(`${variable.name}: ${problem}`);
    else resolved[variable.name] = value;
  }
  const botAppId = nonEmpty(env.MicrosoftAppId);
  const manifestAppId = nonEmpty(env.MICROSOFT_APP_ID);
  if (botAppId !== undefined && manifestAppId !== undefined && botAppId.toLowerCase() !== manifestAppId.toLowerCase()) {
    problems.push(
      `MICROSOFT_APP_ID: "${manifestAppId}" differs from MicrosoftAppId "${botAppId}", the id the bot signs in with; ` +
        'Teams would send messages to a different bot',
    );
  }
  if (problems.length > 0) throw new AppPackageError('Missing or invalid variables for the Teams manifest', problems);
  return resolved;
}

export interface BuildInputs {
  /** The text of appPackage/manifest.json. */
  template: string;
  env: Environment;
  /** package.json "version", the default for APP_VERSION. */
  packageVersion: string;
}

/** The template with every placeholder filled; still unvalidated (see validateManifest). Throws AppPackageError. */
export function buildManifest({ template, env, packageVersion }: BuildInputs): unknown {
  const unknownNames = [...new Set([...template.matchAll(PLACEHOLDER)].map((match) => match[1] ?? ''))].filter(
    (name) => !MANIFEST_VARIABLES.includes(name),
  );
  if (unknownNames.length > 0) {
    throw new AppPackageError(
      'The manifest template uses placeholders that package-app does not define',
      unknownNames.map((name) => `\${{${name}}} (known: ${MANIFEST_VARIABLES.join(', ')})`),
    );
  }
  const values = resolveVariables(env, packageVersion);
  // Placeholders sit inside JSON strings: escape each value as a JSON string body so a quote cannot break out.
  const filled = template.replace(PLACEHOLDER, (_match, name: string) => JSON.stringify(values[name] ?? '').slice(1, -1));
  try {
    return JSON.parse(filled) as unknown;
  } catch (error) {
    throw new AppPackageError('The manifest template is not valid JSON', [(error as Error).message]);
  }
}

const require = createRequire(import.meta.url);

/**
 * Validates against the schema bundled with @microsoft/app-manifest, never the network: the $schema URL is pinned
 * and the bundled file must exist, because the library silently falls back to downloading the schema otherwise.
 * Returns the manifest typed once it has passed. Throws AppPackageError listing every schema error.
 */
export async function validateManifest(candidate: unknown): Promise<TeamsManifest> {
  if (typeof candidate !== 'object' || candidate === null || Array.isArray(candidate)) {
    throw new AppPackageError('Invalid Teams manifest', ['the manifest is not a JSON object']);
  }
  const schemaUrl = (candidate as { $schema?: unknown }).$schema;
  if (schemaUrl !== MANIFEST_SCHEMA_URL) {
    throw new AppPackageError('Invalid Teams manifest', [
      `$schema is ${JSON.stringify(schemaUrl)}; it must be exactly ${MANIFEST_SCHEMA_URL} so that validation uses the bundled schema offline`,
    ]);
  }
  try {
    require.resolve(BUNDLED_SCHEMA);
  } catch {
    throw new AppPackageError('Cannot validate the Teams manifest offline', [
      `the installed @microsoft/app-manifest does not bundle ${BUNDLED_SCHEMA}; refusing to download the schema`,
    ]);
  }
  const problems = await appManifest.AppManifestUtils.validateAgainstSchema(candidate as AppManifest);
  if (problems.length > 0) throw new AppPackageError('The Teams manifest does not match its schema', problems);
  return candidate as TeamsManifest;
}

/** Width and height from the IHDR chunk, which the PNG format requires to come first. */
export function pngSize(png: Buffer): { width: number; height: number } | undefined {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (png.length < 24 || !png.subarray(0, 8).equals(signature) || png.toString('latin1', 12, 16) !== 'IHDR') {
    return undefined;
  }
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

interface PackageFile {
  name: string;
  content: Buffer;
}

/** Teams rejects an upload whose icons have the wrong size, with a vague message; catch that here instead. */
async function readIcons(manifest: TeamsManifest, appPackageDir: string): Promise<PackageFile[]> {
  const icons = [
    { field: 'icons.color', name: manifest.icons.color, size: COLOR_ICON_SIZE },
    { field: 'icons.outline', name: manifest.icons.outline, size: OUTLINE_ICON_SIZE },
  ];
  const problems: string[] = [];
  const files: PackageFile[] = [];
  for (const icon of icons) {
    // The zip is flat (Teams looks for the icons next to manifest.json), so a path would not resolve in Teams.
    if (basename(icon.name) !== icon.name) {
      problems.push(`${icon.field}: "${icon.name}" must be a file name at the package root`);
      continue;
    }
    const path = join(appPackageDir, icon.name);
    if (!existsSync(path)) {
      problems.push(`${icon.field}: ${path} does not exist (regenerate it: npx tsc -p tsconfig.json && node dist/scripts/make-icons.js)`);
      continue;
    }
    const content = await readFile(path);
    const size = pngSize(content);
    if (size === undefined) problems.push(`${icon.field}: ${path} is not a PNG`);
    else if (size.width !== icon.size || size.height !== icon.size) {
      problems.push(`${icon.field}: ${path} is ${size.width}×${size.height}, Teams requires ${icon.size}×${icon.size}`);
    } else files.push({ name: icon.name, content });
  }
  if (problems.length > 0) throw new AppPackageError('Invalid app icons', problems);
  return files;
}

export interface WriteInputs {
  manifest: TeamsManifest;
  /** Where the icons named in the manifest live (appPackage/). */
  appPackageDir: string;
  outDir: string;
  /** package.json "name", the zip's base name. */
  packageName: string;
}

/** Writes <outDir>/<name>-<version>.zip holding manifest.json and the two icons at its root; returns its path. */
export async function writePackage({ manifest, appPackageDir, outDir, packageName }: WriteInputs): Promise<string> {
  const icons = await readIcons(manifest, appPackageDir);
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), 'manifest.json');
  for (const icon of icons) zip.addBuffer(icon.content, icon.name);
  zip.end();

  await mkdir(outDir, { recursive: true });
  const zipPath = join(outDir, `${packageName.replace(/^@/, '').replace(/\//g, '-')}-${manifest.version}.zip`);
  // Write beside and rename, so an interrupted run never leaves a truncated zip under the final name.
  const partialPath = `${zipPath}.partial`;
  try {
    await pipeline(zip.outputStream, createWriteStream(partialPath));
    await rename(partialPath, zipPath);
  } finally {
    await rm(partialPath, { force: true });
  }
  return zipPath;
}

/** process.env wins over .env, as with dotenv's default, so CI can override a developer's file. */
export function loadEnvironment(projectRoot: string, processEnv: Environment): Environment {
  const envFile = join(projectRoot, '.env');
  const fromFile = existsSync(envFile) ? dotenv.parse(readFileSync(envFile)) : {};
  return { ...fromFile, ...processEnv };
}

function readPackageJson(projectRoot: string): { name: string; version: string } {
  const parsed = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
  if (typeof parsed.name !== 'string' || typeof parsed.version !== 'string') {
    throw new AppPackageError('Cannot read package.json', ['"name" and "version" must be strings']);
  }
  return { name: parsed.name, version: parsed.version };
}

export interface PackageAppInputs {
  projectRoot: string;
  /** The complete environment (see loadEnvironment). */
  env: Environment;
  /** Defaults to <projectRoot>/appPackage/build. */
  outDir?: string;
}

/** The whole `npm run package` step: template → manifest → offline validation → zip. */
export async function packageApp({ projectRoot, env, outDir }: PackageAppInputs): Promise<{ zipPath: string; manifest: TeamsManifest }> {
  const appPackageDir = join(projectRoot, 'appPackage');
  const { name, version } = readPackageJson(projectRoot);
  const template = await readFile(join(appPackageDir, 'manifest.json'), 'utf8');
  const manifest = await validateManifest(buildManifest({ template, env, packageVersion: version }));
  const zipPath = await writePackage({
    manifest,
    appPackageDir,
    outDir: outDir ?? join(appPackageDir, 'build'),
    packageName: name,
  });
  return { zipPath, manifest };
}
