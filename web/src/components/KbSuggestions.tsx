// «Подсказки из базы знаний» in the appeal card: articles found by the appeal's own words (KB-2)
// and answer scripts (KB-5); «Вставить» puts the text into the reply for the operator to edit.
import { useState } from 'react';
import { api, ApiError, type KbHit } from '../api';
import { useAsync } from '../util';
import { ErrorBox } from './common';
import '../kb.css';

export function KbSuggestions({ uin, regulation, onInsert }: { uin: string; regulation: string; onInsert: (text: string) => void }) {
  const suggested = useAsync(() => api.suggestions(uin), [uin]);
  const [q, setQ] = useState('');
  const [found, setFound] = useState<KbHit[] | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const findScripts = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!q.trim()) { setFound(null); return; }
    try { setFound((await api.kbScripts(q.trim(), regulation)).items); setError(null); }
    catch (err) { setError(err as Error); }
  };
  // The knowledge base is optional on the server: 503 means it is not connected.
  if (suggested.error instanceof ApiError && suggested.error.status === 503) return null;
  const articles = suggested.data?.items ?? [];
  const scripts = suggested.data?.scripts ?? [];
  return (
    <section className="card kb-suggestions" aria-label="Подсказки из базы знаний">
      <h3>Подсказки из базы знаний</h3>
      <ErrorBox error={suggested.error} />
      {suggested.loading && !suggested.data && <p className="muted small">Подбираю статьи…</p>}
      {suggested.data && articles.length === 0 && <p className="muted small" data-no-suggestions>Подходящих статей не найдено.</p>}
      <HitList hits={articles} kind="article" onInsert={onInsert} />
      <h4>Скрипты ответов</h4>
      {suggested.data && scripts.length === 0 && !found && <p className="muted small">Для этого обращения скриптов не нашлось — поищите по словам.</p>}
      {!found && <HitList hits={scripts} kind="script" onInsert={onInsert} />}
      <form className="row" onSubmit={findScripts}>
        <input aria-label="Найти скрипт ответа" placeholder="Найти скрипт: например, перезвоним" value={q} onChange={(e) => setQ(e.target.value)} className="grow" />
        <button type="submit">Найти</button>
      </form>
      <ErrorBox error={error} />
      {found && (found.length ? <HitList hits={found} kind="script" onInsert={onInsert} /> : <p className="muted small">Скрипты не найдены.</p>)}
    </section>
  );
}

function HitList({ hits, kind, onInsert }: { hits: KbHit[]; kind: 'article' | 'script'; onInsert: (text: string) => void }) {
  const [open, setOpen] = useState<number | null>(null);
  if (!hits.length) return null;
  return (
    <ol>
      {hits.map((h) => (
        <li key={h.id} data-suggestion={h.id} data-kind={kind}>
          <div className="kb-suggestion-head">
            <button className="link" aria-expanded={open === h.id} onClick={() => setOpen(open === h.id ? null : h.id)}>{h.question}</button>
            <button onClick={() => onInsert(h.answer)} data-action="insert-answer" title="Вставить текст в ответ заявителю, чтобы отредактировать и отправить">Вставить</button>
          </div>
          {h.category && <div className="small muted">{h.category}</div>}
          {open === h.id && <div className="kb-suggestion-answer">{h.answer}</div>}
        </li>
      ))}
    </ol>
  );
}
