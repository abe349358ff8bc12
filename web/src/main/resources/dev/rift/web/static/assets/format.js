// Human-readable figures for the branch table.

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** 0 → "0 B", 49152 → "48 KiB", 157286400 → "150 MiB", 1536 → "1.5 KiB"; null → "–". */
export function bytes(n) {
  if (n === null || n === undefined || Number.isNaN(Number(n))) return '–';
  let value = Number(n);
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

const COUNT = new Intl.NumberFormat('en');

/** 1234567 → "1,234,567"; null → "–". */
export function count(n) {
  return n === null || n === undefined ? '–' : COUNT.format(n);
}

/** An ISO-8601 instant as "12 s ago", "5 min ago", "3 h ago", "4 d ago"; null → "never". */
export function ago(iso, now = Date.now()) {
  if (!iso) return 'never';
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return String(iso);
  const s = Math.max(0, Math.round((now - then) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

/** An ISO-8601 instant in the reader's local time, "2026-11-24 13:05:12". */
export function when(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const p = (x) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
