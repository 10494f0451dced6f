import { celEnv, parse, plan, type CelEnv, type CelInput, type CelResult } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { kubernetesLibrary } from './kubernetes-library';

/** A compiled CEL expression, evaluated with its variable bindings (`self`). */
export type CelProgram = (bindings: Readonly<Record<string, CelInput>>) => CelResult;

let environment: CelEnv | undefined;
const programs = new Map<string, CelProgram | Error>();

/** The CEL environment of Kubernetes validation rules: standard CEL, the strings extension and the Kubernetes library. */
export function kubernetesCelEnv(): CelEnv {
  environment ??= celEnv({ funcs: [...strings, ...kubernetesLibrary] });
  return environment;
}

/** Compiles a CEL expression once per process; returns the program, or the error that prevents compiling it. */
export function compileCel(expression: string): CelProgram | Error {
  let program = programs.get(expression);
  if (program === undefined) {
    try {
      const planned = plan(kubernetesCelEnv(), parse(expression));
      program = (bindings) => planned({ ...bindings });
    } catch (error) {
      program = error instanceof Error ? error : new Error(String(error));
    }
    programs.set(expression, program);
  }
  return program;
}
