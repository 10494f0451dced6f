import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { parseAllDocuments, stringify } from 'yaml';
import { evaluatedFields, readManifestPieces, readManifestText } from '../../src/verify/load';
import { KubeObject } from '../../src/verify/policy-set';
import { readFastYaml, readFastYamlPieces } from '../../src/verify/yaml-fast';

const ROOT = path.join(__dirname, '..', '..');

/** Every value the fast reader gives, or undefined when it leaves the text to the `yaml` package. */
function fast(text: string): unknown[] | undefined {
  const out: unknown[] = [];
  return readFastYaml(text, (v) => out.push(v)) ? out : undefined;
}

/** Every value the fast reader gives when the text comes in pieces of `size` characters (the last one shorter). */
function fastInPieces(text: string, size: number): unknown[] | undefined {
  const out: unknown[] = [];
  let at = 0;
  const next = () => {
    if (at >= text.length) return undefined;
    const piece = text.slice(at, at + size);
    at += size;
    return piece;
  };
  return readFastYamlPieces(next, (v) => out.push(v)) ? out : undefined;
}

/** The same text with CRLF line ends. */
const crlf = (text: string): string => text.replace(/\n/g, '\r\n');

/** What the `yaml` package reads: the reference. */
function reference(text: string): unknown[] {
  return parseAllDocuments(text)
    .map((d) => {
      if (d.errors.length > 0) throw new Error(d.errors[0].message);
      return d.toJS();
    })
    .filter((v) => v !== null && v !== undefined);
}

function yamlFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(e.name) ? [p] : [];
    })
    .sort();
}

const FILES = [...yamlFiles(path.join(ROOT, 'dist')), ...yamlFiles(path.join(ROOT, 'test', 'fixtures'))];

