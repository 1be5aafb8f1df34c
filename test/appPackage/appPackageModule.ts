import { jest } from '@jest/globals';

/**
 * scripts/lib/appPackage.ts, loaded after one stand-in. @microsoft/app-manifest require()s strip-bom 5, an ES
 * module: Node ≥ 20.19 loads that natively (so `npm run package` works), but jest's CommonJS runtime cannot before
 * Node 24.9. The library calls strip-bom only when it reads a manifest file itself, which package-app never asks
 * it to do (it validates an object), so the stand-in changes nothing under test. The import must be dynamic so
 * that the mock is registered before the library is required.
 */
jest.mock('strip-bom', () => ({ __esModule: true, default: (text: string) => text.replace(/^\uFEFF/, '') }));

export const appPackage = await import('../../scripts/lib/appPackage.js');
export const { AppManifestUtils } = (await import('@microsoft/app-manifest')).default;
