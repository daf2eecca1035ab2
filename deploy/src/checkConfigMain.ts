/**
 * npm run check-config -- [--toolbar F] [--bridge F] [--site F] [--nginx F] [--fusion-origin URL] [FILE...]
 * Files named without a flag are recognised by their keys (JSON) or their syntax (nginx). Prints every problem as
 * "file: key: message"; exit code 0 when there is none, 1 when there is one, 2 for a bad command line.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { checkFiles, type CheckInput, type FileKind } from './checkConfig';

const USAGE = `Usage: npm run check-config -- [--toolbar FILE] [--bridge FILE] [--site FILE] [--nginx FILE] [--fusion-origin URL] [FILE...]
  FILE               a toolbar configuration (config/toolbar.json), a bridge configuration, the nginx site's variables
                     (deploy/nginx/site.example.json) or a generated nginx configuration, recognised by its contents
  --toolbar, --bridge, --site, --nginx FILE   say which one a file is
  --fusion-origin URL   a Fusion origin that must be allowed to frame the toolbar (frame-ancestors)`;

function main(argv: readonly string[]): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        toolbar: { type: 'string', multiple: true },
        bridge: { type: 'string', multiple: true },
        site: { type: 'string', multiple: true },
        nginx: { type: 'string', multiple: true },
        'fusion-origin': { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    process.stderr.write(`check-config: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const named: { file: string; kind?: FileKind }[] = [
    ...(['toolbar', 'bridge', 'site', 'nginx'] as const).flatMap((kind) => (values[kind] ?? []).map((file) => ({ file, kind }))),
    ...positionals.map((file) => ({ file })),
  ];
  if (named.length === 0) {
    process.stderr.write(`check-config: name at least one file\n${USAGE}\n`);
    return 2;
  }
  const inputs: CheckInput[] = [];
  let unreadable = 0;
  for (const entry of named) {
    try {
      inputs.push({ ...entry, text: readFileSync(entry.file, 'utf8') });
    } catch (error) {
      process.stdout.write(`${entry.file}: (file): cannot be read: ${error instanceof Error ? error.message : String(error)}\n`);
      unreadable += 1;
    }
  }
  const reports = checkFiles(inputs, values['fusion-origin'] ?? []);
  let problems = unreadable;
  for (const report of reports) {
    if (report.problems.length === 0) {
      process.stdout.write(`${report.file}: ok (${report.kind ?? 'unknown'} configuration)\n`);
      continue;
    }
    for (const problem of report.problems) process.stdout.write(`${report.file}: ${problem.key}: ${problem.message}\n`);
    problems += report.problems.length;
  }
  process.stdout.write(problems === 0 ? 'check-config: no problem found\n' : `check-config: ${problems} problem${problems === 1 ? '' : 's'} found\n`);
  return problems === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
