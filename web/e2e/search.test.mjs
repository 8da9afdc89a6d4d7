// Issue 16, item 3: full-text search from the workplace's search box — words in any form, the
// matched passage, a region filter by name, and a regional operator who never finds another
// region's appeal by its words (SEC-6).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { withServerAndBrowser, signIn, apiCall, shot } from './harness.mjs';

let server;
let browser;
const sessions = [];

async function session(who) {
  const s = await signIn(browser, server.url, who);
  sessions.push(s);
  return s;
}

let counter = 0;
async function register(page, region, subject, text) {
  const r = await apiCall(page, 'POST', '/appeals', {
    regulation: 'hotline', channel: 'api', subject, text, category: 'ИНЦ', priority: 'P3',
    applicant: { last_name: 'Тихонова', first_name: 'Вера', email: `search${++counter}@example.ru`, region },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.uin;
}

async function rows(page) {
  return page.$$eval('[data-testid=queue-table] tbody tr[data-uin]', (trs) => trs.map((tr) => tr.getAttribute('data-uin')));
}

async function searchFromTheBox(page, words) {
  await page.click('a[href="/"]').catch(() => {});
  await page.waitForSelector('[data-search]');
  await page.fill('[data-search]', words);
  await page.press('[data-search]', 'Enter');
  await page.waitForSelector('[data-search-summary]');
  await page.waitForFunction(() => !/загрузка/.test(document.querySelector('[data-row-count]')?.textContent ?? ''));
}

describe('full-text search over appeals', () => {
  withServerAndBrowser((s, b) => { server = s; browser = b; }, sessions);

  it('finds appeals by their words from the search box, with the passage and the filters', async () => {
    const { page, problems } = await session('operator');
    const moscow = await register(page, '77', 'Не работает эскалатор в МФЦ',
      'На станции у МФЦ второй день стоит эскалатор, маломобильные заявители не могут пройти');
    const primorye = await register(page, '25', 'Эскалаторы в поликлинике',
      'В поликлинике Владивостока эскалаторы отключены');
    await searchFromTheBox(page, 'эскалаторы');
    assert.deepEqual((await rows(page)).sort(), [moscow, primorye].sort());
    const mark = await page.textContent('[data-uin="' + moscow + '"] [data-snippet] mark');
    assert.match(mark, /эскалатор/i);
    // The address keeps the search, so it can be shared.
    assert.match(decodeURIComponent(page.url()), /text=эскалаторы/);
    await shot(page, '20-search-results');

    // The region filter takes a name.
    await page.fill('input[aria-label="Регион"]', 'Приморский');
    await page.press('input[aria-label="Регион"]', 'Tab');
    await page.waitForFunction((uin) => {
      const uins = [...document.querySelectorAll('[data-testid=queue-table] tbody tr[data-uin]')].map((tr) => tr.getAttribute('data-uin'));
      return uins.length === 1 && uins[0] === uin;
    }, primorye);
    await shot(page, '21-search-region-by-name');

    // A number still opens the card.
    await page.fill('[data-search]', moscow);
    await page.press('[data-search]', 'Enter');
    await page.waitForURL(/\/appeals\//);
    assert.deepEqual(problems, []);
  });

  it('never shows a regional operator another region\'s appeal', async () => {
    const op = await session('operator');
    const own = await register(op.page, '77', 'Шумит трансформатор во дворе', 'Трансформаторная будка гудит ночью');
    const far = await register(op.page, '25', 'Трансформатор во Владивостоке', 'Трансформатор у школы искрит');
    const { page, problems } = await session('regional');
    await searchFromTheBox(page, 'трансформатор');
    assert.deepEqual(await rows(page), [own]);
    assert.ok(!(await page.content()).includes(far));
    await searchFromTheBox(page, 'Владивосток искрит');
    assert.deepEqual(await rows(page), []);
    assert.match(await page.textContent('[data-testid=queue-table] tbody'), /ничего не найдено/);
    await shot(page, '22-search-regional-scope');
    assert.deepEqual(problems, []);
  });
});
