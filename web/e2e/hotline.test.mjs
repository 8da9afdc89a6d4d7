// Browser tests of the hotline intake (issue 16 point 6) against the real server and the shipped
// regulations: step-by-step validation by the server's rules, a transfer that moves the appeal to
// the chosen person with the briefing, a call that survives a reload, focus after «Принять
// звонок», organizations of the caller's region. Screenshots: i16-p6-*.
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

async function takeCall(page, regulation) {
  await page.goto(server.url + '/hotline');
  await page.waitForSelector('[data-action=take-call]:not([disabled])');
  await page.selectOption('select[aria-label="Регламент"]', regulation);
  await page.click('[data-action=take-call]');
  await page.waitForSelector('[data-call-uin]');
  return page.getAttribute('[data-call-uin]', 'data-call-uin');
}

const activeName = (page) => page.evaluate(() => document.activeElement?.getAttribute('name') ?? document.activeElement?.tagName);

describe('hotline intake (issue 16 point 6)', () => {
  withServerAndBrowser((s, b) => { server = s; browser = b; }, sessions);

  it('moves the focus to the first field after «Принять звонок» and on every step', async () => {
    const { page, problems } = await session('operator');
    const uin = await takeCall(page, 'hotline');
    await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'first_name');
    assert.equal(await activeName(page), 'first_name');
    // The keyboard alone: the caller's name, Enter to the next step, the focus follows.
    await page.keyboard.type('Ирина');
    await page.keyboard.press('Enter');
    await page.waitForSelector('form[data-step="1"]');
    await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'last_name');
    assert.equal(await page.inputValue('input[name=first_name]'), 'Ирина');
    await shot(page, 'i16-p6-focus-first-field');
    await page.click('[data-action=call-no-appeal]');
    await page.waitForSelector(`[data-call-ended="${uin}"]`);
    assert.deepEqual(problems, []);
  });

  it('validates each step when the operator leaves it, in Russian, by the server\'s rules', async () => {
    const { page, problems } = await session('operator');
    const uin = await takeCall(page, 'hotline');
    await page.click('[data-action=next]');
    await page.waitForSelector('form[data-step="1"]');
    await page.fill('input[name=first_name]', 'Ирина');
    await page.fill('input[name=email]', 'не-почта');
    await page.fill('input[name=inn]', '1234567890');
    await page.click('[data-action=next]');
    await page.waitForSelector('[data-step-errors="1"]');
    assert.equal(await page.getAttribute('form.step', 'data-step'), '1', 'the step is not left');
    const text = await page.textContent('[data-step-errors="1"]');
    assert.match(text, /Адрес электронной почты — Адрес электронной почты указан неверно/);
    assert.match(text, /ИНН — ИНН не проходит проверку контрольных цифр/);
    // Only this step's fields: the category of step 4 is not asked yet; no raw keys.
    assert.doesNotMatch(text, /категория/i);
    assert.doesNotMatch(text, /applicant\.|[a-z_]+\.[a-z_]+:/);
    assert.match(await page.textContent('[data-field-error=email]'), /указан неверно/);
    await shot(page, 'i16-p6-step-validation');
    await page.fill('input[name=email]', 'i.belova@example.ru');
    await page.fill('input[name=inn]', '7707083893');
    await page.click('[data-action=next]');
    await page.waitForSelector('form[data-step="2"]');
    assert.equal(await page.$('[data-step-errors]'), null);
    // Step 2 without the question; then step 3 without category and priority (the channel's).
    await page.click('[data-action=next]');
    await page.waitForSelector('[data-step-errors="2"]');
    assert.match(await page.textContent('[data-step-errors="2"]'), /Суть обращения/);
    await page.fill('textarea[name=question]', 'Не подписывается контракт: ошибка сертификата.');
    await page.click('[data-action=next]');
    await page.waitForSelector('form[data-step="3"]');
    await page.click('[data-action=next]');
    await page.waitForSelector('[data-step-errors="3"]');
    const third = await page.textContent('[data-step-errors="3"]');
    assert.match(third, /Категория — Для канала «Телефон горячей линии» обязательно: категория/);
    assert.match(third, /Приоритет/);
    await shot(page, 'i16-p6-step-validation-category');
    // Going back never blocks.
    await page.click('text=Назад');
    await page.waitForSelector('form[data-step="2"]');
    await page.click('[data-action=call-no-appeal]');
    await page.waitForSelector(`[data-call-ended="${uin}"]`);
    assert.deepEqual(problems, []);
  });

  it('transfers the call\'s appeal to a chosen person with the briefing, into their queue', async () => {
    const { page, problems } = await session('operator');
    const uin = await takeCall(page, 'hotline');
    await page.click('[data-action=next]');
    await page.fill('input[name=last_name]', 'Белова');
    await page.fill('input[name=first_name]', 'Ирина');
    await page.fill('input[name=email]', 'i.belova@example.ru');
    await page.fill('input[name=inn]', '7707083893');
    await page.click('[data-action=next]');
    await page.waitForSelector('form[data-step="2"]');
    await page.fill('textarea[name=question]', 'Отчёт о закупках не выгружается в ЕИС.');
    await page.click('[data-action=next]');
    await page.waitForSelector('form[data-step="3"]');
    await page.selectOption('select[name=category]', 'ИНЦ');
    await page.selectOption('select[name=priority]', 'P3');
    await page.click('[data-action=transfer]');
    await page.waitForSelector('.briefing-card');
    // Groups and people come from the regulation's transfer actions (the server's list).
    const options = await page.$$eval('select[aria-label="Куда перевести"] option', (o) => o.map((x) => [x.value, x.textContent]));
    for (const v of ['line1', 'line2', 'line3', 'person:techsupport']) assert.ok(options.some(([value]) => value === v), v + ' ' + JSON.stringify(options));
    assert.ok(!options.some(([value]) => value === 'person:operator'), 'not to oneself');
    await page.selectOption('select[aria-label="Куда перевести"]', 'person:techsupport');
    const briefing = 'Белова Ирина, ИНН 7707083893, обращение ' + uin + ': отчёт о закупках не выгружается, нужна помощь инженера';
    await page.fill('textarea[name=briefing]', briefing);
    await shot(page, 'i16-p6-transfer-choose-person');
    await page.click('[data-action=confirm-transfer]');
    await page.waitForSelector('[data-transfer-count="1"]');
    const moved = await apiCall(page, 'GET', '/appeals/' + encodeURIComponent(uin));
    assert.equal(moved.status, 200);
    assert.equal(moved.body.assignee, 'techsupport');
    assert.equal(moved.body.attributes['count.transfer'], '1');
    assert.match(await page.textContent('[data-transfers]'), /Инженер поддержки/);
    // The receiving engineer: the appeal is in «Мои», the briefing is on the appeal.
    const eng = await session('techsupport');
    await eng.page.goto(server.url + '/?q=mine');
    await eng.page.waitForSelector(`tr[data-uin="${uin}"]`);
    await shot(eng.page, 'i16-p6-transfer-received-queue');
    await eng.page.goto(server.url + '/appeals/' + encodeURIComponent(uin));
    await eng.page.waitForSelector(`.appeal[data-uin="${uin}"]`);
    await eng.page.waitForFunction((t) => document.body.innerText.includes(t), 'нужна помощь инженера');
    await shot(eng.page, 'i16-p6-transfer-briefing-in-card');
    // The operator finishes the call.
    await page.click('.steps li:last-child button');
    await page.waitForSelector('form[data-step="6"]');
    await page.check('input[name=solved] >> nth=1');
    await page.click('[data-action=register]');
    await page.waitForSelector(`[data-registered="${uin}"]`);
    assert.deepEqual(problems, []);
    assert.deepEqual(eng.problems, []);
  });

  it('continues the same call with the same number after a reload; other open calls keep theirs', async () => {
    const { page, problems } = await session('operator');
    const uin = await takeCall(page, 'hotline');
    await page.click('[data-action=next]');
    await page.fill('input[name=first_name]', 'Олег');
    await page.fill('input[name=email]', 'oleg@example.ru');
    await page.click('[data-action=next]');
    await page.waitForSelector('form[data-step="2"]');
    await page.fill('textarea[name=question]', 'Как сменить ответственного в личном кабинете?');
    // Another call taken elsewhere and left open (a second window): its number stays reserved.
    const other = await apiCall(page, 'POST', '/calls', { regulation: 'hotline', channel: 'phone' });
    assert.equal(other.status, 201);
    // The form is on the server (a moment after the typing stops) before the page goes.
    await page.waitForSelector('[data-draft-state=saved]');
    await page.reload();
    await page.waitForSelector(`[data-call-resumed="${uin}"]`);
    assert.equal(await page.getAttribute('[data-call-uin]', 'data-call-uin'), uin);
    assert.equal(await page.getAttribute('form.step', 'data-step'), '2');
    assert.equal(await page.inputValue('textarea[name=question]'), 'Как сменить ответственного в личном кабинете?');
    await page.waitForSelector(`[data-pending-call="${other.body.uin}"]`);
    await shot(page, 'i16-p6-reload-resumed');
    // The other call is ended with its reason: its number is accounted for, not stranded.
    await page.click(`[data-pending-call="${other.body.uin}"] [data-action=end-pending-call]`);
    await page.waitForSelector(`[data-pending-call="${other.body.uin}"]`, { state: 'detached' });
    assert.equal((await apiCall(page, 'GET', '/calls/' + encodeURIComponent(other.body.uin))).body.outcome, 'dropped');
    // The resumed call registers under its own number.
    await page.click('[data-action=next]');
    await page.waitForSelector('form[data-step="3"]');
    await page.selectOption('select[name=category]', 'ЗнК');
    await page.selectOption('select[name=priority]', 'P3');
    await page.click('.steps li:last-child button');
    await page.waitForSelector('form[data-step="6"]');
    await page.check('input[name=solved] >> nth=0');
    await page.click('[data-action=register]');
    await page.waitForSelector(`[data-registered="${uin}"]`);
    const open = await apiCall(page, 'GET', '/calls');
    assert.deepEqual(open.body.items.map((c) => c.uin), []);
    // Nothing left to resume: the next visit offers a new call.
    await page.reload();
    await page.waitForSelector('[data-action=take-call]:not([disabled])');
    assert.equal(await page.$('[data-call-uin]'), null);
    assert.deepEqual(problems, []);
  });

  it('keeps the call\'s form on the server: the same operator in a fresh browser continues it (point 6)', async () => {
    const first = await session('operator');
    const uin = await takeCall(first.page, 'hotline');
    const draftPath = '/calls/' + encodeURIComponent(uin) + '/draft';
    await first.page.click('[data-action=next]');
    await first.page.fill('input[name=first_name]', 'Тамара');
    await first.page.fill('input[name=email]', 'tamara.draft@example.ru');
    await first.page.click('[data-action=next]');
    await first.page.waitForSelector('form[data-step="2"]');
    const question = 'Не приходит письмо с кодом подтверждения при смене почты';
    await first.page.fill('textarea[name=question]', question);
    await first.page.waitForSelector('[data-draft-state=saved]');
    // The caller's data is on the server, not in this browser's storage.
    const kept = await first.page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('otklik.call.')));
    assert.deepEqual(kept, []);
    const saved = await apiCall(first.page, 'GET', draftPath);
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.equal(saved.body.form.form.question, question);
    assert.equal(saved.body.form.step, 2);
    // Another person may not read it.
    const other = await session('intake');
    assert.equal((await apiCall(other.page, 'GET', draftPath)).status, 403);

    // The same operator in a fresh browser (no cookies, no storage): the call goes on.
    const fresh = await session('operator');
    await fresh.page.goto(server.url + '/hotline');
    await fresh.page.waitForSelector(`[data-call-resumed="${uin}"]`);
    assert.equal(await fresh.page.getAttribute('[data-call-uin]', 'data-call-uin'), uin);
    assert.equal(await fresh.page.getAttribute('form.step', 'data-step'), '2');
    assert.equal(await fresh.page.inputValue('textarea[name=question]'), question);
    await shot(fresh.page, 'i16-p6-draft-server');
    await fresh.page.click('.steps li:nth-child(2) button');
    await fresh.page.waitForSelector('form[data-step="1"]');
    assert.equal(await fresh.page.inputValue('input[name=first_name]'), 'Тамара');
    assert.equal(await fresh.page.inputValue('input[name=email]'), 'tamara.draft@example.ru');

    // Finished there: the appeal takes the number and the draft goes with the form.
    await fresh.page.click('[data-action=next]');
    await fresh.page.waitForSelector('form[data-step="2"]');
    await fresh.page.click('[data-action=next]');
    await fresh.page.waitForSelector('form[data-step="3"]');
    await fresh.page.selectOption('select[name=category]', 'ЗнК');
    await fresh.page.selectOption('select[name=priority]', 'P3');
    await fresh.page.click('.steps li:last-child button');
    await fresh.page.waitForSelector('form[data-step="6"]');
    await fresh.page.check('input[name=solved] >> nth=1');
    await fresh.page.click('[data-action=register]');
    await fresh.page.waitForSelector(`[data-registered="${uin}"]`);
    assert.equal((await apiCall(fresh.page, 'GET', draftPath)).status, 404);
    assert.deepEqual((await apiCall(fresh.page, 'GET', '/calls')).body.drafts, []);
    for (const s of [first, other, fresh]) assert.deepEqual(s.problems, []);
  });

  it('offers the caller\'s region\'s organizations and warns when the region has none', async () => {
    const { page, problems } = await session('intake');
    const uin = await takeCall(page, 'pos');
    await page.click('[data-action=next]');
    await page.waitForSelector('form[data-step="1"]');
    await page.fill('input[name=last_name]', 'Смирнова');
    await page.fill('input[name=first_name]', 'Мария');
    await page.fill('input[name=phone]', '+7 916 123-45-67');
    // The region by name, not a code.
    const moscow = await page.$$eval('select[name=region] option', (o) => o.find((x) => x.textContent.includes('Москва'))?.value);
    assert.equal(moscow, '77');
    await page.selectOption('select[name=region]', '77');
    await page.click('[data-action=next]');
    await page.waitForSelector('form[data-step="2"]');
    await page.fill('textarea[name=question]', 'Не вывозят мусор во дворе.');
    await page.click('[data-action=next]');
    await page.waitForSelector('form[data-step="3"]');
    await page.selectOption('select[name=category]', 'ЖКХ');
    await page.selectOption('select[name=subcategory]', 'waste');
    await page.waitForSelector('[data-no-regional-organizations]');
    assert.match(await page.textContent('[data-no-regional-organizations]'), /В регионе «[^»]*Москва[^»]*» нет организаций-исполнителей/);
    const labels = await page.$$eval('select[name=organization] option', (o) => o.filter((x) => x.value).map((x) => x.textContent));
    assert.ok(labels.length > 0);
    for (const l of labels) assert.match(l, /другой регион: Ульяновская/, l);
    await shot(page, 'i16-p6-region-warning');
    // The Ulyanovsk caller: that region's organizations, no warning.
    await page.click('.steps li:nth-child(2) button');
    await page.waitForSelector('form[data-step="1"]');
    await page.selectOption('select[name=region]', '73');
    await page.click('.steps li:nth-child(4) button');
    await page.waitForSelector('form[data-step="3"]');
    assert.equal(await page.$('[data-no-regional-organizations]'), null);
    const local = await page.$$eval('select[name=organization] option', (o) => o.filter((x) => x.value).map((x) => x.textContent));
    assert.ok(local.some((l) => /Администрация города Ульяновска/.test(l)), JSON.stringify(local));
    for (const l of local) assert.doesNotMatch(l, /другой регион/);
    await shot(page, 'i16-p6-region-organizations');
    await page.click('[data-action=call-no-appeal]');
    await page.waitForSelector(`[data-call-ended="${uin}"]`);
    assert.deepEqual(problems, []);
  });
});
