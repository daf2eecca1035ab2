/**
 * A results file of `npm run bench` read back (bench/results.json, or wherever --out wrote it), for --compare. It may
 * come from an older version of the benchmarks, so its figures are not held to today's shape (results.ts): only what
 * names the run is required, and the comparison takes whichever figures both files have.
 */
import { readFileSync } from 'node:fs';

export interface SavedResults {
  /** Where it was read from (a path, or "this run"). */
  readonly source: string;
  readonly date: string;
  readonly command: string;
  /** The machine, as one line, and the browser when the toolbar benchmarks ran. */
  readonly machine: string;
  readonly chromium?: string;
  /** The whole file, figures and all. */
  readonly body: Readonly<Record<string, unknown>>;
}

export function readSavedResults(path: string): SavedResults {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return parseSavedResults(text, path);
}

/** A results file's text → its run and figures; anything that is not one is refused, naming what is wrong. */
export function parseSavedResults(text: string, source: string): SavedResults {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source} is not JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error(`${source} is not a results file of npm run bench: it holds no object`);
  const record = body as Record<string, unknown>;
  const field = (key: string): string => {
    const value = record[key];
    if (typeof value !== 'string') throw new Error(`${source} is not a results file of npm run bench: its "${key}" is ${value === undefined ? 'missing' : `not a string (${JSON.stringify(value)})`}`);
    return value;
  };
  const date = field('date');
  const command = field('command');
  const machine = record.machine;
  if (typeof machine !== 'object' || machine === null || Array.isArray(machine)) throw new Error(`${source} is not a results file of npm run bench: its "machine" is missing`);
  const { chromium } = machine as Record<string, unknown>;
  return { source, date, command, machine: describe(machine as Record<string, unknown>), ...(typeof chromium === 'string' ? { chromium } : {}), body: record };
}

function describe(machine: Record<string, unknown>): string {
  const { cores, cpu, memoryGiB, node, platform } = machine;
  return `${String(cores)} cores (${String(cpu)}), ${String(memoryGiB)} GiB, Node ${String(node)}, ${String(platform)}`;
}
