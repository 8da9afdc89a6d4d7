// Browser tests of issue 11's workplace parts against the real server: delivery tasks for notices
// staff deliver themselves (NT-3), terms by agreement on the appeal card (SLA-1, 004 table 2) and
// the phone memo in the hotline screen (PH-1, PH-2, 004 памятка).
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

async function act(page, uin, action, params = {}) {
  const got = await apiCall(page, 'GET', '/appeals/' + encodeURIComponent(uin));
  assert.equal(got.status, 200, JSON.stringify(got.body));
  const r = await apiCall(page, 'POST', `/appeals/${encodeURIComponent(uin)}/actions`, { action, ...params },
    { 'If-Match': `"${got.body.version}"` });
  assert.equal(r.status, 200, `${action}: ${JSON.stringify(r.body)}`);
  return r.body;
}

describe('issue 11 in the workplace', () => {
  withServerAndBrowser((s, b) => { server = s; browser = b; }, sessions);

  it('lists a notice to deliver by phone and confirming it removes it (NT-3)', async () => {
    const { page, problems } = await session('operator');
    const created = await apiCall(page, 'POST', '/appeals', {
      regulation: 'epgu', channel: 'phone', subject: 'Не приходит код подтверждения',
      text: 'При входе на портал не приходит SMS с кодом подтверждения.',
      applicant: { last_name: 'Кузнецова', first_name: 'Ольга', phone: '+79161234567', contact_channel: 'phone' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const uin = created.body.uin;
    const asked = 'Назовите, пожалуйста, номер телефона, привязанный к учётной записи на портале.';
    await act(page, uin, 'request_info', { comment: asked });

    const tasks = await apiCall(page, 'GET', '/deliveries');
    assert.equal(tasks.status, 200, JSON.stringify(tasks.body));
    const task = tasks.body.items.find((t) => t.uin === uin);
    assert.ok(task, 'the information request became a delivery task');
    assert.equal(task.channel, 'phone');

    // The card says a notice waits for staff.
    await page.goto(server.url + '/appeals/' + encodeURIComponent(uin));
    await page.waitForSelector('[data-awaiting-delivery]');
    assert.match(await page.textContent('[data-awaiting-delivery]'), /Уведомление ожидает доставки сотрудником/);
    await shot(page, 'i11-00-card-awaiting-delivery');

    // The top bar counts the tasks; the screen lists this one with whom, how and what to say.
    await page.waitForSelector('a[href="/deliveries"] [data-nav-count]');
    await page.click('a[href="/deliveries"]');
    const card = `section.delivery[data-delivery="${task.id}"]`;
    await page.waitForSelector(card);
    const text = await page.textContent(card);
    assert.match(text, new RegExp(uin));
    assert.match(text, /\+79161234567/);
    assert.match(text, /по телефону/i);
    assert.ok(text.includes(task.text ?? task.subject), 'the words to say are shown');
    assert.ok(await page.$(`${card} a[href="/appeals/${encodeURIComponent(uin)}"]`), 'links the appeal');
    // Sorted by due time.
    const due = await page.$$eval('section.delivery', (s) => s.map((x) => x.getAttribute('data-delivery')));
    const order = [...tasks.body.items].sort((a, b) => a.due_by.localeCompare(b.due_by) || a.id - b.id).map((t) => String(t.id));
    assert.deepEqual(due, order);
    await shot(page, 'i11-01-deliveries');

    assert.equal(await page.inputValue(`${card} select[name=channel]`), 'phone', 'the channel asked for is offered first');
    await page.fill(`${card} input[name=comment]`, 'Дозвонилась, заявитель пришлёт номер письмом');
    await page.click(`${card} [data-action=confirm-delivery]`);
    await page.waitForSelector(`[data-delivered="${uin}"]`);
    await page.waitForSelector(card, { state: 'detached' });
    const left = await apiCall(page, 'GET', '/deliveries');
    assert.ok(!left.body.items.some((t) => t.id === task.id), 'the task is gone once confirmed');
    const again = await apiCall(page, 'POST', `/deliveries/${task.id}`, { channel: 'phone' });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'already_delivered');
    const appeal = await apiCall(page, 'GET', '/appeals/' + encodeURIComponent(uin));
    assert.ok(!appeal.body.attributes?.awaiting_delivery, 'the appeal no longer waits for a delivery');
    await shot(page, 'i11-02-delivery-confirmed');
    assert.deepEqual(problems, []);
  });

  it('shows «срок не согласован» for a P4 appeal until a term is agreed (SLA-1)', async () => {
    const { page, problems } = await session('operator');
    const created = await apiCall(page, 'POST', '/appeals', {
      regulation: 'hotline', channel: 'api', category: 'ИНЦ', priority: 'P4',
      subject: 'Неудобная сортировка в реестре', text: 'В реестре закупок сортировка по дате сбрасывается после обновления страницы.',
      applicant: { last_name: 'Морозов', first_name: 'Денис', email: 'd.morozov@example.ru' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const uin = created.body.uin;
    assert.equal(created.body.terms?.resolution?.agreed, false);
    await page.goto(server.url + '/appeals/' + encodeURIComponent(uin));
    await page.waitForSelector('.deadlines [data-not-agreed]');
    assert.match(await page.textContent('.deadlines [data-deadline=resolution]'), /срок не согласован/);
    await page.waitForSelector('[data-prompt]');
    assert.match(await page.textContent('[data-prompt]'), /Срок не согласован: согласуйте срок решения с пользователем/);
    await shot(page, 'i11-03-term-not-agreed');

    // Changing the priority the user gave needs their agreement: the server's message shows by the field.
    if (created.body.available_actions.includes('change_priority')) {
      await page.click('section.actions [data-action=change_priority]');
      await page.selectOption('form[data-form=change_priority] select[name=priority]', 'P3');
      await page.click('form[data-form=change_priority] button[type=submit]');
      await page.waitForSelector('form[data-form=change_priority] [data-field-error=agreement]');
      assert.match(await page.textContent('[data-field-error=agreement]'), /согласуется с пользователем/);
      await page.click('form[data-form=change_priority] button:has-text("Отмена")');
    }

    await page.click('[data-action=open-agree-term]');
    const form = 'form[data-form=agree_term]';
    await page.waitForSelector(form);
    await page.fill(`${form} input[name=term_count]`, '10');
    await page.selectOption(`${form} select[name=term_unit]`, 'business_days');
    const agreements = await page.$$eval(`${form} select[name=agreement] option`, (o) => o.map((x) => x.textContent));
    assert.ok(agreements.includes('телефон') && agreements.includes('письмо') && agreements.includes('электронная почта'), agreements.join());
    await page.selectOption(`${form} select[name=agreement]`, 'phone');
    await page.fill(`${form} textarea[name=comment]`, 'Согласовано с пользователем по телефону: 10 рабочих дней');
    await page.click(`${form} button[type=submit]`);
    await page.waitForSelector('[data-prompt]', { state: 'detached' });
    await page.waitForSelector('.deadlines [data-deadline=resolution] .deadline:not(.not-agreed)');
    // The time left is working time on the appeal's calendar (the escalation threshold, RT-5,
    // is checked where the regulation escalates: Scenario.Hotline.PauseIsExcludedFromTheTerm).
    assert.match(await page.textContent('.deadlines [data-deadline=resolution] [data-remaining]'), /осталось .*(раб\.|ч|мин)/);
    const after = await apiCall(page, 'GET', '/appeals/' + encodeURIComponent(uin));
    assert.equal(after.body.terms.resolution.agreed, true);
    assert.ok(after.body.deadlines?.resolution, 'a deadline now runs');
    assert.doesNotMatch(await page.textContent('.deadlines'), /срок не согласован/);
    // Issue 16 point 2: the escalation threshold (RT-5: three quarters of the term) is shown with
    // the deadline, at the server's instant.
    const resolutionClock = after.body.clocks.find((c) => c.clock === 'resolution');
    assert.ok(resolutionClock?.escalate_at, JSON.stringify(resolutionClock));
    const threshold = await page.textContent('.deadlines [data-deadline=resolution] [data-escalation]');
    const local = new Date(resolutionClock.escalate_at).toLocaleDateString('ru-RU', { timeZone: 'Europe/Moscow' });
    assert.ok(threshold.startsWith('эскалация: ' + local), `${threshold} / ${local}`);
    await shot(page, 'i16-p2-escalation-threshold');
    await page.waitForTimeout(500);
    assert.equal(await page.$('.notice:has-text("изменено другим")'), null, 'the card\'s own action is not someone else\'s change');
    await shot(page, 'i11-04-term-agreed');

    // 004 table 5: a pause for diagnostics needs the agreed resume date, asked with a date input;
    // the server's refusal shows under that input.
    await page.click('section.actions [data-action=take]');
    await page.waitForSelector('.appeal[data-version="3"]');
    // Issue 16 point 4: actions grouped as the regulation ranks them; the usual next step first,
    // the ones that end the work apart and asked again before they are sent.
    assert.equal(await page.$('[data-action-group=primary] [data-action=resolve]') !== null, true);
    assert.equal(await page.$('[data-action-group=dangerous] [data-action=close]') !== null, true);
    assert.equal(await page.$('[data-action-group=dangerous] [data-action=refuse]') !== null, true);
    assert.equal(await page.$('[data-action-group=other] [data-action=pause]') !== null, true);
    await page.click('section.actions [data-action=close]');
    await page.waitForSelector('form[data-form=close] [data-confirm-warning]');
    assert.match(await page.textContent('form[data-form=close] button[type=submit]'), /^Да, закрыть$/);
    await shot(page, 'i11-05a-dangerous-action-confirm');
    await page.click('form[data-form=close] button:has-text("Отмена")');
    await page.waitForSelector('form[data-form=close]', { state: 'detached' });
    const still = await apiCall(page, 'GET', '/appeals/' + encodeURIComponent(uin));
    assert.equal(still.body.status, 'in_progress', 'nothing closed without the confirmation');
    await page.click('section.actions [data-action=pause]');
    const pause = 'form[data-form=pause]';
    await page.waitForSelector(pause);
    assert.equal(await page.getAttribute(`${pause} input[name=resume_on]`, 'type'), 'date');
    await page.selectOption(`${pause} select[name=reason]`, 'diagnostics');
    // The regulation says what the reason requires (GET /regulations/{id}: requires), so the
    // form asks for the date before it is sent; the server refuses it too (journeys in C++).
    assert.equal(await page.$eval(`${pause} input[name=resume_on]`, (el) => el.required), true);
    await shot(page, 'i11-05-pause-needs-date');
    await page.fill(`${pause} input[name=resume_on]`, '2026-12-21');
    await page.click(`${pause} button[type=submit]`);
    await page.waitForSelector('.appeal [data-status=pending]');
    const paused = await apiCall(page, 'GET', '/appeals/' + encodeURIComponent(uin));
    assert.equal(paused.body.pending_reason, 'diagnostics');
    // Issue 16 point 2: the paused clock says so with the working time it keeps; its time left
    // is the server's, counted on the appeal's calendar.
    const row = '.deadlines [data-deadline=resolution][data-clock-paused=true]';
    await page.waitForSelector(row);
    const clock = paused.body.clocks.find((c) => c.clock === 'resolution');
    assert.equal(clock.paused, true);
    assert.match(await page.textContent(`${row} [data-remaining]`), new RegExp('отсчёт приостановлен · осталось ' + clock.remaining_text));
    assert.match(clock.remaining_text, /раб\. (день|дня|дней)|ч|мин/);
    // Only the clocks the server pauses read as paused (not a timer that keeps running).
    const pausedRows = await page.$$eval('.deadlines [data-clock-paused=true]', (r) => r.map((x) => x.getAttribute('data-deadline')));
    assert.deepEqual(pausedRows.sort(), paused.body.clocks.filter((c) => c.paused).map((c) => c.clock).sort());
    await shot(page, 'i11-06-paused-clock-business-time');
    assert.deepEqual(problems, []);
  });

  it('opens a hotline call with the number, then the operator\'s greeting, and counts transfers on the server (PH-1, PH-2)', async () => {
    const { page, problems } = await session('operator');
    const me = await apiCall(page, 'GET', '/auth/me');
    await page.goto(server.url + '/hotline');
    await page.waitForSelector('[data-action=take-call]:not([disabled])');
    await page.selectOption('select[aria-label="Регламент"]', 'hotline');
    await page.click('[data-action=take-call]');
    await page.waitForSelector('[data-call-uin]');
    const reserved = await page.getAttribute('[data-call-uin]', 'data-call-uin');
    // Memo items 1 and 2: the number first, then the greeting with the operator's name and an offer of help.
    const lines = await page.$$eval('.script [data-script]', (l) => l.map((x) => [x.getAttribute('data-script'), x.textContent]));
    assert.deepEqual(lines.map((l) => l[0]), ['uin', 'greeting']);
    assert.match(lines[0][1], new RegExp(reserved));
    assert.ok(lines[1][1].includes('оператор ' + me.body.user.full_name), lines[1][1]);
    assert.match(lines[1][1], /Чем я могу Вам помочь/);
    await shot(page, 'i11-07-hotline-greeting');
    await page.click('[data-action=next]');
    // «Далее» asks the server to check the step before it moves on.
    await page.waitForSelector('input[name=snils]');
    // СНИЛС, ИНН, birth date and the contact channel are asked, none of them required.
    for (const name of ['snils', 'inn', 'birth_date']) assert.ok(await page.$(`input[name=${name}]`), name);
    assert.equal(await page.getAttribute('input[name=birth_date]', 'type'), 'date');
    const channels = await page.$$eval('select[name=contact_channel] option', (o) => o.map((x) => x.value).filter(Boolean));
    assert.deepEqual(channels.sort(), ['email', 'phone', 'post', 'sms']);
    await page.fill('input[name=last_name]', 'Белова');
    await page.fill('input[name=first_name]', 'Ирина');
    await page.fill('input[name=email]', 'i.belova@example.ru');
    await page.fill('input[name=inn]', '7707083893');
    await page.selectOption('select[name=contact_channel]', 'email');
    await shot(page, 'i11-08-hotline-applicant');
    await page.click('[data-action=next]');
    await page.fill('textarea[name=question]', 'Не подписывается контракт электронной подписью: ошибка сертификата.');
    await page.click('[data-action=next]');
    await page.selectOption('select[name=category]', 'ИНЦ');
    await page.selectOption('select[name=priority]', 'P3');

    // Two transfers, each an action the server counts; the third is refused (memo item 10).
    for (const [i, group] of [[1, 'line1'], [2, 'line2']]) {
      await page.click('[data-action=transfer]');
      await page.waitForSelector('.briefing-card');
      assert.match(await page.textContent('.briefing-card'), /7707083893/);
      await page.selectOption('select[aria-label="Куда перевести"]', group);
      await page.click('[data-action=confirm-transfer]');
      await page.waitForSelector(`[data-transfer-count="${i}"]`);
    }
    const counted = await apiCall(page, 'GET', '/appeals/' + encodeURIComponent(reserved));
    assert.equal(counted.status, 200, JSON.stringify(counted.body));
    assert.equal(counted.body.attributes['count.transfer'], '2');
    assert.equal(counted.body.applicant?.contact_channel ?? 'email', 'email');
    await page.click('[data-action=transfer]');
    await page.waitForSelector('[data-transfer-refused]');
    await shot(page, 'i11-06-hotline-third-transfer-refused');
    await page.click('[data-action=transfer]');
    await page.click('.steps li:last-child button');
    await page.check('input[name=solved] >> nth=1');
    await page.click('[data-action=register]');
    await page.waitForSelector(`[data-registered="${reserved}"]`);
    assert.deepEqual(problems, []);
  });

  it('fills the applicant\'s region from a regional operator\'s own', async () => {
    const { page, problems } = await session('regional');
    await page.goto(server.url + '/hotline');
    await page.waitForSelector('[data-action=take-call]:not([disabled])');
    await page.click('[data-action=take-call]');
    await page.waitForSelector('[data-call-uin]');
    await page.click('[data-action=next]');
    const user = (await apiCall(page, 'GET', '/auth/me')).body.user;
    assert.ok(user.region, 'the demo regional operator has a region');
    assert.equal(await page.inputValue('[name=region]'), user.region);
    await page.click('[data-action=call-no-appeal]');
    await page.waitForSelector('[data-call-ended]');
    assert.deepEqual(problems, []);
  });
});
