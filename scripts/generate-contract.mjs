#!/usr/bin/env node
/**
 * One source for the wire contract: the server's OpenAPI document.
 *
 * Writes src/contract/openapi.json (the document, as
 * `python -m jupyter_modelarts.server.openapi` prints it) and
 * src/contract/generated.ts: openapi-typescript's types of every path and
 * schema, then typed, frozen constants of the document's `x-limits` (LIMITS)
 * and `x-status-rules` (STATUS_RULES, NOTEBOOK_STATUSES). Both files are
 * formatted with the repository's prettier settings, so they are committed
 * as written and pass `jlpm lint:check`.
 *
 *   node scripts/generate-contract.mjs            # jlpm generate:contract: write src/contract/
 *   node scripts/generate-contract.mjs --check    # jlpm check:contract: regenerate into a temporary
 *                                                 # folder and fail if src/contract/ differs
 *
 * The Python interpreter is `$PYTHON`, else `python` (the activated .venv).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import openapiTS, { astToString } from 'openapi-typescript';
import * as prettier from 'prettier';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(ROOT, 'src', 'contract');
const FILES = ['openapi.json', 'generated.ts'];
const COMMAND = 'jlpm generate:contract';
const DOCUMENT_COMMAND = 'python -m jupyter_modelarts.server.openapi';

function fail(message) {
  console.error(`generate-contract: ${message}`);
  process.exit(1);
}

/** The server's OpenAPI document, as its own command prints it. */
function readDocument() {
  const python = process.env.PYTHON || 'python';
  const run = spawnSync(python, ['-m', 'jupyter_modelarts.server.openapi'], {
    cwd: ROOT,
    encoding: 'utf-8',
    maxBuffer: 64 * 1024 * 1024
  });
  if (run.error || run.status !== 0) {
    fail(
      `\`${DOCUMENT_COMMAND}\` failed (${run.error?.message ?? `exit ${run.status}`}); ` +
        `activate the project's .venv first.\n${run.stderr ?? ''}`
    );
  }
  return { text: run.stdout, document: JSON.parse(run.stdout) };
}

// ---- TypeScript of JSON values ----------------------------------------------------------

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function key(name) {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

/** The TypeScript type of a JSON value: its kind (number, string...), not its literal. */
function typeOf(value) {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    const members = [...new Set(value.map(typeOf))];
    return members.length === 0
      ? 'readonly unknown[]'
      : `readonly (${members.join(' | ')})[]`;
  }
  if (typeof value === 'object') {
    const fields = Object.entries(value).map(
      ([name, item]) => `readonly ${key(name)}: ${typeOf(item)};`
    );
    return `{ ${fields.join(' ')} }`;
  }
  if (['number', 'string', 'boolean'].includes(typeof value)) {
    return typeof value;
  }
  return 'unknown';
}

