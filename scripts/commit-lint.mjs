#!/usr/bin/env node
// Conventional Commits (https://www.conventionalcommits.org/en/v1.0.0/) for the commits that commit-and-tag-version
// reads: `npm run release` takes the next version and the CHANGELOG.md section from them, so a message it cannot parse
// is a change that no release mentions. Offline: git and node only.
//
//   node scripts/commit-lint.mjs                  the commits after the one that added this file, up to HEAD
//   node scripts/commit-lint.mjs --from <ref>     the commits in <ref>..HEAD (a pull request's base, say)
//   node scripts/commit-lint.mjs --edit <file>    one message in a file (a commit-msg hook: --edit "$1")
//
// The history before this file has no Conventional Commits, so only NEW commits are held to it: by default those after
// the commit that added scripts/commit-lint.mjs (which itself is not checked), or COMMIT_LINT_FROM, or --from.
// A commit's header is `type(scope)!: subject` (scope and ! optional): type one of .versionrc.json's types, lower
// case; a subject; at most 100 characters; a blank line before a body. A breaking change is `!` or a footer
// `BREAKING CHANGE: <what and how to migrate>`. Merge commits, git's `Revert "..."` and fixup!/squash!/amend! commits
// are passed over, as commitlint does.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const self = relative(root, fileURLToPath(import.meta.url)).split('\\').join('/');
const types = JSON.parse(readFileSync(join(root, '.versionrc.json'), 'utf8')).types.map((t) => t.type);
const HEADER = /^(?<type>[A-Za-z]+)(?:\((?<scope>[^()\r\n]*)\))?(?<bang>!)?: (?<subject>.*)$/;
const MAX_HEADER = 100;

const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();

/** The problems of one commit message; none when it is conventional or passed over. */
function problems(message) {
  const lines = message.replace(/\r\n/g, '\n').split('\n');
  const header = lines[0];
  if (/^(Merge |Revert "|(fixup|squash|amend)! )/.test(header)) return [];
  const found = [];
  const match = HEADER.exec(header);
  if (!match) {
    found.push(`the header is not 'type(scope)!: subject' (scope and ! optional), e.g. 'fix(user-pool): ...'`);
  } else {
    const { type, scope, subject } = match.groups;
    if (!types.includes(type.toLowerCase())) found.push(`unknown type '${type}': one of ${types.join(', ')}`);
    else if (type !== type.toLowerCase()) found.push(`the type '${type}' must be lower case: '${type.toLowerCase()}'`);
    if (scope !== undefined && scope.trim() === '') found.push('an empty scope: drop the parentheses or name one');
    if (subject.trim() === '') found.push('no subject after the colon');
  }
  if (header.length > MAX_HEADER) found.push(`the header has ${header.length} characters, more than ${MAX_HEADER}`);
  if (lines.length > 1 && lines[1].trim() !== '') found.push('no blank line between the header and the body');
  for (const line of lines.slice(1)) {
    if (/^BREAKING[ -]CHANGE\b/i.test(line) && !/^BREAKING[ -]CHANGE: \S/.test(line)) {
      found.push(`'${line.slice(0, 40)}': a breaking-change footer is 'BREAKING CHANGE: <description>', in capitals`);
    }
  }
  return found;
}

function report(label, message) {
  const found = problems(message);
  if (found.length > 0) {
    console.error(`${label}: ${message.split('\n')[0]}`);
    for (const p of found) console.error(`  - ${p}`);
  }
  return found.length === 0;
}

function main(argv) {
  const arg = (name) => {
    const i = argv.indexOf(name);
    return i === -1 ? undefined : argv[i + 1];
  };
  const edit = arg('--edit');
  if (edit !== undefined) {
    const message = readFileSync(edit, 'utf8').split('\n').filter((l) => !l.startsWith('#')).join('\n').trim();
    if (!report('commit message', message)) process.exit(1);
    return;
  }

  let from = arg('--from') ?? process.env.COMMIT_LINT_FROM;
  let what;
  if (from) {
    what = `${from}..HEAD`;
  } else {
    // The oldest commit that added this file: the check starts after it.
    const added = git('log', '--format=%H', '--diff-filter=A', '--', self).split('\n').filter(Boolean);
    if (added.length === 0) {
      if (git('rev-parse', '--is-shallow-repository') === 'true') {
        console.error(`commit-lint: a shallow clone without the commit that added ${self}: fetch the history ` +
          '(actions/checkout with fetch-depth: 0) or pass --from <ref>');
        process.exit(2);
      }
      console.log(`commit-lint: ${self} is not committed yet, so no commit comes after it: nothing to check`);
      return;
    }
    if (git('rev-parse', '--is-shallow-repository') === 'true') {
      console.log('commit-lint: a shallow clone, whose oldest commit seems to add every file: only the commits after it are ' +
        'checked (fetch the whole history for the full check: actions/checkout with fetch-depth: 0)');
    }
    from = added[added.length - 1];
    what = `after ${from.slice(0, 7)}, which added ${self}`;
  }
  const commits = git('rev-list', '--no-merges', '--reverse', `${from}..HEAD`).split('\n').filter(Boolean);
  let bad = 0;
  for (const sha of commits) {
    if (!report(sha.slice(0, 7), git('log', '-1', '--format=%B', sha))) bad++;
  }
  if (bad > 0) {
    console.error(`commit-lint: ${commits.length} commit(s) checked (${what}), ${bad} not Conventional Commits ` +
      '(CONTRIBUTING.md, "Releasing"); reword them (git rebase -i, reword) before they reach main');
    process.exit(1);
  }
  console.log(`commit-lint: ${commits.length} commit(s) checked (${what}), each a Conventional Commit`);
}

main(process.argv.slice(2));
