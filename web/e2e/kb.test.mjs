// Browser tests of the embeddable chatbot widget (KB-3) and the public help site (KB-4)
// against the real server (issue 6, item 6).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer, startBrowser, signIn, apiCall, shot } from './harness.mjs';

// The demo's chatbot regulation, bilet, was in force from 30.04.2020 to 15.12.2020: the server's
// manual clock runs inside that period so that the dialog can register appeals.
process.env.OTKLIK_CLOCK = 'manual';
process.env.OTKLIK_ALLOW_TEST_CLOCK = '1';  // the environment alone does not open the test clock
process.env.OTKLIK_CLOCK_START = '2020-06-01T09:00:00+03:00';

let server;
let browser;
let host;          // another origin that embeds the widget with one tag
const contexts = [];
let supervisor;    // a signed-in session for the API checks

/** A plain site on its own port: /?login=…&role=… adds those data- attributes to the tag. */
function startHost(apiUrl) {
  const srv = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://host');
    if (url.pathname !== '/') { res.writeHead(204); res.end(); return; }
    const attrs = ['login', 'role', 'region', 'email', 'regulation']
      .filter((k) => url.searchParams.has(k))
      .map((k) => ` data-${k}="${url.searchParams.get(k)}"`).join('');
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="ru"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Сайт школы</title></head>
<body><h1>Сайт школы № 5</h1><p><a href="/about">О школе</a></p>
<script src="${apiUrl}/widget/widget.js"${attrs.includes('data-regulation') ? '' : ' data-regulation="bilet"'}${attrs} async></script>
</body></html>`);
  });
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${srv.address().port}`,
    close: () => new Promise((r) => srv.close(r)),
  })));
}

async function newPage(viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport, locale: 'ru-RU', timezoneId: 'Europe/Moscow' });
  contexts.push(context);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push('pageerror: ' + e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
  return { page, problems };
}

/** Sends one message in the widget and waits until a new bot message matches `expect`. */
async function say(page, text, expect) {
  const before = await page.locator('#otk-log .otk-bot').count();
  await page.fill('#otk-input', text);
  await page.press('#otk-input', 'Enter');
  await page.waitForFunction(({ before, source }) => {
    const bots = [...document.querySelectorAll('#otk-log .otk-bot')].slice(before);
    return bots.some((b) => new RegExp(source, 'i').test(b.textContent));
  }, { before, source: expect.source });
}

async function chatbotReport() {
  const r = await apiCall(supervisor.page, 'GET', '/reports/chatbot');
  assert.equal(r.status, 200);
  return r.body;
}

/** Region, role, login, e-mail and question type, as a visitor answers them. */
async function introduce(page, email) {
  await say(page, 'Татарстан', /Кто вы\?/);
  await say(page, '1', /логин/);
  await say(page, 'petrov.ivan', /электронной почты/);
  await say(page, email, /Какой у вас вопрос/);
  await say(page, 'Информационный', /Опишите ваш вопрос/);
}

