import { checkFormat } from '../../../src/validation/schema/formats';

describe('formats', () => {
  it.each([
    ['int32', 2147483647, true],
    ['int32', 2147483648, false],
    ['int32', -2147483648, true],
    ['int64', 2 ** 62, true],
    ['int64', 2 ** 63, false],
    ['date-time', '2024-02-29T23:59:59.123+02:00', true],
    ['date-time', '2024-02-30T00:00:00Z', false],
    ['date-time', '2024-01-01', false],
    ['date', '2024-12-31', true],
    ['duration', '1h30m', true],
    ['duration', '500ms', true],
    ['duration', '3d', true],
    ['duration', '5 minutes', false],
    ['cidr', '10.0.0.1/8', true],
    ['cidr', '10.0.0.0', false],
    ['ipv4', '10.0.0.1', true],
    ['ipv4', '::1', false],
    ['ipv6', '::1', true],
    ['ipv6', '10.0.0.1', false],
    ['byte', 'aGVsbG8=', true],
    ['byte', 'hello!', false],
    ['uuid', '123e4567-e89b-12d3-a456-426614174000', true],
    ['hostname', 'api.example.com', true],
    ['hostname', 'api_example.com', false],
    ['idn-hostname', 'anything goes', true],
  ])('can check format %s on %j (valid: %s)', (format, value, valid) => {
    expect(checkFormat(format, value) === undefined).toBe(valid);
  });

  it('can explain a failed format check', () => {
    expect(checkFormat('cidr', 'x')).toBe('"x" is not a valid cidr');
    expect(checkFormat('int32', 2 ** 40)).toBe('1099511627776 does not fit in int32');
  });
});
