#!/usr/bin/env node
// Writes what the host, the extension and the page library share from spec/protocol.json, the
// one source of the protocol version, the error codes and the command rules
// (docs/protocol.md, "The protocol source").
//   node scripts/gen-protocol.mjs           validate the spec, rewrite every generated file/region
//   node scripts/gen-protocol.mjs --check   validate, write nothing; exit 1 naming each file that
//                                           differs from what would be written (CTest
//                                           spec.generated_files)
// Whole files: the host's C++ headers. Marked regions (BEGIN/END GENERATED): the browser-side ES
// modules and the .d.ts, which are loaded without a build step and so are committed as they run.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SPEC_FILE = 'spec/protocol.json';

const PRODUCERS = ['host', 'extension', 'library'];
const CLASSES = ['request', 'retryable', 'user', 'fatal'];
const ORIGINS = {
  optional: 'OriginRule::Optional',
  required: 'OriginRule::Required',
  everywhere: 'OriginRule::Everywhere',
};
const PINS = {
  never: 'PinRule::Never',
  optional: 'PinRule::Optional',
  always: 'PinRule::Always',
  'unless-stream': 'PinRule::UnlessStream',
  // The host uses a PIN when given one (Optional); the extension asks for it when the page sets
  // `private: true` (data objects).
  'if-private': 'PinRule::Optional',
};
// The PIN rules under which the extension opens its PIN window before forwarding.
export const PIN_WINDOW_RULES = ['always', 'unless-stream', 'if-private'];
export const PIN_RULES = Object.keys(PINS);

const BEGIN = '// BEGIN GENERATED from spec/protocol.json by scripts/gen-protocol.mjs: do not edit';
const END = '// END GENERATED';
const HEADER_BANNER = [
  '// GENERATED from spec/protocol.json by scripts/gen-protocol.mjs: do not edit. Change the JSON',
  '// and run `node scripts/gen-protocol.mjs`; CTest spec.generated_files fails while this file',
  '// differs from what the generator writes.',
];

// ---- validation ---------------------------------------------------------------------------------

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isText = (v) => typeof v === 'string' && v.trim() !== '' && !v.includes('\n');

function checkKeys(problems, where, object, required, optional = []) {
  if (!isObject(object)) {
    problems.push(`${where}: not an object`);
    return false;
  }
  for (const key of required) if (!(key in object)) problems.push(`${where}: "${key}" missing`);
  for (const key of Object.keys(object)) {
    if (!required.includes(key) && !optional.includes(key)) problems.push(`${where}: unknown field "${key}"`);
  }
  return true;
}

function checkUnique(problems, list, what) {
  const seen = new Set();
  for (const { name } of list) {
    if (seen.has(name)) problems.push(`${what} ${name} is listed twice`);
    seen.add(name);
  }
}

function validateErrorCode(problems, code, i) {
  const where = `errorCodes[${i}] ${code?.name ?? ''}`.trim();
  if (!checkKeys(problems, where, code, ['name', 'producedBy', 'class', 'meaning'])) return;
  if (!/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/.test(code.name)) problems.push(`${where}: name must be UPPER_SNAKE_CASE`);
  if (!Array.isArray(code.producedBy) || code.producedBy.length === 0
      || code.producedBy.some((p) => !PRODUCERS.includes(p))
      || new Set(code.producedBy).size !== code.producedBy.length) {
    problems.push(`${where}: producedBy must be a non-empty list of distinct ${PRODUCERS.join(' | ')}`);
  }
  if (!CLASSES.includes(code.class)) problems.push(`${where}: class must be one of ${CLASSES.join(' | ')}`);
  if (!isText(code.meaning)) problems.push(`${where}: meaning must be one non-empty line`);
}