describe('chatbot widget and help site', () => {
  before(async () => {
    server = await startServer();
    browser = await startBrowser();
    host = await startHost(server.url);
    supervisor = await signIn(browser, server.url, 'supervisor');
    contexts.push(supervisor.context);
  });
  after(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await host?.close();
    await server?.stop();
  });

  it('is embedded with one tag, opens from the keyboard, answers and counts a self-service solve', async () => {
    const { page, problems } = await newPage();
    await page.goto(host.url + '/');
    await page.waitForSelector('#otk-open');
    const before = await chatbotReport();
    // Keyboard only: Tab reaches the button, Enter opens the dialog and focuses the input.
    for (let i = 0; i < 10 && await page.evaluate(() => document.activeElement?.id) !== 'otk-open'; i++) {
      await page.keyboard.press('Tab');
    }
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'otk-open');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#otk-panel:not([hidden])');
    await page.waitForSelector('#otk-log .otk-bot:has-text("Из какого вы региона")');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'otk-input');

    await introduce(page, 'petrov.ivan@example.ru');
    await say(page, 'Как зарегистрироваться на платформе?', /Помог ли ответ/);
    const offered = await page.locator('#otk-log details.otk-art').count();
    assert.ok(offered >= 1 && offered <= 3, `1 to 3 suggested answers, got ${offered}`);
    assert.match(await page.textContent('#otk-log details.otk-art >> nth=0'), /зарегистр/i);
    // The offered answer opens from the keyboard.
    await page.focus('#otk-log details.otk-art >> nth=0 >> summary');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#otk-log details.otk-art[open]');
    await page.waitForSelector('#otk-options button:has-text("Да")');
    await shot(page, 'kb-01-widget-suggestions');

    await say(page, 'Да', /Рад, что смог помочь/);
    const after = await chatbotReport();
    assert.equal(after.solved_by_self_service, before.solved_by_self_service + 1);
    assert.equal(after.sessions, before.sessions + 1);

    // Tab stays inside the dialog; Esc closes it and gives the focus back to the button.
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      assert.ok(await page.evaluate(() => document.getElementById('otk-panel').contains(document.activeElement)), 'focus stays in the dialog');
    }
    await page.keyboard.press('Escape');
    await page.waitForSelector('#otk-panel', { state: 'hidden' });
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'otk-open');
    assert.deepEqual(problems, []);
  });

  it('registers an appeal when the answer did not help, shows its number, and Esc closes', async () => {
    const { page, problems } = await newPage();
    await page.goto(host.url + '/');
    await page.click('#otk-open');
    await page.waitForSelector('#otk-log .otk-bot:has-text("Из какого вы региона")');
    const before = await chatbotReport();
    await introduce(page, 'sidorova.anna@example.ru');
    await say(page, 'Не приходит письмо для подтверждения почты', /Помог ли ответ/);
    await say(page, 'Нет', /зарегистрировано под номером/);
    const uin = await page.getAttribute('[data-otk-uin]', 'data-otk-uin');
    assert.match(uin, /^ББ-\d{4}-\d+$/);
    assert.match(await page.textContent('#otk-log'), new RegExp(uin));
    await shot(page, 'kb-02-widget-registered');

    const appeal = await apiCall(supervisor.page, 'GET', '/appeals/' + encodeURIComponent(uin));
    assert.equal(appeal.status, 200, JSON.stringify(appeal.body));
    assert.equal(appeal.body.channel, 'chatbot');
    assert.equal(appeal.body.applicant.login, 'petrov.ivan');
    assert.equal(appeal.body.applicant.region, '16');
    assert.match(appeal.body.text, /письмо для подтверждения/);
    const after = await chatbotReport();
    assert.equal(after.registered, before.registered + 1);

    // After a reload the dialog resumes with its number.
    await page.reload();
    await page.click('#otk-open');
    await page.waitForSelector(`[data-otk-uin="${uin}"]`);
    await page.keyboard.press('Escape');
    await page.waitForSelector('#otk-panel', { state: 'hidden' });
    await page.waitForSelector('#otk-open:visible');
    assert.deepEqual(problems, []);
  });

  it('fills a phone screen', async () => {
    const { page, problems } = await newPage({ width: 375, height: 667 });
    await page.goto(host.url + '/');
    await page.click('#otk-open');
    await page.waitForSelector('#otk-log .otk-bot');
    const box = await page.locator('#otk-panel').boundingBox();
    assert.deepEqual([box.x, box.y, box.width, box.height].map(Math.round), [0, 0, 375, 667]);
    const input = await page.locator('#otk-input').boundingBox();
    assert.ok(input.y + input.height <= 667, 'the input is on the screen');
    await shot(page, 'kb-03-widget-phone');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#otk-panel', { state: 'hidden' });
    assert.deepEqual(problems, []);
  });

  it('in a personal cabinet skips what the cabinet passes in', async () => {
    const { page, problems } = await newPage();
    await page.goto(host.url + '/?login=ivanova.m&role=parent&region=66&email=ivanova.m@example.ru');
    await page.click('#otk-open');
    await page.waitForSelector('#otk-log .otk-bot:has-text("Какой у вас вопрос")');
    const asked = await page.textContent('#otk-log');
    assert.doesNotMatch(asked, /региона|Кто вы|логин|электронной почты/);
    await say(page, '2', /Опишите ваш вопрос/);
    await say(page, 'Не открывается личный кабинет ребёнка, белый экран после входа', /Помог ли ответ/);
    await say(page, 'Нет', /зарегистрировано под номером/);
    const uin = await page.getAttribute('[data-otk-uin]', 'data-otk-uin');
    await shot(page, 'kb-04-widget-cabinet');
    const appeal = await apiCall(supervisor.page, 'GET', '/appeals/' + encodeURIComponent(uin));
    assert.equal(appeal.status, 200);
    assert.equal(appeal.body.applicant.login, 'ivanova.m');
    assert.equal(appeal.body.applicant.role, 'parent');
    assert.equal(appeal.body.applicant.region, '66');
    assert.equal(appeal.body.category, 'technical');
    // Another login in the same browser starts its own dialog instead of resuming this one.
    await page.goto(host.url + '/?login=orlov.k&role=parent&region=66&email=orlov.k@example.ru');
    await page.click('#otk-open');
    await page.waitForSelector('#otk-log .otk-bot:has-text("Какой у вас вопрос")');
    assert.equal(await page.locator('[data-otk-uin]').count(), 0);
    assert.deepEqual(problems, []);
  });

  it('help site: a question the base cannot answer finds nothing and offers to register an appeal', async () => {
    const { page, problems } = await newPage();
    await page.goto(server.url + '/help/');
    await page.waitForSelector('#articles section[data-category] details');
    const question = 'как оформить ипотеку на квартиру';
    // The API lists the nearest articles but judges them no answer (issue 15).
    const api = await fetch(server.url + '/api/v1/kb/search?regulation=bilet&q=' + encodeURIComponent(question)).then((r) => r.json());
    assert.equal(api.confident, false);
    await page.fill('#q', question);
    await page.press('#q', 'Enter');
    await page.waitForSelector('#hint .nothing');
    assert.match(await page.textContent('#hint'), /Ничего не найдено: готового ответа на этот вопрос в справке нет/);
    assert.equal(await page.locator('#results details').count(), 0, 'no article is shown as an answer');
    await shot(page, 'kb-08-help-nothing-found');
    await page.click('#hint .nothing a[data-otklik-chat]');
    await page.waitForSelector('#otk-panel:not([hidden]) .otk-bot:has-text("Из какого вы региона")');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#otk-panel', { state: 'hidden' });
    // A question the base knows is still answered.
    await page.fill('#q', 'как ученику зарегистрироваться на платформе');
    await page.press('#q', 'Enter');
    await page.waitForSelector('#results details');
    assert.equal(await page.locator('#hint .nothing').count(), 0);
    assert.deepEqual(problems, []);
  });

  it('widget: below the threshold the chatbot says it found nothing and registers on «да»', async () => {
    const { page, problems } = await newPage();
    await page.goto(host.url + '/');
    await page.click('#otk-open');
    await page.waitForSelector('#otk-log .otk-bot:has-text("Из какого вы региона")');
    await introduce(page, 'kuznetsova.olga@example.ru');
    await say(page, 'как оформить ипотеку на квартиру', /не нашлось ответа/);
    assert.equal(await page.locator('#otk-log details.otk-art').count(), 0, 'no article offered');
    await page.waitForSelector('#otk-options button:has-text("Да")');
    await shot(page, 'kb-09-widget-nothing-found');
    await say(page, 'Да', /зарегистрировано под номером/);
    assert.deepEqual(problems, []);
  });

  it('help site: categories of published articles, search, «did you mean», no drafts, chatbot link', async () => {
    // A draft in the federal base, with words of its own.
    const draft = await apiCall(supervisor.page, 'POST', '/kb/articles', {
      base: 'bilet', kind: 'faq', category: 'diagnostics', category_name: 'Диагностика',
      question: 'Черновик: можно ли пройти диагностику повторно в каникулы?',
      answer: 'Черновой ответ, ещё не проверен.', keywords: ['каникулы', 'повторно'], published: false,
    });
    assert.equal(draft.status, 201, JSON.stringify(draft.body));

    const { page, problems } = await newPage();
    await page.goto(server.url + '/help/');
    await page.waitForSelector('#articles section[data-category] details');
    assert.match(await page.title(), /Справка/);
    const published = await fetch(server.url + '/api/v1/public/kb/articles?regulation=bilet').then((r) => r.json());
    const categories = [...new Set(published.items.map((a) => a.category_name || 'Другое'))].sort();
    const shown = (await page.$$eval('#articles section[data-category]', (s) => s.map((x) => x.getAttribute('data-category')))).sort();
    assert.deepEqual(shown, categories);
    assert.equal(await page.locator('#articles details').count(), published.items.length);
    assert.equal(await page.locator(`[data-key="${draft.body.key}"]`).count(), 0, 'the draft is not listed');
    assert.doesNotMatch(await page.textContent('#articles'), /Черновик:/);
    await shot(page, 'kb-05-help-categories');

    await page.fill('#q', 'как ученику зарегистрироваться на платформе');
    await page.press('#q', 'Enter');
    await page.waitForSelector('#results details');
    assert.match(await page.textContent('#results'), /Как ученику зарегистрироваться на платформе\?/);
    assert.match(await page.textContent('#hint'), /Найдено: \d/);

    await page.fill('#q', 'диагностику повторно в каникулы');
    await page.press('#q', 'Enter');
    await page.waitForSelector('#hint:has-text("Найдено"), #hint:has-text("Ничего не найдено")');
    assert.equal(await page.locator(`#results [data-key="${draft.body.key}"]`).count(), 0, 'the draft is not found');
    assert.doesNotMatch(await page.textContent('#results'), /Черновик:/);

    await page.fill('#q', 'порфолио');
    await page.press('#q', 'Enter');
    await page.waitForSelector('#hint .corrected');
    assert.match(await page.textContent('#hint'), /Возможно, вы имели в виду: «портфолио»/);
    await shot(page, 'kb-06-help-did-you-mean');
    await page.click('#hint .corrected button');
    await page.waitForFunction(() => document.getElementById('q').value === 'портфолио');
    await page.waitForSelector('#results summary:has-text("Что такое портфолио участника?")');

    await page.click('a[data-otklik-chat]');
    await page.waitForSelector('#otk-panel:not([hidden]) .otk-bot:has-text("Из какого вы региона")');
    await shot(page, 'kb-07-help-chatbot');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#otk-panel', { state: 'hidden' });
    assert.deepEqual(problems, []);
  });
});
