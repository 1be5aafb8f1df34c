import { constants } from 'node:fs';
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from '@jest/globals';
import { chromium, type Browser, type Page } from 'playwright-core';
import { playgroundArgs } from '../../scripts/lib/playground.js';
import { findFreePort, ProcessSet, waitForHttp, type ManagedProcess } from '../../scripts/lib/processes.js';
import { projectRoot } from '../../src/paths.js';

/**
 * The real thing end to end: the compiled bot (sandbox, temporary store) behind the Microsoft 365 Agents Playground,
 * driven through headless Chromium the way a person uses it. Each suite gets its own bot, Playground and browser,
 * so no conversation state leaks between suites.
 */

const artifactsRoot = join(projectRoot, 'test-results', 'e2e');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const STARTUP_TIMEOUT_MS = 60_000;
const REPLY_TIMEOUT_MS = 20_000;

// Found by reading the Playground's rendered page (@microsoft/m365agentsplayground 0.2.x): bot messages are
// Fluent "OutputCard"s (the user's own messages are not), Adaptive Cards render into .ac-adaptiveCard, and every
// card action is a <button> whose aria-label is the action's title (Action.OpenUrl gets role="link" and the URL
// as its title attribute).
const selectors = {
  chatBox: '[data-lexical-editor="true"]',
  botMessage: '.fai-OutputCard',
  card: '.fai-OutputCard .ac-adaptiveCard',
} as const;

// The Playground adds the bot to the chat on every page load and the bot greets; tests must not mistake the
// greeting (which carries the same buttons as the help card) for a reply.
const WELCOME_TEXT = 'Hi, I help you run Azure DevOps billing';

// From /work/.library/env/machines/node.md: without the background-networking flags Chromium keeps dialling
// Google's hosts, which this closed network refuses.
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--remote-debugging-port=0',
  '--window-size=1280,900',
];

/** The few DOM members the in-page helpers use: the project compiles without the DOM library. */
interface PageElement {
  readonly innerText: string;
  readonly parentElement: PageElement | null;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
}
// Only ever used inside functions that Playwright runs in the page.
declare const document: PageElement;

/** A Playground user (the `currentUser` of its config). */
export interface PlaygroundUser {
  id: string;
  name: string;
  email: string;
  aadObjectId: string;
}

export interface SessionOptions {
  /** Another person in another Playground, talking to the bot of this session (no bot of its own). */
  joinBotOf?: PlaygroundSession;
  /** Who uses this Playground; default: its built-in Alex Wilber. */
  currentUser?: PlaygroundUser;
}

export interface ButtonTarget {
  /** Pick the button closest to this text (e.g. the "Use this" in the row of one subscription). */
  near?: string;
}

export class PlaygroundSession {
  private snapshot: string[] = [];
  private stopped = false;

  private constructor(
    private readonly artifactsDir: string,
    private readonly page: Page,
    private readonly browser: Browser,
    private readonly processes: ProcessSet,
    private readonly bot: ManagedProcess,
    private readonly storageDir: string,
    readonly botPort: number,
    private readonly ownsBot: boolean,
  ) {}

