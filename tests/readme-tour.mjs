// Runs the "A tour with curl" section of README.md against a running server and checks that
// every command prints what the README shows under it, so the tour cannot drift from the server.
//
//   node tests/readme-tour.mjs BASE_URL DATA_DIR
//
// Each ```sh block runs in order in one bash session (variables carry over); the ```text block
// right after it is its expected output, and a block with none must print nothing. Outputs are
// compared after the same normalisation on both sides: ids, tokens, trace ids and times become
// placeholders (the README shortens them to "…"), and the Date and Transfer-Encoding headers are
// left out, as the README says. Three edits point the tour at this server: its address, its
// service key file, and a time limit on the live stream, which otherwise runs until stopped.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A reason the tour and the README disagree, reported without a stack trace. */
class TourFailure extends Error {}

const [baseUrl, dataDir] = process.argv.slice(2);
if (!baseUrl || !dataDir) {
  console.error('usage: node tests/readme-tour.mjs BASE_URL DATA_DIR');
  process.exit(2);
}

const readme = join(dirname(fileURLToPath(import.meta.url)), '..', 'README.md');
const work = mkdtempSync(join(tmpdir(), 'parley-tour-'));
try {
  const steps = tourSteps(readFileSync(readme, 'utf8'));
  pointAtThisServer(steps);
  const failures = runAndCompare(steps);
  if (failures > 0) {
    throw new TourFailure(`${failures} of ${steps.length} tour commands printed something other than the README shows`);
  }
  console.log(`README tour: ${steps.length} commands, every output as the README shows it`);
} catch (error) {
  console.error(`README tour: ${error instanceof TourFailure ? error.message : error}`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** @param {{ command: string }[]} steps */
function pointAtThisServer(steps) {
  const edits = [
    ['BASE=http://localhost:5000', `BASE=${baseUrl}`],
    ['src/Parley/data/service-key', shellQuote(join(dataDir, 'service-key'))],
    ['curl -s -N ', 'curl -s -N --max-time 3 '],
  ];
  for (const [from, to] of edits) {
    const step = steps.find((s) => s.command.includes(from));
    if (!step) {
      throw new TourFailure(`the tour no longer contains "${from}"; update tests/readme-tour.mjs with it`);
    }
    step.command = step.command.replaceAll(from, to);
  }
}

/**
 * Runs every command in one bash session, each block's output to a file of its own; returns
 * how many outputs differ from the README's.
 * @param {{ command: string, expected: string, line: number }[]} steps
 */
function runAndCompare(steps) {
  const script = steps.map((step, i) => `{\n${step.command}\n} > ${shellQuote(join(work, `${i}.out`))} 2>&1\n`).join('');
  writeFileSync(join(work, 'tour.sh'), script);
  const run = spawnSync('bash', [join(work, 'tour.sh')], { stdio: 'inherit', timeout: 120_000 });
  if (run.error) {
    throw new TourFailure(`could not run bash: ${run.error.message}`);
  }

  let failures = 0;
  steps.forEach((step, i) => {
    const actual = readFileSync(join(work, `${i}.out`), 'utf8');
    const got = normalise(actual);
    const want = normalise(step.expected);
    if (got !== want) {
      failures++;
      console.error(`\nREADME.md line ${step.line}: the output differs from the README's.`);
      console.error(`--- command\n${step.command}\n--- expected (normalised)\n${want}\n--- actual (normalised)\n${got}\n--- actual\n${actual}`);
    }
  });
  return failures;
}

/**
 * The tour's commands and the outputs shown after them.
 * @param {string} text
 * @returns {{ command: string, expected: string, line: number }[]}
 */
function tourSteps(text) {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line === '## A tour with curl');
  if (start < 0) {
    throw new TourFailure('README.md has no "## A tour with curl" section');
  }
  const end = lines.findIndex((line, i) => i > start && line.startsWith('## '));
  /** @type {{ lang: string, body: string, line: number }[]} */
  const blocks = [];
  for (let i = start; i < (end < 0 ? lines.length : end); i++) {
    const open = /^```(\w*)$/.exec(lines[i]);
    if (!open) {
      continue;
    }
    const close = lines.indexOf('```', i + 1);
    blocks.push({ lang: open[1], body: lines.slice(i + 1, close).join('\n'), line: i + 2 });
    i = close;
  }

  const steps = [];
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i];
    if (block.lang !== 'sh') {
      throw new TourFailure(`README.md line ${block.line}: a ${block.lang || 'plain'} block that follows no sh block`);
    }
    const next = blocks[i + 1];
    const expected = next && next.lang === 'text' ? next.body : '';
    steps.push({ command: block.body, expected, line: block.line });
    if (next && next.lang === 'text') {
      i++;
    }
  }
  if (steps.length === 0) {
    throw new TourFailure('the tour has no sh blocks');
  }
  return steps;
}

/** @param {string} text as one word for bash */
function shellQuote(text) {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

/**
 * What may differ between runs, made the same on both sides.
 * @param {string} text
 */
function normalise(text) {
  return text
    .replaceAll('\r', '')
    .split('\n')
    .filter((line) => !/^(Date|Transfer-Encoding): /i.test(line))
    .join('\n')
    .replace(/eyJ[\w-]+\.[\w-]+\.[\w-]+|eyJ[\w-]*…/g, '<token>')
    .replace(/00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}|00-[0-9a-f]*…(-[0-9a-f]{2})?/g, '<trace>')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{8}-…/g, '<id>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, '<time>')
    .trimEnd();
}
