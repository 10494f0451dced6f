import { ErrorCode, Problem, ZeroTrustError } from './codes';
import { checkLabels } from './names';

/** A class, public constructor or not (values have private constructors and static factories). */
export interface ClassOf {
  readonly prototype: object;
  readonly name: string;
}

/** `v instanceof cls`, for classes whose constructor is private. */
function isInstance(v: unknown, cls: ClassOf): boolean {
  return typeof v === 'object' && v !== null && Object.prototype.isPrototypeOf.call(cls.prototype, v);
}

/**
 * Checks of values as given at run time. TypeScript callers are held to the declared types by
 * the compiler; JavaScript callers (and `as any`) are not, so every boundary re-checks what it
 * reads: lists are arrays (and not empty where empty would mean "everything"), value objects
 * are instances of this library's classes, enum values are members. Each check returns
 * problems `{ code, message }` with `what. how to fix` (empty or undefined when fine).
 */

/** A short description of a value for messages: `the number 8080`, `the string 'x'`, `null`. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  switch (typeof v) {
    case 'string':
      return `the string '${v.length > 40 ? `${v.slice(0, 40)}...` : v}'`;
    case 'number':
      return `the number ${v}`;
    case 'boolean':
      return `the boolean ${v}`;
    case 'function':
      return 'a function';
    case 'object': {
      const name = (v as object).constructor?.name;
      return name && name !== 'Object' ? `a ${name}` : 'a plain object';
    }
    default:
      return `a ${typeof v}`;
  }
}

/** A wrong-type problem: what the value is, what it should be, and how to fix it. */
function wrong(what: string, v: unknown, want: string, fix: string): Problem {
  return { code: ErrorCode.WRONG_TYPE, message: `${what} is ${describeValue(v)}, not ${want}. ${fix}` };
}

/** A required string. */
export function checkString(what: string, v: unknown, example: string): Problem | undefined {
  return typeof v === 'string' ? undefined : wrong(what, v, 'a string', `Write it as a string, e.g. '${example}'`);
}

/** An optional string: undefined is fine, anything else must be a string. */
export function checkOptionalString(what: string, v: unknown, example: string): Problem | undefined {
  return v === undefined ? undefined : checkString(what, v, example);
}

/** An optional boolean. */
export function checkOptionalBoolean(what: string, v: unknown): Problem | undefined {
  return v === undefined || typeof v === 'boolean'
    ? undefined
    : wrong(what, v, 'a boolean', 'Write true or false, or leave it out');
}

/** An integer in a range (a port number, a weight). */
export function checkInteger(what: string, v: unknown, min: number, max: number, code: string): Problem | undefined {
  if (typeof v !== 'number') return wrong(what, v, 'a number', `Write an integer between ${min} and ${max}`);
  if (!Number.isInteger(v) || v < min || v > max)
    return { code, message: `${what} ${v} is out of range. Use an integer between ${min} and ${max}` };
  return undefined;
}

/** An optional plain object (props, options). */
export function checkOptionalObject(what: string, v: unknown): Problem | undefined {
  if (v === undefined) return undefined;
  return v !== null && typeof v === 'object' && !Array.isArray(v)
    ? undefined
    : wrong(what, v, 'an object of options', 'Pass { ... } or leave it out');
}

/** A required plain object (props, a map). */
export function checkObject(what: string, v: unknown, example: string): Problem | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
    ? undefined
    : wrong(what, v, 'an object', `Pass an object such as ${example}`);
}

/**
 * A list: must be an array (undefined is fine when `optional`), and not empty when `nonEmpty`
 * gives the reason an empty list is refused.
 */
export function checkList(
  what: string,
  v: unknown,
  example: string,
  optional: boolean,
  nonEmpty?: string,
): Problem | undefined {
  if (v === undefined && optional) return undefined;
  if (!Array.isArray(v)) {
    const hint =
      v === null && optional
        ? `Leave '${what}' out for its default, or write a list such as ${example}`
        : `Write a list such as ${example}`;
    return wrong(what, v, 'a list', hint);
  }
  if (nonEmpty !== undefined && v.length === 0) {
    return {
      code: ErrorCode.EMPTY_LIST,
      message: `${what} is an empty list, which ${nonEmpty}. List at least one item, e.g. ${example}${optional ? `, or leave '${what}' out for its default` : ''}`,
    };
  }
  return undefined;
}

