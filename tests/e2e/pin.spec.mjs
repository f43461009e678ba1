// Both browsers (see driver.mjs): the token's PINs on the demo Token page through the
// extension's change-PIN window (ui/change-pin.html). The user PIN of the Lite (passive: the
// card's own PIN commands) is first blocked from the command line (wrong PINs, no origin, so no
// rate limit); the page unblocks it with the admin PIN and a new user PIN typed twice (a first
// mismatch is refused in the window, nothing is sent); then it changes the user PIN back to the
// factory PIN, the old one being refused first. The page never holds a PIN.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from './fixtures.mjs';
import { answerConsent, attrOf, callApi, countOf, deviceIdOf, selectOption, textOf } from './driver.mjs';
import { HOST_BIN, vtokens } from './env.mjs';

const PIN = '12345678'; // the vtoken factory user PIN
const ADMIN_PIN = '87654321';
const NEW_PIN = 'e2e-new-pin';

function hostCall(dir, pin, newPin, request) {
  fs.writeFileSync(path.join(dir, 'pin'), pin);
  fs.writeFileSync(path.join(dir, 'new'), newPin);
  try {
    return JSON.parse(execFileSync(HOST_BIN, ['call', '--pin-file', path.join(dir, 'pin'),
      '--new-pin-file', path.join(dir, 'new'), JSON.stringify(request)], { encoding: 'utf8' }));
  } catch (e) {
    return JSON.parse(e.stdout);
  }
}

// Types into the change-PIN window and confirms; returns its title. `repeat` (default: newPin)
// is the second entry of the new PIN.
async function answerChangePin(session, { pin, newPin, repeat = newPin, keepOpen = false }) {
  const popup = await session.waitForWindow('/ui/change-pin.html', 30_000);
  await expect.poll(() => popup.evaluate(() => document.querySelector('#origin')?.textContent ?? '')).not.toBe('');
  const title = await popup.evaluate(() => document.querySelector('#title').textContent);
  await popup.type('#pin', pin);
  await popup.type('#newPin', newPin);
  await popup.type('#newPin2', repeat);
  await popup.click('#confirm');
  if (keepOpen) return { popup, title };
  for (const deadline = Date.now() + 10_000; !(await popup.isClosed());) {
    if (Date.now() > deadline) throw new Error('the change-PIN window stayed open');
    await new Promise((r) => setTimeout(r, 100));
  }
  return { title };
}

test('the Token page unblocks and changes the user PIN through the change-PIN window', async ({ session, demo }) => {
  test.setTimeout(30_000);
  const lite = vtokens.find((t) => t.model === 'rutoken-lite');
  test.skip(!lite, 'needs the rutoken-lite of scripts/e2e.sh');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-e2e-pin-'));
  let deviceId;
  try {
    const page = await session.newPage();
    const consent = answerConsent(session, 'allow');
    await page.goto(`${demo.url}token.html`);
    await consent;
    await expect.poll(() => attrOf(page, '#status', 'class')).toBe('ok');
    deviceId = await deviceIdOf(page, lite.reader);
    // Blocked from the command line: wrong PINs until the card says so.
    let reply;
    for (let i = 0; i < 12; i++) {
      reply = hostCall(dir, '00000000', NEW_PIN, { id: 1, command: 'changePin', params: { deviceId } });
      if (reply.error?.code === 'PIN_BLOCKED') break;
    }
    expect(reply.error?.code).toBe('PIN_BLOCKED');
    await expect.poll(() => countOf(page, `#device option[value="${deviceId}"]`)).toBe(1);
    await selectOption(page, '#device', deviceId);
    await expect.poll(() => textOf(page, '#pins')).toContain('User PIN: blocked');

    await page.click('#unblock');
    // Two different new PINs: the window says so and keeps its request.
    const first = await answerChangePin(session, { pin: ADMIN_PIN, newPin: NEW_PIN, repeat: `${NEW_PIN}x`, keepOpen: true });
    expect(first.title).toMatch(/Unblock/);
    await expect.poll(() => first.popup.evaluate(() => document.querySelector('#error').textContent)).toMatch(/differ/);
    await first.popup.type('#newPin', NEW_PIN);
    await first.popup.type('#newPin2', NEW_PIN);
    await first.popup.click('#confirm');
    await expect.poll(() => attrOf(page, '#results > div', 'data-outcome')).toBe('ok');
    await expect.poll(() => textOf(page, '#pins')).toMatch(/User PIN: \d+ tries left/);

    // The factory PIN is refused now (one try), the new one changes the PIN back.
    reply = hostCall(dir, PIN, PIN, { id: 1, command: 'changePin', params: { deviceId } });
    expect(reply.error?.code).toBe('PIN_INCORRECT');
    await page.click('#changeUser');
    const change = await answerChangePin(session, { pin: NEW_PIN, newPin: PIN });
    expect(change.title).toMatch(/user PIN/);
    await expect.poll(() => attrOf(page, '#results > div', 'data-outcome')).toBe('ok');
    expect((await callApi(page, 'getDeviceInfo', deviceId)).result?.pins?.user?.blocked ?? false).toBe(false);
    expect(hostCall(dir, NEW_PIN, PIN, { id: 1, command: 'changePin', params: { deviceId } }).error?.code).toBe('PIN_INCORRECT');
  } finally {
    // Whatever happened: the factory PIN back for the other tests (admin PIN, fresh counter).
    if (deviceId) hostCall(dir, ADMIN_PIN, PIN, { id: 1, command: 'unblockUserPin', params: { deviceId } });
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
