import { DatasetError } from '@labelport/core';
import jsep from 'jsep';

/*
 * Filter expressions: parsed by jsep (a small, maintained expression parser that only builds a syntax
 * tree), evaluated by the walker below. There is no eval and no property access except an attribute
 * lookup by own name, so an expression cannot reach prototypes or globals.
 */

// jsep has one shared parser: these words become operators for every user of jsep in the program.
jsep.addBinaryOp('or', 1);
jsep.addBinaryOp('and', 2);
jsep.addBinaryOp('in', 7);
jsep.addUnaryOp('not');

type Node = jsep.Expression;
export type Value = string | number | boolean | null | Value[];

/** How an expression reads names: `label`, `area`, `attributes.occluded` (`attr` for short). */
export interface Scope {
  field(name: string): Value;
  attribute(name: string): Value;
}

const FUNCTIONS: Record<string, (...args: Value[]) => Value> = {
  lower: (s) => (typeof s === 'string' ? s.toLowerCase() : null),
  upper: (s) => (typeof s === 'string' ? s.toUpperCase() : null),
  startswith: (s, p) => typeof s === 'string' && typeof p === 'string' && s.startsWith(p),
  endswith: (s, p) => typeof s === 'string' && typeof p === 'string' && s.endsWith(p),
  contains: (s, p) => (typeof s === 'string' || Array.isArray(s) ? s.includes(p as never) : false),
  len: (s) => (typeof s === 'string' || Array.isArray(s) ? s.length : null),
  abs: (n) => (typeof n === 'number' ? Math.abs(n) : null),
  min: (...n) => (n.every((x) => typeof x === 'number') ? Math.min(...(n as number[])) : null),
  max: (...n) => (n.every((x) => typeof x === 'number') ? Math.max(...(n as number[])) : null),
};

const COMPARISONS = new Set(['==', '!=', '===', '!==', '<', '<=', '>', '>=', 'in']);
const BINARY = new Set([...COMPARISONS, 'and', 'or', '&&', '||', '+', '-', '*', '/', '%']);

export interface Expression {
  text: string;
  ast: Node;
  /** Bare names and attribute names the expression reads. */
  names: Set<string>;
}

function bad(text: string, message: string): DatasetError {
  return new DatasetError('bad-option', `filter: ${message} in '${text}'`);
}

/**
 * `not a == b` means `not (a == b)` as in Python (jsep binds `not` like `!`, tighter than `==`); the
 * tree is rewritten so.
 */
function fixNot(node: Node): Node {
  if (node.type === 'BinaryExpression') {
    const left = fixNot(node.left as Node);
    const right = fixNot(node.right as Node);
    const op = node.operator as string;
    if (COMPARISONS.has(op) && left.type === 'UnaryExpression' && left.operator === 'not')
      return { ...left, argument: { ...node, left: left.argument, right } };
    return { ...node, left, right };
  }
  if (node.type === 'UnaryExpression') return { ...node, argument: fixNot(node.argument as Node) };
  return node;
}

function attributeName(node: Node, text: string): string | undefined {
  if (node.type !== 'MemberExpression') return undefined;
  const obj = node.object as Node;
  if (obj.type !== 'Identifier' || (obj.name !== 'attributes' && obj.name !== 'attr'))
    throw bad(text, 'only attributes.<name> may be read with a dot or brackets');
  const prop = node.property as Node;
  if (!node.computed && prop.type === 'Identifier') return prop.name as string;
  if (node.computed && prop.type === 'Literal' && typeof prop.value === 'string') return prop.value;
  throw bad(text, 'attributes[...] takes a quoted name');
}

