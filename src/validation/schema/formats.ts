import { parseCidr, parseIp } from '../ip';

/**
 * Checks of the OpenAPI `format` values the vendored schemas use, as the API server's format registry applies them.
 * Formats not listed here (e.g. `idn-hostname`) are not checked, like on a real API server.
 */

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DURATION = /^[-+]?(0|((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h|d|w))+)$/;
const BYTE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const UUID = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;
const HOSTNAME = /^[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)*\.?$/;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const INT64_LIMIT = 2 ** 63;

function isValidCalendarDate(year: string, month: string, day: string): boolean {
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return (
    date.getUTCFullYear() === Number(year) &&
    date.getUTCMonth() === Number(month) - 1 &&
    date.getUTCDate() === Number(day)
  );
}

function checkDateTime(value: string): boolean {
  const m = DATE_TIME.exec(value);
  return (
    m !== null && isValidCalendarDate(m[1], m[2], m[3]) && Number(m[4]) < 24 && Number(m[5]) < 60 && Number(m[6]) < 61
  );
}

const STRING_FORMATS: Readonly<Record<string, (value: string) => boolean>> = {
  'date-time': checkDateTime,
  datetime: checkDateTime,
  date: (v) => {
    const m = DATE.exec(v);
    return m !== null && isValidCalendarDate(m[1], m[2], m[3]);
  },
  duration: (v) => DURATION.test(v),
  cidr: (v) => parseCidr(v) !== undefined,
  ipv4: (v) => parseIp(v)?.family === 4,
  ipv6: (v) => parseIp(v)?.family === 6,
  byte: (v) => BYTE.test(v),
  uuid: (v) => UUID.test(v),
  hostname: (v) => v.length <= 255 && HOSTNAME.test(v),
};

/** Returns why `value` does not have the `format`, or undefined when it has it or the format is not checked. */
export function checkFormat(format: string, value: unknown): string | undefined {
  if (typeof value === 'number') {
    if (format === 'int32' && (value < INT32_MIN || value > INT32_MAX)) return `${value} does not fit in int32`;
    if (format === 'int64' && Math.abs(value) >= INT64_LIMIT) return `${value} does not fit in int64`;
    return undefined;
  }
  if (typeof value !== 'string') return undefined;
  const check = STRING_FORMATS[format];
  return check === undefined || check(value) ? undefined : `${JSON.stringify(value)} is not a valid ${format}`;
}
