#!/usr/bin/env node
// Prints the CHANGELOG.md section of one version, without its heading: the body of the GitHub release that the release
// workflow makes for the tag v<version>. Exits 1 when CHANGELOG.md has no section for it (`## <version>`, or
// `## [<version>](compare link)` as commit-and-tag-version writes it), so a tag whose version was not released with
// `npm run release` stops the workflow before anything is published.
//
//   node scripts/changelog-section.mjs 0.2.0 [CHANGELOG.md]
import { readFileSync } from 'node:fs';

const [version, file = 'CHANGELOG.md'] = process.argv.slice(2);
if (!version || !/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/.test(version)) {
  console.error('usage: node scripts/changelog-section.mjs <version> [CHANGELOG.md]   (a version such as 0.2.0, no v)');
  process.exit(2);
}
const lines = readFileSync(file, 'utf8').split('\n');
const escaped = version.replace(/[.+]/g, '\\$&');
const heading = new RegExp(`^#{1,3} \\[?${escaped}(?:\\]|\\s|$)`);
const start = lines.findIndex((line) => heading.test(line));
if (start === -1) {
  console.error(`${file} has no section for ${version}: run npm run release before tagging (CONTRIBUTING.md, "Releasing")`);
  process.exit(1);
}
// The section ends at the next release heading (a patch release's is `###` in commit-and-tag-version's format).
const next = lines.findIndex((line, i) => i > start && /^#{1,3} \[?\d+\.\d+\.\d+/.test(line));
const body = lines.slice(start + 1, next === -1 ? lines.length : next).join('\n').trim();
process.stdout.write(`${body}\n`);
