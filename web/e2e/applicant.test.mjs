// Issue 17 in the browser: the applicant's whole journey with the real server, the shipped
// regulations and a loopback SMTP server — register through the chatbot, read the letters,
// open the status page from a letter's one-time link, answer the information request with a
// file, get the decision and confirm it — at desktop and phone sizes, with screenshots; and
// axe-core finds no serious or critical violation on /status/, /help/ and the widget.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { withServerAndBrowser, signIn, apiCall, shot } from './harness.mjs';
import { startSmtpSink } from './smtp_sink.mjs';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const viewports = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
};

let server;
let browser;
let smtp;
const sessions = [];

/** A fresh applicant's browser (own storage); CSP bypassed only so that axe can be injected. */
async function applicant(size) {
  const context = await browser.newContext({ ...viewports[size], locale: 'ru-RU', timezoneId: 'Europe/Moscow', bypassCSP: true });
  sessions.push({ context });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push('pageerror: ' + e.message));
  page.on('console', (m) => { if (m.type() === 'error' && !/40[1349]|422/.test(m.text())) problems.push('console: ' + m.text()); });
  return { page, problems };
}

/** axe-core on the page (or a part of it): no serious or critical violation. */
async function accessible(page, what, include) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async (include) => window.axe.run(include ? { include: [include] } : document,
    { resultTypes: ['violations'] }), include ?? null);
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], `axe on ${what}`);
}

async function act(page, uin, action, params = {}) {
  const got = await apiCall(page, 'GET', '/appeals/' + encodeURIComponent(uin));
  assert.equal(got.status, 200, JSON.stringify(got.body));
  const r = await apiCall(page, 'POST', `/appeals/${encodeURIComponent(uin)}/actions`, { action, ...params },
    { 'If-Match': `"${got.body.version}"` });
  assert.equal(r.status, 200, `${action}: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Opens a letter's link as a mail program does: a new page load, not a same-page fragment. */
async function openLink(page, url) {
  await page.goto('about:blank');
  await page.goto(url);
}

function statusLink(letter) {
  const link = letter.links.find((l) => l.includes('/status/#'));
  assert.ok(link, `the letter «${letter.subject}» has a status link:\n${letter.body}`);
  // The letter names the deployment's public address; the test's server listens on a port of
  // its own.
  const url = new URL(link);
  return server.url + url.pathname + url.search + url.hash;
}

/** The chatbot on the help site, section «Портал госуслуг»: asks, offers answers, «Нет» registers. */
async function registerByChat(page, email, size) {
  await page.goto(server.url + '/help/');
  await page.selectOption('#regulation', 'epgu');
  await page.click('#otk-open');
  await page.waitForSelector('#otk-panel:not([hidden]) .otk-bot');
  const answers = { region: 'Москва', email, question: 'Не приходит SMS с кодом подтверждения при входе на портал, хотя номер телефона указан верно.' };
  for (let turn = 0; turn < 12; turn += 1) {
    if (await page.$('[data-otk-uin]')) break;
    const last = await page.$$eval('#otk-log .otk-bot', (b) => b[b.length - 1]?.textContent ?? '');
    const options = await page.$$eval('#otk-options button', (b) => b.map((x) => x.textContent));
    let reply;
    if (/регион/i.test(last)) reply = answers.region;
    else if (/почт/i.test(last) && !options.length) reply = answers.email;
    else if (/логин/i.test(last)) reply = 'нет';
    else if (options.includes('Нет')) reply = 'Нет';
    else if (options.length) reply = options.find((o) => /Инцидент|Гражданин/.test(o)) ?? options[0];
    else reply = answers.question;
    const count = await page.$$eval('#otk-log > *', (x) => x.length);
    if (options.includes(reply)) await page.click(`#otk-options button:text-is("${reply}")`);
    else { await page.fill('#otk-input', reply); await page.press('#otk-input', 'Enter'); }
    await page.waitForFunction((n) => document.querySelectorAll('#otk-log > *').length > n + 1, count);
  }
  const uin = await page.getAttribute('[data-otk-uin]', 'data-otk-uin');
  assert.ok(uin, 'the chatbot registered an appeal and shows its number');
  await shot(page, `i17-${size}-01-chat-registered`);
  return uin;
}

