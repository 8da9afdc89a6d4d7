// Issue 16 points 1 and 5 in the browser, with the real server, the shipped regulations and a
// loopback SMTP server: the appeal card as one conversation — the chatbot's dialog, the letter
// in with its file, the resolution as the applicant got it with its delivery, the internal notes
// apart — and a chatbot's new appeal appearing in another operator's open queue without a reload.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { withServerAndBrowser, signIn, apiCall, shot } from './harness.mjs';
import { startSmtpSink } from './smtp_sink.mjs';

let server;
let browser;
let smtp;
const sessions = [];

async function session(who) {
  const s = await signIn(browser, server.url, who);
  sessions.push(s);
  return s;
}

async function act(page, uin, action, params = {}) {
  const got = await apiCall(page, 'GET', '/appeals/' + encodeURIComponent(uin));
  assert.equal(got.status, 200, JSON.stringify(got.body));
  const r = await apiCall(page, 'POST', `/appeals/${encodeURIComponent(uin)}/actions`, { action, ...params },
    { 'If-Match': `"${got.body.version}"` });
  assert.equal(r.status, 200, `${action}: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** The public chatbot API as the widget drives it: asks, turns the offered articles down, registers. */
async function registerByChat(email, question) {
  const post = async (path, body) => {
    const r = await fetch(server.url + '/api/v1' + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    assert.ok(r.ok, `${path}: ${r.status}`);
    return r.json();
  };
  const started = await post('/chat/sessions', { regulation: 'epgu', region: '77', role: 'citizen', login: 'sidorov2001', email });
  const say = (text) => post(`/chat/sessions/${started.session_id}/messages`, { text });
  await say('1');
  let reply = await say(question);
  const offered = (reply.articles ?? []).map((a) => a.key);
  if (reply.step === 'feedback') reply = await say('нет');
  else if (reply.step === 'offer') reply = await say('да');
  assert.ok(reply.uin, `the chatbot registered an appeal: ${JSON.stringify(reply)}`);
  return { uin: reply.uin, offered };
}

/** Moves the manual clock: each step of a walk happens at an instant of its own. */
async function advance(duration = 'PT10M') {
  const r = await fetch(server.url + '/api/v1/test/clock', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ advance: duration }) });
  assert.ok(r.ok, `clock: ${r.status}`);
}

async function openCard(page, uin) {
  await page.goto(server.url + '/appeals/' + encodeURIComponent(uin));
  await page.waitForSelector(`.appeal[data-uin="${uin}"] .conversation-thread`);
}

describe('issue 16: the card as one conversation, live queues', () => {
  before(async () => { smtp = await startSmtpSink(); });
  withServerAndBrowser((s, b) => { server = s; browser = b; }, sessions, () => ({ smtpPort: smtp.port, manualClock: true }));
  after(async () => { await smtp?.close(); });

  it('shows a chatbot appeal in another operator\'s open queue without a reload (point 5)', async () => {
    const { page, problems } = await session('operator');
    await page.goto(server.url + '/?q=all');
    await page.waitForSelector('[data-live="live"]');
    await page.waitForSelector('table tbody tr[data-uin]');
    const loads = await page.evaluate(() => performance.getEntriesByType('navigation').length);
    const question = 'Не могу войти на портал госуслуг: после ввода пароля страница обновляется и снова просит войти, '
      + 'хотя пароль верный и учётная запись подтверждена в центре обслуживания.';
    const { uin } = await registerByChat('live.chat@example.ru', question);
    // The row arrives through the event stream: no navigation, no reload.
    await page.waitForSelector(`table tbody tr[data-uin="${uin}"]`, { timeout: 10000 });
    assert.equal(await page.evaluate(() => performance.getEntriesByType('navigation').length), loads);
    // The chatbot's subject ends at a whole word of the question.
    const subject = (await apiCall(page, 'GET', '/appeals/' + encodeURIComponent(uin))).body.subject.replace(/…$/, '');
    assert.ok(subject.length > 20 && question.startsWith(subject) && /[\s,.:]/.test(question[subject.length] ?? ' '), subject);
    await shot(page, 'i16-p5-chatbot-appeal-live-in-queue');
    assert.deepEqual(problems, []);
  });

  it('walks a chatbot appeal: the dialog, the resolution as sent, the notes apart (point 1)', async () => {
    const { page, problems } = await session('operator');
    const question = 'Не приходит SMS с кодом подтверждения при входе на портал, хотя номер телефона указан верно.';
    const { uin, offered } = await registerByChat('chat.card@example.ru', question);
    await openCard(page, uin);
    // The dialog opens the thread: the applicant's turns and the bot's.
    const dialog = page.locator('.conversation-thread li[data-kind="chat-dialog"]');
    assert.match(await dialog.textContent(), /Не приходит SMS с кодом подтверждения/);
    assert.ok(await dialog.locator('[data-direction="in"]').count() > 0, 'the applicant\'s turns');
    assert.ok(await dialog.locator('[data-direction="out"]').count() > 0, 'the bot\'s turns');
    assert.doesNotMatch(await dialog.textContent(), /chat\.card@example\.ru/, 'the address typed in the chat is not shown');
    // The articles turned down in the chat are not suggested again.
    if (offered.length) {
      await page.waitForSelector('section.kb-suggestions');
      const suggested = await apiCall(page, 'GET', `/appeals/${encodeURIComponent(uin)}/suggestions`);
      const keys = suggested.body.items.map((a) => a.key);
      for (const key of offered) assert.ok(!keys.includes(key), `«${key}» was turned down in the chat`);
    }

    // An internal note through the card's form, then the resolution.
    await page.fill('form.comment-form textarea', 'Проверили журнал SMS-шлюза: доставка в норме.');
    await page.click('form.comment-form button[type=submit]');
    await page.waitForSelector('.internal-notes li:has-text("Проверили журнал SMS-шлюза")');
    await advance();
    await act(page, uin, 'resolve', { solution: 'Номер телефона в профиле подтверждён заново, коды снова приходят.' });
    await server.kick();  // the outbox goes to the SMTP server
    await smtp.next('chat.card@example.ru', /Решение по обращению/, () => server.kick());
    await openCard(page, uin);
    const resolution = page.locator('.conversation-thread li[data-kind="letter_out"]', { hasText: 'коды снова приходят' });
    await resolution.waitFor();
    assert.equal(await resolution.getAttribute('data-state'), 'sent');
    assert.match(await resolution.locator('[data-delivery]').textContent(), /Отправлено/);
    assert.ok(await resolution.locator('[data-letter-text]').isVisible(), 'the resolution is open, as sent');
    assert.doesNotMatch(await resolution.textContent(), /\/api\/v1\/public\/confirm\//, 'no signed link in the card');
    // The note is apart, not in the thread.
    assert.doesNotMatch(await page.textContent('.conversation-thread'), /Проверили журнал SMS-шлюза/);
    await shot(page, 'i16-p1-chatbot-conversation');
    assert.deepEqual(problems, []);
  });

  it('walks an e-mail appeal: the letter in, the applicant\'s file, the resolution as sent (point 1)', async () => {
    const { page, problems } = await session('operator');
    const email = 'mail.card@example.ru';
    const created = await apiCall(page, 'POST', '/appeals', {
      regulation: 'epgu', channel: 'email', subject: 'Не загружается справка 2-НДФЛ',
      text: 'Здравствуйте! Справка 2-НДФЛ не загружается в личном кабинете, появляется ошибка 500.',
      applicant: { last_name: 'Кузнецова', first_name: 'Ольга', email, region: '77' },
    }, { 'Idempotency-Key': 'card-email-1' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const uin = created.body.uin;
    // The applicant answers an information request on the status page with a file: the one
    // intake sent when data were missing, else the operator's.
    if (created.body.status !== 'pending') {
      await act(page, uin, 'request_info', { comment: 'Пришлите, пожалуйста, снимок экрана с ошибкой.' });
    }
    const request = await smtp.next(email, /Нужны данные|нужна дополнительная информация|Запрос информации/, () => server.kick());
    const link = request.links.find((l) => l.includes('/status/#'));
    assert.ok(link, request.body);
    const applicant = await browser.newContext({ locale: 'ru-RU' });
    sessions.push({ context: applicant });
    const status = await applicant.newPage();
    const url = new URL(link);
    await advance();
    await status.goto(server.url + url.pathname + url.search + url.hash);
    await status.waitForSelector('form[data-intent=reply] textarea');
    await status.fill('form[data-intent=reply] textarea', 'Снимок экрана прилагаю.');
    await status.setInputFiles('form[data-intent=reply] input[type=file]', {
      name: 'ошибка-500.png', mimeType: 'image/png', buffer: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
    });
    await status.click('form[data-intent=reply] button[type=submit]');
    await status.waitForSelector('#notice:has-text("Ответ отправлен")');

    await advance();
    await act(page, uin, 'resolve', { solution: 'Ошибка 500 устранена, справка загружается.' });
    await smtp.next(email, /Решение по обращению/, () => server.kick());
    await openCard(page, uin);
    const thread = page.locator('.conversation-thread');
    // The letter in opens the thread; the registration notice, the request, the answer with its
    // file, the resolution follow in time order.
    const kinds = await thread.locator(':scope > li').evaluateAll((l) => l.map((x) => x.getAttribute('data-kind')));
    assert.equal(kinds[0], 'letter_in', kinds.join(','));
    const answerAt = kinds.indexOf('answer');
    assert.ok(answerAt > 1 && kinds.slice(1, answerAt).every((k) => k === 'letter_out'), 'the notices before the answer: ' + kinds.join(','));
    assert.equal(kinds[kinds.length - 1], 'letter_out', kinds.join(','));
    assert.match(await thread.locator('li[data-kind="letter_in"]').first().textContent(), /ошибка 500/);
    const answer = thread.locator('li[data-kind="answer"]');
    assert.match(await answer.textContent(), /Снимок экрана прилагаю/);
    const file = answer.locator('[data-attachment] a');
    assert.equal(await file.textContent(), 'ошибка-500.png');
    const download = await page.evaluate(async (href) => (await fetch(href)).status, await file.getAttribute('href'));
    assert.equal(download, 200, 'the file downloads');
    const resolution = thread.locator('li[data-kind="letter_out"]', { hasText: 'справка загружается' });
    assert.equal(await resolution.getAttribute('data-state'), 'sent');
    assert.match(await resolution.textContent(), new RegExp('Решение по обращению ' + uin.replace(/[-]/g, '\\-')));
    await shot(page, 'i16-p1-email-conversation');
    assert.deepEqual(problems, []);
  });
});