function validateCommand(problems, command, i, hostCodes) {
  const where = `commands[${i}] ${command?.name ?? ''}`.trim();
  const fields = ['name', 'origin', 'consent', 'pin', 'cliOnly'];
  if (!checkKeys(problems, where, command, fields, ['pinWindow', 'track', 'cliOnlyError', 'newPin'])) return;
  if (!/^[a-z][A-Za-z0-9]*$/.test(command.name)) problems.push(`${where}: name must be camelCase`);
  if (!(command.origin in ORIGINS)) problems.push(`${where}: origin must be one of ${Object.keys(ORIGINS).join(' | ')}`);
  if (!(command.pin in PINS)) problems.push(`${where}: pin must be one of ${Object.keys(PINS).join(' | ')}`);
  if (typeof command.consent !== 'boolean') problems.push(`${where}: consent must be a boolean`);
  if (typeof command.cliOnly !== 'boolean') problems.push(`${where}: cliOnly must be a boolean`);
  if (command.cliOnly) {
    // The extension never carries such a command: nothing of its own applies.
    if (command.consent !== false) problems.push(`${where}: a cliOnly command has consent false`);
    if ('pinWindow' in command || 'track' in command) problems.push(`${where}: a cliOnly command has no pinWindow or track`);
    if (checkKeys(problems, `${where} cliOnlyError`, command.cliOnlyError, ['code', 'message'])) {
      if (!hostCodes.has(command.cliOnlyError.code)) problems.push(`${where}: cliOnlyError.code must be a code the host produces`);
      if (!isText(command.cliOnlyError.message)) problems.push(`${where}: cliOnlyError.message must be one non-empty line`);
    }
    return;
  }
  if ('cliOnlyError' in command) problems.push(`${where}: cliOnlyError only with cliOnly`);
  const window = PIN_WINDOW_RULES.includes(command.pin);
  if (window !== ('pinWindow' in command)) {
    problems.push(`${where}: pinWindow is required exactly when pin is ${PIN_WINDOW_RULES.join(' or ')}`);
  }
  if ('pinWindow' in command && checkKeys(problems, `${where} pinWindow`, command.pinWindow, ['title', 'describe'])) {
    for (const key of ['title', 'describe']) {
      if (!/^[a-z][A-Za-z0-9]*$/.test(command.pinWindow[key] ?? '')) problems.push(`${where}: pinWindow.${key} must be a name`);
    }
  }
  if ('track' in command && !/^[a-z][A-Za-z0-9]*$/.test(command.track)) problems.push(`${where}: track must be a name`);
  // A new PIN comes from the extension's change-PIN window, which also asks for the PIN.
  if ('newPin' in command && (command.newPin !== true || command.pin !== 'always')) {
    problems.push(`${where}: newPin is true or absent, and only with pin "always"`);
  }
}

// Problems of the spec's shape and consistency, as lines; [] when it is sound.
export function validateSpec(spec) {
  const problems = [];
  if (!checkKeys(problems, 'spec', spec, ['protocolVersion', 'errorCodes', 'commands'], ['$comment'])) return problems;
  if (!Number.isSafeInteger(spec.protocolVersion) || spec.protocolVersion < 1) problems.push('protocolVersion must be a positive integer');
  if (!Array.isArray(spec.errorCodes) || !Array.isArray(spec.commands)) {
    problems.push('errorCodes and commands must be arrays');
    return problems;
  }
  spec.errorCodes.forEach((code, i) => validateErrorCode(problems, code, i));
  checkUnique(problems, spec.errorCodes, 'error code');
  const hostCodes = new Set(spec.errorCodes.filter((c) => c.producedBy?.includes('host')).map((c) => c.name));
  for (const required of ['INTERNAL_ERROR', 'INVALID_PARAMS']) {
    if (!hostCodes.has(required)) problems.push(`error code ${required} must exist and be produced by the host`);
  }
  spec.commands.forEach((command, i) => validateCommand(problems, command, i, hostCodes));
  checkUnique(problems, spec.commands, 'command');
  return problems;
}

