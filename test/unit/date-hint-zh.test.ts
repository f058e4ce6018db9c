/** The Chinese messages of a day-first date suggest the layout with the date's own separator, as the English one does. */
import { describe, expect, it } from 'vitest';
import { localizedErrorMessage } from '../../packages/elements/src/i18n/errors.js';

const err = (example: string) => ({
  code: 'invalid-value' as const,
  message: `orders.csv, column "order_date", row 1: "${example}" is not a date.`,
  detail: { file: 'orders.csv', column: 'order_date', row: 1, value: example, count: 1, expected: 'date' as const, rows: [1], hint: { kind: 'date-format' as const, example } },
});

describe('date-format hint in Chinese', () => {
  it('31.12.2024 → %d.%m.%Y (zh-Hant and zh-Hans); 31/12/2024 → %d/%m/%Y', () => {
    expect(localizedErrorMessage('zh-Hant', err('31.12.2024'))).toContain('date-format="%d.%m.%Y"（日在前）或 "%m.%d.%Y"（月在前）');
    expect(localizedErrorMessage('zh-Hans', err('31.12.2024'))).toContain('date-format="%d.%m.%Y"（日在前）或 "%m.%d.%Y"（月在前）');
    expect(localizedErrorMessage('zh-Hant', err('31/12/2024'))).toContain('date-format="%d/%m/%Y"（日在前）或 "%m/%d/%Y"（月在前）');
  });
});