  static async start(suite: string, options: SessionOptions = {}): Promise<PlaygroundSession> {
    await access(chromiumPath, constants.X_OK).catch(() => {
      throw new Error(`No Chromium at ${chromiumPath}: install it (apt-get install -y chromium) or set CHROMIUM_PATH.`);
    });
    const artifactsDir = join(artifactsRoot, suite);
    await rm(artifactsDir, { recursive: true, force: true });
    await mkdir(artifactsDir, { recursive: true });
    const storageDir = await mkdtemp(join(tmpdir(), 'billing-bot-e2e-'));
    // Its guardian process ends them all if jest is interrupted or killed before afterAll runs.
    const processes = new ProcessSet();

    let browser: Browser | undefined;
    try {
      const [freeBotPort, playgroundPort] = await Promise.all([findFreePort(), findFreePort()]);
      const botPort = options.joinBotOf?.botPort ?? freeBotPort;
      if (options.currentUser) await writeFile(join(storageDir, '.m365agentsplayground.yml'), playgroundConfig(options.currentUser));
      const bot = options.joinBotOf?.bot ?? processes.start({
        name: 'bot',
        command: process.execPath,
        args: [join(projectRoot, 'dist', 'src', 'index.js')],
        // Not the project root: the bot loads .env from its working directory, and a developer's .env must not
        // change what the tests see.
        cwd: storageDir,
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'development',
          BACKEND: 'sandbox',
          STORAGE_DIR: storageDir,
          PORT: String(botPort),
          LOG_LEVEL: 'debug',
        },
      });
      const playground = processes.start({
        name: 'Agents Playground',
        command: process.execPath,
        args: playgroundArgs(projectRoot, botPort, playgroundPort),
        // Its working directory decides which .m365agentsplayground.yml it reads: none here, so the built-in
        // identities (Alex Wilber in tenant …0001) that the sandbox knows.
        cwd: storageDir,
        env: {
          PATH: process.env.PATH,
          TEAMSAPPTESTER_BROWSER: 'none',
          M365_AGENTS_PLAYGROUND_LOGFILE: join(artifactsDir, 'playground.log'),
        },
      });
      const chrome = processes.start({
        name: 'Chromium',
        command: chromiumPath,
        args: [...CHROMIUM_FLAGS, `--user-data-dir=${join(storageDir, 'chromium-profile')}`, 'about:blank'],
        env: { PATH: process.env.PATH, HOME: storageDir },
      });

      const [, listening, devtools] = await Promise.all([
        waitForHttp(`http://127.0.0.1:${botPort}/healthz`, { timeoutMs: STARTUP_TIMEOUT_MS, process: bot }),
        // The Playground moves to a random port if its port was taken meanwhile; trust what it says it bound.
        playground.waitForLine(/Listening on (\d+)/, STARTUP_TIMEOUT_MS),
        chrome.waitForLine(/DevTools listening on (ws:\/\/\S+)/, STARTUP_TIMEOUT_MS),
      ]);
      const url = `http://127.0.0.1:${listening[1]}`;
      await waitForHttp(url, { timeoutMs: STARTUP_TIMEOUT_MS, process: playground });

      browser = await chromium.connectOverCDP(devtools[1] ?? '');
      const context = browser.contexts()[0] ?? (await browser.newContext());
      const page = await context.newPage();
      await page.setViewportSize({ width: 1280, height: 900 });
      // The Playground's page asks a CDN for fonts; fail those at once instead of waiting for DNS on a closed network.
      await page.route((requested) => !['127.0.0.1', 'localhost'].includes(requested.hostname), (route) => route.abort());
      await page.goto(url);
      await page.locator(selectors.chatBox).waitFor({ timeout: STARTUP_TIMEOUT_MS });

      const session = new PlaygroundSession(artifactsDir, page, browser, processes, bot, storageDir, botPort, !options.joinBotOf);
      await session.waitForReply(WELCOME_TEXT, STARTUP_TIMEOUT_MS);
      return session;
    } catch (error) {
      await browser?.close().catch(() => undefined);
      await processes.stopAll(1_000);
      await writeFile(join(artifactsDir, 'bot.log'), processes.all[0]?.output() ?? '');
      await rm(storageDir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Types into the chat box and presses Enter, as a person would. */
  async send(text: string): Promise<void> {
    await this.rememberMessages();
    const box = this.page.locator(selectors.chatBox);
    await box.click();
    await this.page.keyboard.type(text);
    await this.page.keyboard.press('Enter');
  }

  /**
   * Waits for a bot message that is new, or that changed (an updated card), since the last send or click and
   * contains `text`; returns that message's text.
   */
  async waitForReply(text: string, timeoutMs = REPLY_TIMEOUT_MS): Promise<string> {
    try {
      const handle = await this.page.waitForFunction(
        ({ selector, before, wanted }) => {
          const squash = (value: string): string => value.replace(/\s+/g, ' ').trim();
          const messages = Array.from(document.querySelectorAll(selector)).map((element) => squash(element.innerText));
          return messages.find((message, index) => message !== before[index] && message.includes(squash(wanted))) ?? null;
        },
        { selector: selectors.botMessage, before: this.snapshot, wanted: text },
        { timeout: timeoutMs },
      );
      return (await handle.jsonValue()) ?? '';
    } catch (error) {
      throw new Error(
        `No bot reply containing "${text}" within ${timeoutMs} ms. Last bot message:\n${await this.lastBotMessageText()}\n(${String(error)})`,
      );
    }
  }

  /**
   * Clicks the card button titled `title` in the LAST card that has one; with `near`, the one closest to that text
   * in the card (the fewest DOM levels up to an element that also contains it).
   */
  async clickButton(title: string, target: ButtonTarget = {}): Promise<void> {
    const mark = `e2e-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    try {
      await this.page.waitForFunction(
        ({ cardSelector, title, near, mark }) => {
          const squash = (value: string): string => value.replace(/\s+/g, ' ').trim();
          const cards = Array.from(document.querySelectorAll(cardSelector));
          for (const card of cards.reverse()) {
            const buttons = Array.from(card.querySelectorAll('button')).filter(
              (button) => (button.getAttribute('aria-label') ?? squash(button.innerText)) === title,
            );
            if (buttons.length === 0) continue;
            let best: PageElement | undefined;
            let bestDistance = Infinity;
            for (const button of buttons) {
              let distance = 0;
              let scope: PageElement | null = button;
              while (scope && scope !== card.parentElement && near !== null && !squash(scope.innerText).includes(squash(near))) {
                scope = scope.parentElement;
                distance += 1;
              }
              if (!scope || scope === card.parentElement) continue;
              if (distance < bestDistance) [best, bestDistance] = [button, distance];
            }
            if (!best) continue;
            best.setAttribute('data-e2e-click', mark);
            return true;
          }
          return false;
        },
        { cardSelector: selectors.card, title, near: target.near ?? null, mark },
        { timeout: REPLY_TIMEOUT_MS },
      );
    } catch (error) {
      const where = target.near ? ` near "${target.near}"` : '';
      throw new Error(`No card has a "${title}" button${where}. Last card:\n${await this.lastCardText()}\n(${String(error)})`);
    }
    await this.rememberMessages();
    await this.page.locator(`[data-e2e-click="${mark}"]`).click();
  }

  /** The last card's visible text, one line per block, whitespace inside lines collapsed. */
  async lastCardText(): Promise<string> {
    const cards = this.page.locator(selectors.card);
    if ((await cards.count()) === 0) return '(no card)';
    return normaliseLines(await cards.last().innerText());
  }

  /** The buttons of the last card as the user sees them: title, and the URL for Action.OpenUrl links. */
  async lastCardButtons(): Promise<Array<{ title: string; role: string; url?: string }>> {
    return this.page
      .locator(selectors.card)
      .last()
      .locator('button')
      .evaluateAll((buttons) =>
        buttons.map((button) => {
          const role = button.getAttribute('role') ?? 'button';
          const title = button.getAttribute('aria-label') ?? button.textContent?.trim() ?? '';
          const url = role === 'link' ? (button.getAttribute('title') ?? undefined) : undefined;
          return url === undefined ? { title, role } : { title, role, url };
        }),
      );
  }

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: join(this.artifactsDir, `${fileSafe(name)}.png`) });
  }

  /** Stops browser, Playground and bot (in that order), keeps the bot's log; safe to call more than once. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.browser.close().catch(() => undefined);
    await this.processes.stopAll();
    if (this.ownsBot) await writeFile(join(this.artifactsDir, 'bot.log'), `${this.bot.output()}\n`);
    await rm(this.storageDir, { recursive: true, force: true });
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Pids of the bot, the Playground, Chromium (or anything they spawned) and the guardian still alive. */
  leftoverPids(): number[] {
    return this.processes.leftoverPids();
  }

  private async rememberMessages(): Promise<void> {
    this.snapshot = await this.page
      .locator(selectors.botMessage)
      .evaluateAll((messages) => messages.map((message) => (message as unknown as PageElement).innerText.replace(/\s+/g, ' ').trim()));
  }

  private async lastBotMessageText(): Promise<string> {
    const messages = this.page.locator(selectors.botMessage);
    if ((await messages.count()) === 0) return '(none)';
    return normaliseLines(await messages.last().innerText());
  }
}

/**
 * Registers the suite's lifecycle: start everything before the first test, a screenshot of the final state after
 * each test, and a stop in afterAll even when tests failed. Call `itLeavesNoProcessRunning` as the suite's last test.
 * A second person's Playground (`options` with `joinBotOf` another session's accessor result) is registered after
 * the first, so it starts once the first one's bot runs.
 */
export function usePlayground(suite: string, options: () => SessionOptions = () => ({})): () => PlaygroundSession {
  let session: PlaygroundSession | undefined;
  beforeAll(async () => {
    session = await PlaygroundSession.start(suite, options());
  }, 2 * STARTUP_TIMEOUT_MS);
  afterEach(async () => {
    if (!session || session.isStopped) return;
    await session.screenshot(expect.getState().currentTestName ?? 'test');
  });
  afterAll(async () => {
    await session?.stop();
  }, 30_000);
  return () => {
    if (!session) throw new Error(`The ${suite} suite did not start (see the error from beforeAll)`);
    return session;
  };
}

/** The suite's last test: stopping must leave no bot, Playground or Chromium process (or anything they spawned). */
export function itLeavesNoProcessRunning(current: () => PlaygroundSession): void {
  it('leaves no bot, Playground or browser process running after it stops', async () => {
    const session = current();
    await session.stop();
    expect(session.leftoverPids()).toEqual([]);
  });
}

/** The Playground's own default config with another current user (the built-in Alex becomes one of the users). */
function playgroundConfig(user: PlaygroundUser): string {
  const fields = (u: PlaygroundUser) => {
    const [givenName = u.name, surname = ''] = u.name.split(' ');
    return [`id: ${u.id}`, `name: ${u.name}`, `userPrincipleName: ${u.email}`, `aadObjectId: ${u.aadObjectId}`, `givenName: ${givenName}`, `surname: ${surname}`, `email: ${u.email}`];
  };
  const person = (u: PlaygroundUser, indent: string) =>
    fields(u).map((line, index) => `${index === 0 ? indent.slice(0, -2) + '- ' : indent}${line}`).join('\n');
  // The Playground's own people (it wants at least five besides the current user).
  const others = [
    { id: 'user-id-0', name: 'Alex Wilber', email: 'alexw@example.com', aadObjectId: '00000000-0000-0000-0000-0000000000020' },
    { id: 'user-id-1', name: 'Megan Bowen', email: 'meganb@example.com', aadObjectId: '00000000-0000-0000-0000-0000000000021' },
    { id: 'user-id-2', name: 'Adele Vance', email: 'adelev@example.com', aadObjectId: '00000000-0000-0000-0000-0000000000022' },
    { id: 'user-id-3', name: 'Isaiah Langer', email: 'isaiah@example.com', aadObjectId: '00000000-0000-0000-0000-0000000000023' },
    { id: 'user-id-4', name: 'Patti Fernandez', email: 'pattif@example.com', aadObjectId: '00000000-0000-0000-0000-0000000000024' },
    { id: 'user-id-5', name: 'Lynne Robbins', email: 'lynner@example.com', aadObjectId: '00000000-0000-0000-0000-0000000000025' },
  ].filter((other) => other.id !== user.id);
  return [
    'version: "0.1.1"',
    'tenantId: 00000000-0000-0000-0000-0000000000001',
    'bot:',
    '  id: 00000000-0000-0000-0000-00000000000011',
    '  name: Test Bot',
    'currentUser:',
    ...fields(user).map((line) => `  ${line}`),
    'users:',
    ...others.map((other) => person(other, '    ')),
    'personalChat:',
    `  id: personal-${user.id}`,
    'groupChat:',
    `  id: group-${user.id}`,
    '  name: Group Chat',
    'team:',
    '  id: team-id',
    '  name: My Team',
    '  aadGroupId: 00000000-0000-0000-0000-000000000031',
    '  channels:',
    '    - id: channel-announcements-id',
    '      name: Announcements',
    '',
  ].join('\n');
}

function normaliseLines(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

function fileSafe(name: string): string {
  return name.replace(/[^a-zA-Z0-9-]+/g, '-').replace(/^-|-$/g, '').slice(0, 120) || 'screenshot';
}