export function loadSpec(repo = REPO) {
  const file = path.join(repo, SPEC_FILE);
  let spec;
  try {
    spec = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${SPEC_FILE}: ${e.message}`);
  }
  const problems = validateSpec(spec);
  if (problems.length) throw new Error(`${SPEC_FILE} is not valid:\n  ${problems.join('\n  ')}`);
  return spec;
}

// ---- views of the spec -------------------------------------------------------------------------

export const hostCodes = (spec) => spec.errorCodes.filter((c) => c.producedBy.includes('host'));
export const extensionCodes = (spec) => spec.errorCodes.filter((c) => c.producedBy.includes('extension'));
export const pageCommands = (spec) => spec.commands.filter((c) => !c.cliOnly);

// Words of `text` in lines of at most `width` characters after `prefix`.
function wrap(text, prefix, width = 100) {
  const lines = [];
  let line = prefix;
  for (const word of text.split(' ')) {
    if (line !== prefix && line.length + 1 + word.length > width) {
      lines.push(line);
      line = prefix;
    }
    line += (line === prefix ? '' : ' ') + word;
  }
  lines.push(line);
  return lines;
}

const cppString = (text) => JSON.stringify(text); // the spec's texts are plain ASCII-safe lines
const jsString = (text) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

// ---- host (C++): whole files, clang-format off (the generator lays them out) ---------------------

function errorCodeHpp(spec) {
  const codes = hostCodes(spec);
  const enumerators = codes.flatMap((c) => [...wrap(`${c.class}: ${c.meaning}`, '    // '), `    ${c.name},`]);
  return [
    ...HEADER_BANNER,
    '#pragma once',
    '',
    '#include <string_view>',
    '',
    '// clang-format off',
    'namespace tokenbridge',
    '{',
    '',
    '// Every code the host produces (docs/protocol.md, "Error codes"), with its class (the exception',
    '// type that carries it, core/Error.hpp) and meaning; the JSON name is the enumerator\'s text.',
    '// Codes only the extension or the page library produce are not here.',
    'enum class ErrorCode {',
    ...enumerators,
    '};',
    '',
    'struct ErrorCodeName',
    '{',
    '    ErrorCode code;',
    '    std::string_view name;',
    '};',
    '',
    'inline constexpr ErrorCodeName ERROR_CODE_NAMES[] = {',
    ...codes.map((c) => `    { ErrorCode::${c.name}, "${c.name}" },`),
    '};',
    '',
    'constexpr std::string_view errorCodeName(ErrorCode code)',
    '{',
    '    for (const auto& entry : ERROR_CODE_NAMES) {',
    '        if (entry.code == code) {',
    '            return entry.name;',
    '        }',
    '    }',
    '    return "INTERNAL_ERROR";',
    '}',
    '',
    '} // namespace tokenbridge',
    '// clang-format on',
    '',
  ].join('\n');
}

function commandRuleTableHpp(spec) {
  const rule = (c) => {
    const head = `    { "${c.name}", ${ORIGINS[c.origin]}, ${PINS[c.pin]},`;
    if (c.newPin) return [`${head} std::nullopt, true },`];
    if (!c.cliOnly) return [`${head} std::nullopt },`];
    return [
      head,
      `        ChannelRefusal { ErrorCode::${c.cliOnlyError.code},`,
      `            ${cppString(c.cliOnlyError.message)} } },`,
    ];
  };
  return [
    ...HEADER_BANNER,
    '#pragma once',
    '',
    '#include "CommandRules.hpp"',
    '',
    '// clang-format off',
    'namespace tokenbridge::protocol',
    '{',
    '',
    '// Every command of the protocol, in the order of the spec. A command of a CommandTable without',
    '// a rule here cannot be served: the Dispatcher\'s constructor refuses the table.',
    'inline constexpr CommandRule COMMAND_RULES[] = {',
    ...spec.commands.flatMap(rule),
    '};',
    '',
    '} // namespace tokenbridge::protocol',
    '// clang-format on',
    '',
  ].join('\n');
}

// ---- browser side (ES modules, .d.ts): regions ---------------------------------------------------

function pageErrorCodes(spec) {
  return [
    '// Every code a call can reject with; who produces it: the host, the extension, this library.',
    'export const ErrorCode = Object.freeze({',
    ...spec.errorCodes.map((c) => `  ${c.name}: '${c.name}', // ${c.producedBy.join(', ')}`),
    '});',
  ];
}

function pageTypes(spec) {
  const union = (names) => names.map((n, i) => `  | '${n}'${i === names.length - 1 ? ';' : ''}`);
  return [
    'export type ErrorCodeName =',
    ...union(spec.errorCodes.map((c) => c.name)),
    '',
    '/** The host commands a page can reach through the extension (command-line-only ones are not). */',
    'export type CommandName =',
    ...union(pageCommands(spec).map((c) => c.name)),
  ];
}