describe('the fast YAML reader', () => {
  test.each(FILES.map((f) => [path.relative(ROOT, f)]))(
    'reads %s as the yaml package does, or leaves it to it',
    (file) => {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      const got = fast(text);
      if (got !== undefined) expect(got).toEqual(reference(text));
    },
  );

  test('reads every synthesized file in dist/ itself', () => {
    const files = yamlFiles(path.join(ROOT, 'dist'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(fast(fs.readFileSync(f, 'utf8'))).toBeDefined();
  });

  test('reads the block style kubectl writes: lists, indentless sequences, quoted and literal scalars', () => {
    const text = [
      'apiVersion: v1',
      'items:',
      '- apiVersion: v1',
      '  kind: Pod',
      '  metadata:',
      '    annotations:',
      '      kubectl.kubernetes.io/last-applied-configuration: |',
      '        {"apiVersion":"v1","kind":"Pod"}',
      '',
      '        second: line',
      '      note: |-',
      '        kept',
      '    labels:',
      '      app: web',
      "      \"quoted key\": 'it''s'",
      '    name: web-0',
      '    namespace: prod # a comment',
      '  spec:',
      '    containers:',
      '    - args:',
      '      - --port=8080',
      '      - "80"',
      '      env: []',
      '      image: nginx:1.25',
      '      ports:',
      '      - containerPort: 8080',
      '        protocol: TCP',
      '      resources: {}',
      '      securityContext: ~',
      '    enabled: true',
      '    off: False',
      '    nothing:',
      '    cidr: 10.0.0.0/8',
      '    escaped: "a\\"b\\\\c\\u00e9\\n"',
      '    negative: -3',
      'kind: List',
      'metadata:',
      '  resourceVersion: ""',
      '---',
      '# between',
      '---',
      'apiVersion: v1',
      'kind: Namespace',
      'metadata:',
      '  name: prod',
      '',
    ].join('\n');
    const got = fast(text);
    expect(got).toBeDefined();
    expect(got).toEqual(reference(text));
  });

  test.each([
    ['a tab', 'a:\n\tb: 1\n'],
    ['an alias', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a flow mapping over two lines', 'a: { b: 1,\n  c: 2 }\n'],
    ['a flow mapping with a trailing comma', 'a: { b: 1, }\n'],
    ['a flow mapping with an empty value', 'a: { b: , c: 1 }\n'],
    ['a flow key without a value', 'a: { b }\n'],
    ['a JSON-like flow key', 'a: {"b":1}\n'],
    ['a multi-line plain scalar', 'a: one\n  two\n'],
    ['a float', 'a: 1.5\n'],
    ['a hexadecimal number', 'a: 0x1F\n'],
    ['a folded scalar', 'a: >\n  b\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a key that is not a string', '80: http\n'],
    ['a directive', '%YAML 1.2\n---\na: 1\n'],
    ['a nested sequence on one line', 'a:\n- - 1\n'],
    ['a mapping inside a plain value', 'a: b: c\n'],
    ['a bad indentation', 'a:\n    b: 1\n  c: 2\n'],
    ['a root sequence', '- a\n'],
    ['a \\r that does not end a line', 'a: 1\rb: 2\n'],
  ])('leaves %s to the yaml package', (_what, text) => {
    expect(fast(text)).toBeUndefined();
  });

  test('reads generated documents as the yaml package does', () => {
    const key = fc.oneof(
      fc.constantFrom('a', 'b', 'app.kubernetes.io/name', 'x-y', 'ports', 'items', 'true', '80', 'null', 'k:v'),
      fc.string({ maxLength: 6 }),
    );
    const scalar = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.double({ noNaN: true }),
      fc.constantFrom(
        '10.0.0.0/8',
        '-',
        '--flag',
        'a #b',
        'a: b',
        '~',
        'True',
        '0o17',
        '.inf',
        '1e3',
        'x\ny',
        'line\n',
        '',
        ' lead',
        'trail ',
        '"',
        "'",
      ),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { maxDepth: 4 },
        scalar,
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(key, tie('node'), { maxKeys: 3 }),
      ),
    })).node;
    fc.assert(
      fc.property(fc.dictionary(key, value, { minKeys: 1, maxKeys: 4 }), fc.boolean(), (doc, indentSeq) => {
        const text = stringify(doc, { indentSeq });
        const got = fast(text);
        if (got !== undefined) expect(got).toEqual(reference(text));
      }),
      { seed: 20261204, numRuns: 500 },
    );
  });

  test('reads generated one-line flow collections (probes as scenarios write them) as the yaml package does', () => {
    const key = fc.oneof(
      fc.constantFrom('from', 'to', 'port', 'expect', 'targets', 'true', 'a:b', 'k #'),
      fc.string({ maxLength: 5 }),
    );
    const scalar = fc.oneof(
      fc.string({ maxLength: 10 }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constantFrom(
        '8080/TCP',
        'production/frontend',
        'fqdn:api.example.com',
        'cidr:10.0.0.0/8',
        'a: b',
        'a,b',
        '[x]',
        '-',
        ':x',
        '#',
      ),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { maxDepth: 3 },
        scalar,
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(key, tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    let read = 0;
    fc.assert(
      fc.property(fc.array(fc.dictionary(key, value, { maxKeys: 5 }), { minLength: 1, maxLength: 4 }), (probes) => {
        const text = `probes:\n${probes.map((p) => `  - ${stringify(p, { collectionStyle: 'flow', lineWidth: 0 }).trim()}\n`).join('')}`;
        const got = fast(text);
        if (got !== undefined) {
          read++;
          expect(got).toEqual(reference(text));
        }
      }),
      { seed: 20261204, numRuns: 500 },
    );
    expect(read).toBeGreaterThan(50);
  });
});

describe('the fast YAML reader, given the text in pieces or with CRLF line ends', () => {
  test.each(FILES.map((f) => [path.relative(ROOT, f)]))(
    'reads %s in pieces of any size as it reads the whole text',
    (file) => {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      const whole = fast(text);
      for (const size of [1, 2, 7, 64, 4096]) expect(fastInPieces(text, size)).toEqual(whole);
    },
  );

  test.each(FILES.map((f) => [path.relative(ROOT, f)]))(
    'reads %s with CRLF line ends as with LF, and as the yaml package reads it with CRLF',
    (file) => {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      const lf = fast(text);
      const withCrlf = fast(crlf(text));
      expect(withCrlf).toEqual(lf);
      // a piece that ends between \r and \n
      expect(fastInPieces(crlf(text), 3)).toEqual(lf);
      if (withCrlf !== undefined) expect(withCrlf).toEqual(reference(crlf(text)));
    },
  );

  test('reads every synthesized file in dist/ itself, with CRLF line ends too', () => {
    for (const f of yamlFiles(path.join(ROOT, 'dist'))) expect(fast(crlf(fs.readFileSync(f, 'utf8')))).toBeDefined();
  });

  test('leaves a \r that does not end a line, and a text that ends in \r, to the yaml package', () => {
    expect(fast('kind: a\rb\n')).toBeUndefined();
    expect(fast('kind: a\r')).toBeUndefined();
    expect(fast('kind: a\r\n')).toEqual([{ kind: 'a' }]);
    expect(fast('note: |\r\n  one\r\n  two\r\nkind: x\r\n')).toEqual(reference('note: |\n  one\n  two\nkind: x\n'));
  });

  test('reads generated documents in random pieces as the whole text, with LF and CRLF', () => {
    const scalar = fc.oneof(
      fc.constantFrom('a', 'web-0', 'x'.repeat(40), 'é ü 😀 snow ☃', '"quoted"', "it's", '80', 'true', 'null', ''),
      fc.integer({ min: -5, max: 70000 }),
      fc.boolean(),
    );
    const key = fc.constantFrom('a', 'name', 'app.kubernetes.io/name', 'quite-a-long-key-name', 'b');
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        scalar,
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(key, tie('node'), { maxKeys: 3 }),
      ),
    })).node;
    fc.assert(
      fc.property(
        fc.array(fc.dictionary(key, value, { minKeys: 1, maxKeys: 4 }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 20 }),
        fc.boolean(),
        (docs, cuts, windows) => {
          const lf = docs.map((d) => stringify(d)).join('---\n');
          const text = windows ? crlf(lf) : lf;
          const out: unknown[] = [];
          let at = 0;
          let i = 0;
          const next = () => {
            if (at >= text.length) return undefined;
            const size = cuts[i++ % cuts.length];
            const piece = text.slice(at, at + size);
            at += size;
            return piece;
          };
          const read = readFastYamlPieces(next, (v) => out.push(v));
          expect(read ? out : undefined).toEqual(fast(lf));
        },
      ),
      { seed: 20240601, numRuns: 200 },
    );
  });
});