/** A TypeScript literal of a JSON value. */
function literal(value) {
  if (Array.isArray(value)) {
    return `[${value.map(literal).join(', ')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const fields = Object.entries(value).map(
      ([name, item]) => `${key(name)}: ${literal(item)}`
    );
    return `{ ${fields.join(', ')} }`;
  }
  return JSON.stringify(value);
}

function union(values) {
  return values.length
    ? values.map(v => JSON.stringify(v)).join(' | ')
    : 'never';
}

/** The members of an interface: `known` types by key, any other key typed by its value. */
function members(object, known) {
  return Object.entries(object)
    .map(
      ([name, value]) =>
        `readonly ${key(name)}: ${known[name] ?? typeOf(value)};`
    )
    .join('\n');
}

// ---- the constants ------------------------------------------------------------------------

function limitsSource(limits) {
  if (!limits || typeof limits !== 'object') {
    fail('the document has no `x-limits` object');
  }
  return `
/**
 * The server's limits (\`x-limits\`): lengths, the name pattern (a JavaScript
 * RegExp source), forbidden description characters, storage sizes in GB, lease
 * lengths in ms and the largest list page. The forms check them as the user types.
 */
export interface ILimits {
${members(limits, {})}
}

export const LIMITS: ILimits = deepFreeze<ILimits>(${literal(limits)});
`;
}

function statusSource(rules, schemas) {
  const needed = ['transitional', 'failed', 'heading', 'actions'];
  if (!rules || needed.some(name => !(name in rules))) {
    fail(`the document's \`x-status-rules\` must have ${needed.join(', ')}`);
  }
  const enumerated = schemas?.NotebookStatus?.enum;
  const seen = [
    ...rules.transitional,
    ...rules.failed,
    ...Object.keys(rules.heading),
    ...Object.values(rules.heading),
    ...Object.keys(rules.actions)
  ];
  const statuses = Array.isArray(enumerated)
    ? enumerated
    : [...new Set(seen)].sort();
  const statusType = Array.isArray(enumerated)
    ? "components['schemas']['NotebookStatus']"
    : union(statuses);
  const actions = [...new Set(Object.values(rules.actions).flat())].sort();
  return `
/** Every status of a notebook${Array.isArray(enumerated) ? ' (the NotebookStatus schema)' : ''}. */
export type NotebookStatus = ${statusType};

/** What a status may allow (the values of \`x-status-rules.actions\`). */
export type StatusAction = ${union(actions)};

export const NOTEBOOK_STATUSES: readonly NotebookStatus[] = deepFreeze<
  readonly NotebookStatus[]
>(${literal(statuses)});

/**
 * The server's status rules (\`x-status-rules\`): the statuses that change by
 * themselves soon (\`transitional\`) and where each is \`heading\`, those that
 * need the user's attention (\`failed\`), and the \`actions\` each status allows.
 */
export interface IStatusRules {
${members(rules, {
  transitional: 'readonly NotebookStatus[]',
  failed: 'readonly NotebookStatus[]',
  heading: '{ readonly [S in NotebookStatus]?: NotebookStatus }',
  actions: '{ readonly [S in NotebookStatus]?: readonly StatusAction[] }'
})}
}

export const STATUS_RULES: IStatusRules = deepFreeze<IStatusRules>(${literal(rules)});
`;
}

const FREEZE = `
/** \`value\` with every object and array in it frozen. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
`;

const HEADER = `/**
 * GENERATED FILE, do not edit. \`${COMMAND}\`
 * (scripts/generate-contract.mjs) writes it from the server's OpenAPI document,
 * \`${DOCUMENT_COMMAND}\`, kept beside it as openapi.json;
 * \`jlpm check:contract\` fails when it is stale.
 *
 * First openapi-typescript's types of every path and schema (\`paths\`,
 * \`components\`, \`operations\`), then the constants of the document's
 * \`x-limits\` and \`x-status-rules\`. Friendly names are in ./index.ts.
 */
/* eslint-disable @typescript-eslint/naming-convention */
`;

async function generate(outDir) {
  const { text, document } = readDocument();
  const ast = await openapiTS(structuredClone(document), {
    // A field the server may leave out (it has a default) stays optional here.
    defaultNonNullable: false
  });
  const types = astToString(ast);
  const source = [
    HEADER,
    types,
    FREEZE,
    limitsSource(document['x-limits']),
    statusSource(document['x-status-rules'], document.components?.schemas)
  ].join('\n');
  const written = { 'openapi.json': text, 'generated.ts': source };
  for (const name of FILES) {
    const file = path.join(outDir, name);
    const options =
      (await prettier.resolveConfig(path.join(OUT_DIR, name))) ?? {};
    const pretty = await prettier.format(written[name], {
      ...options,
      filepath: file
    });
    await writeFile(file, pretty, 'utf-8');
  }
}

async function check() {
  const temp = await mkdtemp(path.join(tmpdir(), 'modelarts-contract-'));
  try {
    await generate(temp);
    const stale = [];
    for (const name of FILES) {
      const committed = path.join(OUT_DIR, name);
      const fresh = await readFile(path.join(temp, name), 'utf-8');
      const current = existsSync(committed)
        ? await readFile(committed, 'utf-8')
        : null;
      if (current !== fresh) {
        stale.push(name);
        if (current !== null) {
          spawnSync('diff', ['-u', committed, path.join(temp, name)], {
            stdio: 'inherit'
          });
        }
      }
    }
    if (stale.length) {
      fail(
        `src/contract/{${stale.join(',')}} differ from the server's OpenAPI document; ` +
          `run \`${COMMAND}\` and commit the result.`
      );
    }
    console.log(
      `src/contract/{${FILES.join(',')}} match the server's OpenAPI document.`
    );
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

if (process.argv.includes('--check')) {
  await check();
} else {
  await generate(OUT_DIR);
  console.log(`wrote src/contract/{${FILES.join(',')}}`);
}
