// The officials' desk in a real headless Chromium (Debian's /usr/bin/chromium), driven by
// playwright-core. Run by the integration test "browser: ..." (tests/integration/desk_browser_test.cpp),
// which sets up the office, serves the desk and drafts the revision between the two phases:
//   phase 1: the APK finalizes; the Sub Koord sees the report waiting, opens it and returns it
//            with a note;
//   phase 2: the APK answers with a Catatan and finalizes the revision; the Sub Koord and the
//            Kabid receive with their passphrases; the report is in the agenda book; the
//            verification page (the QR code's link) shows it valid.
// Environment: DESK_URL, DESK_CERT (the desk's certificate, pinned by its SPKI), DESK_NUMBER,
// DESK_PASSWORD, DESK_PASSPHRASE, DESK_PHASE (1 or 2), JAGA_ARTEFACTS_DIR (screenshots).
import { chromium } from 'playwright-core';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const url = env('DESK_URL');
const number = env('DESK_NUMBER');
const password = env('DESK_PASSWORD');
const passphrase = env('DESK_PASSPHRASE');
const phase = env('DESK_PHASE');
const artefacts = process.env.JAGA_ARTEFACTS_DIR || join(tmpdir(), 'jaga-desk-artefacts');
mkdirSync(artefacts, { recursive: true });

// Chromium trusts exactly the desk's key (no office CA in a throw-away profile).
const cert = new X509Certificate(readFileSync(env('DESK_CERT')));
const spki = createHash('sha256')
  .update(cert.publicKey.export({ type: 'spki', format: 'der' }))
  .digest('base64');

// A fresh profile (Playwright passes it to Chromium as --user-data-dir).
const profile = mkdtempSync(join(tmpdir(), 'jaga-chromium-'));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1366, height: 768 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync',
         `--ignore-certificate-errors-spki-list=${spki}`],
});

function check(condition, what) {
  if (!condition) throw new Error(`FAILED: ${what}`);
  console.log(`ok: ${what}`);
}

async function shot(page, name) {
  await page.screenshot({ path: join(artefacts, `desk-${name}.png`), fullPage: true });
}

// Each official in turn at the 1366x768 office screen, starting without cookies.
async function as(user, work) {
  await browser.clearCookies();
  const page = await browser.newPage();
  try {
    await page.goto(`${url}/kotak-masuk`);
    check(page.url().endsWith('/masuk'), `${user}: the inbox asks to log in first`);
    await page.fill('input[name=user]', user);
    await page.fill('input[name=password]', password);
    await Promise.all([page.waitForURL('**/kotak-masuk'), page.click('button[type=submit]')]);
    await work(page);
  } finally {
    await page.close();
  }
}

async function open_report(page, user) {
  const row = page.locator('table').first().locator('a', { hasText: number });
  check(await row.count() === 1, `${user}: the report waits in the inbox`);
  await Promise.all([page.waitForURL('**/laporan/**'), row.click()]);
  check((await page.textContent('h1')).includes(number), `${user}: the report page opens`);
}

async function submit(page, action, fields) {
  const form = page.locator(`form.aksi:has(input[name=aksi][value=${action}])`);
  for (const [name, value] of Object.entries(fields)) {
    await form.locator(`[name=${name}]`).fill(value);
  }
  await Promise.all([page.waitForLoadState('load'), form.locator('button[type=submit]').click()]);
  return page.textContent('main');
}

try {
  if (phase === '1') {
    await as('andi', async (page) => {
      await shot(page, '1-kotak-masuk-apk');
      await open_report(page, 'andi');
      await shot(page, '2-laporan');
      const done = await submit(page, 'finalize', { passphrase });
      check(done.includes('kini'), 'the APK finalizes with the passphrase');
    });
    await as('siti', async (page) => {
      await open_report(page, 'siti');
      const done = await submit(page, 'return', {
        catatan: 'Mohon periksa kembali angka cadangan.', passphrase });
      check(done.includes('kini'), 'the Sub Koord returns it with a note');
      await shot(page, '3-dikembalikan');
    });
  } else {
    await as('andi', async (page) => {
      await open_report(page, 'andi');
      const text = await page.textContent('main');
      check(text.includes('Mohon periksa kembali angka cadangan.'), 'the APK reads the return note');
      const done = await submit(page, 'finalize', {
        catatan: 'Angka cadangan sudah diperbaiki.', passphrase });
      check(done.includes('kini'), 'the APK answers and finalizes the revision');
    });
    await as('siti', async (page) => {
      await open_report(page, 'siti');
      const done = await submit(page, 'receive', { passphrase });
      check(done.includes('kini'), 'the Sub Koord receives with the passphrase');
    });
    await as('budi', async (page) => {
      await open_report(page, 'budi');
      const done = await submit(page, 'receive', { passphrase });
      check(done.includes('Tercatat di Buku Agenda'), 'the Kabid receives; it is recorded');
      await shot(page, '4-tercatat');
      await page.goto(`${url}/agenda`);
      if (page.url().endsWith('/agenda')) {
        check((await page.textContent('main')).includes(number), 'the agenda book lists it');
        await shot(page, '5-buku-agenda');
      }
    });
    await browser.clearCookies();
    const page = await browser.newPage();
    const link = `${url}/verifikasi?nomor=${encodeURIComponent(number)}&versi=2`;
    await page.goto(link);
    const text = await page.textContent('main');
    check(text.includes('SAH: dokumen ini adalah dokumen final'),
          'the QR link shows the document valid, without login');
    await shot(page, '6-verifikasi');
    await page.close();
  }
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
