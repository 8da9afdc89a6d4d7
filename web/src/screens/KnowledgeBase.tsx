// The knowledge-base editor (KB-1, KB-2, KB-5): articles and answer scripts of a base, their
// versions, search check, synonyms, import/export, publication of the parent's FAQ, and the
// bases themselves (created and configured here, issue 15).
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  api, ApiError, canManageKnowledge, qs,
  type KbArticle, type KbArticleFields, type KbBase, type KbBaseFields, type KbRevision, type KbSearchResult, type User,
} from '../api';
import { navigate, useAsync, useLocation, fmtTime } from '../util';
import { ErrorBox } from '../components/common';
import '../kb.css';

// Audience codes the chatbot asks for (src/search/chatbot.cpp) and "any".
const audienceNames: Record<string, string> = {
  any: 'Все', school_student: 'Школьник', parent: 'Родитель', teacher_navigator: 'Педагог-навигатор',
  mentor: 'Наставник', venue: 'Площадка профпроб', regional_operator: 'Региональный оператор', citizen: 'Гражданин',
};
const audienceByRegulation: Record<string, string[]> = {
  bilet: ['any', 'school_student', 'parent', 'teacher_navigator', 'mentor', 'venue', 'regional_operator'],
  epgu: ['any', 'citizen'],
};
const kindNames: Record<string, string> = { faq: 'Статья (FAQ)', script: 'Скрипт ответа' };
const fieldNames: Record<string, string> = {
  base: 'база', kind: 'вид', category: 'категория', category_name: 'название категории', audience: 'аудитория',
  region_scope: 'регион', question: 'вопрос', answer: 'ответ', keywords: 'ключевые слова', published: 'опубликована',
  key: 'код', regulation: 'регламент', locally_edited: 'изменена локально', origin_key: 'источник', version: 'версия',
};

type Tab = 'articles' | 'synonyms' | 'exchange' | 'bases';

function useQuery(): URLSearchParams {
  const path = useLocation();
  return useMemo(() => new URLSearchParams(path.split('?')[1] ?? ''), [path]);
}
function kbPath(params: Record<string, string | undefined>) {
  return '/kb' + qs(params);
}

export function KnowledgeBase({ user }: { user: User }) {
  const query = useQuery();
  const bases = useAsync(() => api.kbBases(), []);
  if (!canManageKnowledge(user)) {
    return (
      <div className="card" data-kb-forbidden>
        <h1>База знаний</h1>
        <p className="muted">Редактировать базу знаний могут руководители и администраторы. Подсказки из базы знаний видны в карточке обращения.</p>
      </div>
    );
  }
  const list = bases.data?.items ?? [];
  const baseCode = query.get('base') ?? list[0]?.code ?? '';
  const base = list.find((b) => b.code === baseCode);
  // A server without bases opens on the bases tab: nothing else can be done before one exists.
  const asked = query.get('tab') ?? '';
  const tab = (['articles', 'synonyms', 'exchange', 'bases'].includes(asked) ? asked
    : bases.data && list.length === 0 ? 'bases' : 'articles') as Tab;
  const article = query.get('article') ?? '';
  const go = (changes: Record<string, string | undefined>, replace = false) => {
    const next = { base: baseCode, tab: tab === 'articles' ? undefined : tab, article: article || undefined, ...changes };
    navigate(kbPath(next), replace);
  };

  return (
    <div className="kb" data-base={baseCode}>
      <div className="kb-head">
        <h1>База знаний</h1>
        <label className="inline">База
          <select aria-label="База знаний" value={baseCode} onChange={(e) => go({ base: e.target.value, article: undefined })}>
            {list.map((b) => (
              <option key={b.code} value={b.code}>{b.parent ? '\u2003' : ''}{b.name} ({b.code})</option>
            ))}
          </select>
        </label>
        {base?.parent && <PublishFromParent base={base} parent={list.find((b) => b.code === base.parent)} />}
      </div>
      <ErrorBox error={bases.error} />
      <nav className="tabs">
        {([['articles', 'Статьи и скрипты'], ['synonyms', 'Синонимы'], ['exchange', 'Импорт и экспорт'], ['bases', 'Базы']] as [Tab, string][]).map(([k, v]) => (
          <button key={k} className={k === tab ? 'active' : ''} onClick={() => go({ tab: k === 'articles' ? undefined : k })}>{v}</button>
        ))}
      </nav>
      {base && tab === 'articles' && <Articles key={base.code} base={base} bases={list} article={article} open={(id) => go({ article: id || undefined })} />}
      {base && tab === 'synonyms' && <Synonyms key={base.code} base={base} parent={list.find((b) => b.code === base.parent)} />}
      {base && tab === 'exchange' && <Exchange key={base.code} base={base} />}
      {tab === 'bases' && <Bases bases={list} selected={base} reload={bases.reload} select={(code) => go({ base: code, tab: 'bases', article: undefined })} />}
    </div>
  );
}