/** Checks every node (only known kinds and functions) and collects the names read. */
function check(node: Node, text: string, names: Set<string>): void {
  switch (node.type) {
    case 'Literal':
      return;
    case 'Identifier':
      names.add(node.name as string);
      return;
    case 'MemberExpression':
      names.add(`attributes.${attributeName(node, text)}`);
      return;
    case 'ArrayExpression':
      for (const e of node.elements as Node[]) check(e, text, names);
      return;
    case 'UnaryExpression':
      if (!['not', '!', '-', '+'].includes(node.operator as string))
        throw bad(text, `unknown operator ${node.operator}`);
      check(node.argument as Node, text, names);
      return;
    case 'BinaryExpression':
      if (!BINARY.has(node.operator as string)) throw bad(text, `unknown operator ${node.operator}`);
      check(node.left as Node, text, names);
      check(node.right as Node, text, names);
      return;
    case 'CallExpression': {
      const callee = node.callee as Node;
      if (callee.type !== 'Identifier' || !Object.hasOwn(FUNCTIONS, callee.name as string))
        throw bad(text, `unknown function; known: ${Object.keys(FUNCTIONS).join(', ')}`);
      for (const a of node.arguments as Node[]) check(a, text, names);
      return;
    }
    default:
      throw bad(text, `unsupported syntax (${node.type})`);
  }
}

export function compileExpression(text: string): Expression {
  let ast: Node;
  try {
    ast = fixNot(jsep(text));
  } catch (e) {
    throw bad(text, (e as Error).message);
  }
  if (ast.type === 'Compound') throw bad(text, 'one expression expected');
  const names = new Set<string>();
  check(ast, text, names);
  return { text, ast, names };
}

function truthy(v: Value): boolean {
  return v !== null && v !== false && v !== 0 && v !== '';
}

function equal(a: Value, b: Value): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return false;
  return a === b;
}

function compare(op: string, a: Value, b: Value): boolean {
  if (op === '==' || op === '===') return equal(a, b);
  if (op === '!=' || op === '!==') return !equal(a, b);
  if (op === 'in')
    return Array.isArray(b)
      ? b.some((x) => equal(a, x))
      : typeof b === 'string' && typeof a === 'string' && b.includes(a);
  if (!((typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string')))
    return false;
  if (op === '<') return a < b;
  if (op === '<=') return a <= b;
  if (op === '>') return a > b;
  return a >= b;
}

function arithmetic(op: string, a: Value, b: Value): Value {
  if (op === '+' && typeof a === 'string' && typeof b === 'string') return a + b;
  if (typeof a !== 'number' || typeof b !== 'number') return null;
  if (op === '+') return a + b;
  if (op === '-') return a - b;
  if (op === '*') return a * b;
  if (op === '/') return b === 0 ? null : a / b;
  if (op === '%') return b === 0 ? null : a % b;
  return null;
}

export function evaluate(node: Node, scope: Scope): Value {
  switch (node.type) {
    case 'Literal':
      return (node.value as Value) ?? null;
    case 'Identifier':
      return scope.field(node.name as string);
    case 'MemberExpression':
      return scope.attribute(attributeName(node, '') as string);
    case 'ArrayExpression':
      return (node.elements as Node[]).map((e) => evaluate(e, scope));
    case 'UnaryExpression': {
      const v = evaluate(node.argument as Node, scope);
      if (node.operator === '-') return typeof v === 'number' ? -v : null;
      if (node.operator === '+') return typeof v === 'number' ? v : null;
      return !truthy(v);
    }
    case 'BinaryExpression': {
      const op = node.operator as string;
      if (op === 'and' || op === '&&')
        return truthy(evaluate(node.left as Node, scope)) && truthy(evaluate(node.right as Node, scope));
      if (op === 'or' || op === '||')
        return truthy(evaluate(node.left as Node, scope)) || truthy(evaluate(node.right as Node, scope));
      const a = evaluate(node.left as Node, scope);
      const b = evaluate(node.right as Node, scope);
      return COMPARISONS.has(op) ? compare(op, a, b) : arithmetic(op, a, b);
    }
    case 'CallExpression': {
      const fn = FUNCTIONS[(node.callee as Node).name as string];
      return fn(...(node.arguments as Node[]).map((a) => evaluate(a, scope)));
    }
    default:
      return null;
  }
}

export function matches(expr: Expression, scope: Scope): boolean {
  return truthy(evaluate(expr.ast, scope));
}
