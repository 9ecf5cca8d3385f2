// message_check.test.mjs - the message check page (R-CASE-2) in a real
// browser with axe-core: a communication officer finds it in the menu,
// pastes a draft, sees the category and the words found, then a clean
// draft and the reminder that the check does not replace judgement.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useHarness, checkA11y, shot, watch, logInAs,
} from '../lib/browser.mjs';

const h = useHarness('message-check');

test('R-CASE-2: the officer checks a draft on /cases/check', async () => {
  const page = await h.browser.newPage();
  const errors = watch(page, new Set());
  await h.logInAs(page, 'kita-comm');
  await Promise.all([page.waitForURL(h.srv.url + '/cases/check'),
    page.locator('nav a[href="/cases/check"]').click()]);
  assert.match(await page.textContent('h1'), /送信前の文面チェック/);
  await checkA11y(page, 'check form');

  await page.fill('textarea[name="text"]', '今度 ﾊﾟﾊﾟ活 しない？');
  await Promise.all([page.waitForLoadState(), page.locator('form[action="/cases/check"] button[type="submit"], form[action="/cases/check"] input[type="submit"]').first().click()]);
  await page.waitForSelector('#check-result');
  const flagged = await page.textContent('main');
  assert.match(flagged, /注意が必要な語が見つかりました/);
  assert.match(flagged, /「パパ活」/);
  // the draft stays in the box to be corrected
  assert.equal(await page.inputValue('textarea[name="text"]'), '今度 ﾊﾟﾊﾟ活 しない？');
  await shot(page, 'message-check-flagged');
  await checkA11y(page, 'check flagged');

  await page.fill('textarea[name="text"]', '今どこにいますか');
  await Promise.all([page.waitForLoadState(), page.locator('form[action="/cases/check"] button[type="submit"], form[action="/cases/check"] input[type="submit"]').first().click()]);
  await page.waitForSelector('#check-result');
  const clean = await page.textContent('main');
  assert.match(clean, /登録された語は見つかりませんでした/);
  await checkA11y(page, 'check clean');
  assert.deepEqual(errors, []);
  await page.close();
});