function PublishFromParent({ base, parent }: { base: KbBase; parent?: KbBase }) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<number | null>(null);
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => { setResult(null); setError(null); }, [base.code]);
  const publish = async () => {
    setBusy(true); setError(null); setResult(null);
    try { setResult((await api.publishKb(base.code)).published); } catch (e) { setError(e as Error); } finally { setBusy(false); }
  };
  return (
    <div className="kb-publish">
      <button onClick={publish} disabled={busy} data-action="publish-parent"
        title={`Новые и изменённые опубликованные статьи FAQ базы «${parent?.name ?? base.parent}» копируются сюда; статьи, изменённые в этой базе, остаются как есть`}>
        Опубликовать FAQ из родительской базы ({parent?.code ?? base.parent})
      </button>
      {result !== null && <span className="ok" data-published={result}>{result > 0 ? `Опубликовано статей: ${result}` : 'Новых или изменённых статей в родительской базе нет'}</span>}
      {error && <span className="error-text" role="alert">{error.message}</span>}
    </div>
  );
}

// --- articles ---------------------------------------------------------------------------

const normalize = (s: string) => s.toLowerCase().replace(/ё/g, 'е');

function Articles({ base, bases, article, open }: { base: KbBase; bases: KbBase[]; article: string; open: (id: string) => void }) {
  const [kind, setKind] = useState('');
  const [state, setState] = useState<'' | 'published' | 'draft'>('');
  const [text, setText] = useState('');
  const list = useAsync(() => api.kbArticles({ base: base.code, kind: kind || undefined, published: state === 'published' || undefined }), [base.code, kind, state]);
  const items = list.data?.items ?? [];
  const shown = items.filter((a) => {
    if (state === 'draft' && a.published) return false;
    if (!text.trim()) return true;
    const hay = normalize([a.question, a.answer, a.keywords.join(' '), a.category_name, a.category, a.key].join(' '));
    return normalize(text).split(/\s+/).filter(Boolean).every((w) => hay.includes(w));
  });
  const categories = useMemo(() => {
    const seen = new Map<string, string>();
    for (const a of items) if (a.category && !seen.has(a.category)) seen.set(a.category, a.category_name);
    return [...seen.entries()].sort((x, y) => x[1].localeCompare(y[1], 'ru'));
  }, [items]);
  const selected = article === 'new' ? null : items.find((a) => String(a.id) === article);
  const saved = (a: KbArticle) => { list.reload(); if (String(a.id) !== article) open(String(a.id)); };
  const removed = () => { list.reload(); open(''); };
  // Leaving an article with unsaved edits asks first.
  const dirty = useRef(false);
  const leave = (id: string) => {
    if (dirty.current && !window.confirm('В статье есть несохранённые изменения. Уйти без сохранения?')) return;
    dirty.current = false;
    open(id);
  };

  return (
    <div className="kb-grid">
      <div className="kb-list">
        <section className="card">
          <div className="filters">
            <input data-search aria-label="Найти в списке" placeholder="Найти в списке: вопрос, ответ, ключевые слова… ( / )" value={text} onChange={(e) => setText(e.target.value)} />
            <select aria-label="Вид" value={kind} onChange={(e) => setKind(e.target.value)}>
              <option value="">Статьи и скрипты</option>
              <option value="faq">Только статьи FAQ</option>
              <option value="script">Только скрипты ответов</option>
            </select>
            <select aria-label="Состояние" value={state} onChange={(e) => setState(e.target.value as typeof state)}>
              <option value="">Опубликованные и черновики</option>
              <option value="published">Только опубликованные</option>
              <option value="draft">Только черновики</option>
            </select>
            <button className="primary" data-action="new-article" onClick={() => leave('new')}>Новая статья</button>
          </div>
          <ErrorBox error={list.error} />
          <p className="muted small" data-shown={shown.length}>{list.loading && !list.data ? 'Загрузка…' : `Показано ${shown.length} из ${items.length}`}</p>
          <div className="kb-table-wrap">
            <table className="compact kb-table" data-testid="kb-articles">
              <thead><tr><th>Вопрос</th><th>Категория</th><th>Состояние</th><th className="num">Версия</th></tr></thead>
              <tbody>
                {shown.map((a) => (
                  <tr key={a.id} data-article={a.id} className={String(a.id) === article ? 'selected' : ''}>
                    <td>
                      <a href={kbPath({ base: base.code, article: String(a.id) })} onClick={(e) => { e.preventDefault(); leave(String(a.id)); }}>{a.question}</a>
                      <div className="small muted">
                        {a.kind === 'script' && <span className="badge kb-script">скрипт</span>} {a.key}
                        {a.origin_key && <> · копия из родительской базы{a.locally_edited ? ', изменена здесь' : ''}</>}
                      </div>
                    </td>
                    <td>{a.category_name || a.category || '—'}</td>
                    <td>{a.published ? <span className="badge status-resolved">опубликована</span> : <span className="badge kb-draft">черновик</span>}</td>
                    <td className="num">{a.version}</td>
                  </tr>
                ))}
                {shown.length === 0 && !list.loading && <tr><td colSpan={4} className="muted">Статей нет</td></tr>}
              </tbody>
            </table>
          </div>
        </section>
        <SearchCheck base={base} bases={bases} />
      </div>
      <div className="kb-side">
        {article === 'new' && <Editor key={'new-' + base.code} base={base} categories={categories} onSaved={saved} onRemoved={removed} onClose={() => leave('')} onDirty={(d) => { dirty.current = d; }} />}
        {selected && <Editor key={selected.id} base={base} article={selected} categories={categories} onSaved={saved} onRemoved={removed} onClose={() => leave('')} onDirty={(d) => { dirty.current = d; }} />}
        {article && article !== 'new' && !selected && !list.loading && <div className="card muted">Статья не найдена в этой базе (или не подходит под фильтры).</div>}
        {!article && <div className="card muted kb-placeholder">Выберите статью в списке или создайте новую.</div>}
      </div>
    </div>
  );
}

