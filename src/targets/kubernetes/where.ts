/**
 * Where a rendered piece comes from, for error messages: the text, or a function that makes it.
 * A function defers building the text to the (exceptional) error, as rules are many.
 */
export type Where = string | (() => string);

/** The text of a `Where`. */
export function whereText(where: Where): string {
  return typeof where === 'string' ? where : where();
}
