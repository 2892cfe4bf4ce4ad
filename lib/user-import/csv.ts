/*
 * The CSV dialect of Cognito's user import, read as Cognito reads it. It is not RFC 4180: "Attribute values that are
 * strings should not be in quotation marks" and "If an attribute value contains a comma, you must put a backslash (\)
 * before the comma" (Amazon Cognito Developer Guide, "Creating the user import CSV file",
 * https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-using-import-tool-csv-header.html).
 * A general CSV library would take a quoted value apart differently from Cognito and turn `\,` into a backslash and a
 * column break, so the few lines below are the parser: commas separate values, `\,` is a comma inside a value, lines
 * end with LF or CRLF, and quotation marks are kept as written (the validator reports them).
 */

/** One line of the file: its number (the header is line 1) and its values, `\,` turned into `,`. */
export interface CsvLine {
  readonly line: number;
  readonly values: string[];
  /** Its length in characters, as written. */
  readonly length: number;
}

export interface CognitoCsv {
  /** The first line; undefined for an empty file. */
  readonly header?: CsvLine;
  /** The lines after the header, blank lines left out. */
  readonly rows: CsvLine[];
  /** The numbers of the blank lines after the header. */
  readonly blankLines: number[];
  /** The file starts with a byte order mark (Cognito wants UTF-8 without one). */
  readonly byteOrderMark: boolean;
}

/** Splits one line into its values: a comma ends a value, a backslash before a comma makes it part of the value. */
export function splitLine(text: string): string[] {
  const values: string[] = [];
  let value = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && text[i + 1] === ',') {
      value += ',';
      i++;
    } else if (c === ',') {
      values.push(value);
      value = '';
    } else {
      value += c;
    }
  }
  values.push(value);
  return values;
}

/** Reads a user import file's text. */
export function parseCognitoCsv(text: string): CognitoCsv {
  const byteOrderMark = text.startsWith('\uFEFF');
  const lines = (byteOrderMark ? text.slice(1) : text).split(/\r\n|\n|\r/);
  // a file that ends with a line break has nothing after it
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) return { rows: [], blankLines: [], byteOrderMark };
  const read = (l: string, i: number): CsvLine => ({ line: i + 1, values: splitLine(l), length: l.length });
  const rows: CsvLine[] = [];
  const blankLines: number[] = [];
  lines.slice(1).forEach((l, i) => (l.trim() === '' ? blankLines.push(i + 2) : rows.push(read(l, i + 1))));
  return { header: read(lines[0], 0), rows, blankLines, byteOrderMark };
}
