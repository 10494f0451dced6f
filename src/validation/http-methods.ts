/**
 * The standard HTTP methods: what `HttpMatch` takes and what an HTTPRoute match accepts (its CRD
 * enum). `import` writes no other method into a program.
 */
export const HTTP_METHODS: readonly string[] = [
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'CONNECT',
  'OPTIONS',
  'TRACE',
  'PATCH',
];