/**
 * A list of instances of one class (`Port`, `HttpMatch` ...): each element is checked, and a
 * message names the factory to use.
 */
export function checkInstances(
  what: string,
  v: unknown,
  cls: ClassOf,
  example: string,
  optional: boolean,
  nonEmpty?: string,
  suggest?: (x: unknown) => string | undefined,
): Problem[] {
  const l = checkList(what, v, `[${example}]`, optional, nonEmpty);
  if (l) return [l];
  if (v === undefined) return [];
  const out: Problem[] = [];
  (v as unknown[]).forEach((x, i) => {
    if (isInstance(x, cls)) return;
    const s = suggest?.(x);
    out.push(wrong(`${what}[${i}]`, x, `a ${cls.name}`, `Use ${s ?? example}`));
  });
  return out;
}

/** One instance of a class (a `Dns`, a `Tier`). */
export function checkInstance(
  what: string,
  v: unknown,
  cls: ClassOf,
  example: string,
  optional: boolean,
): Problem | undefined {
  if (v === undefined && optional) return undefined;
  return isInstance(v, cls) ? undefined : wrong(what, v, `a ${cls.name}`, `Use ${example}`);
}

/** A member of a string enum; `enumName` as users write it (`MtlsMode`). */
export function checkEnum(
  what: string,
  v: unknown,
  e: { [k: string]: string },
  enumName: string,
  optional: boolean,
): Problem | undefined {
  if (v === undefined && optional) return undefined;
  const values = Object.values(e);
  if (typeof v === 'string' && values.includes(v)) return undefined;
  const key = Object.keys(e).find(
    (k) => typeof v === 'string' && (k.toLowerCase() === v.toLowerCase() || e[k].toLowerCase() === v.toLowerCase()),
  );
  const hint = key
    ? `Did you mean ${enumName}.${key}?`
    : `Use one of ${Object.keys(e)
        .map((k) => `${enumName}.${k}`)
        .join(', ')}`;
  return {
    code: ErrorCode.INVALID_ENUM,
    message: `${what} is ${describeValue(v)}, which is not a ${enumName}. ${hint}`,
  };
}

/**
 * A label map: a plain object of string values (no `null`), then Kubernetes label syntax.
 * `nonEmpty` refuses `{}` with the reason.
 */
export function checkLabelMap(
  what: string,
  v: unknown,
  optional: boolean,
  nonEmpty?: { code: string; why: string },
): Problem[] {
  if (v === undefined && optional) return [];
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    return [
      wrong(
        what,
        v,
        'a map of labels',
        `Write an object such as { app: 'api' }${optional ? `, or leave '${what}' out` : ''}`,
      ),
    ];
  }
  const out: Problem[] = [];
  for (const [k, x] of Object.entries(v as object)) {
    if (typeof x !== 'string')
      out.push(
        wrong(
          `${what} '${k}'`,
          x,
          'a string',
          `Label values are strings, e.g. { ${/^[A-Za-z_]\w*$/.test(k) ? k : `'${k}'`}: 'x' }`,
        ),
      );
  }
  if (out.length > 0) return out;
  if (nonEmpty && Object.keys(v as object).length === 0) {
    out.push({
      code: nonEmpty.code,
      message: `${what} is empty, which ${nonEmpty.why}. Give labels, e.g. { app: 'api' }`,
    });
  }
  return [...out, ...checkLabels(v as { [key: string]: string })];
}

/** Throws one coded error for the problems, if any (value factories). */
export function throwProblems(problems: readonly (Problem | undefined)[]): void {
  const p = defined(problems);
  if (p.length > 0) throw ZeroTrustError.of(p);
}

/** Keeps the problems among possibly-undefined results. */
export function defined(problems: readonly (Problem | undefined)[]): Problem[] {
  return problems.filter((x): x is Problem => x !== undefined);
}

/**
 * The problem an error stands for: a `ZeroTrustError` keeps its code and message; an error this
 * library did not foresee keeps its whole message under ZT141.
 */
export function problemOf(e: unknown): Problem {
  if (e instanceof ZeroTrustError) return { code: e.code, message: e.detail };
  const text = e instanceof Error ? e.message : String(e);
  return { code: ErrorCode.WRONG_TYPE, message: `${text}. Check the values against the documented types` };
}
