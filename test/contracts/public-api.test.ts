import * as fs from 'fs';
import * as path from 'path';

/**
 * Every public name of the last release is still there: each type of the committed list (test/support/public-api.json,
 * written from the release's jsii assembly) and each of its members, in the assembly `npm run build` makes now. A
 * rename keeps the old name as a deprecated alias for a minor release; only a release that removes it may update
 * the list.
 */
const root = path.join(__dirname, '..', '..');
const released: { [fqn: string]: { kind: string; members: string[] } } = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'support', 'public-api.json'), 'utf8'));
const assembly = JSON.parse(fs.readFileSync(path.join(root, '.jsii'), 'utf8'));

function membersOf(t: any): string[] {
  return [
    ...(t.properties ?? []).map((p: any) => `${p.static ? 'static ' : ''}${p.name}`),
    ...(t.methods ?? []).map((m: any) => `${m.static ? 'static ' : ''}${m.name}()`),
    ...(t.members ?? []).map((m: any) => m.name),
    ...(t.initializer ? ['constructor'] : []),
  ];
}

/** Members of a struct or interface include those it inherits. */
function allMembers(fqn: string): string[] {
  const t = assembly.types[fqn];
  if (!t) return [];
  return [...membersOf(t), ...(t.interfaces ?? []).flatMap(allMembers), ...(t.base ? allMembers(t.base) : [])];
}

test.each(Object.keys(released))('%s and each of its members still exist', (fqn) => {
  expect(assembly.types[fqn]).toBeDefined();
  const now = new Set(allMembers(fqn));
  expect(released[fqn].members.filter((m) => !now.has(m))).toEqual([]);
});

test('the check can fail: a name the assembly lacks is reported', () => {
  expect(assembly.types['cdk-cognito-auth.NoSuchConstruct']).toBeUndefined();
  expect(new Set(allMembers('cdk-cognito-auth.CognitoAuth')).has('noSuchMethod()')).toBe(false);
});
