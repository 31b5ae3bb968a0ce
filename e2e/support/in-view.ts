// Clicks the way a user with a mouse can: only a control that is inside the window and not
// covered by anything (Playwright's own click would scroll it into view first).
import { expect, type Locator, type Page } from '@playwright/test';

async function visibleCentre(page: Page, target: Locator): Promise<{ x: number; y: number }> {
  const viewport = page.viewportSize();
  if (!viewport) throw new Error('the page has no viewport size');
  let centre = { x: -1, y: -1 };
  await expect
    .poll(
      async () => {
        const box = await target.boundingBox();
        if (!box) return 'not laid out';
        if (box.x < 0 || box.y < 0) return `starts outside the window at ${box.x},${box.y}`;
        if (box.x + box.width > viewport.width || box.y + box.height > viewport.height)
          return `ends outside the ${viewport.width}×${viewport.height} window at ${Math.round(box.x + box.width)},${Math.round(box.y + box.height)}`;
        centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
        const onTop = await target.evaluate((el, at) => {
          const top = document.elementFromPoint(at.x, at.y);
          return top !== null && el.contains(top);
        }, centre);
        return onTop ? 'in view' : 'covered by another element';
      },
      { message: 'the control a user clicks is in the window and uncovered' },
    )
    .toBe('in view');
  return centre;
}

/** Clicks the control's centre with the mouse after checking a user could see it there. */
export async function clickInView(page: Page, target: Locator): Promise<void> {
  await expect(target).toBeEnabled();
  const { x, y } = await visibleCentre(page, target);
  await page.mouse.click(x, y);
}
