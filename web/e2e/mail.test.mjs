// Issue 16 point 1 through the real mail path: a letter with a file arrives in a mailbox of a
// loopback Dovecot, the server reads it over IMAP and registers the appeal; the operator sees the
// letter and its file in the card's conversation, opens the file, answers through the card, and
// the answer appears in the thread as sent (the loopback SMTP server got it). Screenshot:
// i16-p1-real-letter.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { withServerAndBrowser, signIn, apiCall, shot } from './harness.mjs';
import { startSmtpSink } from './smtp_sink.mjs';
import { startDovecot, letterWithFile } from './dovecot.mjs';

let server;
let browser;
let smtp;
let dovecot;
const sessions = [];

const MAILBOX = 'support';
// A PNG's signature and header: enough for a file the operator downloads and compares.
const PNG = Buffer.from('89504e470d0a1a0a0000000d494844520000000100000001080600000000', 'hex');

describe('issue 16 point 1: a real letter with a file, read over IMAP, answered from the card', () => {
  before(async () => {
    smtp = await startSmtpSink();
    dovecot = await startDovecot([MAILBOX]);
  });
  withServerAndBrowser((s, b) => { server = s; browser = b; }, sessions,
    () => ({ smtpPort: smtp.port, manualClock: true, config: dovecot.mailboxToml(MAILBOX, 'epgu', 'email') }));
  after(async () => { await smtp?.close(); await dovecot?.stop(); });

  it('shows the letter and its file in the thread, opens the file, and the answer as sent', async () => {
    const s = await signIn(browser, server.url, 'operator');
    sessions.push(s);
    const { page, problems } = s;
    const email = 'olga.letter@example.ru';
    dovecot.deliver(letterWithFile({
      from: email, fromName: 'Ольга Кузнецова', to: 'support@otklik.test',
      subject: 'Ошибка при загрузке справки',
      text: 'Здравствуйте! При загрузке справки о доходах в личном кабинете появляется ошибка 500. Снимок экрана во вложении.',
      file: { name: 'снимок-ошибки.png', type: 'image/png', bytes: PNG },
    }));
    // The server polls the mailbox every second; the manual clock's kick runs what fell due.
    let uin = null;
    const deadline = Date.now() + 30000;
    while (!uin) {
      assert.ok(Date.now() < deadline, 'the letter became an appeal within 30 s');
      await server.kick();
      const found = await apiCall(page, 'GET', '/appeals?applicant_email=' + encodeURIComponent(email));
      assert.equal(found.status, 200, JSON.stringify(found.body));
      uin = found.body.items?.[0]?.uin ?? null;
      if (!uin) await page.waitForTimeout(250);
    }
    const got = await apiCall(page, 'GET', '/appeals/' + encodeURIComponent(uin));
    assert.equal(got.body.channel, 'email');

    await page.goto(server.url + '/appeals/' + encodeURIComponent(uin));
    const thread = page.locator(`.appeal[data-uin="${uin}"] .conversation-thread`);
    await thread.waitFor();
    // The letter opens the thread, with its subject, its text and its file.
    const letter = thread.locator(':scope > li').first();
    assert.equal(await letter.getAttribute('data-kind'), 'letter_in');
    assert.match(await letter.textContent(), /Ошибка при загрузке справки/);
    assert.match(await letter.textContent(), /появляется ошибка 500/);
    const file = letter.locator('[data-attachment] a');
    assert.equal(await file.textContent(), 'снимок-ошибки.png');
    // The operator opens the file: the bytes are the applicant's.
    const [download] = await Promise.all([page.waitForEvent('download'), file.click()]);
    assert.equal(download.suggestedFilename(), 'снимок-ошибки.png');
    assert.deepEqual(readFileSync(await download.path()), PNG);
    // The history names the letter's arrival in words, not by its code.
    await page.waitForSelector('section.history .timeline li');
    const history = await page.textContent('section.history');
    assert.match(history, /Входящее письмо/);
    assert.doesNotMatch(history, /email_card/);

    // The answer, through the card's own action form.
    const solution = 'Ошибка 500 при загрузке справки устранена: повторите загрузку, справка принимается.';
    await page.click('[data-action=resolve]');
    await page.waitForSelector('form[data-form=resolve]');
    await page.fill('form[data-form=resolve] [name=solution]', solution);
    await page.click('form[data-form=resolve] button[type=submit]');
    await page.waitForSelector('form[data-form=resolve]', { state: 'detached' });
    // The loopback SMTP server receives the answer; the card shows it as sent.
    const sent = await smtp.next(email, /Решение по обращению/, () => server.kick());
    assert.match(sent.body, /справка принимается/);
    await page.reload();
    await thread.waitFor();
    const answer = thread.locator('li[data-kind="letter_out"]', { hasText: 'справка принимается' });
    await answer.waitFor();
    assert.equal(await answer.getAttribute('data-state'), 'sent');
    assert.match(await answer.textContent(), new RegExp('Решение по обращению ' + uin.replace(/[-]/g, '\\-')));
    const kinds = await thread.locator(':scope > li').evaluateAll((l) => l.map((x) => x.getAttribute('data-kind')));
    assert.equal(kinds[0], 'letter_in', kinds.join(','));
    assert.equal(kinds.at(-1), 'letter_out', 'the answer comes last: ' + kinds.join(','));
    await shot(page, 'i16-p1-real-letter');
    assert.deepEqual(problems, []);
  });
});
