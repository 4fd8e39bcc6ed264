// The CSV writer: what a spreadsheet or a CSV parser reads back is exactly what was written, and no cell runs as a formula.
import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv';

describe('csvCell', () => {
  it('writes plain text, numbers and flags as they are', () => {
    expect(csvCell('mlp-64-32')).toBe('mlp-64-32');
    expect(csvCell(0.9812)).toBe('0.9812');
    expect(csvCell(1e-5)).toBe('0.00001');
    expect(csvCell(true)).toBe('true');
  });

  it('leaves missing and non-finite values empty', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(Number.POSITIVE_INFINITY)).toBe('');
  });

  it('quotes separators, quotes and line breaks, doubling inner quotes', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line 1\nline 2')).toBe('"line 1\nline 2"');
    expect(csvCell('cr\rlf')).toBe('"cr\rlf"');
  });

  it('defuses text that a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-lr')).toBe("'-lr");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
  });

  it('keeps negative numbers numbers', () => {
    expect(csvCell(-0.5)).toBe('-0.5');
  });
});

/** A small RFC 4180 reader, to check that what was written reads back cell for cell. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe('toCsv', () => {
  it('writes a header and CRLF-terminated rows that read back unchanged', () => {
    const text = toCsv(['name', 'notes', 'testAccuracy'], [
      ['run "a"', 'first, then\nsecond', 0.97],
      ['b', null, -1],
    ]);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(parseCsv(text)).toEqual([
      ['name', 'notes', 'testAccuracy'],
      ['run "a"', 'first, then\nsecond', '0.97'],
      ['b', '', '-1'],
    ]);
  });

  it('pads short rows so every line has as many cells as the header', () => {
    expect(toCsv(['a', 'b', 'c'], [[1]])).toBe('a,b,c\r\n1,,\r\n');
  });

  it('writes only the header for no rows', () => {
    expect(toCsv(['epoch', 'loss'], [])).toBe('epoch,loss\r\n');
  });
});