describe('readManifestText', () => {
  test('gives the same objects through the fast reader and the yaml package on every fixture and dist/ file', () => {
    for (const f of FILES) {
      const text = fs.readFileSync(f, 'utf8');
      let viaYaml: unknown;
      try {
        viaYaml = reference(text).flatMap((v) => (isList(v) ? (v as { items: unknown[] }).items : [v]));
      } catch {
        continue; // not YAML the yaml package reads: nothing to compare
      }
      let got: KubeObject[] | undefined;
      try {
        got = readManifestText(text, f);
      } catch {
        continue; // not Kubernetes objects (a scenario file): both readers refuse it
      }
      expect(got).toEqual(viaYaml);
    }
  });

  test('gives the same objects as readManifestPieces (the file read in blocks) on every fixture and dist/ file', () => {
    let read = 0;
    for (const f of FILES) {
      const text = fs.readFileSync(f, 'utf8');
      let pieces = 0;
      const next = () => (pieces * 100 >= text.length ? undefined : text.slice(pieces * 100, ++pieces * 100));
      const streamed = readManifestPieces(next, evaluatedFields);
      if (streamed === undefined) continue; // left to the yaml package: readInputs reads it whole
      read++;
      expect(streamed).toEqual(readManifestText(text, f, evaluatedFields));
    }
    expect(read).toBeGreaterThan(20);
  });

  test('keeps of workloads and Services only what verify reads', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'p',
        namespace: 'n',
        labels: { app: 'a' },
        annotations: { x: 'y' },
        uid: 'u',
        managedFields: [{ manager: 'm' }],
      },
      spec: {
        serviceAccountName: 'sa',
        nodeName: 'node-1',
        containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 80 }], env: [{ name: 'A', value: 'B' }] }],
      },
      status: { podIP: '10.0.0.1', phase: 'Running' },
    };
    const deploy = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', namespace: 'n', annotations: { big: 'x' } },
      spec: {
        replicas: 3,
        template: {
          metadata: { labels: { app: 'd' } },
          spec: {
            initContainers: [{ name: 'i', restartPolicy: 'Always', ports: [{ containerPort: 9 }] }],
            containers: [{ name: 'c' }],
          },
        },
      },
    };
    const policy = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'np', namespace: 'n', uid: 'u' },
      spec: { podSelector: {} },
    };
    const text = stringify({ apiVersion: 'v1', kind: 'List', items: [pod, deploy, policy] });
    const slim = readManifestText(text, 'export.yaml', evaluatedFields);
    expect(slim).toEqual([
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p', namespace: 'n', labels: { app: 'a' }, annotations: { x: 'y' } },
        spec: { serviceAccountName: 'sa', containers: [{ ports: [{ containerPort: 80 }] }] },
        status: { podIP: '10.0.0.1' },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'd', namespace: 'n' },
        spec: {
          template: {
            metadata: { labels: { app: 'd' } },
            spec: { initContainers: [{ restartPolicy: 'Always', ports: [{ containerPort: 9 }] }], containers: [{}] },
          },
        },
      },
      policy,
    ]);
  });
});

function isList(v: unknown): boolean {
  return (
    typeof v === 'object' &&
    v !== null &&
    /List$/.test(String((v as { kind?: unknown }).kind)) &&
    Array.isArray((v as { items?: unknown }).items)
  );
}
