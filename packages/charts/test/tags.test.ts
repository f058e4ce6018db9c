// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { tagsChart, type TagBar } from '../src/tags.js';
import { matchesSnapshot } from './svg-snapshot.js';

// 200 customers counted: loyal 50 (25 %), new 20 (10 %), a register tag 10 (5 %).
const bars: TagBar[] = [
  { key: 'loyal', label: 'Loyal', customers: 50, customerShare: 0.25, value: '50 · 40% of revenue', detail: 'Loyal\nCustomers: 50', kind: 'built-in' },
  { key: 'new', label: 'New', customers: 20, customerShare: 0.1, value: '20 · 5% of revenue', detail: 'New\nCustomers: 20', kind: 'built-in' },
  { key: 'register:VIP', label: 'VIP', customers: 10, customerShare: 0.05, value: '10 · 30% of revenue', detail: 'VIP\nCustomers: 10', kind: 'register' },
];

describe('tags chart', () => {
  it('draws one bar a tag, the longest for the largest share, selectable marks', () => {
    const picked: string[] = [];
    const svg = tagsChart(bars, { width: 600, title: 'Customer tags', selected: ['new'], onSelect: (b) => picked.push(b.key) });
    // 3 rows of 28 px + 6 + 6
    expect(svg.getAttribute('height')).toBe(String(3 * 28 + 12));
    const marks = [...svg.querySelectorAll('[part="mark"]')];
    expect(marks.map((m) => m.getAttribute('data-key'))).toEqual(['loyal', 'new', 'register:VIP']);
    const w = marks.map((m) => Number(m.getAttribute('width')));
    // Widths proportional to the shares: 0.1 / 0.25 and 0.05 / 0.25 of the longest.
    expect(w[1] / w[0]).toBeCloseTo(0.4, 9);
    expect(w[2] / w[0]).toBeCloseTo(0.2, 9);
    expect(marks.map((m) => m.getAttribute('aria-pressed'))).toEqual(['false', 'true', 'false']);
    expect(marks[0].getAttribute('aria-label')).toBe('Loyal, Customers: 50');
    expect(marks[0].getAttribute('tabindex')).toBe('0');
    marks[2].dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    marks[0].dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(picked).toEqual(['register:VIP', 'loyal']);
    expect([...svg.querySelectorAll('text.label')].map((t) => t.textContent)).toEqual(['Loyal', 'New', 'VIP']);
    expect(matchesSnapshot(svg, 'tags')).toBe(true);
  });
});
