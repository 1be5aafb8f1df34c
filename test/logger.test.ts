import { describe, expect, it } from '@jest/globals';
import { capturingLogger } from './support/capturingLogger.js';

describe('log redaction', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['a top-level token', { token: 'eyJ-secret-1' }, 'eyJ-secret-1'],
    ['a header three levels down', { request: { options: { headers: { authorization: 'Bearer secret-2' } } } }, 'secret-2'],
    ['a header in another case', { headers: { Authorization: 'Bearer secret-3' } }, 'secret-3'],
    ['an app password in upper case', { settings: { MicrosoftAppPassword: 'secret-4' } }, 'secret-4'],
    ['a client secret in an array', { credentials: [{ clientSecret: 'secret-5' }] }, 'secret-5'],
    ['an SSO token of a caller', { caller: { aadObjectId: 'a', ssoToken: 'secret-6' } }, 'secret-6'],
    ['a cookie', { res: { headers: { 'Set-Cookie': 'session=secret-7' } } }, 'secret-7'],
  ])('censors %s', (_case, object, secret) => {
    const { logger, lines } = capturingLogger();
    logger.info(object, 'message');
    expect(lines.join('')).not.toContain(secret);
    expect(lines.join('')).toContain('[redacted]');
  });

  it("censors an error's detail and keeps its message, type and stack", () => {
    const { logger, entries } = capturingLogger();
    const error = Object.assign(new Error('Azure said no'), { detail: { headers: { Authorization: 'Bearer secret-8' }, status: 403 } });
    logger.error({ err: error }, 'failed');
    const [entry] = entries();
    expect(JSON.stringify(entry)).not.toContain('secret-8');
    expect(entry?.err).toMatchObject({ type: 'Error', message: 'Azure said no', detail: { status: 403, headers: { Authorization: '[redacted]' } } });
    expect(String((entry?.err as { stack?: string }).stack)).toContain('Azure said no');
  });

  it('logs an object that refers to itself', () => {
    const { logger, entries } = capturingLogger();
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.self = loop;
    logger.info({ loop }, 'cycle');
    expect(entries()[0]?.loop).toEqual({ name: 'loop', self: '[circular]' });
  });
});
