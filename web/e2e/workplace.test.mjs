// Browser tests of the operator workplace against the real server (issue 7, item 8).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { withServerAndBrowser, signIn, apiCall, shot } from './harness.mjs';

let server;
let browser;
const sessions = [];

// «Далее» validates the step on the server before it moves on: wait for the next step.
async function next(page) {
  const step = Number(await page.getAttribute('form.step', 'data-step'));
  await page.click('[data-action=next]');
  await page.waitForSelector(`form.step[data-step="${step + 1}"]`);
}

async function session(who) {
  const s = await signIn(browser, server.url, who);
  sessions.push(s);
  return s;
}

describe('operator workplace', () => {
  withServerAndBrowser((s, b) => { server = s; browser = b; }, sessions);

  it('serves the SPA for client routes and keeps the API apart', async () => {
    const index = await fetch(server.url + '/appeals/%D0%93%D0%9B-2026-000001');
    assert.equal(index.status, 200);
    assert.match(index.headers.get('content-type'), /^text\/html/);
    assert.match(await index.text(), /<div id="root">/);
    const missing = await fetch(server.url + '/api/v1/nothing-here');
    assert.equal(missing.status, 404);
    assert.match(missing.headers.get('content-type'), /json/);
    const traversal = await fetch(server.url + '/assets/%2e%2e/%2e%2e/package.json');
    assert.equal(traversal.status, 404);
  });

  it('logs in and shows the queues', async () => {
    const { page, problems } = await session('operator');
    await page.waitForSelector('[data-testid=queue-table] tbody tr');
    await page.waitForSelector('[data-live=live]');
    assert.match(await page.textContent('header'), /Оператор/);
    await shot(page, '01-queues-operator');
    // A wrong password stays on the login form with a Russian message.
    const other = await browser.newContext();
    const p2 = await other.newPage();
    await p2.goto(server.url + '/');
    await p2.fill('input[name=login]', 'operator');
    await p2.fill('input[name=password]', 'wrong');
    await p2.click('button[type=submit]');
    await p2.waitForSelector('[role=alert]');
    assert.match(await p2.textContent('[role=alert]'), /[а-я]/i);
    await other.close();
    assert.deepEqual(problems, []);
  });

  it('takes a hotline call and registers it', async () => {
    const { page, problems } = await session('intake');
    await page.click('a[href="/hotline"]');
    await page.waitForSelector('[data-action=take-call]:not([disabled])');
    await page.selectOption('select[aria-label="Регламент"]', 'pos').catch(() => {});
    await page.click('[data-action=take-call]');
    await page.waitForSelector('[data-call-uin^="ПОС-"]');
    const reserved = await page.getAttribute('[data-call-uin]', 'data-call-uin');
    // CH-2, PH-1: the number exists before the form is filled and the greeting says it.
    assert.match(await page.textContent('.script'), new RegExp(reserved));
    const open = await apiCall(page, 'GET', '/calls/' + encodeURIComponent(reserved));
    assert.equal(open.status, 200);
    assert.equal(open.body.outcome, '');
    await shot(page, '02-hotline-greeting');
    await next(page);
    await page.fill('input[name=last_name]', 'Петрова');
    await page.fill('input[name=first_name]', 'Анна');
    await page.fill('input[name=phone]', '+7 903 123-45-67');
    await page.fill('input[name=email]', 'anna.petrova@example.ru');
    await page.fill('input[name=address]', 'г. Ульяновск, ул. Гончарова, д. 1, кв. 5');
    await next(page);
    await page.fill('input[name=subject]', 'Не вывозят мусор');
    await page.fill('textarea[name=question]', 'Третью неделю не вывозят мусор с контейнерной площадки во дворе.');
    await next(page);
    const categories = await page.$$eval('select[name=category] option', (o) => o.map((x) => x.value).filter(Boolean));
    assert.ok(categories.length > 0, 'the regulation offers categories');
    const category = categories.includes('ЖКХ') ? 'ЖКХ' : categories[0];
    await page.selectOption('select[name=category]', category);
    const subs = await page.$$eval('select[name=subcategory] option', (o) => o.map((x) => x.value).filter(Boolean));
    if (subs.length) await page.selectOption('select[name=subcategory]', subs.includes('waste') ? 'waste' : subs[0]);
    if (await page.$('select[name=priority]')) {
      const pr = await page.$$eval('select[name=priority] option', (o) => o.map((x) => x.value).filter(Boolean));
      if (pr.length) await page.selectOption('select[name=priority]', pr[pr.length - 1]);
    }
    await next(page);
    await page.fill('input[name=problem_address]', 'г. Ульяновск, ул. Гончарова, д. 3, контейнерная площадка');
    await next(page);
    await next(page);
    // Transfers are server actions of the regulation (journeys.test.mjs); this one has none for the role.
    await page.check('input[name=solved] >> nth=1');
    await page.click('[data-action=register]');
    await page.waitForSelector('[data-registered]');
    const uin = await page.getAttribute('[data-registered]', 'data-registered');
    assert.equal(uin, reserved, 'the number said first is the one registered');
    const call = await apiCall(page, 'GET', '/calls/' + encodeURIComponent(reserved));
    assert.equal(call.body.outcome, 'registered');
    await shot(page, '04-hotline-next-steps');
    const got = await apiCall(page, 'GET', '/appeals/' + encodeURIComponent(uin));
    assert.equal(got.status, 200);
    assert.equal(got.body.channel, 'phone');
    const comments = await apiCall(page, 'GET', `/appeals/${encodeURIComponent(uin)}/comments`);
    assert.ok(comments.body.items.some((c) => /Карточка звонка/.test(c.text)));
    assert.deepEqual(problems, []);
  });

  it('says the reserved number first on an e-government portal call', async () => {
    const { page, problems } = await session('intake');
    await page.goto(server.url + '/hotline');
    await page.waitForSelector('[data-action=take-call]:not([disabled])');
    const regs = await page.$$eval('select[aria-label="Регламент"] option', (o) => o.map((x) => x.value));
    if (!regs.includes('epgu')) return;
    await page.selectOption('select[aria-label="Регламент"]', 'epgu');
    await page.click('[data-action=take-call]');
    await page.waitForSelector('[data-call-uin^="ЕП-"]');
    const reserved = await page.getAttribute('[data-call-uin]', 'data-call-uin');
    assert.match(await page.textContent('.script'), new RegExp(reserved));
    await next(page);
    await page.fill('input[name=last_name]', 'Орлов');
    await page.fill('input[name=first_name]', 'Игорь');
    await next(page);
    await page.fill('textarea[name=question]', 'Как подать заявление на загранпаспорт через портал?');
    for (let i = 0; i < 4; i++) await next(page);
    await page.check('input[name=solved] >> nth=0');
    await page.click('[data-action=register]');
    await page.waitForSelector(`[data-registered="${reserved}"]`);
    const comments = await apiCall(page, 'GET', `/appeals/${encodeURIComponent(reserved)}/comments`);
    // SEC-3: the call card names which personal data the caller gave, never the values.
    const card = comments.body.items.find((c) => /Карточка звонка/.test(c.text));
    assert.ok(card, 'the call card is a comment');
    assert.doesNotMatch(card.text, /Орлов|Игорь/);
    assert.match(card.text, /фамилия, имя/);
    assert.deepEqual(problems, []);
  });

  it('accounts for the number of a call that dropped before registration', async () => {
    const { page, problems } = await session('intake');
    await page.goto(server.url + '/hotline');
    await page.waitForSelector('[data-action=take-call]:not([disabled])');
    await page.selectOption('select[aria-label="Регламент"]', 'pos');
    await page.click('[data-action=take-call]');
    await page.waitForSelector('[data-call-uin^="ПОС-"]');
    const reserved = await page.getAttribute('[data-call-uin]', 'data-call-uin');
    await page.click('[data-action=call-dropped]');
    await page.waitForSelector(`[data-call-ended="${reserved}"]`);
    const call = await apiCall(page, 'GET', '/calls/' + encodeURIComponent(reserved));
    assert.equal(call.body.outcome, 'dropped');
    const appeal = await apiCall(page, 'GET', '/appeals/' + encodeURIComponent(reserved));
    assert.equal(appeal.status, 404, 'no appeal was registered under the number');
    assert.deepEqual(problems, []);
  });

  it('shows each role only the actions the API allows it, and acts', async () => {
    const op = await session('operator');
    const sup = await session('supervisor');
    const list = await apiCall(op.page, 'GET', '/appeals?open=true&limit=50');
    const target = list.body.items.find((a) => a.available_actions.length > 0 && a.status === 'registered') ??
      list.body.items.find((a) => a.available_actions.length > 0);
    assert.ok(target, 'an open appeal with actions');
    const uin = target.uin;
    const visibleActions = async (page) => {
      await page.goto(server.url + '/appeals/' + encodeURIComponent(uin));
      await page.waitForSelector(`.appeal[data-uin="${uin}"]`);
      await page.waitForSelector('section.actions');
      return (await page.$$eval('section.actions [data-action]', (b) => b.map((x) => x.getAttribute('data-action')))).sort();
    };
    for (const s of [op, sup]) {
      const api = await apiCall(s.page, 'GET', '/appeals/' + encodeURIComponent(uin));
      assert.deepEqual(await visibleActions(s.page), [...api.body.available_actions].sort());
    }
    await shot(op.page, '05-card-operator');
    await shot(sup.page, '06-card-supervisor');
    // The applicant is masked until «Показать», and the reveal is logged.
    const masked = await op.page.getAttribute('.applicant dl', 'data-masked');
    assert.equal(masked, 'true');
    await op.page.click('.applicant [data-action=reveal]');
    await op.page.waitForSelector('.applicant dl[data-masked=false]', { state: 'attached' });
    // The operator acts: the first action that needs no input beyond optional fields.
    const before = await apiCall(op.page, 'GET', '/appeals/' + encodeURIComponent(uin));
    const action = before.body.available_actions.includes('take') ? 'take' : before.body.available_actions[0];
    await op.page.click(`section.actions [data-action="${action}"]`);
    const form = await op.page.$('form.action-form');
    if (form) {
      for (const sel of await op.page.$$('form.action-form select[required]')) {
        const v = await sel.$$eval('option', (o) => o.map((x) => x.value).filter(Boolean));
        await sel.selectOption(v[0]);
      }
      for (const input of await op.page.$$('form.action-form input[required], form.action-form textarea[required]')) {
        const name = await input.getAttribute('name');
        await input.fill(name === 'assignee' ? 'operator' : name === 'group' ? 'line1' : 'Проверено в браузерном тесте');
      }
      await op.page.click('form.action-form button[type=submit]');
    }
    await op.page.waitForSelector(`.appeal[data-version="${before.body.version + 1}"]`);
    await shot(op.page, '07-card-after-action');
    // The supervisor's open card follows the change live, and still shows only allowed actions.
    await sup.page.waitForSelector(`.appeal[data-version="${before.body.version + 1}"]`);
    const after = await apiCall(sup.page, 'GET', '/appeals/' + encodeURIComponent(uin));
    const shown = (await sup.page.$$eval('section.actions [data-action]', (b) => b.map((x) => x.getAttribute('data-action')))).sort();
    assert.deepEqual(shown, [...after.body.available_actions].sort());
    assert.deepEqual(op.problems, []);
    assert.deepEqual(sup.problems, []);
  });

  it('does not call the operator\'s own comment or action a change by someone else (issue 16 point 5)', async () => {
    const { page, problems } = await session('operator');
    const list = await apiCall(page, 'GET', '/appeals?open=true&limit=50');
    const target = list.body.items.find((a) => a.available_actions.includes('comment') || a.available_actions.length > 0);
    assert.ok(target, 'an open appeal');
    const uin = target.uin;
    await page.goto(server.url + '/appeals/' + encodeURIComponent(uin));
    await page.waitForSelector(`.appeal[data-uin="${uin}"]`);
    // A second subscription in the same page tells when the server has announced the change.
    const announced = (change) => page.evaluate(({ uin, change }) => new Promise((resolve) => {
      const es = new EventSource('/api/v1/events');
      es.addEventListener('appeal', (m) => {
        const e = JSON.parse(m.data);
        if (e.uin === uin && e.change === change) { es.close(); requestAnimationFrame(() => requestAnimationFrame(() => resolve(e))); }
      });
      window.__announcedReady = new Promise((r) => es.addEventListener('ready', r));
    }), { uin, change });
    const comment = announced('comment');
    await page.waitForFunction(() => window.__announcedReady);
    await page.evaluate(() => window.__announcedReady);
    await page.fill('form.comment-form textarea', 'Уточнили у заявителя номер дома');
    await page.click('form.comment-form button[type=submit]');
    await comment;
    await page.waitForSelector('.comment-list li:has-text("Уточнили у заявителя номер дома")');
    assert.equal(await page.$('.appeal .notice'), null, 'no «изменено другим сотрудником» after our own comment');
    // An action form open while our own comment lands stays open and unwarned.
    const first = (await page.$$eval('section.actions [data-action]', (b) => b.map((x) => x.getAttribute('data-action'))))
      .find((a) => a !== 'take');
    if (first) {
      await page.click(`section.actions [data-action="${first}"]`);
      const again = announced('comment');
      await page.evaluate(() => window.__announcedReady);
      await apiCall(page, 'POST', '/appeals/' + encodeURIComponent(uin) + '/comments', { text: 'Второй комментарий', visibility: 'internal' });
      await again;
      assert.equal(await page.$('.appeal .notice'), null, 'no warning while our own form is open');
    }
    assert.deepEqual(problems, []);
  });

  it('prints the history in words: names of statuses, reasons, groups and clocks, local dates (issue 16 point 1)', async () => {
    const { page, problems } = await session('admin');
    let target;
    for (let after = '', more = true; more && !target;) {
      const list = await apiCall(page, 'GET', '/appeals?limit=100' + (after ? '&after=' + encodeURIComponent(after) : ''));
      for (const a of list.body.items) {
        const h = await apiCall(page, 'GET', '/appeals/' + encodeURIComponent(a.uin) + '/history');
        const fields = h.body.items.flatMap((e) => (Array.isArray(e.changes) ? e.changes.map((c) => c.field) : []));
        if (fields.includes('status') && fields.some((f) => f.startsWith('deadlines.'))) { target = { uin: a.uin, items: h.body.items }; break; }
      }
      after = list.body.next ?? ''; more = !!list.body.next;
    }
    assert.ok(target, 'a demo appeal whose history changed a status and a deadline');
    await page.goto(server.url + '/appeals/' + encodeURIComponent(target.uin));
    await page.waitForSelector('section.history .timeline li');
    const text = await page.textContent('section.history');
    assert.doesNotMatch(text, /\d{4}-\d\d-\d\dT\d\d:/, 'no ISO instants');
    assert.doesNotMatch(text, /deadlines\./, 'no field paths');
    for (const c of target.items.flatMap((e) => (Array.isArray(e.changes) ? e.changes : []))) {
      for (const v of [c.from, c.to]) {
        if (['status', 'group', 'pending_reason', 'stage'].includes(c.field) && v) {
          assert.ok(!new RegExp(`(^|[\\s:→])${v}($|[\\s;])`).test(text), `code «${v}» of ${c.field} is shown by name: ${text}`);
        }
      }
    }
    await shot(page, '06a-history-in-words');
    assert.deepEqual(problems, []);
  });

  it('lets a supervisor decide what triage held, and the operator cannot', async () => {
    const op = await session('operator');
    const sup = await session('supervisor');
    const created = await apiCall(op.page, 'POST', '/appeals', {
      regulation: 'hotline', channel: 'api', category: 'ИНЦ', priority: 'P3',
      text: 'Вы там все охуели? Третий день не работает вход в кабинет!',
      applicant: { last_name: 'Соколова', first_name: 'Анна', email: 'triage-e2e@example.ru' },
    });
    assert.equal(created.status, 201);
    // 004 holds strong language for a supervisor rather than refusing it.
    assert.equal(created.body.triage.decision, 'hold');
    const uin = created.body.uin;
    await op.page.goto(server.url + '/appeals/' + encodeURIComponent(uin));
    await op.page.waitForSelector('.triage-hold');
    assert.equal(await op.page.$('.triage-review-form'), null, 'no review buttons for an operator');
    await sup.page.goto(server.url + '/appeals/' + encodeURIComponent(uin));
    await sup.page.waitForSelector('.triage-review-form');
    await sup.page.fill('.triage-review-form textarea', 'Грубо, но вопрос конкретный');
    await sup.page.click('.triage-review-form button:has-text("Принять в работу")');
    await sup.page.waitForSelector('.triage-review');
    await shot(sup.page, '09-triage-review');
    const after = await apiCall(sup.page, 'GET', '/appeals/' + encodeURIComponent(uin));
    assert.notEqual(after.body.status, 'pending');
    assert.equal(after.body.triage.review.decision, 'accept');
    assert.deepEqual(op.problems, []);
    assert.deepEqual(sup.problems, []);
  });

  it('shows a new appeal live in another session\'s queue', async () => {
    const watcher = await session('operator');
    await watcher.page.goto(server.url + '/?q=all');
    await watcher.page.waitForSelector('[data-testid=queue-table] tbody tr[data-uin]');
    await watcher.page.waitForSelector('[data-live=live]');
    const author = await session('intake');
    const created = await apiCall(author.page, 'POST', '/appeals', {
      regulation: 'epgu', channel: 'phone', subject: 'Живое обновление очереди',
      text: 'Не могу записаться к врачу через портал: ошибка при выборе времени.',
      applicant: { last_name: 'Сидоров', first_name: 'Пётр', email: 'p.sidorov@example.ru' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const uin = created.body.uin;
    await watcher.page.waitForSelector(`tr[data-uin="${uin}"].fresh`);
    await shot(watcher.page, '08-queue-live');
    assert.deepEqual(watcher.problems, []);
  });

  it('queues: years on old dates, «Мои» holds only work to do, an empty queue says so (issue 16 point 4)', async () => {
    const { page, problems } = await session('supervisor');
    // Appeals of an earlier year show their year; this year's show day, month and time.
    const old = await apiCall(page, 'GET', '/appeals?sort=created&limit=1');
    assert.equal(old.status, 200);
    const oldest = old.body.items[0];
    const year = new Date(oldest.created_at).getUTCFullYear();
    assert.ok(year < new Date().getUTCFullYear(), `the demo data has an appeal of an earlier year (${year})`);
    await page.goto(server.url + '/?q=all&created_to=' + encodeURIComponent(oldest.created_at.slice(0, 10) + 'T23:59:59Z'));
    await page.waitForSelector(`[data-testid=queue-table] tr[data-uin="${oldest.uin}"]`);
    const created = await page.textContent(`tr[data-uin="${oldest.uin}"] td:last-child`);
    assert.match(created, new RegExp(String(year)));
    // An empty result says so in words.
    await page.goto(server.url + '/?q=all&region=00');
    await page.waitForSelector('[data-testid=queue-table] td.empty');
    // A live refresh from another test's registration must not turn the words into «загрузка…».
    assert.equal((await page.textContent('[data-row-count]')).trim(), 'нет обращений');
    await shot(page, '09a-queue-empty');
    // «Мои»: assigned to me and still to be worked; resolved ones wait for the applicant elsewhere.
    const op = await session('operator');
    const mine = await apiCall(op.page, 'GET', '/appeals?assignee=me&limit=200');
    const resolved = mine.body.items.filter((a) => a.status === 'resolved').map((a) => a.uin);
    const todo = mine.body.items.filter((a) => ['registered', 'assigned', 'in_progress', 'pending'].includes(a.status)).map((a) => a.uin);
    await op.page.goto(server.url + '/?q=mine');
    await op.page.waitForSelector('[data-row-count]:not(:has-text("загрузка"))');
    const rows = await op.page.$$eval('[data-testid=queue-table] tr[data-uin]', (r) => r.map((x) => x.getAttribute('data-uin')));
    assert.ok(todo.length > 0 && todo.length <= 50, `the demo operator has a page of work (${todo.length})`);
    assert.ok(resolved.length > 0, 'the demo operator has resolved appeals');
    assert.deepEqual([...rows].sort(), [...todo].sort());
    for (const uin of resolved) assert.ok(!rows.includes(uin), `${uin} is resolved and not in «Мои»`);
    assert.deepEqual(problems, []);
    assert.deepEqual(op.problems, []);
  });

  it('dashboard figures match the data', async () => {
    const { page, problems } = await session('supervisor');
    // Issue 16 point 9: the first screen loads only what it shows; the charts come with the dashboard.
    const scripts = () => page.evaluate(() => performance.getEntriesByType('resource')
      .filter((e) => e.name.endsWith('.js')).map((e) => e.name.split('/').pop()));
    const atLogin = await scripts();
    assert.ok(atLogin.length > 0);
    assert.ok(!atLogin.some((n) => /^(Dashboard|echarts)-/.test(n)), `scripts at login: ${atLogin}`);
    await page.click('a[href="/dashboard"]');
    await page.waitForSelector('[data-figure=total]');
    await page.waitForSelector('.chart canvas');
    assert.ok((await scripts()).some((n) => /^Dashboard-/.test(n)));
    const counts = await apiCall(page, 'GET', '/appeals/counts');
    const total = counts.body.items.reduce((s, c) => s + c.count, 0);
    const pending = counts.body.items.filter((c) => c.status === 'pending').reduce((s, c) => s + c.count, 0);
    const open = counts.body.items.filter((c) => !['closed', 'refused'].includes(c.status)).reduce((s, c) => s + c.count, 0);
    const all = [];
    let after;
    do {
      const r = await apiCall(page, 'GET', '/appeals?limit=500' + (after ? '&after=' + encodeURIComponent(after) : ''));
      all.push(...r.body.items); after = r.body.next;
    } while (after);
    assert.equal(all.length, total, 'counters agree with the appeals stored');
    assert.equal(Number(await page.textContent('[data-figure=total]')), total);
    assert.equal(Number(await page.textContent('[data-figure=pending]')), pending);
    assert.equal(Number(await page.textContent('[data-figure=open]')), open);
    // RP-1: the report's volume and backlog are those of the appeals registered in its period.
    await page.waitForSelector('[data-report=registered]');
    const report = await apiCall(page, 'GET', '/reports/summary?by=group&from=' +
      encodeURIComponent(new Date(Date.now() - 30 * 86400000).toISOString()));
    const inPeriod = all.filter((a) => a.created_at >= report.body.from && a.created_at < report.body.to);
    assert.equal(report.body.total.registered, inPeriod.length);
    assert.equal(report.body.total.backlog, inPeriod.filter((a) => !['closed', 'refused'].includes(a.status)).length);
    assert.equal(Number(await page.textContent('[data-report=registered]')), inPeriod.length);
    assert.equal(Number(await page.textContent('[data-report=backlog]')), report.body.total.backlog);
    assert.equal(report.body.rows.reduce((n, r) => n + r.registered, 0), inPeriod.length, 'rows add up to the total');
    await page.waitForSelector('[data-report-row=total]');
    await shot(page, '09-dashboard');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-action=csv]')]);
    assert.match(download.suggestedFilename(), /\.csv$/);
    const [report_csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-action=report-csv]')]);
    assert.match(report_csv.suggestedFilename(), /^otklik-report-group\.csv$/);
    assert.deepEqual(problems, []);
  });

  it('administration shows users, tokens and the regulations with the loader\'s verdict', async () => {
    const { page, problems } = await session('admin');
    await page.goto(server.url + '/admin/users');
    await page.waitForSelector('text=supervisor');
    await shot(page, '10-admin-users');
    await page.click('.tabs button:has-text("API-токены")');
    await page.fill('input[aria-label="Название токена"]', 'Интеграция ЕПГУ');
    await page.click('button:has-text("Выпустить токен")');
    await page.waitForSelector('code.token');
    await page.click('.tabs button:has-text("Регламенты")');
    await page.waitForSelector('td.ok');
    await page.click('tr.clickable >> nth=0');
    await page.waitForSelector('.regulation-view h4');
    await shot(page, '11-admin-regulations');
    assert.deepEqual(problems, []);
  });

  // Issue 16 point 8: an administrator edits a user (name, region by its name, a new password
  // that ends the old one), reads the access log in words and sees the regulations' groups.
  it('administration edits users, resets passwords, reads the access log and the regulations\' groups', async () => {
    const { page, problems } = await session('admin');
    await page.goto(server.url + '/admin/users');
    await page.waitForSelector('[data-user-row=operator]');
    const form = page.locator('form.grid-form').last();
    await form.locator('label:has-text("Логин") input').fill('stazher');
    await form.locator('label:has-text("Имя") input').fill('Стажёр Пётр');
    await form.locator('label:has-text("Пароль") input').fill('Stazher-pass-2026');
    await form.locator('button[type=submit]').click();
    await page.waitForSelector('[data-user-row=stazher]');
    await page.click('[data-user-row=stazher] button:has-text("Изменить")');
    const editor = page.locator('tr.editing[data-user-row=stazher] form');
    await editor.locator('label:has-text("Имя") input').fill('Петров Пётр');
    await editor.locator('select[name=region]').selectOption({ label: 'Ульяновская область' });
    await editor.locator('label:has-text("Новый пароль") input').fill('Novyi-parol-2026');
    await shot(page, '12-admin-user-edit');
    await editor.locator('button[type=submit]').click();
    await page.waitForSelector('[role=status]:has-text("сеансы завершены")');
    const saved = await apiCall(page, 'GET', '/users/stazher');
    assert.equal(saved.body.full_name, 'Петров Пётр');
    assert.equal(saved.body.region, '73');
    assert.match(await page.textContent('[data-user-row=stazher]'), /Ульяновская область/);
    // The reset password works and the old one no longer does.
    const login = async (password) => {
      const r = await fetch(server.url + '/api/v1/auth/login', {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ login: 'stazher', password }),
      });
      return r.status;
    };
    assert.equal(await login('Stazher-pass-2026'), 401);
    assert.equal(await login('Novyi-parol-2026'), 200);

    // SEC-3: a read of an applicant's data appears in the log with the reader's name, in words.
    const list = await apiCall(page, 'GET', '/appeals?limit=1');
    const uin = list.body.items[0].uin;
    const reveal = await apiCall(page, 'GET', `/appeals/${encodeURIComponent(uin)}/applicant?purpose=${encodeURIComponent('проверка жалобы')}`);
    assert.equal(reveal.status, 200);
    await page.click('.tabs button:has-text("Журнал доступа к ПДн")');
    const row = page.locator('[data-table=access-log] tbody tr', { hasText: uin }).first();
    await row.waitFor();
    const text = await row.textContent();
    assert.match(text, /данные заявителя/);
    assert.match(text, /проверка жалобы/);
    assert.match(text, /\(admin\)/, 'the reader by name and login');
    await shot(page, '13-admin-access-log');

    // The groups the regulations in force route to, and whether staff are grouped for them.
    await page.click('.tabs button:has-text("Группы")');
    await page.waitForSelector('[data-table=regulation-groups] tbody tr');
    assert.ok(await page.locator('[data-table=regulation-groups] tbody tr').count() >= 3);
    await shot(page, '14-admin-groups');
    assert.deepEqual(problems, []);
  });
});
