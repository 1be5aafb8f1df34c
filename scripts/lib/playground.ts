import { join } from 'node:path';

/**
 * The Agents Playground's command line, for `npm run dev` and the e2e harness alike. It is started with node
 * directly rather than through npx: killing npx would leave the Playground running.
 */
export function playgroundArgs(projectRoot: string, botPort: number, playgroundPort: number): string[] {
  return [
    join(projectRoot, 'node_modules', '.bin', 'agentsplayground'),
    ...['--app-endpoint', `http://127.0.0.1:${botPort}/api/messages`],
    ...['--channel-id', 'msteams'],
    ...['--port', String(playgroundPort)],
    '--disable-telemetry',
  ];
}