interface Form {
  question: string; answer: string; keywords: string; category: string; category_name: string;
  audience: string[]; region_scope: string; kind: 'faq' | 'script'; published: boolean;
}
const toForm = (a?: KbArticle, base?: KbBase): Form => ({
  question: a?.question ?? '', answer: a?.answer ?? '', keywords: (a?.keywords ?? []).join(', '),
  category: a?.category ?? '', category_name: a?.category_name ?? '', audience: a?.audience?.length ? a.audience : ['any'],
  region_scope: a?.region_scope ?? (a ? '' : base?.region ?? ''), kind: a?.kind ?? 'faq', published: a?.published ?? false,
});
const toFields = (f: Form, base: string): KbArticleFields => ({
  base, kind: f.kind, question: f.question.trim(), answer: f.answer.trim(), category: f.category.trim(),
  category_name: f.category_name.trim(), audience: f.audience.length ? f.audience : ['any'],
  region_scope: f.region_scope.trim(), keywords: f.keywords.split(/[,;\n]/).map((k) => k.trim()).filter(Boolean),
  published: f.published,
});
const sameForm = (x: Form, y: Form) => JSON.stringify(x) === JSON.stringify(y);

function Editor({ base, article, categories, onSaved, onRemoved, onClose, onDirty }: {
  base: KbBase; article?: KbArticle; categories: [string, string][];
  onSaved: (a: KbArticle) => void; onRemoved: () => void; onClose: () => void; onDirty: (dirty: boolean) => void;
}) {
  const [current, setCurrent] = useState<KbArticle | undefined>(article);
  const [form, setForm] = useState<Form>(() => toForm(article, base));
  const [error, setError] = useState<ApiError | null>(null);
  const [conflict, setConflict] = useState<{ mine: Form; theirs: KbArticle } | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [savedNote, setSavedNote] = useState('');
  const [versionsTick, setVersionsTick] = useState(0);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => { if (!article) first.current?.focus(); }, [article]);
  // A list reload brings a newer version of the open article (after our own save).
  useEffect(() => { if (article && current && article.version > current.version && sameForm(form, toForm(current))) { setCurrent(article); setForm(toForm(article)); } },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [article]);

  const dirty = !sameForm(form, toForm(current, base));
  useEffect(() => { onDirty(dirty); return () => onDirty(false); }, [dirty, onDirty]);
  const set = <K extends keyof Form>(k: K, v: Form[K]) => { setForm((f) => ({ ...f, [k]: v })); setSavedNote(''); };
  const audiences = [...new Set([...(audienceByRegulation[base.regulation] ?? ['any']), ...form.audience])];

  const save = async () => {
    if (busy) return;
    setBusy(true); setError(null); setSavedNote('');
    const fields = toFields(form, current?.base ?? base.code);
    try {
      const saved = current ? await api.updateKbArticle(current.id, current.version, fields) : await api.createKbArticle(fields);
      setCurrent(saved); setForm(toForm(saved)); setConflict(null); setVersionsTick((t) => t + 1);
      setSavedNote(current ? `Сохранено: версия ${saved.version}` : 'Статья создана');
      onSaved(saved);
    } catch (e) {
      const err = e as ApiError;
      if (err.status === 409 && current) {
        try {
          const theirs = await api.kbArticle(current.id);
          setConflict({ mine: form, theirs });
          setCurrent(theirs); setForm(toForm(theirs)); setVersionsTick((t) => t + 1);
        } catch (again) { setError(again as ApiError); }
      } else setError(err);
    } finally { setBusy(false); }
  };
  const remove = async () => {
    if (!current) return;
    try { await api.deleteKbArticle(current.id); onRemoved(); } catch (e) { setError(e as ApiError); setConfirmDelete(false); }
  };
  const fieldError = (name: string) => error?.fields.filter((f) => f.field === name).map((f, i) => <span key={i} className="field-error" data-field-error={name}>{f.message}</span>);
  const shownFields = ['question', 'answer', 'keywords', 'category', 'category_name', 'audience', 'region_scope', 'kind', 'published'];
  const otherErrors = error?.fields.filter((f) => !shownFields.includes(f.field)) ?? [];

  return (
    <>
      <section className="card kb-editor" aria-label="Статья" data-editing={current?.id ?? 'new'} data-version={current?.version ?? 0}>
        <div className="kb-editor-head">
          <h2>{current ? 'Статья' : 'Новая статья'} {current && <span className="muted small">{current.key} · версия {current.version} · {fmtTime(current.updated_at)}, {current.updated_by}</span>}</h2>
          <button className="link" onClick={onClose} title="Закрыть редактор">Закрыть</button>
        </div>
        {conflict && (
          <div className="notice" role="alert" data-conflict>
            Статью уже изменил(а) {conflict.theirs.updated_by || 'другой сотрудник'} ({fmtTime(conflict.theirs.updated_at)}): загружена версия {conflict.theirs.version}.
            Ваши правки не сохранены.
            <div className="row">
              <button onClick={() => { setForm(conflict.mine); setConflict(null); }} data-action="reapply">Вернуть мои правки поверх новой версии</button>
              <button onClick={() => setConflict(null)}>Оставить новую версию</button>
            </div>
          </div>
        )}
        {current?.origin_key && <p className="small muted">Копия статьи {current.origin_key} из родительской базы{current.locally_edited ? ', изменена в этой базе: новые публикации её не перезапишут' : '. После правки здесь новые публикации из родительской базы её не перезапишут'}.</p>}
        <form className="kb-form" onSubmit={(e) => { e.preventDefault(); save(); }}
          onKeyDown={(e) => { if ((e.ctrlKey || e.metaKey) && (e.key === 's' || e.key === 'Enter')) { e.preventDefault(); save(); } }}>
          <fieldset className="kb-kind">
            <legend>Вид</legend>
            {(['faq', 'script'] as const).map((k) => (
              <label key={k} className="inline"><input type="radio" name="kind" value={k} checked={form.kind === k} onChange={() => set('kind', k)} /> {kindNames[k]}</label>
            ))}
            {fieldError('kind')}
          </fieldset>
          <label>{form.kind === 'script' ? 'Ситуация (для поиска скрипта) *' : 'Вопрос *'}
            <input ref={first} name="question" value={form.question} onChange={(e) => set('question', e.target.value)} aria-invalid={!!error?.fields.some((f) => f.field === 'question')} />
            {fieldError('question')}
          </label>
          <label>{form.kind === 'script' ? 'Текст скрипта *' : 'Ответ *'}
            <textarea name="answer" rows={9} value={form.answer} onChange={(e) => set('answer', e.target.value)} aria-invalid={!!error?.fields.some((f) => f.field === 'answer')} />
            {fieldError('answer')}
          </label>
          <label>Ключевые слова (через запятую)
            <input name="keywords" value={form.keywords} onChange={(e) => set('keywords', e.target.value)} />
            {fieldError('keywords')}
          </label>
          <div className="kb-two">
            <label>Код категории
              <input name="category" list="kb-categories" value={form.category} onChange={(e) => {
                const code = e.target.value;
                const known = categories.find(([c]) => c === code);
                setForm((f) => ({ ...f, category: code, category_name: known && !f.category_name ? known[1] : f.category_name }));
              }} />
              <datalist id="kb-categories">{categories.map(([c, n]) => <option key={c} value={c}>{n}</option>)}</datalist>
              {fieldError('category')}
            </label>
            <label>Название категории
              <input name="category_name" value={form.category_name} onChange={(e) => set('category_name', e.target.value)} />
              {fieldError('category_name')}
            </label>
          </div>
          <fieldset className="kb-audience">
            <legend>Для кого</legend>
            {audiences.map((code) => (
              <label key={code} className="inline">
                <input type="checkbox" name="audience" value={code} checked={form.audience.includes(code)}
                  onChange={(e) => set('audience', e.target.checked ? [...form.audience.filter((x) => code === 'any' ? false : x !== 'any'), code] : form.audience.filter((x) => x !== code))} />
                {audienceNames[code] ?? code}
              </label>
            ))}
            {fieldError('audience')}
          </fieldset>
          <label>Регион (код, пусто — все регионы)
            <input name="region_scope" inputMode="numeric" maxLength={3} size={4} value={form.region_scope} onChange={(e) => set('region_scope', e.target.value)} />
            {base.region && <span className="small muted">Статьи региональной базы видны только региону {base.region}.</span>}
            {fieldError('region_scope')}
          </label>
          <label className="inline kb-published">
            <input type="checkbox" name="published" checked={form.published} onChange={(e) => set('published', e.target.checked)} />
            Опубликована — видна в справке, чат-боту и операторам; иначе черновик
          </label>
          {fieldError('published')}
          {error && (
            <div className="error" role="alert">{error.message}
              {otherErrors.length > 0 && <ul>{otherErrors.map((f, i) => <li key={i}>{fieldNames[f.field] ? fieldNames[f.field] + ': ' : ''}{f.message}</li>)}</ul>}
            </div>
          )}
          <div className="row">
            <button type="submit" className="primary" disabled={busy || (!!current && !dirty)} data-action="save-article" title="Ctrl+S">
              {current ? 'Сохранить' : 'Создать'}
            </button>
            {dirty && <span className="small muted" data-dirty>есть несохранённые изменения</span>}
            {savedNote && <span className="small ok" data-saved>{savedNote}</span>}
            {current && !confirmDelete && <button type="button" className="danger kb-delete" onClick={() => setConfirmDelete(true)} data-action="delete-article">Удалить…</button>}
            {current && confirmDelete && (
              <span className="kb-delete">
                Удалить статью безвозвратно?{' '}
                <button type="button" className="danger" onClick={remove} data-action="confirm-delete" autoFocus>Удалить</button>{' '}
                <button type="button" onClick={() => setConfirmDelete(false)}>Отмена</button>
              </span>
            )}
          </div>
        </form>
      </section>
      {current && <Versions id={current.id} tick={versionsTick} />}
    </>
  );
}

