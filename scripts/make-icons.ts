import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderColorIcon, renderOutlineIcon } from './lib/icons.js';
import { findProjectRoot } from './lib/projectRoot.js';

/** Regenerates appPackage/color.png and outline.png; commit the result, packaging uses the committed files. */
const appPackageDir = join(findProjectRoot(import.meta.url), 'appPackage');
await writeFile(join(appPackageDir, 'color.png'), renderColorIcon());
await writeFile(join(appPackageDir, 'outline.png'), renderOutlineIcon());
console.log(`Wrote color.png and outline.png to ${appPackageDir}`);
