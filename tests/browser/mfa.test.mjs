// mfa.test.mjs - the second factor's screens in a real browser (issue 13):
// enrolment with the QR code drawn by Mamori (an image of our own server,
// no script), the recovery codes page, and the code after the password;
// axe-core on each page.  A server of its own, with a field key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useHarness, checkA11y, shot, watch, logInAs, logOut,
} from '../lib/browser.mjs';
import { codeAt, nowStep } from '../lib/totp.mjs';

const h = useHarness('mfa', { fieldKey: true });

test('enrolment, recovery codes and the code after the password render and pass axe', async () => {
  const page = await h.browser.newPage();
  const problems = watch(page, new Set(), h.srv.url);
  await h.logInAs(page, 'kita-manager');
  assert.equal(new URL(page.url()).pathname, '/');
  await page.goto(h.srv.url + '/mfa');
  await checkA11y(page, 'mfa-start');
  await Promise.all([page.waitForURL(h.srv.url + '/mfa'),
    page.locator('main form button[type="submit"]').click()]);
  const img = page.locator('img.qr');
  await img.waitFor();
  assert.ok(await img.evaluate((e) => e.complete && e.naturalWidth > 100), 'the QR image is drawn');
  await shot(page, 'mfa-enrol');
  await checkA11y(page, 'mfa-enrol');
  const secret = (await page.locator('dd').first().textContent()).trim();
  assert.match(secret, /^[A-Z2-7]{32}$/);
  await page.fill('input[name="code"]', codeAt(secret, nowStep() - 1));
  await Promise.all([page.waitForLoadState(), page.press('input[name="code"]', 'Enter')]);
  assert.equal(await page.locator('ol.recovery-codes li').count(), 10);
  await checkA11y(page, 'mfa-recovery-codes');
  await logOut(page);

  await h.logInAs(page, 'kita-manager', '/login/mfa');
  assert.equal(new URL(page.url()).pathname, '/login/mfa');
  await checkA11y(page, 'mfa-login');
  await page.fill('input[name="code"]', codeAt(secret, nowStep()));
  await Promise.all([page.waitForURL(h.srv.url + '/'), page.press('input[name="code"]', 'Enter')]);
  assert.deepEqual(problems, []);
  await page.close();
});
