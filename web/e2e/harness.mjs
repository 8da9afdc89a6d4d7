// Starts the real `otklik serve` (port 0, temporary data folder, demo data, the built SPA) and
// Debian's chromium through playwright-core. Used by the *.test.mjs files under node --test.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const webDir = path.resolve(here, '..');
export const repoDir = path.resolve(webDir, '..');
export const artifacts = path.join(here, 'artifacts');

export const logins = {
  admin: ['admin', 'admin-demo'], supervisor: ['supervisor', 'supervisor-demo'],
  operator: ['operator', 'operator-demo'], intake: ['intake', 'intake-demo'],
  regional: ['regional', 'regional-demo'], techsupport: ['techsupport', 'techsupport-demo'],
};

/**
 * Options: `smtpPort` sends the outbox to a loopback SMTP server (smtp_sink.mjs); `manualClock`
 * starts the manual clock, so that kick() sends the outbox at once (POST /api/v1/test/clock);
 * `config` is more TOML for the --config file (the [[mailbox]] tables of dovecot.mjs).
 */
export async function startServer({ smtpPort, manualClock, config } = {}) {
  const binary = path.resolve(webDir, process.env.OTKLIK_BINARY ?? '../build/asan/src/app/otklik');
  if (!existsSync(binary)) throw new Error(`otklik binary not found: ${binary} (set OTKLIK_BINARY)`);
  const webRoot = path.join(webDir, 'dist');
  if (!existsSync(path.join(webRoot, 'index.html'))) throw new Error('web/dist is missing: run `npm run build` first');
  const data = mkdtempSync(path.join(tmpdir(), 'otklik-e2e-'));
  const regulations = path.resolve(webDir, process.env.OTKLIK_REGULATIONS ?? path.join(repoDir, 'regulations'));
  const demo = spawnSync(binary, ['demo', '--data', data, '--regulations', regulations], { encoding: 'utf8' });
  if (demo.error) throw demo.error;
  // The demo loads accounts first, then appeals; the tests need the accounts and some appeals.
  if (demo.status !== 0) console.warn(`otklik demo exited with ${demo.status}: ${(demo.stderr + demo.stdout).split('\n').filter((l) => !l.includes('[info]')).join(' ').trim()}`);
  const extra = [];
  if (smtpPort || config) {
    const mail = smtpPort ? `[mail]\nsmtp_url = "smtp://127.0.0.1:${smtpPort}"\nsmtp_tls = "off"\nfrom_address = "support@otklik.test"\n` : '';
    writeFileSync(path.join(data, 'e2e.toml'), mail + (config ?? ''));
    extra.push('--config', path.join(data, 'e2e.toml'));
  }
  if (manualClock) extra.push('--clock', 'manual');
  const child = spawn(binary, ['serve', '--data', data, '--listen', '127.0.0.1:0', '--regulations', regulations, '--web-root', webRoot, ...extra],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const onData = (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) { child.stdout.off('data', onData); resolve(m[1]); }
    };
    child.stdout.on('data', onData);
    child.on('exit', (code) => reject(new Error(`otklik serve exited with ${code}: ${stderr}`)));
  });
  child.stdout.resume();
  return {
    url, data, child,
    /** With the manual clock: runs due timers and sends the outbox before it answers. */
    async kick() {
      const r = await fetch(url + '/api/v1/test/clock', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ advance: 'PT0S' }) });
      if (!r.ok) throw new Error(`kick: ${r.status} ${await r.text()}`);
    },
    /** Stops the server; throws if it did not exit cleanly (sanitizer reports included). */
    async stop() {
      const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
      child.kill('SIGTERM');
      const { code, signal } = await exited;
      rmSync(data, { recursive: true, force: true });
      if (code !== 0 || /Sanitizer|runtime error:/.test(stderr)) {
        throw new Error(`otklik serve exited with ${code ?? signal}:\n${stderr.split('\n').filter((l) => !l.includes('[info]')).slice(-40).join('\n')}`);
      }
    },
  };
}

export async function startBrowser() {
  mkdirSync(artifacts, { recursive: true });
  // launch() gives every run a fresh temporary profile (its own --user-data-dir).
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--lang=ru-RU'],
  });
}

/** A signed-in session in its own browser context (own cookies). Page errors are collected. */
export async function signIn(browser, url, who) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'ru-RU', timezoneId: 'Europe/Moscow' });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push('pageerror: ' + e.message));
  page.on('console', (m) => { if (m.type() === 'error' && !/401|403|404|409|422/.test(m.text())) problems.push('console: ' + m.text()); });
  await page.goto(url + '/');
  await page.fill('input[name=login]', logins[who][0]);
  await page.fill('input[name=password]', logins[who][1]);
  await page.click('button[type=submit]');
  await page.waitForSelector(`[data-user="${logins[who][0]}"]`);
  return { context, page, problems };
}

/** Calls the API from inside the page, as the signed-in user (cookie + CSRF). */
export async function apiCall(page, method, apiPath, body, headers = {}) {
  return page.evaluate(async ({ method, apiPath, body, headers }) => {
    const me = await (await fetch('/api/v1/auth/me')).json();
    const r = await fetch('/api/v1' + apiPath, {
      method, headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token ?? '', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  }, { method, apiPath, body, headers });
}

export async function shot(page, name) {
  await page.screenshot({ path: path.join(artifacts, name + '.png'), fullPage: true });
}

/**
 * For the enclosing describe(): starts the server and the browser before its tests (handing
 * them to `ready`) and closes the sessions' contexts, the browser and the server after them.
 */
export function withServerAndBrowser(ready, sessions, options = {}) {
  let server;
  let browser;
  before(async () => {
    server = await startServer(typeof options === 'function' ? options() : options);
    browser = await startBrowser();
    ready(server, browser);
  });
  after(async () => {
    for (const s of sessions) await s.context.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });
}
