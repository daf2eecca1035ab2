/**
 * npm run -s nginx-conf -- site.json [template] > toolbar.conf   (-s keeps npm's own lines out of the file)
 * Prints the nginx site for these variables (deploy/nginx/site.example.json shows them), from
 * deploy/nginx/toolbar.conf.template unless another template is named. Exit code 1, every problem named, when the
 * variables are wrong.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSite, renderSite } from './nginxSite';

const DEFAULT_TEMPLATE = join(__dirname, '..', 'nginx', 'toolbar.conf.template');

function main(argv: readonly string[]): number {
  const [siteFile, templateFile = DEFAULT_TEMPLATE, ...rest] = argv;
  if (siteFile === undefined || rest.length > 0 || siteFile.startsWith('-')) {
    process.stderr.write('Usage: npm run -s nginx-conf -- site.json [template] > toolbar.conf\n');
    return 2;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(siteFile, 'utf8'));
  } catch (error) {
    process.stderr.write(`nginx-conf: ${siteFile}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const parsed = parseSite(raw);
  if (!parsed.ok) {
    for (const problem of parsed.problems) process.stderr.write(`${siteFile}: ${problem.key}: ${problem.message}\n`);
    return 1;
  }
  process.stdout.write(renderSite(readFileSync(templateFile, 'utf8'), parsed.site));
  return 0;
}

process.exitCode = main(process.argv.slice(2));
