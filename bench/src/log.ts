/** Progress goes to stderr, so that stdout carries only the results table. */
export type Log = (line: string) => void;

export const log: Log = (line) => {
  process.stderr.write(`bench: ${line}\n`);
};
