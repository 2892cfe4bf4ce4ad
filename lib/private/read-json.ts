import * as fs from 'fs';

/** A JSON file, parsed; an error that names the file and what it is otherwise. */
export function readJson(path: string, what: string): any {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read the ${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`the ${what} ${path} is not JSON`);
  }
}
