// Writes tables as CSV (RFC 4180) that spreadsheets open safely: quoted where needed, formulas defused in text cells.

/** A cell: text, a number, a flag, or nothing (an empty cell). */
export type CsvCell = string | number | boolean | null | undefined;

/**
 * Text a spreadsheet would run as a formula (OWASP's "CSV injection": =, +, -, @, and the tab and carriage
 * return some spreadsheets skip before looking). Only text cells get this: -0.5 in a number column stays a number.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Quotes are needed for the separator, quotes and line breaks; a quote inside is doubled. */
const NEEDS_QUOTES = /[",\r\n]/;

function textCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return textCell(value);
}

/** The header line and one line per row, CRLF-terminated as RFC 4180 says; rows shorter than the header are padded. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  const lines = [header.map(textCell).join(',')];
  for (const row of rows) {
    const cells = header.map((_, i) => csvCell(row[i]));
    lines.push(cells.join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
