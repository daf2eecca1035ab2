/**
 * The project's process-starting scripts (plain Node, CommonJS: scripts/start-process.js, scripts/start-workspace.js,
 * scripts/settings.js), typed for the tests and test support that use them, so that tests start servers exactly as
 * npm start does.
 */
import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';

export interface StartProcessOptions<T> {
  /** Names the process in errors: "the fake GWS". */
  readonly name: string;
  /** Default: this node. */
  readonly command?: string;
  readonly args?: readonly string[];
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Its own process group (kill(-pid) stops it and its children). */
  readonly detached?: boolean;
  /** Ready on the first line of its standard output for which this returns something other than undefined. */
  readonly readyLine?: (line: string) => T | undefined;
  /** Ready once this resolves truthy (asked every 100 ms). */
  readonly probe?: () => Promise<T | false>;
  readonly timeoutMs?: number;
  /** Where its output goes; default our stdout and stderr; null: nowhere (errors still quote its last lines). */
  readonly output?: NodeJS.WritableStream | null;
  /** Told when it exits after it was ready, other than by stop(). */
  readonly onUnexpectedExit?: (how: string) => void;
}

export interface StartedProcess<T> {
  readonly child: ChildProcess;
  /** What readyLine returned, or what the probe resolved with. */
  readonly ready: T;
  /** SIGTERM; resolves with its exit code once it has exited. */
  stop(): Promise<number | null>;
}

export interface WorkspaceBackend {
  readonly fakeGwsUrl: string;
  /** null when no bridge was asked for. */
  readonly bridgeUrl: string | null;
  readonly agents: ReadonlyArray<{ readonly userName: string; readonly dn: string }>;
  /** The Fusion simulator's address for each agent. */
  readonly pages: ReadonlyArray<{ readonly agent: string; readonly url: string }>;
  stop(): Promise<unknown>;
}

const scripts = createRequire(__filename);

export const { startProcess, jsonLineWith, answers, stopWithThisProcess } = scripts('../../scripts/start-process') as {
  startProcess: <T>(options: StartProcessOptions<T>) => Promise<StartedProcess<T>>;
  jsonLineWith: (key: string) => (line: string) => Record<string, unknown> | undefined;
  answers: (url: string) => Promise<boolean>;
  stopWithThisProcess: (stops: ReadonlyArray<() => Promise<unknown>>) => void;
};

export const { startWorkspaceBackend, workspacePage } = scripts('../../scripts/start-workspace') as {
  startWorkspaceBackend: (options: {
    readonly servePort: number;
    readonly fakeGwsPort: number;
    readonly bridgePort: number | null;
    readonly output?: NodeJS.WritableStream | null;
  }) => Promise<WorkspaceBackend>;
  workspacePage: (servePort: number, where: { readonly bridgeUrl: string | null; readonly fakeGwsUrl: string; readonly agent: string }) => string;
};

export const { portFrom, choiceFrom } = scripts('../../scripts/settings') as {
  portFrom: (variable: string, fallback: number) => number;
  choiceFrom: (variable: string, choices: readonly string[]) => string;
};
