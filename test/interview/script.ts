// A scripted terminal for the interview flow: answers by field path, "Enter" for everything else, and a log
// of what was asked and said. It behaves like @inquirer/prompts where it matters: Enter on a text question
// gives its default, and an answer the question's own validation refuses fails the test with the message.
import type { Ask } from '../../src/interview/flow.js';

export const ENTER = Symbol('enter');
export type Reply = typeof ENTER | string | string[];

export interface Script extends Ask {
  asked: string[];
  said: { text: string; kind: string }[];
}

export function script(replies: Record<string, Reply> = {}): Script {
  const next = (field: string): Reply => replies[field] ?? ENTER;
  const s: Script = {
    asked: [],
    said: [],
    async select(spec) {
      s.asked.push(spec.field);
      const reply = next(spec.field);
      if (reply === ENTER) return spec.default;
      if (typeof reply !== 'string' || !spec.choices.some((c) => c.value === reply))
        throw new Error(`${spec.field}: ${String(reply)} is not a choice`);
      return reply;
    },
    async checkbox(spec) {
      s.asked.push(spec.field);
      const reply = next(spec.field);
      const chosen = reply === ENTER ? spec.choices.filter((c) => c.checked).map((c) => c.value) : (reply as string[]);
      const verdict = spec.validate(chosen);
      if (verdict !== true) throw new Error(`${spec.field}: ${verdict}`);
      return chosen;
    },
    async text(spec) {
      s.asked.push(spec.field);
      const reply = next(spec.field);
      const raw = reply === ENTER ? (spec.default ?? '') : (reply as string);
      const verdict = spec.validate(raw);
      if (verdict !== true) throw new Error(`${spec.field}: ${verdict}`);
      return raw;
    },
    say(text, kind) {
      s.said.push({ text, kind });
    },
  };
  return s;
}
