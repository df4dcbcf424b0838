import type { Response } from 'express';

type Cell = string | number | null;

/**
 * One CSV line (RFC 4180): fields with a comma, quote or line break are quoted, quotes doubled. Text
 * that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage return)
 * is prefixed with an apostrophe; numbers are written as they are.
 */
export function csvLine(cells: readonly Cell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

function csvCell(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  const text = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Cents as an amount with two decimals (every catalog currency has hundredths). */
export const amount = (cents: number) => (cents / 100).toFixed(2);

/** Starts a CSV download: UTF-8 with a byte-order mark (spreadsheets then read non-ASCII text right), the header line. */
export function startCsv(res: Response, filename: string, header: readonly string[]): void {
  res.status(200);
  res.set({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${filename}"`, 'Cache-Control': 'no-store' });
  res.write(`\uFEFF${csvLine(header)}`);
}