describe('issue 17: the applicant\'s journey', () => {
  before(async () => { smtp = await startSmtpSink(); });
  withServerAndBrowser((s, b) => { server = s; browser = b; }, sessions, () => ({ smtpPort: smtp.port, manualClock: true }));
  after(async () => { await smtp?.close(); });

  for (const size of ['desktop', 'phone']) {
    it(`registers by chatbot, answers with a file and confirms the decision on the status page (${size})`, async () => {
      const email = `applicant.${size}@example.ru`;
      const kick = () => server.kick();
      const { page, problems } = await applicant(size);
      const uin = await registerByChat(page, email, size);
      if (size === 'desktop') await accessible(page, 'the widget', '#otk-panel');

      // The registration letter names the number and leads to the status page.
      const registered = await smtp.next(email, new RegExp(uin), kick);
      assert.match(registered.body, new RegExp(uin));
      statusLink(registered);

      // The operator asks for information through the API; the letter carries a fresh link.
      const staff = await signIn(browser, server.url, 'operator');
      sessions.push(staff);
      await act(staff.page, uin, 'request_info', { comment: 'Пришлите, пожалуйста, снимок экрана с сообщением об ошибке.' });
      const request = await smtp.next(email, /Запрос информации/, kick);
      await openLink(page, statusLink(request));
      await page.waitForSelector(`article#appeal[data-uin="${uin}"][data-status="pending"]`);
      assert.equal(new URL(page.url()).hash, '', 'the one-time token leaves the address bar');
      assert.match(await page.textContent('[data-explanation]'), /Нам нужна дополнительная информация/);
      assert.match(await page.textContent('.messages'), /снимок экрана с сообщением об ошибке/);
      // The chatbot's subject ends at a whole word of the question.
      const subject = (await page.textContent('.subject')).replace(/^«|…»$/g, '');
      const question = 'Не приходит SMS с кодом подтверждения при входе на портал, хотя номер телефона указан верно.';
      assert.ok(question.startsWith(subject) && /[\s,]/.test(question[subject.length] ?? ' '), subject);
      await shot(page, `i17-${size}-02-status-info-requested`);
      if (size === 'desktop') await accessible(page, '/status/ with an information request');

      // Keyboard only: the reply form's field is reachable and labelled.
      await page.focus('form[data-intent=reply] textarea');
      await page.keyboard.type('Снимок экрана прилагаю, ошибка появляется после ввода пароля.');
      await page.setInputFiles('form[data-intent=reply] input[type=file]', {
        name: 'снимок-ошибки.png', mimeType: 'image/png', buffer: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
      });
      await page.focus('form[data-intent=reply] button[type=submit]');
      await page.keyboard.press('Enter');
      await page.waitForSelector('article#appeal[data-status="assigned"]');
      assert.match(await page.textContent('#notice'), /Ответ отправлен/);
      assert.match(await page.textContent('[data-files]'), /снимок-ошибки\.png/);
      await shot(page, `i17-${size}-03-status-answered`);
      const card = await apiCall(staff.page, 'GET', '/appeals/' + encodeURIComponent(uin));
      assert.equal(card.body.status, 'assigned');
      const file = await staff.page.evaluate(async (u) => (await fetch(`/api/v1/appeals/${encodeURIComponent(u)}/attachments/1`)).status, uin);
      assert.equal(file, 200, 'staff can download the applicant\'s file');

      // The decision: the letter's link opens the page with «confirm» and «dispute».
      await act(staff.page, uin, 'resolve', { solution: 'Номер телефона в профиле обновлён, коды снова приходят.' });
      const decision = await smtp.next(email, /Решение по обращению/, kick);
      await openLink(page, statusLink(decision));
      await page.waitForSelector('article#appeal[data-status="resolved"]');
      assert.match(await page.textContent('[data-solution]'), /коды снова приходят/);
      assert.ok(await page.$('form[data-intent=dispute]'), 'disagreement is offered');
      await shot(page, `i17-${size}-04-status-resolved`);
      if (size === 'desktop') await accessible(page, '/status/ with a decision');
      await page.click('form[data-intent=confirm] button[type=submit]');
      await page.waitForSelector('article#appeal[data-status="closed"]');
      assert.equal(await page.$('form[data-intent]'), null, 'nothing more to do on a closed appeal');
      await shot(page, `i17-${size}-05-status-confirmed`);

      // The same link again: opened once only; the entry form takes over with the reason.
      await page.evaluate(() => sessionStorage.clear());
      await openLink(page, statusLink(decision));
      await page.waitForSelector('#entry:not([hidden])');
      assert.match(await page.textContent('#notice'), /уже была открыта/);
      if (size === 'desktop') await accessible(page, '/status/ entry form');
      await shot(page, `i17-${size}-06-link-used`);

      // The entry form sends a new link to the appeal's own address.
      await page.fill('#entry-uin', uin);
      await page.fill('#entry-email', email);
      await page.click('#entry-form button[type=submit]');
      await page.waitForFunction(() => /придёт письмо/.test(document.getElementById('notice').textContent));
      const fresh = await smtp.next(email, /Ссылка на страницу обращения/, kick);
      await openLink(page, statusLink(fresh));
      await page.waitForSelector(`article#appeal[data-uin="${uin}"][data-status="closed"]`);

      // «Выйти» ends the session on the server: the token stops working at once (issue 17).
      const token = await page.evaluate(() => JSON.parse(sessionStorage.getItem('otklik-status-session')).token);
      const view = (t) => page.evaluate(async ({ u, t }) => (await fetch('/api/v1/public/status/appeals/' + encodeURIComponent(u),
        { headers: { 'X-Status-Token': t }, cache: 'no-store' })).status, { u: uin, t });
      assert.equal(await view(token), 200);
      await page.click('button[data-action=logout]');
      await page.waitForSelector('#entry:not([hidden])');
      assert.match(await page.textContent('#notice'), /Вы вышли/);
      assert.equal(await page.evaluate(() => sessionStorage.getItem('otklik-status-session')), null);
      assert.equal(await view(token), 401, 'the session ended on the server, not only in the browser');
      await shot(page, `i17-p3-${size}-logged-out`);
      assert.deepEqual(problems, []);
    });
  }

  /** Answers the widget's questions (role, login, type…) until it waits for the question itself. */
  async function chatToQuestion(page, email) {
    const bots = () => page.$$eval('#otk-log .otk-bot', (b) => b.map((x) => x.textContent));
    for (let turn = 0; turn < 10; turn += 1) {
      const said = await bots();
      const last = said[said.length - 1] ?? '';
      const options = await page.$$eval('#otk-options button', (b) => b.map((x) => x.textContent));
      if (/Опишите ваш вопрос|Ваши обращения/.test(said.slice(-2).join('\n'))) return said;
      let reply;
      if (/регион/i.test(last)) reply = 'Москва';
      else if (/почт/i.test(last) && !options.length) reply = email;
      else if (/логин/i.test(last)) reply = 'нет';
      else if (options.length) reply = options.find((o) => /Инцидент|Гражданин/.test(o)) ?? options[0];
      else throw new Error('unexpected question: ' + last);
      await say(page, reply, options.includes(reply));
    }
    throw new Error('the chatbot never asked for the question');
  }

  /** Sends a message (or clicks its button) and waits for the bot's answer. */
  async function say(page, text, button = false) {
    const count = await page.$$eval('#otk-log > *', (x) => x.length);
    if (button) await page.click(`#otk-options button:text-is("${text}")`);
    else { await page.fill('#otk-input', text); await page.press('#otk-input', 'Enter'); }
    await page.waitForFunction((n) => document.querySelectorAll('#otk-log > *').length > n + 1, count);
    return page.$$eval('#otk-log .otk-bot', (b) => b.map((x) => x.textContent));
  }

  for (const size of ['desktop', 'phone']) {
    it(`a returning applicant proves the e-mail once, asks about two appeals, a new dialog needs no code (${size})`, async () => {
      const email = `returning.${size}@example.ru`;
      const kick = () => server.kick();
      const staff = await signIn(browser, server.url, 'operator');
      sessions.push(staff);
      const uins = [];
      for (const [i, subject] of ['Не приходит код подтверждения', 'Не отображается заявление в личном кабинете'].entries()) {
        const r = await apiCall(staff.page, 'POST', '/appeals', {
          regulation: 'epgu', channel: 'email', subject, text: subject + '. Прошу помочь.',
          applicant: { last_name: 'Кузнецова', first_name: 'Ольга', email: email.toUpperCase(), snils: '112-233-445 95',
            inn: '500100732259', birth_date: '1985-04-12', contact_channel: 'email' },
        }, { 'Idempotency-Key': `returning-${size}-${i}` });
        assert.equal(r.status, 201, JSON.stringify(r.body));
        uins.push(r.body.uin);
      }

      const { page, problems } = await applicant(size);
      await page.goto(server.url + '/help/');
      // The region chosen on the help site goes to the chatbot: it is not asked (point 2).
      await page.waitForSelector('#region option[value="77"]', { state: 'attached' });
      await page.selectOption('#region', '77');
      await page.selectOption('#regulation', 'epgu');
      await page.click('#otk-open');
      await page.waitForSelector('#otk-panel:not([hidden]) .otk-bot');
      let said = await chatToQuestion(page, email);
      assert.ok(!said.some((m) => /Из какого вы региона/.test(m)), said.join('\n'));

      // Before the proof: a code, and not a word about the appeals.
      said = await say(page, `Что с обращением ${uins[0]}?`);
      assert.match(said[said.length - 1], /письмо с кодом подтверждения/);
      assert.ok(!said.some((m) => m.includes('статус «')), said.join('\n'));
      const letter = await smtp.next(email, /Код подтверждения/, kick);
      const code = letter.body.match(/код подтверждения: (\d{6})/)[1];
      said = await say(page, code);
      assert.ok(said.some((m) => m.includes(`${uins[0]}: статус «`)), said.join('\n'));
      // The other appeal is a button; it is answered in the same dialog without a code.
      const button = await page.$$eval('#otk-options button', (b) => b.map((x) => x.textContent));
      const other = button.find((o) => o.startsWith(uins[1]));
      assert.ok(other, button.join(' | '));
      said = await say(page, other, true);
      assert.ok(said[said.length - 2].includes(`${uins[1]}: статус «`) || said.some((m) => m.includes(`${uins[1]}: статус «`)), said.join('\n'));
      assert.ok(await page.$(`#otk-options button:has-text("${uins[0]}")`), 'the first appeal is offered back');
      await shot(page, `i17-p1-${size}-two-appeals-one-code`);
      if (size === 'desktop') await accessible(page, 'the widget with the appeals', '#otk-panel');

      // A new dialog in the same browser (the proof token is kept): no code, the appeals at once.
      await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('otklik-chat-epgu')).forEach((k) => localStorage.removeItem(k)));
      assert.ok(await page.evaluate(() => localStorage.getItem('otklik-chat-proof')), 'the widget keeps the proof');
      await page.reload();
      await page.waitForFunction(() => document.getElementById('region').value === '77');
      await page.click('#otk-open');
      await page.waitForSelector('#otk-panel:not([hidden]) .otk-bot');
      said = await chatToQuestion(page, email);
      assert.ok(said.some((m) => /Ваши обращения/.test(m)), said.join('\n'));
      const offered = await page.$$eval('#otk-options button', (b) => b.map((x) => x.textContent));
      assert.ok(uins.every((u) => offered.some((o) => o.startsWith(u))), offered.join(' | '));
      said = await say(page, offered.find((o) => o.startsWith(uins[0])), true);
      assert.ok(said.some((m) => m.includes(`${uins[0]}: статус «`)), said.join('\n'));
      assert.ok(!said.some((m) => /код подтверждения/.test(m)), 'no code asked again');
      await shot(page, `i17-p1-${size}-new-dialog-no-code`);

      // A stale proof is forgotten without a word: the dialog simply asks for a code again.
      await page.evaluate(() => {
        Object.keys(localStorage).filter((k) => k.startsWith('otklik-chat-epgu')).forEach((k) => localStorage.removeItem(k));
        localStorage.setItem('otklik-chat-proof', JSON.stringify({ token: 'forged', expires_at: '2999-01-01T00:00:00Z' }));
      });
      await page.reload();
      await page.waitForFunction(() => document.getElementById('region').value === '77');
      await page.click('#otk-open');
      await page.waitForSelector('#otk-panel:not([hidden]) .otk-bot');
      said = await chatToQuestion(page, email);
      assert.ok(!said.some((m) => /Ваши обращения/.test(m)), said.join('\n'));
      assert.equal(await page.evaluate(() => localStorage.getItem('otklik-chat-proof')), null, 'the stale proof is dropped');
      said = await say(page, `Что с обращением ${uins[1]}?`);
      assert.match(said[said.length - 1], /письмо с кодом подтверждения/);
      assert.deepEqual(problems, []);
      assert.deepEqual(staff.problems, []);
    });
  }

  it('the help site passes axe-core, links the status page and remembers the region', async () => {
    const { page, problems } = await applicant('desktop');
    await page.goto(server.url + '/help/');
    await page.waitForSelector('#articles *');
    assert.ok(await page.$('a[href="/status/"]'), 'the help site links /status/');
    await page.waitForSelector('#region option[value="77"]', { state: 'attached' });
    await page.selectOption('#region', '77');
    await page.selectOption('#regulation', 'epgu');
    await accessible(page, '/help/');
    await page.reload();
    await page.waitForSelector('#region option[value="77"]', { state: 'attached' });
    await page.waitForFunction(() => document.getElementById('region').value === '77');
    assert.equal(await page.inputValue('#regulation'), 'epgu', 'the section is remembered too');
    assert.deepEqual(problems, []);
  });

  it('on a phone the chat button covers no text of the help site', async () => {
    const { page, problems } = await applicant('phone');
    await page.goto(server.url + '/help/');
    await page.waitForSelector('#otk-open');
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    const overlaps = await page.evaluate(() => {
      const button = document.getElementById('otk-open').getBoundingClientRect();
      return [...document.querySelectorAll('main p, main summary, main h2, main a, header *')].filter((node) => {
        const r = node.getBoundingClientRect();
        return r.width && r.height && r.left < button.right && r.right > button.left && r.top < button.bottom && r.bottom > button.top;
      }).map((node) => node.tagName + ' ' + node.textContent.slice(0, 40));
    });
    await shot(page, 'i17-phone-07-help-bottom');
    assert.deepEqual(overlaps, []);
    assert.deepEqual(problems, []);
  });
});
