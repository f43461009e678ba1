// js-api/tokenbridge.d.ts against the JavaScript it types, with the TypeScript compiler API
// (typescript from the repository's node_modules: npm ci, which scripts/deps.sh runs):
// - both ways, every export: functions with their parameter counts, classes with their public
//   members (and constructor parameters), constants; types and interfaces are the .d.ts's own;
// - usage.ts, a page's use of the library, type-checks against the .d.ts (tsc --noEmit with
//   tsconfig.json here: `npx tsc --noEmit -p tests/unit/js-api` does the same by hand).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const JS_API = path.resolve(HERE, '../../../js-api');

let ts;
try {
  ts = (await import('typescript')).default;
} catch {
  throw new Error('typescript is not installed: run `npm ci` at the repository root (scripts/deps.sh does)');
}

const isExported = (node) => ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Export;
const hasModifier = (node, kind) => node.modifiers?.some((m) => m.kind === kind) ?? false;
const paramCount = (fn) => fn.parameters.length;
const nameOf = (node) => (node.name && ts.isIdentifier(node.name) ? node.name.text : node.name?.getText());

// Public members of a class: name -> 'method(N)' | 'property' (getters/setters are properties).
function classShape(node, sourceFile) {
  const members = new Map();
  let constructorParams = null;
  for (const member of node.members) {
    if (ts.isConstructorDeclaration(member)) {
      constructorParams = Math.max(constructorParams ?? 0, paramCount(member));
      // In JS, `this.x = ...` in the constructor is a public field.
      member.body?.forEachChild(function visit(child) {
        if (ts.isBinaryExpression(child) && child.operatorToken.kind === ts.SyntaxKind.EqualsToken
            && ts.isPropertyAccessExpression(child.left) && child.left.expression.kind === ts.SyntaxKind.ThisKeyword
            && ts.isIdentifier(child.left.name)) {
          members.set(child.left.name.text, 'property');
        }
        child.forEachChild(visit);
      });
      continue;
    }
    const name = nameOf(member);
    if (!name || name.startsWith('#') || hasModifier(member, ts.SyntaxKind.PrivateKeyword)
        || hasModifier(member, ts.SyntaxKind.ProtectedKeyword)) {
      continue;
    }
    if (ts.isMethodDeclaration(member)) members.set(name, `method(${paramCount(member)})`);
    else if (ts.isPropertyDeclaration(member) || ts.isGetAccessor(member) || ts.isSetAccessor(member)) members.set(name, 'property');
    else throw new Error(`${sourceFile.fileName}: class ${nameOf(node)}: member kind ${ts.SyntaxKind[member.kind]} not understood`);
  }
  return { kind: 'class', constructorParams, members };
}

// Exported values of a module: name -> { kind: 'function', params } | class shape | { kind: 'const' }.
// Several declarations of one function (overloads in a .d.ts) count as the most parameters.
function exportsOf(file) {
  const text = readFileSync(file, 'utf8');
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true,
    file.endsWith('.d.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS);
  const values = new Map();
  const addFunction = (name, params) => {
    const previous = values.get(name);
    values.set(name, { kind: 'function', params: Math.max(params, previous?.params ?? 0) });
  };
  for (const statement of sourceFile.statements) {
    if (ts.isExportDeclaration(statement) || ts.isExportAssignment(statement)) {
      throw new Error(`${file}: export lists and default exports are not understood by this test`);
    }
    if (!isExported(statement)) continue;
    if (ts.isFunctionDeclaration(statement)) {
      addFunction(statement.name.text, paramCount(statement));
    } else if (ts.isClassDeclaration(statement)) {
      values.set(statement.name.text, classShape(statement, sourceFile));
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer;
        const type = declaration.type;
        if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) {
          addFunction(declaration.name.text, paramCount(init));
        } else if (type && ts.isFunctionTypeNode(type)) {
          addFunction(declaration.name.text, paramCount(type));
        } else {
          values.set(declaration.name.text, { kind: 'const' });
        }
      }
    }
    // Interfaces and type aliases describe values; they have no JavaScript counterpart.
  }
  return values;
}

function describe(shape) {
  if (shape.kind === 'function') return `function with ${shape.params} parameter(s)`;
  if (shape.kind === 'class') {
    const members = [...shape.members].map(([name, kind]) => `${name}: ${kind}`).sort();
    return `class (constructor ${shape.constructorParams ?? 'inherited'}; ${members.join(', ')})`;
  }
  return 'constant';
}

// Differences between the JS module's exports and the .d.ts's, as lines.
function compareExports(js, dts) {
  const problems = [];
  for (const [name, shape] of js) {
    if (!dts.has(name)) problems.push(`${name}: exported by tokenbridge.js (${describe(shape)}) but not declared in tokenbridge.d.ts`);
  }
  for (const [name, shape] of dts) {
    if (!js.has(name)) problems.push(`${name}: declared in tokenbridge.d.ts (${describe(shape)}) but not exported by tokenbridge.js`);
  }
  for (const [name, jsShape] of js) {
    const dtsShape = dts.get(name);
    if (!dtsShape) continue;
    if (describe(jsShape) !== describe(dtsShape)) {
      problems.push(`${name}: tokenbridge.js has a ${describe(jsShape)}, tokenbridge.d.ts declares a ${describe(dtsShape)}`);
    }
  }
  return problems;
}

test('tokenbridge.d.ts declares exactly what tokenbridge.js exports', () => {
  const js = exportsOf(path.join(JS_API, 'tokenbridge.js'));
  const dts = exportsOf(path.join(JS_API, 'tokenbridge.d.ts'));
  assert.ok(js.size > 10, 'tokenbridge.js: too few exports found; did the parsing break?');
  const problems = compareExports(js, dts);
  assert.deepEqual(problems, [], `\n  ${problems.join('\n  ')}`);
});

test('usage.ts type-checks against tokenbridge.d.ts (tsc --noEmit -p tests/unit/js-api)', () => {
  const configFile = path.join(HERE, 'tsconfig.json');
  const config = ts.getParsedCommandLineOfConfigFile(configFile, { noEmit: true }, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(ts.flattenDiagnosticMessageText(d.messageText, '\n')),
  });
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
  const diagnostics = [...config.errors, ...ts.getPreEmitDiagnostics(program)];
  const text = ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => HERE,
    getNewLine: () => '\n',
  });
  assert.equal(diagnostics.length, 0, text);
  assert.ok(program.getSourceFiles().some((f) => f.fileName.endsWith('js-api/tokenbridge.d.ts')),
    'usage.ts was not checked against js-api/tokenbridge.d.ts');
});