function extensionErrorCodes(spec) {
  return [
    '// Error codes the extension produces itself (background and content script), besides passing',
    '// on the host\'s (docs/protocol.md, "Error codes").',
    'export const ExtCode = Object.freeze({',
    ...extensionCodes(spec).map((c) => `  ${c.name}: '${c.name}',`),
    '});',
  ];
}

function extensionCommandRules(spec) {
  const entry = (c) => {
    const fields = [`consent: ${c.consent}`, `pin: ${jsString(c.pin)}`];
    if (c.pinWindow) {
      fields.push(`pinWindow: { title: ${jsString(c.pinWindow.title)}, describe: ${jsString(c.pinWindow.describe)} }`);
    }
    if (c.track) fields.push(`track: ${jsString(c.track)}`);
    if (c.newPin) fields.push('newPin: true');
    return `  ${c.name}: { ${fields.join(', ')} },`;
  };
  return [
    '// The commands a page may send (command-line-only ones are left out) and their rules.',
    'export const COMMAND_RULES = Object.freeze({',
    ...pageCommands(spec).map(entry),
    '});',
  ];
}

// Every generated output: a whole file (`whole`) or the one marked region of a file (`region`).
export function outputs(spec) {
  return [
    { file: 'host/core/ErrorCode.hpp', whole: errorCodeHpp(spec) },
    { file: 'host/protocol/CommandRuleTable.hpp', whole: commandRuleTableHpp(spec) },
    { file: 'js-api/tokenbridge.js', region: pageErrorCodes(spec) },
    { file: 'js-api/tokenbridge.d.ts', region: pageTypes(spec) },
    { file: 'extension/background/api.js', region: extensionErrorCodes(spec) },
    { file: 'extension/background/commands.js', region: extensionCommandRules(spec) },
  ];
}

// `text` with its one BEGIN/END GENERATED region replaced by `lines`.
export function replaceRegion(text, lines, file) {
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (begin < 0 || end < begin || text.indexOf(BEGIN, begin + 1) >= 0) {
    throw new Error(`${file}: needs exactly one "${BEGIN}" ... "${END}" region`);
  }
  const afterBegin = text.indexOf('\n', begin) + 1;
  return text.slice(0, afterBegin) + lines.join('\n') + '\n' + text.slice(end);
}

// [{file, current, expected}] for every output; current is null for a missing file.
export function render(repo = REPO, spec = loadSpec(repo)) {
  return outputs(spec).map(({ file, whole, region }) => {
    let current = null;
    try {
      current = readFileSync(path.join(repo, file), 'utf8');
    } catch (e) {
      if (e.code !== 'ENOENT' || region) throw e;
    }
    const expected = whole ?? replaceRegion(current, region, file);
    return { file, current, expected };
  });
}

// "line N: is ... / should be ..." for the first line where `current` and `expected` differ.
function firstDifference(current, expected) {
  if (current === null) return 'missing';
  const is = current.split('\n');
  const should = expected.split('\n');
  const line = is.findIndex((text, i) => text !== should[i]);
  const at = line < 0 ? is.length : line;
  return `line ${at + 1}: is ${JSON.stringify(is[at] ?? '<end of file>')}, should be ${JSON.stringify(should[at] ?? '<end of file>')}`;
}

function main(args) {
  const check = args.includes('--check');
  const stale = [];
  for (const { file, current, expected } of render()) {
    if (current === expected) continue;
    stale.push(file);
    if (check) console.error(`${file}: differs from what ${SPEC_FILE} generates (${firstDifference(current, expected)})`);
    else writeFileSync(path.join(REPO, file), expected);
  }
  if (check && stale.length) {
    console.error('run `node scripts/gen-protocol.mjs` and commit the result');
    return 1;
  }
  console.log(check ? `generated files match ${SPEC_FILE}` : `written: ${stale.join(', ') || 'nothing (up to date)'}`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    console.error(e.message);
    process.exitCode = 1;
  }
}
