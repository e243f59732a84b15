import { expect } from '@jest/globals';
import type { Page } from 'playwright-core';
import { screenshot } from './browser.helper.js';

/** The width of a phone: 390 × 844 CSS pixels (an iPhone 14). */
export const PHONE = { width: 390, height: 844 };

interface LayoutProblems {
  scrollWidth: number;
  buttons: string[];
  selects: string[];
}

/**
 * Measures the page in the browser: its scroll width; every submit button that is, once
 * scrolled to, not wholly inside the viewport or covered at an edge (clipped by an
 * `overflow` ancestor, pushed off-screen); every select in <main> narrower than its widest
 * option's text plus its own padding (a "collapsed" select that shows "Membe").
 */
export async function layoutProblems(page: Page): Promise<LayoutProblems> {
  const buttons: string[] = [];
  for (const button of await page.locator('form button[type="submit"]:visible').all()) {
    await button.scrollIntoViewIfNeeded();
    const problem = await button.evaluate((element: Element) => {
      const rect = element.getBoundingClientRect();
      const name = (element.textContent ?? '').trim();
      if (rect.width === 0 || rect.height === 0) return `${name}: no size`;
      if (
        rect.left < 0 ||
        rect.top < 0 ||
        rect.right > window.innerWidth ||
        rect.bottom > window.innerHeight
      )
        return `${name}: outside the viewport (${Math.round(rect.left)}–${Math.round(rect.right)})`;
      // Edge midpoints, not corners: a rounded corner is not part of the button for hit tests.
      const inset = 2;
      const midX = (rect.left + rect.right) / 2;
      const midY = (rect.top + rect.bottom) / 2;
      for (const [x, y] of [
        [rect.left + inset, midY],
        [rect.right - inset, midY],
        [midX, rect.top + inset],
        [midX, rect.bottom - inset],
      ] as const) {
        const hit = document.elementFromPoint(x, y);
        if (!hit || !(hit === element || element.contains(hit)))
          return `${name}: covered or clipped at (${Math.round(x)}, ${Math.round(y)})`;
      }
      return null;
    });
    if (problem) buttons.push(problem);
  }
  const { scrollWidth, selects } = await page.evaluate(() => {
    const canvas = document.createElement('canvas').getContext('2d')!;
    const narrow: string[] = [];
    for (const select of Array.from(document.querySelectorAll('main select'))) {
      const style = getComputedStyle(select);
      canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const widest = Math.max(
        ...Array.from((select as HTMLSelectElement).options).map(
          (option) => canvas.measureText(option.text).width,
        ),
      );
      const needed = widest + parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
      if (select.clientWidth + 1 < needed)
        narrow.push(
          `${select.id || (select as HTMLSelectElement).name}: ${select.clientWidth}px < ${Math.ceil(needed)}px`,
        );
    }
    return { scrollWidth: document.documentElement.scrollWidth, selects: narrow };
  });
  return { scrollWidth, buttons, selects };
}

/**
 * Saves e2e/test-results/phone-<name>.png of the open page and checks its layout at the
 * viewport's width: nothing scrolls sideways, no submit button is cut off or covered, no select
 * is too narrow for its options.
 */
export async function expectFitsPhone(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await screenshot(page, `phone-${name}`);
  const { scrollWidth, buttons, selects } = await layoutProblems(page);
  expect({
    page: name,
    fitsWidth: scrollWidth <= PHONE.width,
    scrollWidth,
    buttons,
    selects,
  }).toEqual({ page: name, fitsWidth: true, scrollWidth, buttons: [], selects: [] });
}