function Versions({ id, tick }: { id: number; tick: number }) {
  const versions = useAsync(() => api.kbVersions(id), [id, tick]);
  const items = [...(versions.data?.items ?? [])].reverse();
  return (
    <section className="card kb-versions" aria-label="Версии">
      <h3>Версии</h3>
      <ErrorBox error={versions.error} />
      <ol className="timeline">
        {items.map((r) => (
          <li key={r.version} data-revision={r.version}>
            <div className="small muted">версия {r.version} · {fmtTime(r.at)} · {r.actor}</div>
            <RevisionChanges revision={r} />
          </li>
        ))}
      </ol>
    </section>
  );
}

function RevisionChanges({ revision }: { revision: KbRevision }) {
  const entries = Object.entries(revision.changes ?? {});
  if (revision.version === 1 && entries.every(([, v]) => !v?.[0])) return <div>Создана</div>;
  const show = (v: string | undefined, field: string) => {
    if (v === undefined || v === '' || v === '[]') return '—';
    if (field === 'published' || field === 'locally_edited') return v === 'true' ? 'да' : 'нет';
    if (v.startsWith('[')) { try { return (JSON.parse(v) as string[]).map((x) => audienceNames[x] && field === 'audience' ? audienceNames[x] : x).join(', '); } catch { /* as is */ } }
    return v.length > 160 ? v.slice(0, 160) + '…' : v;
  };
  return (
    <ul className="kb-changes">
      {entries.map(([field, pair]) => (
        <li key={field}><strong>{fieldNames[field] ?? field}</strong>: <span className="muted">{show(pair?.[0], field)}</span> → {show(pair?.[1], field)}</li>
      ))}
    </ul>
  );
}

