// statistics.test.mjs - the statistics screen in the browser (issue 11):
// the general manager opens 「統計」 from the navigation, sees the table
// and the charts (inline SVG, drawn by the server: the viewBox survives
// the HTML parser), changes the period and the unit, and the page prints
// with its charts; a station's manager sees its own unit.  axe-core on
// every page (no serious or critical violations) and a screenshot.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  openHarness, closeHarness, look as lookAt, watch, logInAs as logInWith, submit,
} from '../lib/browser.mjs';

let h = {};
let srv;
let browser;

before(async () => {
  h = await openHarness();
  ({ srv, browser } = h);
});
after(async () => closeHarness(h));

const look = (page, name) => lookAt(page, 'statistics', name);
const logInAs = (page, who) => logInWith(h, page, who);

test('issue 11: the statistics page, its charts, its filters and its print', async () => {
  const page = await browser.newPage();
  const problems = watch(page, new Set());

  await logInAs(page, 'gm');
  await Promise.all([page.waitForNavigation(), page.click('nav a[href="/statistics"]')]);
  assert.equal(await page.textContent('h1'), '統計');
  await look(page, 'hq');
  assert.ok(await page.locator('main svg[role="img"]').count() >= 8, 'a chart per figure');
  const box = await page.evaluate(() => document.querySelector('main svg').getAttribute('viewBox'));
  assert.match(box, /^0 0 \d+ \d+$/, 'the viewBox as SVG spells it');
  // each bar, label and axis is the chart's own child (an unclosed SVG
  // element in HTML would swallow what follows it, undrawn)
  const drawn = await page.evaluate(() => {
    const svg = document.querySelector('main svg');
    return { rects: svg.querySelectorAll(':scope > rect').length,
      texts: svg.querySelectorAll(':scope > text').length };
  });
  assert.ok(drawn.rects >= 12 && drawn.texts >= 24, JSON.stringify(drawn));
  assert.ok(await page.locator('main table.stats caption', { hasText: '全所属（合計）' }).count() > 0);

  // a calendar year and one unit
  await page.fill('input[name="year"]', '2026');
  await page.selectOption('select[name="basis"]', 'calendar');
  const kita = await page.locator('select[name="unit_id"] option', { hasText: '北' }).first().getAttribute('value');
  await page.selectOption('select[name="unit_id"]', kita);
  const res = await submit(page, '表示する');
  assert.equal(res.status(), 200);
  assert.match(page.url(), /year=2026&basis=calendar&unit_id=\d+/);
  assert.ok(await page.locator('main thead th', { hasText: '令和8年1月' }).count() > 0);
  await look(page, 'unit');

  // the print keeps the charts
  await page.emulateMedia({ media: 'print' });
  assert.ok(await page.locator('main svg').first().isVisible(), 'charts print');
  const pdf = await page.pdf({ format: 'A4' });
  assert.equal(pdf.subarray(0, 4).toString(), '%PDF');
  await page.emulateMedia({ media: 'screen' });

  // a station's manager: its own unit, no other to pick
  await logInAs(page, 'kita-manager');
  await page.goto(srv.url + '/statistics');
  await look(page, 'station');
  const options = await page.locator('select[name="unit_id"] option').allTextContents();
  assert.ok(options.every((o) => o === '自所属' || /北/.test(o)), options.join(','));
  assert.deepEqual(problems, []);
  await page.close();
});
