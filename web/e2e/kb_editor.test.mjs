// Browser tests of the knowledge-base editor, the appeal card's suggestions and the organisations
// view against the real server (issue 6, item 1; issue 7, item 7).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { withServerAndBrowser, signIn, apiCall, shot } from './harness.mjs';

let server;
let browser;
const sessions = [];
let article;   // the article the editor creates: { id, question }

async function session(who) {
  const s = await signIn(browser, server.url, who);
  sessions.push(s);
  return s;
}

/** What the public help site finds for `text` (questions of the results). */
async function helpSearch(page, text) {
  await page.goto(server.url + '/help/index.html');
  await page.fill('#q', text);
  await page.press('#q', 'Enter');
  await page.waitForSelector('#hint:has-text("Найдено"), #hint:has-text("Ничего не найдено")');
  return page.$$eval('#results summary', (s) => s.map((x) => x.textContent));
}

async function openArticle(page, id) {
  await page.goto(`${server.url}/kb?base=bilet&article=${id}`);
  await page.waitForSelector(`.kb-editor[data-editing="${id}"]`);
}

describe('knowledge-base editor', () => {
  withServerAndBrowser((s, b) => { server = s; browser = b; }, sessions);

  it('creates a draft the help site does not find, publishes it, and it is found', async () => {
    const { page, problems } = await session('supervisor');
    const visitor = await browser.newContext();
    const help = await visitor.newPage();
    await page.click('a[href="/kb"]');
    await page.waitForSelector('[data-testid=kb-articles] tr[data-article]');
    assert.equal(await page.inputValue('select[aria-label="База знаний"]'), 'bilet');
    await page.click('[data-action=new-article]');
    await page.waitForSelector('.kb-editor[data-editing=new]');
    // The question field has the focus: the form is filled from the keyboard.
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'question');
    const question = 'Выдают ли участникам фирменный значок проекта?';
    await page.keyboard.type(question);
    await page.fill('.kb-editor textarea[name=answer]', 'Да: значок вручает региональный оператор на итоговом мероприятии проекта.');
    await page.fill('.kb-editor input[name=keywords]', 'значок, сувенир, награда');
    await page.fill('.kb-editor input[name=category]', 'about');
    assert.equal(await page.inputValue('.kb-editor input[name=category_name]'), 'О проекте', 'a known category brings its name');
    await page.check('.kb-editor input[name=audience][value=school_student]');
    assert.equal(await page.isChecked('.kb-editor input[name=audience][value=any]'), false, '«Все» gives way to a chosen audience');
    assert.equal(await page.isChecked('.kb-editor input[name=published]'), false, 'a new article starts as a draft');
    await page.click('[data-action=save-article]');
    await page.waitForSelector('.kb-editor[data-version="1"]:not([data-editing=new])');
    const id = Number(await page.getAttribute('.kb-editor', 'data-editing'));
    article = { id, question };
    await page.waitForSelector(`tr[data-article="${id}"] .kb-draft`);
    assert.match(page.url(), new RegExp(`article=${id}`));
    await shot(page, 'kb-editor-01-draft');

    const stored = await apiCall(page, 'GET', `/kb/articles/${id}`);
    assert.deepEqual(stored.body.audience, ['school_student']);
    assert.deepEqual(stored.body.keywords, ['значок', 'сувенир', 'награда']);
    assert.equal(stored.body.published, false);
    assert.doesNotMatch((await helpSearch(help, 'фирменный значок')).join('\n'), /фирменный значок/, 'a draft is not found');

    // Published (Ctrl+S saves), the help site finds it.
    await page.check('.kb-editor input[name=published]');
    await page.focus('.kb-editor textarea[name=answer]');
    await page.keyboard.press('Control+s');
    await page.waitForSelector('.kb-editor[data-version="2"]');
    await page.waitForSelector(`tr[data-article="${id}"] .status-resolved`);
    assert.ok((await helpSearch(help, 'фирменный значок')).includes(question), 'the published article is found');
    await shot(help, 'kb-editor-02-help-finds-published');

    // Versions tell who changed what.
    await page.waitForSelector('.kb-versions li[data-revision="2"]');
    const v2 = await page.textContent('.kb-versions li[data-revision="2"]');
    assert.match(v2, /supervisor/);
    assert.match(v2, /опубликована: нет → да/);
    assert.match(await page.textContent('.kb-versions li[data-revision="1"]'), /Создана/);

    // The search check of the editor finds it too.
    await page.fill('input[aria-label="Вопрос для проверки поиска"]', 'значок участника');
    await page.press('input[aria-label="Вопрос для проверки поиска"]', 'Enter');
    await page.waitForSelector(`[data-search-result] li[data-hit="${id}"]`);
    await visitor.close();
    assert.deepEqual(problems, []);
  });

  it('shows a version conflict in Russian, reloads the article and can put the edits back', async () => {
    const { page, problems } = await session('supervisor');
    const other = await session('admin');
    await openArticle(page, article.id);
    const version = Number(await page.getAttribute('.kb-editor', 'data-version'));
    await page.fill('.kb-editor textarea[name=answer]', 'Мой вариант ответа: значок выдают на финале проекта.');
    await page.waitForSelector('[data-dirty]');
    // Another editor saves first.
    const theirs = await apiCall(other.page, 'PATCH', `/kb/articles/${article.id}`,
      { version, answer: 'Ответ администратора: значок выдают в школе.' });
    assert.equal(theirs.status, 200, JSON.stringify(theirs.body));
    await page.click('[data-action=save-article]');
    await page.waitForSelector('[data-conflict]');
    assert.match(await page.textContent('[data-conflict]'), /уже изменил\(а\) admin.*версия \d+.*правки не сохранены/s);
    assert.equal(await page.inputValue('.kb-editor textarea[name=answer]'), 'Ответ администратора: значок выдают в школе.');
    assert.equal(Number(await page.getAttribute('.kb-editor', 'data-version')), version + 1);
    await shot(page, 'kb-editor-03-conflict');
    await page.click('[data-action=reapply]');
    assert.match(await page.inputValue('.kb-editor textarea[name=answer]'), /Мой вариант ответа/);
    await page.click('[data-action=save-article]');
    await page.waitForSelector(`.kb-editor[data-version="${version + 2}"]`);
    const saved = await apiCall(page, 'GET', `/kb/articles/${article.id}`);
    assert.match(saved.body.answer, /Мой вариант ответа/);

    // Validation errors stand next to their fields.
    await page.fill('.kb-editor input[name=question]', '');
    await page.fill('.kb-editor textarea[name=answer]', '');
    await page.click('[data-action=save-article]');
    await page.waitForSelector('[data-field-error=question]');
    assert.equal(await page.textContent('[data-field-error=question]'), 'Укажите вопрос');
    assert.equal(await page.textContent('[data-field-error=answer]'), 'Укажите ответ');
    assert.deepEqual(problems, []);
  });

  it('a synonym group saved in the editor lets the synonym find the article', async (t) => {
    const { page, problems } = await session('supervisor');
    const probe = await apiCall(page, 'GET', '/kb/bases/bilet/synonyms');
    await page.goto(server.url + '/kb?base=bilet&tab=synonyms');
    if (probe.status === 404) {
      await page.waitForSelector('[data-synonyms=unavailable]');
      t.skip('the server has no GET /api/v1/kb/bases/{code}/synonyms yet');
      return;
    }
    assert.equal(probe.status, 200, JSON.stringify(probe.body));
    await page.waitForSelector('[data-synonyms=ready]');
    const visitor = await browser.newContext();
    const help = await visitor.newPage();
    assert.ok(!(await helpSearch(help, 'выдают ли бейдж')).includes(article.question), 'not found before the synonym exists');
    const textarea = '.kb-synonyms textarea';
    const before = await page.inputValue(textarea);
    await page.fill(textarea, (before ? before + '\n' : '') + 'значок, бейдж');
    await page.click('[data-action=save-synonyms]');
    await page.waitForSelector('.kb-synonyms [data-saved]');
    const stored = await apiCall(page, 'GET', '/kb/bases/bilet/synonyms');
    assert.ok(stored.body.groups.some((g) => g.includes('значок') && g.includes('бейдж')));
    assert.ok((await helpSearch(help, 'выдают ли бейдж')).includes(article.question), 'the synonym finds the article');
    await shot(page, 'kb-editor-04-synonyms');
    // A group of one term is refused with the line it came from.
    await page.fill(textarea, (before ? before + '\n' : '') + 'значок, бейдж\nодиночка');
    await page.click('[data-action=save-synonyms]');
    await page.waitForSelector('.kb-synonyms [role=alert]');
    assert.match(await page.textContent('.kb-synonyms [role=alert]'), /[а-я]/i);
    await visitor.close();
    assert.deepEqual(problems, []);
  });

  it('publishes the parent FAQ into a regional base, exports, imports and deletes', async () => {
    const { page, problems } = await session('supervisor');
    await page.goto(server.url + '/kb?base=bilet-region-16');
    await page.waitForSelector('[data-action=publish-parent]');
    const before = (await apiCall(page, 'GET', '/kb/articles?base=bilet-region-16')).body.items.length;
    await page.click('[data-action=publish-parent]');
    await page.waitForSelector('[data-published]');
    const published = Number(await page.getAttribute('[data-published]', 'data-published'));
    const parentFaq = (await apiCall(page, 'GET', '/kb/articles?base=bilet&published=true&kind=faq')).body.items.length;
    assert.equal(published, parentFaq, 'every published FAQ article of the parent is copied once');
    assert.match(await page.textContent('.kb-publish'), new RegExp(`Опубликовано статей: ${published}`));
    const after = (await apiCall(page, 'GET', '/kb/articles?base=bilet-region-16')).body.items.length;
    assert.equal(after, before + published);
    await page.click('[data-action=publish-parent]');
    await page.waitForSelector('[data-published="0"]');
    await shot(page, 'kb-editor-05-published');

    await page.click('.tabs button:has-text("Импорт и экспорт")');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-action=export-csv]')]);
    assert.equal(csv.suggestedFilename(), 'kb-bilet-region-16.csv');
    const [json] = await Promise.all([page.waitForEvent('download'), page.click('[data-action=export-json]')]);
    assert.equal(json.suggestedFilename(), 'kb-bilet-region-16.json');

    const rows = 'key,base,question,answer,keywords,published\r\n' +
      'e2e-import-1,bilet-region-16,"Где в Казани пройти профпробу, если школа далеко?","Спросите регионального оператора: он подберёт площадку рядом.",казань;профпроба,1\r\n';
    await page.setInputFiles('input[aria-label="Файл для импорта"]', { name: 'import.csv', mimeType: 'text/csv', buffer: Buffer.from(rows) });
    await page.click('[data-action=import]');
    await page.waitForSelector('[data-imported="1"]');
    await page.setInputFiles('input[aria-label="Файл для импорта"]', { name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from('key,question\r\nx,y\r\n') });
    await page.click('[data-action=import]');
    await page.waitForSelector('.kb-exchange [role=alert]');
    assert.match(await page.textContent('.kb-exchange [role=alert]'), /столбца base/);
    await shot(page, 'kb-editor-06-import');

    const imported = (await apiCall(page, 'GET', '/kb/articles?base=bilet-region-16')).body.items.find((a) => a.key === 'e2e-import-1');
    assert.ok(imported, 'the imported article is stored');
    await page.goto(`${server.url}/kb?base=bilet-region-16&article=${imported.id}`);
    await page.waitForSelector(`.kb-editor[data-editing="${imported.id}"]`);
    await page.click('[data-action=delete-article]');
    await page.click('[data-action=confirm-delete]');
    await page.waitForSelector('.kb-placeholder');
    // The list reloads after the deletion; the row must leave it.
    await page.waitForSelector(`tr[data-article="${imported.id}"]`, { state: 'detached' });
    assert.equal((await apiCall(page, 'GET', `/kb/articles/${imported.id}`)).status, 404);
    assert.deepEqual(problems, []);
  });

  it('an operator without the permission does not get the editor', async () => {
    const { page, problems } = await session('operator');
    assert.equal(await page.locator('a[href="/kb"]').count(), 0);
    await page.goto(server.url + '/kb');
    await page.waitForSelector('[data-kb-forbidden]');
    assert.equal(await page.locator('.kb-editor, [data-action=new-article]').count(), 0);
    const create = await apiCall(page, 'POST', '/kb/articles', { base: 'bilet', question: 'x', answer: 'y' });
    assert.equal(create.status, 403);
    assert.deepEqual(problems, []);
  });

  it('the appeal card suggests articles and scripts, and «Вставить» fills the reply', async () => {
    const sup = await session('supervisor');
    const script = await apiCall(sup.page, 'POST', '/kb/articles', {
      base: 'epgu-federal', kind: 'script', published: true, category_name: 'Скрипты',
      question: 'Перезвоним после проверки данных',
      answer: 'Здравствуйте! Мы проверяем ваши данные и перезвоним в течение рабочего дня.',
      keywords: ['перезвоним', 'проверка'],
    });
    assert.equal(script.status, 201, JSON.stringify(script.body));
    const { page, problems } = await session('operator');
    const list = await apiCall(page, 'GET', '/appeals?open=true&limit=200');
    const candidates = list.body.items.filter((a) => a.regulation === 'epgu' && a.available_actions.includes('resolve'));
    let target;
    for (const a of candidates) {
      const s = await apiCall(page, 'GET', `/appeals/${encodeURIComponent(a.uin)}/suggestions`);
      if (s.body.items.length) { target = { appeal: a, suggestions: s.body }; break; }
    }
    assert.ok(target, 'an open epgu appeal with suggestions');
    const uin = target.appeal.uin;
    await page.goto(server.url + '/appeals/' + encodeURIComponent(uin));
    await page.waitForSelector('.kb-suggestions [data-suggestion][data-kind=article]');
    const shown = await page.$$eval('.kb-suggestions [data-kind=article] .kb-suggestion-head button.link', (b) => b.map((x) => x.textContent));
    assert.deepEqual(shown, target.suggestions.items.map((h) => h.question));

    // Insert into the comment for the applicant: the text is there to edit, marked public.
    const first = target.suggestions.items[0];
    await page.click('.kb-suggestions [data-kind=article] >> nth=0 >> button.link');
    await page.waitForSelector('.kb-suggestion-answer');
    await page.click('.kb-suggestions [data-kind=article] >> nth=0 >> [data-action=insert-answer]');
    await page.waitForFunction((text) => document.querySelector('form.comment-form textarea')?.value === text, first.answer);
    // The focus moves to the reply, ready for editing.
    await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Текст комментария');
    assert.ok(await page.isChecked('form.comment-form input[type=radio] >> nth=1'), 'a comment for the applicant');
    await page.keyboard.type('\nС уважением, служба поддержки.');
    await shot(page, 'kb-editor-07-card-suggestion-inserted');
    await page.click('form.comment-form button[type=submit]');
    // A comment for the applicant is part of the conversation with them (issue 16 point 1).
    await page.waitForSelector('.conversation-thread .kind-comment:has-text("С уважением, служба поддержки.")');

    // A script found by words goes into the open answer form of «resolve».
    await page.fill('input[aria-label="Найти скрипт ответа"]', 'перезвоним');
    await page.press('input[aria-label="Найти скрипт ответа"]', 'Enter');
    await page.waitForSelector(`.kb-suggestions [data-suggestion="${script.body.id}"]`);
    await page.click('section.actions [data-action=resolve]');
    await page.waitForSelector('form.action-form textarea[name=solution]');
    await page.click(`.kb-suggestions [data-suggestion="${script.body.id}"] [data-action=insert-answer]`);
    await page.waitForFunction((text) => document.querySelector('form.action-form textarea[name=solution]')?.value === text, script.body.answer);
    await shot(page, 'kb-editor-08-card-script-in-answer');
    assert.deepEqual(problems, []);
  });

  it('administration shows the organisations of the pos regulation as a hierarchy', async () => {
    const { page, problems } = await session('admin');
    const pos = await apiCall(page, 'GET', '/regulations/pos');
    assert.equal(pos.status, 200);
    await page.goto(server.url + '/admin/regulations');
    await page.click('.tabs button:has-text("Организации")');
    await page.waitForSelector('section[data-regulation=pos] [data-org]');
    const shown = await page.$$eval('section[data-regulation=pos] [data-org]', (o) => o.map((x) => x.getAttribute('data-org')));
    assert.deepEqual(shown.sort(), pos.body.organizations.map((o) => o.code).sort());
    for (const o of pos.body.organizations.filter((x) => x.parent)) {
      assert.equal(await page.locator(`[data-org="${o.parent}"] [data-org="${o.code}"]`).count(), 1, `${o.code} under ${o.parent}`);
    }
    for (const o of pos.body.organizations) {
      const row = page.locator(`[data-org="${o.code}"] >> nth=0`);
      assert.match(await row.textContent(), new RegExp(o.name.replace(/[«»().*]/g, '.')));
      assert.equal(await row.locator('[data-connected] >> nth=0').getAttribute('data-connected'), String(o.connected !== false));
      const head = await row.locator('div >> nth=0').textContent();
      assert.equal(/координатор по умолчанию/.test(head), !!o.default_coordinator, `${o.code}: default coordinator`);
      assert.equal(/координирует подведомственные/.test(head), !!o.coordinates_subordinates, `${o.code}: coordinates subordinates`);
    }
    assert.match(await page.textContent('.organizations .notice'), /otklik check-regulation/);
    assert.equal(await page.locator('.organizations input, .organizations select, .organizations textarea').count(), 0, 'read-only');
    await shot(page, 'kb-editor-09-organizations');
    assert.deepEqual(problems, []);
  });
  it('creates a regional base and configures it in the editor; its articles take its regulation', async () => {
    const { page, problems } = await session('supervisor');
    await page.goto(server.url + '/kb?base=bilet&tab=bases');
    await page.waitForSelector('tr[data-base-row="bilet"]');
    await page.click('[data-action=new-base]');
    await page.waitForSelector('[data-base-form=new]');
    await page.fill('[data-base-form] input[name=code]', 'bilet-region-02');
    await page.fill('[data-base-form] input[name=name]', 'Региональная база, Башкортостан');
    await page.selectOption('[data-base-form] select[name=parent]', 'bilet');
    await page.fill('[data-base-form] input[name=region]', '02');
    await page.click('[data-action=save-base]');
    await page.waitForSelector('tr[data-base-row="bilet-region-02"]');
    await page.waitForSelector('[data-base-form=edit]');
    const created = await apiCall(page, 'GET', '/kb/bases/bilet-region-02');
    assert.equal(created.status, 200);
    assert.deepEqual(created.body, { code: 'bilet-region-02', name: 'Региональная база, Башкортостан', parent: 'bilet', regulation: 'bilet', region: '02' });
    await shot(page, 'kb-editor-05-bases');

    // Configure: a new name; a cycle (the federal base under its own child) is refused by name.
    await page.fill('[data-base-form] input[name=name]', 'Республика Башкортостан');
    await page.click('[data-action=save-base]');
    await page.waitForSelector('[data-base-form] .ok:has-text("Настройки базы сохранены")');
    assert.equal((await apiCall(page, 'GET', '/kb/bases/bilet-region-02')).body.name, 'Республика Башкортостан');
    await page.click('tr[data-base-row="bilet"] a');
    await page.waitForSelector('[data-base-form=edit] h3:has-text("«Билет в будущее»")');
    assert.equal(await page.locator('[data-base-form] select[name=parent] option[value="bilet-region-02"]').count(), 0,
      'a base cannot be put under its own child');

    // An article imported without a regulation takes its base's and the chatbot's search finds it.
    const imported = await apiCall(page, 'POST', '/kb/import', { items: [{
      key: 'bilet-r02-001', base: 'bilet-region-02', question: 'Где в Башкортостане пройти профпробу по бортпроводнику?',
      answer: 'Профпробы по бортпроводнику проводит колледж в Уфе.', keywords: ['бортпроводник', 'Уфа'] }] });
    assert.equal(imported.status, 200, JSON.stringify(imported.body));
    const article = (await apiCall(page, 'GET', '/kb/articles?base=bilet-region-02')).body.items[0];
    assert.equal(article.regulation, 'bilet');
    const found = await apiCall(page, 'GET', '/kb/search?regulation=bilet&region=02&q=' + encodeURIComponent('профпроба бортпроводник'));
    assert.equal(found.body.confident, true);
    assert.equal(found.body.items[0].key, 'bilet-r02-001');
    assert.deepEqual(problems, []);
  });
});
