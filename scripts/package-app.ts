import { statSync } from 'node:fs';
import { relative } from 'node:path';
import { AppPackageError, loadEnvironment, packageApp } from './lib/appPackage.js';
import { findProjectRoot } from './lib/projectRoot.js';

/** `npm run package`: writes appPackage/build/<name>-<version>.zip for upload to Teams. */
const projectRoot = findProjectRoot(import.meta.url);
try {
  const { zipPath, manifest } = await packageApp({ projectRoot, env: loadEnvironment(projectRoot, process.env) });
  const bot = manifest.bots?.[0];
  console.log(`Teams app package: ${relative(process.cwd(), zipPath)} (${statSync(zipPath).size} bytes)`);
  console.log(`  app id ${manifest.id}, version ${manifest.version}, bot ${bot?.botId ?? '(none)'}, schema ${manifest.manifestVersion}`);
  console.log('  Upload it in Teams: Apps > Manage your apps > Upload an app (or Teams admin center > Manage apps > Upload).');
} catch (error) {
  if (!(error instanceof AppPackageError)) throw error;
  console.error(`${error.message}\n\nNo package was written.`);
  process.exitCode = 1;
}
