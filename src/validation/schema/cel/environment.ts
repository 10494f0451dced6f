import { celEnv, parse, plan, type CelEnv, type CelInput, type CelResult } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { kubernetesLibrary } from './kubernetes-library';

/** A compiled CEL expression, evaluated with its variable bindings (`self`). */
export type CelProgram = (bindings: Readonly<Record<string, CelInput>>) => CelResult;

/** Operators the planner evaluates itself rather than through the function registry. */
const PLANNER_OPERATORS: ReadonlySet<string> = new Set([
  '_&&_',
  '_||_',
  '_?_:_',
  '_[_]',
  '_[?_]',
  '_?._',
  '@not_strictly_false',
  '__not_strictly_false__',
]);

let environment: CelEnv | undefined;
const programs = new Map<string, CelProgram | Error>();

/** The CEL environment of Kubernetes validation rules: standard CEL, the strings extension and the Kubernetes library. */
export function kubernetesCelEnv(): CelEnv {
  environment ??= celEnv({ funcs: [...strings, ...kubernetesLibrary] });
  return environment;
}

/** Names of every function or operator an expression tree calls. */
function calledFunctions(node: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(node)) {
    for (const child of node) calledFunctions(child, into);
  } else if (typeof node === 'object' && node !== null) {
    const kind = (node as { exprKind?: { case?: unknown; value?: { function?: unknown } } }).exprKind;
    if (kind?.case === 'callExpr' && typeof kind.value?.function === 'string') into.add(kind.value.function);
    for (const child of Object.values(node)) calledFunctions(child, into);
  }
  return into;
}

function compile(expression: string): CelProgram | Error {
  try {
    const parsed = parse(expression);
    const env = kubernetesCelEnv();
    const missing = [...calledFunctions(parsed.expr)].filter(
      (name) => !PLANNER_OPERATORS.has(name) && env.funcs.find(name) === undefined,
    );
    if (missing.length > 0) return new Error(`unknown function ${missing.sort().join(', ')}`);
    return plan(env, parsed);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * Compiles a CEL expression once per process; returns the program, or the error that prevents running it
 * (a syntax error, or a call of a function this environment does not provide).
 */
export function compileCel(expression: string): CelProgram | Error {
  let program = programs.get(expression);
  if (program === undefined) {
    program = compile(expression);
    programs.set(expression, program);
  }
  return program;
}
