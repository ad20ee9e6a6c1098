// Rule packs may use `matches: <regex>`. A pack is third-party data, so a pattern that can backtrack
// exponentially (catastrophic backtracking, "ReDoS") must be refused at load. We accept a conservative
// subset: no back-references, no lookbehind, and no quantified group that itself contains a quantifier or
// an alternation (the shapes behind (a+)+, (a|a)*, (a*)*).

export function unsafeRegexReason(pattern: string): string | undefined {
  if (pattern.length > 200) return 'longer than 200 characters';
  try {
    new RegExp(pattern, 'u');
  } catch (e) {
    return `not a valid regular expression (${(e as Error).message})`;
  }
  if (/\\[1-9]|\\k</.test(pattern)) return 'back-references are not allowed';
  if (/\(\?<[=!]/.test(pattern)) return 'lookbehind is not allowed';
  // scan groups: remember for each open group whether it holds a quantifier or an alternation
  const stack: { risky: boolean }[] = [];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\') { i++; continue; }
    if (inClass) { if (ch === ']') inClass = false; continue; }
    if (ch === '[') { inClass = true; continue; }
    if (ch === '(') { stack.push({ risky: false }); continue; }
    const isQuantifier = ch === '*' || ch === '+' || ch === '{' || (ch === '?' && pattern[i - 1] !== '(');
    if (ch === '|' && stack.length > 0) stack[stack.length - 1]!.risky = true;
    if (ch === ')') {
      const group = stack.pop();
      const next = pattern[i + 1];
      const quantified = next === '*' || next === '+' || next === '{' || next === '?';
      if (group?.risky && quantified) return 'a repeated group contains a repetition or an alternation (it could backtrack for ever)';
      if (group?.risky && stack.length > 0) stack[stack.length - 1]!.risky = true;
      continue;
    }
    if (isQuantifier && stack.length > 0) stack[stack.length - 1]!.risky = true;
  }
  return undefined;
}
