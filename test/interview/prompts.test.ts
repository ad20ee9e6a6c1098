// The specs of the interview driven through the real @inquirer/prompts with @inquirer/testing: what the user
// sees (choices, defaults, validation messages) and what Enter, the arrows and typing give back.
import { describe, expect, it } from 'vitest';
import { render } from '@inquirer/testing';
import { input, select } from '@inquirer/prompts';
import { tickList } from '../../src/interview/tick-list.js';
import { answerValue, promptFor } from '../../src/interview/answers.js';
import type { Question } from '../../src/interview/questions.js';
import { checkboxConfig, inputConfig, selectConfig } from '../../src/cli/interview.js';
import { fieldDef, FIELD_INDEX } from '../../src/profile/fields.js';
import type { Lang } from '../../src/types.js';

/**
 * Validation runs asynchronously in @inquirer/core: wait for the message rather than for a fixed tick. The
 * test screen wraps at 80 columns, at a space that some terminals keep at the end of the line and others drop;
 * a line break and the spaces around it count as one space, so long messages compare whole either way.
 */
async function screenWith(getScreen: () => string, text: string): Promise<string> {
  const joined = (): string => getScreen().replace(/[ \t]*\n[ \t]*/g, ' ');
  for (let i = 0; i < 100; i++) {
    if (joined().includes(text)) return joined();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return joined();
}

const q = (path: string): Question => ({
  field: fieldDef(path)!,
  slot: FIELD_INDEX.get(path)!,
  blocker: false,
  rules: [],
});

async function text(path: string, current: unknown, lang: Lang) {
  const p = promptFor(q(path), current, lang);
  if (p.kind !== 'text') throw new Error('text expected');
  return render(input, inputConfig(p.spec));
}

describe('number questions', () => {
  it('explains a bad number, then accepts a French decimal comma', async () => {
    const { answer, events, getScreen } = await text('pricing.marginAfterFeesPct', undefined, 'fr');
    events.type('beaucoup');
    events.keypress('enter');
    expect(await screenWith(getScreen, 'Nombre attendu')).toContain(
      '> Nombre attendu, par exemple 12,5 ou 12.5, de -100 à 100 ; ? si vous ne savez pas',
    );
    for (let i = 0; i < 'beaucoup'.length; i++) events.keypress('backspace');
    events.type('42,5');
    events.keypress('enter');
    expect(answerValue(q('pricing.marginAfterFeesPct'), await answer, undefined, 'fr')).toBe(42.5);
  });

  it('refuses a value out of range with the limit', async () => {
    const { answer, events, getScreen } = await text('productRange.positiveListSharePct', undefined, 'en');
    events.type('120');
    events.keypress('enter');
    expect(await screenWith(getScreen, 'too large')).toContain('> 120 is too large: the maximum is 100');
    for (let i = 0; i < 3; i++) events.keypress('backspace');
    events.type('?');
    events.keypress('enter');
    expect(answerValue(q('productRange.positiveListSharePct'), await answer, undefined, 'en')).toBeUndefined();
  });

  it('shows the current answer, and Enter keeps it', async () => {
    const { answer, events, getScreen } = await text('pricing.year1BudgetEur', 85000.5, 'fr');
    expect(getScreen()).toContain('(85000,5)');
    events.keypress('enter');
    expect(answerValue(q('pricing.year1BudgetEur'), await answer, 85000.5, 'fr')).toBe(85000.5);
  });
});

describe('choices', () => {
  it('a boolean is yes / no / don’t know, starting on the current answer', async () => {
    const p = promptFor(q('company.overseasBankAccount'), false, 'en');
    if (p.kind !== 'select') throw new Error('select expected');
    const { answer, events, getScreen } = await render(select, selectConfig(p.spec));
    const screen = getScreen();
    expect(screen).toContain('A bank account outside mainland China');
    expect(screen).toMatch(/yes[\s\S]*❯ no[\s\S]*don’t know/);
    events.keypress('enter');
    expect(answerValue(q('company.overseasBankAccount'), await answer, false, 'en')).toBe(false);
  });

  it('an unknown enum starts on "don’t know"; the arrows pick a value', async () => {
    const p = promptFor(q('pricing.greyMarketPresence'), undefined, 'fr');
    if (p.kind !== 'select') throw new Error('select expected');
    const { answer, events, getScreen } = await render(select, selectConfig(p.spec));
    expect(getScreen()).toContain('❯ je ne sais pas');
    events.keypress('up');
    events.keypress('enter');
    expect(await answer).toBe('high');
  });

  it('a list is a checkbox with the current items ticked; "don’t know" cannot be ticked with them', async () => {
    const p = promptFor(q('partners.payment'), ['alipay'], 'en');
    if (p.kind !== 'checkbox') throw new Error('checkbox expected');
    const { answer, events, getScreen } = await render(tickList, checkboxConfig(p.spec));
    expect(getScreen()).toMatch(/◉ Alipay \(alipay\)/);
    // down to "don't know" (the fourth line) and tick it beside Alipay
    events.keypress('down');
    events.keypress('down');
    events.keypress('down');
    events.keypress('space');
    events.keypress('enter');
    expect(await screenWith(getScreen, 'cannot be ticked')).toContain(
      '“don’t know” cannot be ticked together with other answers',
    );
    events.keypress('space');
    events.keypress('enter');
    expect(await answer).toEqual(['alipay']);
  });
});

describe('typing in a tick list', () => {
  it('digits tick nothing, are said on screen, and the Enter after them does not confirm', async () => {
    const p = promptFor(q('pricing.promotionCalendar'), ['618'], 'en');
    if (p.kind !== 'checkbox') throw new Error('checkbox expected');
    const { answer, events, getScreen } = await render(tickList, checkboxConfig(p.spec));
    let settled = false;
    void answer.then(() => (settled = true));
    // an answer meant for the next question, typed one question too early (key by key: events.type would send
    // each key twice, once through the input stream and once as a keypress)
    for (const key of '48,5') events.keypress(key);
    events.keypress('enter');
    expect(await screenWith(getScreen, 'ticks nothing')).toContain('Typing (48,5) ticks nothing in this list');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    // nothing was ticked: 618 alone, as before
    expect(getScreen().match(/◉ [^\n]*/g)).toEqual(['◉ 618']);
    events.keypress('enter');
    expect(await answer).toEqual(['618']);
  });

  it('a and i stay shortcuts on their own', async () => {
    const p = promptFor(q('partners.payment'), [], 'en');
    if (p.kind !== 'checkbox') throw new Error('checkbox expected');
    const { answer, events } = await render(tickList, checkboxConfig(p.spec));
    events.keypress('a');
    events.keypress('down');
    events.keypress('down');
    events.keypress('down');
    events.keypress('space'); // "don't know" off again
    events.keypress('enter');
    expect(await answer).toEqual(['alipay', 'wechat-pay', 'unionpay']);
  });
});

describe('the key hints and finished answers speak the interview’s language', () => {
  it.each([
    ['en', '↑↓ move • ⏎ choose'],
    ['fr', '↑↓ se déplacer • ⏎ choisir'],
    ['zh', '↑↓ 移动 • ⏎ 选择'],
  ] as const)('select, %s: %s', async (lang, hint) => {
    const p = promptFor(q('pricing.greyMarketPresence'), undefined, lang);
    if (p.kind !== 'select') throw new Error('select expected');
    const { answer, events, getScreen } = await render(select, selectConfig(p.spec, lang));
    expect(getScreen()).toContain(hint);
    expect(getScreen()).not.toMatch(/navigate|select/);
    events.keypress('enter');
    await answer;
  });

  it.each([
    ['fr', '↑↓ se déplacer • espace cocher • a tout • i inverser • ⏎ valider'],
    ['zh', '↑↓ 移动 • 空格 勾选 • a 全选 • i 反选 • ⏎ 确认'],
  ] as const)('checkbox, %s: %s', async (lang, hint) => {
    const p = promptFor(q('partners.payment'), undefined, lang);
    if (p.kind !== 'checkbox') throw new Error('checkbox expected');
    const { answer, events, getScreen } = await render(tickList, checkboxConfig(p.spec, lang));
    expect(getScreen()).toContain(hint);
    events.keypress('enter');
    await answer;
  });

  it('an unknown list: ticking an item beside the "don’t know" ticked from the start answers with the item', async () => {
    const p = promptFor(q('localization.socialChannels'), undefined, 'fr');
    if (p.kind !== 'checkbox') throw new Error('checkbox expected');
    const { answer, events, getScreen } = await render(tickList, checkboxConfig(p.spec, 'fr'));
    expect(getScreen()).toMatch(/◉ je ne sais pas/);
    events.keypress('space'); // WeChat, the first line
    events.keypress('enter');
    const chosen = await answer;
    expect(answerValue(q('localization.socialChannels'), chosen, undefined, 'fr')).toEqual(['wechat']);
    expect(getScreen()).toContain('Comptes officiels actifs sur les réseaux sociaux chinois WeChat (wechat)');
    expect(getScreen()).not.toContain('je ne sais pas');
  });

  it('a finished text question shows "don’t know" for "?" rather than the bare sign', async () => {
    const { answer, events, getScreen } = await text('productRange.skuCount', undefined, 'fr');
    events.type('?');
    events.keypress('enter');
    expect(answerValue(q('productRange.skuCount'), await answer, undefined, 'fr')).toBeUndefined();
    expect(getScreen()).toMatch(/Références \(SKU\) prévues pour la Chine \(\? = je ne sais pas\) je ne sais pas$/);
  });
});
