/** Reads CSV as RFC 4180 writes it (quoted fields, doubled quotes, CRLF), written apart from the product's writer. */
export function parseCsv(text: string): Array<Record<string, string>> {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    const next = body[i + 1];
    if (quoted && c === '"' && next === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (quoted) {
      field += c;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && next === '\n') {
      rows.push([...row, field]);
      row = [];
      field = '';
      i++;
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length > 0) throw new Error('CSV does not end with CRLF');
  const [header, ...lines] = rows;
  return lines.map((cells) => {
    if (cells.length !== header!.length) throw new Error(`a line has ${cells.length} fields, the header ${header!.length}`);
    return Object.fromEntries(header!.map((name, i) => [name, cells[i]!]));
  });
}
