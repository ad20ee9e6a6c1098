// The interview's tick list: @inquirer/checkbox's keys (↑↓ move, space ticks, a all, i invert, Enter confirms)
// without its number shortcuts. A consultant who types an answer meant for the next question (`48,5`) would
// otherwise tick the 4th, 8th and 5th items and confirm them with the Enter that followed, without a word. Here
// typing ticks nothing: it is said on screen, and the Enter after it only asks for a second Enter.
import {
  createPrompt,
  isDownKey,
  isEnterKey,
  isSpaceKey,
  isUpKey,
  makeTheme,
  useKeypress,
  usePagination,
  usePrefix,
  useRef,
  useState,
  type Theme,
} from '@inquirer/core';
import { Chalk } from 'chalk';

export interface TickChoice {
  value: string;
  name: string;
  checked?: boolean;
}

export interface TickListConfig {
  message: string;
  choices: readonly TickChoice[];
  validate?: (chosen: readonly { value: string }[]) => true | string;
  pageSize?: number;
  /** what typing in the list says; {keys} is what was typed */
  strayMessage: (typed: string) => string;
  color?: boolean;
  theme?: {
    style?: {
      keysHelpTip?: (keys: readonly (readonly [string, string])[]) => string;
      renderSelectedChoices?: (chosen: readonly { value: string }[]) => string;
    };
  };
}

interface Item extends TickChoice {
  checked: boolean;
}

/** A key that writes a character: what a person typing an answer sends. */
function typedText(key: { name?: string; ctrl?: boolean; meta?: boolean; sequence?: string }): string | null {
  if (key.ctrl || key.meta) return null;
  const text = key.sequence ?? key.name ?? '';
  return text.length === 1 && text >= ' ' && text !== ' ' && text !== '\u007f' ? text : null;
}

export const tickList = createPrompt<string[], TickListConfig>((config, done) => {
  const c = new Chalk({ level: config.color ? 1 : 0 });
  const theme = makeTheme<Record<string, never>>({}) as Theme;
  const [status, setStatus] = useState<'idle' | 'done'>('idle');
  const prefix = usePrefix({ status, theme });
  const [items, setItems] = useState<Item[]>(config.choices.map((x) => ({ ...x, checked: x.checked === true })));
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | undefined>(undefined);
  // what was typed since the last deliberate key; while it is not empty, Enter does not confirm
  // (a ref, not state: keys typed in one burst arrive before the prompt renders again)
  const typedRef = useRef('');
  const setTyped = (text: string): void => {
    typedRef.current = text;
  };

  useKeypress((key, rl) => {
    const event = key as typeof key & { sequence?: string; meta?: boolean };
    // readline keeps what is typed as a line of text, which @inquirer would show after the prompt: a list has none
    rl.clearLine(0);
    const typed = typedRef.current;
    if (isEnterKey(key)) {
      if (typed !== '') {
        setTyped('');
        return;
      }
      const chosen = items.filter((x) => x.checked);
      const valid = config.validate ? config.validate(chosen) : true;
      if (valid === true) {
        setStatus('done');
        done(chosen.map((x) => x.value));
      } else setError(valid);
      return;
    }
    if (isUpKey(key) || isDownKey(key)) {
      const next = active + (isUpKey(key) ? -1 : 1);
      if (next >= 0 && next < items.length) setActive(next);
      return;
    }
    const text = typedText(event);
    // `a` and `i` are shortcuts when pressed on their own, letters of a word when typed after other letters
    if (typed === '' && (text === 'a' || text === 'i')) {
      setError(undefined);
      if (text === 'a') {
        const all = items.some((x) => !x.checked);
        setItems(items.map((x) => ({ ...x, checked: all })));
      } else setItems(items.map((x) => ({ ...x, checked: !x.checked })));
      return;
    }
    if (isSpaceKey(key)) {
      setTyped('');
      setError(undefined);
      setItems(items.map((x, i) => (i === active ? { ...x, checked: !x.checked } : x)));
      return;
    }
    if (text !== null) {
      const now = typed + text;
      setTyped(now);
      setError(config.strayMessage(now));
    }
  });

  const message = c.bold(config.message);
  if (status === 'done') {
    const chosen = items.filter((x) => x.checked);
    const byValue = (list: readonly { value: string }[]): string => list.map((x) => x.value).join(', ');
    const render = config.theme?.style?.renderSelectedChoices ?? byValue;
    return `${prefix} ${message} ${c.cyan(render(chosen))}`;
  }
  const page = usePagination({
    items,
    active,
    renderItem({ item, isActive }) {
      const box = item.checked ? c.green('◉') : '◯';
      const line = `${isActive ? '❯' : ' '}${box} ${item.name}`;
      return isActive ? c.cyan(line) : line;
    },
    pageSize: config.pageSize ?? 7,
    loop: false,
  });
  const keys: [string, string][] = [
    ['↑↓', 'navigate'],
    ['space', 'select'],
    ['a', 'all'],
    ['i', 'invert'],
    ['⏎', 'submit'],
  ];
  const help = config.theme?.style?.keysHelpTip?.(keys) ?? keys.map(([k, a]) => `${k} ${a}`).join(' • ');
  const lines = [`${prefix} ${message}`, page, ' ', error ? c.red(`> ${error}`) : '', help]
    .filter(Boolean)
    .join('\n')
    .trimEnd();
  return `${lines}\u001b[?25l`;
});
