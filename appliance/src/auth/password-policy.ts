// What a password must be (R-ACC-6, TCVN 11930:2017 level 3 asks for complexity and history;
// NIST SP 800-63B asks for length over composition rules and a deny list). We take both: at least
// 12 characters, three of four character classes, not built on the username or the person's name,
// not a well-known password, and none of the last five (checked by accounts.ts against hashes).
// Messages are codes with parameters so the dashboard says them in Vietnamese or English.

export type PasswordProblem =
  | { code: 'too_short'; min: number }
  | { code: 'too_long'; max: number }
  | { code: 'too_simple'; classes: number }
  | { code: 'contains_name' }
  | { code: 'common' }
  | { code: 'reused'; last: number };

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 128;
export const PASSWORD_HISTORY = 5;

// The most common passwords and the shapes Vietnamese offices reuse (the BP default "123456a@").
const COMMON = new Set([
  '123456789012',
  '1234567890ab',
  'password1234',
  'password@123',
  'matkhau@1234',
  'matkhau12345',
  'admin@123456',
  'administrator',
  'qwertyuiop12',
  'abc@12345678',
  '123456a@1234',
  'a123456789@a',
  'changeme1234',
  'welcome@1234',
  'vietnam@1234',
]);

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();

export function passwordProblems(password: string, names: readonly string[] = []): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const chars = [...password];
  if (chars.length < MIN_PASSWORD_LENGTH) problems.push({ code: 'too_short', min: MIN_PASSWORD_LENGTH });
  if (chars.length > MAX_PASSWORD_LENGTH) problems.push({ code: 'too_long', max: MAX_PASSWORD_LENGTH });
  const classes = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{L}\p{Nd}]/u].filter((r) => r.test(password)).length;
  if (classes < 3) problems.push({ code: 'too_simple', classes });
  const folded = fold(password);
  const parts = names.flatMap((n) => fold(n).split(/[\s._@-]+/)).filter((p) => p.length >= 4);
  if (parts.some((p) => folded.includes(p))) problems.push({ code: 'contains_name' });
  if (COMMON.has(folded) || /^(.)\1+$/.test(folded)) problems.push({ code: 'common' });
  return problems;
}

/** One line per problem, in English, for logs and API messages. */
export function describeProblems(problems: readonly PasswordProblem[]): string {
  return problems
    .map((p) => {
      switch (p.code) {
        case 'too_short':
          return `at least ${p.min} characters`;
        case 'too_long':
          return `at most ${p.max} characters`;
        case 'too_simple':
          return 'three of: lower case, upper case, digits, symbols';
        case 'contains_name':
          return 'must not contain the username or the person’s name';
        case 'common':
          return 'too well known';
        case 'reused':
          return `must differ from the last ${p.last} passwords`;
      }
      return 'invalid';
    })
    .join('; ');
}