// The search as the help site and the chatbot run it for this base's regulation and region.
function SearchCheck({ base, bases }: { base: KbBase; bases: KbBase[] }) {
  const [q, setQ] = useState('');
  const [result, setResult] = useState<KbSearchResult | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const run = async (text: string) => {
    if (!text.trim()) return;
    setError(null);
    try { setResult(await api.kbSearch({ q: text.trim(), regulation: base.regulation, region: base.region || undefined, limit: 10 })); }
    catch (e) { setError(e as Error); setResult(null); }
  };
  const baseName = (code: string) => bases.find((b) => b.code === code)?.name ?? code;
  return (
    <section className="card kb-search" aria-label="Проверка поиска">
      <h3>Проверка поиска</h3>
      <p className="small muted">Что найдут справка и чат-бот по такому вопросу{base.region ? ` заявителя из региона ${base.region}` : ''} (только опубликованные статьи; синонимы и исправление опечаток учитываются).</p>
      <form className="row" onSubmit={(e) => { e.preventDefault(); run(q); }}>
        <input aria-label="Вопрос для проверки поиска" placeholder="Как спросит заявитель" value={q} onChange={(e) => setQ(e.target.value)} className="grow" />
        <button type="submit">Найти</button>
      </form>
      <ErrorBox error={error} />
      {result && (
        <div data-search-result>
          {result.corrected && <p className="small">Возможно, вы имели в виду: <button className="link" onClick={() => { setQ(result.corrected!); run(result.corrected!); }}>«{result.corrected}»</button></p>}
          {result.items.length > 0 && (result.confident === false
            ? <p className="small kb-unsure" data-confident="false">Ниже порога уверенности ({Math.round((result.confidence ?? 0) * 100)}%): чат-бот и справка ответят, что ничего не нашли, и предложат зарегистрировать обращение. Ближайшие статьи:</p>
            : <p className="small kb-sure" data-confident="true">Чат-бот и справка покажут эти ответы (уверенность {Math.round((result.confidence ?? 0) * 100)}%).</p>)}
          {result.items.length === 0 ? <p className="muted">Ничего не найдено.</p> : (
            <ol className="kb-hits">
              {result.items.map((h) => (
                <li key={h.id} data-hit={h.id}>
                  <a href={kbPath({ base: h.base, article: String(h.id) })} onClick={(e) => { e.preventDefault(); navigate(kbPath({ base: h.base, article: String(h.id) })); }}>{h.question}</a>
                  <span className="small muted"> · {h.category || 'без категории'} · {baseName(h.base)} · {h.score.toFixed(1)}</span>
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
    </section>
  );
}

// --- bases ------------------------------------------------------------------------------

const emptyBase: KbBase = { code: '', name: '', parent: '', regulation: '', region: '' };

/** The bases as a tree, and a form that creates one or configures the selected one (issue 15). */
function Bases({ bases, selected, reload, select }: {
  bases: KbBase[]; selected?: KbBase; reload: () => void; select: (code: string) => void;
}) {
  const regulations = useAsync(() => api.regulations(), []);
  const [mode, setMode] = useState<'edit' | 'new'>(selected ? 'edit' : 'new');
  const [form, setForm] = useState<KbBase>(selected ?? emptyBase);
  const [error, setError] = useState<Error | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setMode(selected ? 'edit' : 'new');
    setForm(selected ?? emptyBase);
    setError(null);
  }, [selected?.code]); // eslint-disable-line react-hooks/exhaustive-deps
  const ordered = useMemo(() => {
    // Parents first, each followed by its children.
    const out: [KbBase, number][] = [];
    const walk = (parent: string, depth: number) => {
      for (const b of bases.filter((x) => x.parent === parent)) {
        out.push([b, depth]);
        if (depth < 8) walk(b.code, depth + 1);
      }
    };
    walk('', 0);
    for (const b of bases) if (!out.some(([x]) => x.code === b.code)) out.push([b, 0]);
    return out;
  }, [bases]);
  const fieldError = (field: string) =>
    error instanceof ApiError ? error.fields.find((f) => f.field === field)?.message : undefined;
  const set = (k: keyof KbBase) => (e: { target: { value: string } }) => { setForm({ ...form, [k]: e.target.value }); setNote(''); };
  const save = async () => {
    setBusy(true); setError(null); setNote('');
    try {
      const body: KbBaseFields = { name: form.name, parent: form.parent, region: form.region };
      // A child base takes its parent's regulation: it is sent only when chosen.
      if (form.regulation) body.regulation = form.regulation;
      const saved = mode === 'new'
        ? await api.createKbBase({ ...body, code: form.code })
        : await api.configureKbBase(form.code, body);
      setNote(mode === 'new' ? `База «${saved.name}» создана` : 'Настройки базы сохранены');
      reload();
      select(saved.code);
    } catch (e) { setError(e as Error); } finally { setBusy(false); }
  };
  const regulationNames = new Map((regulations.data?.items ?? []).map((r) => [r.id, r.name]));
  const descendants = (code: string): string[] =>
    bases.filter((b) => b.parent === code).flatMap((b) => [b.code, ...descendants(b.code)]);
  const forbiddenParents = mode === 'edit' ? new Set([form.code, ...descendants(form.code)]) : new Set<string>();
  return (
    <div className="kb-bases">
      <section className="card" aria-label="Базы знаний">
        <div className="row">
          <h3 className="grow">Базы знаний</h3>
          <button onClick={() => { setMode('new'); setForm(emptyBase); setError(null); setNote(''); }} data-action="new-base">Новая база</button>
        </div>
        {bases.length === 0 ? <p className="muted" data-bases-empty>Баз знаний пока нет. Создайте первую: статьи импортируются в существующую базу и получают её регламент.</p> : (
          <table className="kb-bases-table">
            <thead><tr><th>База</th><th>Код</th><th>Регламент</th><th>Регион</th></tr></thead>
            <tbody>
              {ordered.map(([b, depth]) => (
                <tr key={b.code} data-base-row={b.code} className={b.code === selected?.code && mode === 'edit' ? 'selected' : ''}>
                  <td style={{ paddingLeft: 8 + depth * 20 }}>
                    <a href={kbPath({ base: b.code, tab: 'bases' })} onClick={(e) => { e.preventDefault(); select(b.code); }}>{b.name}</a>
                  </td>
                  <td><code>{b.code}</code></td>
                  <td>{regulationNames.get(b.regulation) ?? b.regulation}</td>
                  <td>{b.region || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card kb-base-form" aria-label={mode === 'new' ? 'Новая база знаний' : 'Настройки базы знаний'} data-base-form={mode}>
        <h3>{mode === 'new' ? 'Новая база знаний' : `Настройки базы «${selected?.name ?? form.code}»`}</h3>
        <form onSubmit={(e) => { e.preventDefault(); save(); }}>
          <label>Код
            <input name="code" value={form.code} onChange={set('code')} disabled={mode === 'edit'} required
              placeholder="например, bilet-region-16" pattern="[a-z0-9_\-]{1,64}" title="Строчные латинские буквы, цифры, «-» и «_»" />
            {fieldError('code') && <span className="error-text">{fieldError('code')}</span>}
          </label>
          <label>Название
            <input name="name" value={form.name} onChange={set('name')} required placeholder="Региональная база, Республика Татарстан" />
            {fieldError('name') && <span className="error-text">{fieldError('name')}</span>}
          </label>
          <label>Родительская база
            <select name="parent" value={form.parent} onChange={set('parent')}>
              <option value="">— нет (федеральная база) —</option>
              {bases.filter((b) => !forbiddenParents.has(b.code)).map((b) => <option key={b.code} value={b.code}>{b.name} ({b.code})</option>)}
            </select>
            {fieldError('parent') && <span className="error-text">{fieldError('parent')}</span>}
          </label>
          <label>Регламент
            <select name="regulation" value={form.regulation} onChange={set('regulation')}>
              <option value="">{form.parent ? '— как у родительской базы —' : '— выберите —'}</option>
              {(regulations.data?.items ?? []).filter((r) => r.id).map((r) => <option key={r.id} value={r.id}>{r.name} ({r.id})</option>)}
            </select>
            {fieldError('regulation') && <span className="error-text">{fieldError('regulation')}</span>}
          </label>
          <label>Регион
            <input name="region" value={form.region} onChange={set('region')} placeholder="код региона, например 16; пусто — все регионы" />
            {fieldError('region') && <span className="error-text">{fieldError('region')}</span>}
          </label>
          <div className="row">
            <button className="primary" type="submit" disabled={busy} data-action="save-base">{mode === 'new' ? 'Создать базу' : 'Сохранить настройки'}</button>
            {note && <span className="ok" role="status">{note}</span>}
          </div>
          {error && !(error instanceof ApiError && error.fields.length) && <ErrorBox error={error} />}
          {error instanceof ApiError && error.fields.length > 0 && <div className="error" role="alert">{error.message}</div>}
        </form>
      </section>
    </div>
  );
}

// --- synonyms ---------------------------------------------------------------------------

function Synonyms({ base, parent }: { base: KbBase; parent?: KbBase }) {
  const [text, setText] = useState('');
  const [loaded, setLoaded] = useState('');
  const [state, setState] = useState<'loading' | 'ready' | 'missing' | 'error'>('loading');
  const [error, setError] = useState<ApiError | null>(null);
  const [lines, setLines] = useState<number[]>([]);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const show = (groups: string[][]) => { const t = groups.map((g) => g.join(', ')).join('\n'); setText(t); setLoaded(t); };
  useEffect(() => {
    api.kbSynonyms(base.code).then((r) => { show(r.groups); setState('ready'); }, (e: ApiError) => {
      setError(e); setState(e.status === 404 ? 'missing' : 'error');
    });
  }, [base.code]);
  const save = async () => {
    const groups: string[][] = [];
    const at: number[] = [];
    text.split('\n').forEach((line, i) => {
      const terms = line.split(/[,;]/).map((t) => t.trim()).filter(Boolean);
      if (terms.length) { groups.push(terms); at.push(i + 1); }
    });
    setBusy(true); setError(null); setNote(''); setLines(at);
    try { const r = await api.setKbSynonyms(base.code, groups); show(r.groups); setNote(`Сохранено групп: ${r.groups.length}. Поиск уже использует их.`); }
    catch (e) { setError(e as ApiError); } finally { setBusy(false); }
  };
  if (state === 'loading') return <div className="muted">Загрузка…</div>;
  if (state === 'missing') {
    return (
      <section className="card" data-synonyms="unavailable">
        <h3>Синонимы</h3>
        <p className="muted">Сервер пока не отдаёт синонимы этой базы ({error?.message}). Редактор заработает, когда на сервере появится GET/PUT /api/v1/kb/bases/{'{code}'}/synonyms.</p>
      </section>
    );
  }
  // Field errors name a group as groups[i]: tell the line of the text instead.
  const where = (field: string) => {
    const m = field.match(/^groups\[(\d+)\]/);
    return m ? `Строка ${lines[Number(m[1])] ?? Number(m[1]) + 1}: ` : '';
  };
  return (
    <section className="card kb-synonyms" data-synonyms="ready">
      <h3>Синонимы базы «{base.name}»</h3>
      <p className="small muted">Одна группа на строку, слова и выражения через запятую: поиск по любому из них находит статьи с остальными.
        {parent ? ` Группы родительской базы «${parent.name}» действуют и здесь; они правятся в ней.` : ' Группы действуют и в дочерних (региональных) базах.'}</p>
      <label>Группы синонимов
        <textarea name="synonyms" rows={Math.min(30, Math.max(10, text.split('\n').length + 1))} value={text} onChange={(e) => { setText(e.target.value); setNote(''); }}
          placeholder={'епгу, госуслуги, портал госуслуг\nвход, авторизация'}
          onKeyDown={(e) => { if ((e.ctrlKey || e.metaKey) && (e.key === 's' || e.key === 'Enter')) { e.preventDefault(); save(); } }} />
      </label>
      {error && (
        <div className="error" role="alert">{error.message}
          {error.fields.length > 0 && <ul>{error.fields.map((f, i) => <li key={i} data-field-error={f.field}>{where(f.field)}{f.message}</li>)}</ul>}
        </div>
      )}
      <div className="row">
        <button className="primary" onClick={save} disabled={busy || text === loaded} data-action="save-synonyms" title="Ctrl+S">Сохранить синонимы</button>
        {note && <span className="ok small" data-saved>{note}</span>}
      </div>
    </section>
  );
}

// --- import and export ------------------------------------------------------------------

function Exchange({ base }: { base: KbBase }) {
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const download = async (format: 'json' | 'csv') => {
    setError(null);
    try {
      const blob = format === 'json'
        ? new Blob([JSON.stringify(await api.kbExport(base.code), null, 2)], { type: 'application/json' })
        : new Blob([await api.kbExportCsv(base.code)], { type: 'text/csv;charset=utf-8' });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url; a.download = `kb-${base.code}.${format}`; a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (e) { setError(e as Error); }
  };
  const upload = async () => {
    if (!file) return;
    setBusy(true); setError(null); setResult(null);
    try {
      const text = await file.text();
      const csv = /\.csv$/i.test(file.name) || !/^\s*[[{]/.test(text);
      let imported: number;
      if (csv) imported = (await api.kbImportCsv(text.replace(/^\ufeff/, ''))).imported;
      else {
        let data: unknown;
        try { data = JSON.parse(text); } catch { throw new Error('Файл не читается как JSON: проверьте его содержимое'); }
        const items = Array.isArray(data) ? data : (data as { items?: unknown[] })?.items;
        if (!Array.isArray(items)) throw new Error('В JSON нужен список статей или объект с полем items');
        imported = (await api.kbImport(items)).imported;
      }
      setResult(imported); setFile(null);
      if (input.current) input.current.value = '';
    } catch (e) { setError(e as Error); } finally { setBusy(false); }
  };
  const fields = error instanceof ApiError ? error.fields : [];
  return (
    <div className="kb-exchange">
      <section className="card">
        <h3>Экспорт базы «{base.name}»</h3>
        <p className="small muted">Все статьи и скрипты базы, черновики тоже. CSV открывается в табличном редакторе (разделитель — запятая, списки через «;»).</p>
        <div className="row">
          <button onClick={() => download('json')} data-action="export-json">Скачать JSON</button>
          <button onClick={() => download('csv')} data-action="export-csv">Скачать CSV</button>
        </div>
      </section>
      <section className="card">
        <h3>Импорт</h3>
        <p className="small muted">JSON (как при экспорте: список статей или объект с полем items) или CSV со строкой заголовка (key, base, question, answer…).
          Статьи попадают в базы, указанные в файле; статьи с уже известным кодом (key) обновляются, новые добавляются.</p>
        <div className="row">
          <input ref={input} type="file" accept=".json,.csv,application/json,text/csv" aria-label="Файл для импорта"
            onChange={(e) => { setFile(e.target.files?.[0] ?? null); setResult(null); setError(null); }} />
          <button className="primary" onClick={upload} disabled={!file || busy} data-action="import">Импортировать</button>
        </div>
        {result !== null && <p className="ok" data-imported={result}>Импортировано статей: {result}</p>}
        {error && (
          <div className="error" role="alert">{error.message}
            {fields.length > 0 && <ul>{fields.map((f, i) => <li key={i}>{f.message}</li>)}</ul>}
          </div>
        )}
      </section>
    </div>
  );
}
