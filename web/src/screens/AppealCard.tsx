import { Fragment, useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, regulationOf, type ActionSpec, type Appeal, type Applicant, type ConversationEntry, type Named, type ParamSpec, type Regulation, type User } from '../api';
import { navigate, fmtTime, channelNames, triageNames, deadlineNames, statusNames } from '../util';
import { useAppealEvents } from '../live';
import { StatusBadge, ErrorBox } from '../components/common';
import { KbSuggestions } from '../components/KbSuggestions';

const linkTypes: Record<string, string> = {
  duplicate_of: 'Дубликат обращения', claim_about: 'Претензия по обращению', related: 'Связано с',
  status_inquiry_about: 'Запрос статуса по обращению', merged_into: 'Объединено с',
};
const applicantFields: [keyof Applicant, string][] = [
  ['last_name', 'Фамилия'], ['first_name', 'Имя'], ['middle_name', 'Отчество'], ['phone', 'Телефон'],
  ['email', 'Эл. почта'], ['snils', 'СНИЛС'], ['inn', 'ИНН'], ['birth_date', 'Дата рождения'],
  ['region', 'Регион'], ['address', 'Адрес проживания'], ['contact_channel', 'Канал связи'], ['login', 'Логин'], ['role', 'Роль'],
];
// Parameter names the regulations use, in Russian; others are shown as they are.
const paramNames: Record<string, string> = {
  group: 'Группа', assignee: 'Исполнитель (логин)', comment: 'Комментарий', reason: 'Причина', text: 'Текст',
  answer: 'Ответ заявителю', resolution: 'Решение', agency: 'Ведомство', organization: 'Организация',
  priority: 'Приоритет', category: 'Категория', subcategory: 'Подкатегория', channel: 'Канал', stage: 'Этап',
  pending_reason: 'Причина ожидания', question: 'Вопрос заявителю', until: 'До (дата и время)', target: 'Номер обращения',
  type: 'Тип', note: 'Примечание', refusal_reason: 'Основание отказа', solution: 'Решение (ответ заявителю)',
  term: 'Согласованный срок', agreement: 'Как согласовано с пользователем', resume_on: 'Дата возобновления (согласованная)',
  vendor_ticket: 'Номер заявки во внешней системе', change_request: 'Номер запроса на изменение (ЗнИ)',
  original: 'Исходное обращение (номер)', delivery_channel: 'Как доставлено',
};
// Values of parameters that no regulation list names (the regulation gives only codes).
const valueNames: Record<string, Record<string, string>> = {
  agreement: { letter: 'письмо', email: 'электронная почта', phone: 'телефон' },
  contact_channel: { email: 'электронная почта', phone: 'телефон', sms: 'SMS', post: 'почта' },
  delivery_channel: { phone: 'по телефону', sms: 'SMS', post: 'почтой', in_person: 'лично', email: 'по электронной почте' },
};
// Units of a term (regulation terms: «10 business_days»).
const termUnits: [string, string][] = [
  ['business_days', 'рабочих дней'], ['business_hours', 'рабочих часов'], ['calendar_days', 'календарных дней'], ['hours', 'часов'],
];
/** Whether a parameter takes a calendar date: the regulation says so, or (older servers) by name. */
const isDateParam = (p: ParamSpec) => p.type === 'date' || p.date === true || p.name === 'resume_on';
/** Whether a server's field error belongs to parameter `name` ("resume_on", "params.resume_on"). */
const errorOf = (field: string, name: string) => field === name || field.endsWith('.' + name);
const historyNames: Record<string, string> = {
  register: 'Регистрация', comment: 'Комментарий', comment_internal: 'Внутренний комментарий',
  comment_public: 'Комментарий для заявителя', link: 'Связь', breach: 'Нарушение срока', escalate: 'Эскалация',
  remind: 'Напоминание', auto_close: 'Автозакрытие', reveal: 'Просмотр ПДн', triage_review: 'Проверка триажа',
  email_card: 'Входящее письмо',
};
const changeFieldNames: Record<string, string> = {
  status: 'статус', group: 'группа', assignee: 'исполнитель', priority: 'приоритет', category: 'категория',
  subcategory: 'подкатегория', stage: 'этап', pending_reason: 'причина ожидания', organization: 'организация', regulation: 'регламент',
  closed_at: 'закрыто', channel: 'канал',
};
const longParams = new Set(['comment', 'text', 'answer', 'resolution', 'solution', 'question', 'note', 'reason']);
// Parameters that carry the answer to the applicant: a knowledge-base text is inserted there.
const replyParams = ['answer', 'solution', 'resolution', 'text'];

/** Where «Вставить» from the knowledge base puts text: an open action form's answer field, else
 * the comment form (as a comment for the applicant). Each returns false when it cannot take it. */
interface ReplyTargets { action: ((text: string) => boolean) | null; comment: ((text: string) => boolean) | null }
const appendText = (was: string | undefined, text: string) => (was?.trim() ? was.replace(/\s+$/, '') + '\n\n' + text : text);
function focusEnd(selector: string) {
  requestAnimationFrame(() => {
    const el = document.querySelector<HTMLTextAreaElement>(selector);
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
    el.scrollIntoView({ block: 'center', behavior: 'smooth' });
  });
}

export function AppealCard({ uin, user }: { uin: string; user: User }) {
  const [appeal, setAppeal] = useState<Appeal | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [reg, setReg] = useState<Regulation | null>(null);
  const [changedElsewhere, setChangedElsewhere] = useState(false);
  const [tick, setTick] = useState(0);
  const editing = useRef(false);
  // While this card's own action is under way its event is not someone else's change: the
  // action's answer brings the new version.
  const acting = useRef(false);
  const replyTargets = useRef<ReplyTargets>({ action: null, comment: null });
  // Opens an action's form from elsewhere on the card (the prompt to agree a term).
  const openAction = useRef<(code: string) => void>(() => {});
  const insertReply = useCallback((text: string) => {
    if (!replyTargets.current.action?.(text)) replyTargets.current.comment?.(text);
  }, []);

  // The newest version this card has shown, read by the live listener without waiting for a render.
  const knownVersion = useRef(-1);
  const show = useCallback((a: Appeal) => { knownVersion.current = a.version; setAppeal(a); }, []);

  const load = useCallback(async () => {
    try {
      const a = await api.getAppeal(uin);
      show(a); setError(null); setChangedElsewhere(false); setTick((t) => t + 1);
      regulationOf(a.regulation).then(setReg);
    } catch (e) { setError(e as Error); }
  }, [uin, show]);
  useEffect(() => { load(); }, [load]);
  useAppealEvents((e) => {
    if (e && e.uin !== uin) return;
    // A comment or a file (an event without a version) cannot conflict with a form on this card:
    // the lists re-read, the form stays as it is.
    if (e && e.version === undefined) { setTick((t) => t + 1); return; }
    if (e && e.version !== undefined && e.version <= knownVersion.current) return;
    if (acting.current) return;
    if (editing.current) setChangedElsewhere(true); else load();
  }, [uin, load]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !/^(INPUT|TEXTAREA|SELECT)$/.test((e.target as HTMLElement).tagName)) history.length > 1 ? history.back() : navigate('/');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (error && !appeal) return <div className="card"><ErrorBox error={error} /><button onClick={() => navigate('/')}>К очередям</button></div>;
  if (!appeal) return <div className="muted">Загрузка…</div>;
  const actionSpec = (code: string): ActionSpec => reg?.actions?.find((a) => a.code === code) ?? { code, name: code, params: [] };
  const clockName = (code: string) => (reg?.clocks?.find((c) => c.code === code)?.name as string | undefined) ?? deadlineNames[code] ?? (code === 'auto_close' ? 'Автозакрытие без ответа заявителя' : code);
  const paused = appeal.status === 'pending';
  // SLA-1, 004 table 2: a term «по согласованию» not agreed yet shows instead of a deadline.
  const unagreed = Object.entries(appeal.terms ?? {}).filter(([, t]) => t && !t.agreed && (t.display || t.state === 'not_agreed'));

  return (
    <div className="appeal" data-uin={appeal.uin} data-version={appeal.version}>
      <div className="appeal-head">
        <button className="link" onClick={() => (history.length > 1 ? history.back() : navigate('/'))} title="Esc">← Назад</button>
        <h1 className="uin-title">{appeal.uin}</h1>
        <StatusBadge appeal={appeal} />
        {appeal.stage && <span className="badge">{appeal.stage_name || appeal.stage}</span>}
        {appeal.priority && <span className="badge">Приоритет: {reg?.priorities?.find((p) => p.code === appeal.priority)?.name ?? appeal.priority}</span>}
        <span className="muted">версия {appeal.version}</span>
      </div>
      {changedElsewhere && <div className="notice">Обращение изменено другим сотрудником. <button onClick={load}>Обновить</button></div>}
      {appeal.attributes?.prompt && (
        <div className="prompt" role="status" data-prompt>
          <strong>⚠ {appeal.attributes.prompt}</strong>
          {appeal.available_actions.includes('agree_term') && (
            <button className="primary" data-action="open-agree-term" onClick={() => openAction.current('agree_term')}>
              {reg?.actions?.find((a) => a.code === 'agree_term')?.name ?? 'Согласовать срок'}
            </button>
          )}
        </div>
      )}
      {appeal.attributes?.awaiting_delivery && (
        <div className="awaiting-delivery" role="status" data-awaiting-delivery={appeal.attributes.awaiting_delivery}>
          Уведомление ожидает доставки сотрудником: заявитель просил связаться не по электронной почте.{' '}
          <a href="/deliveries" onClick={(e) => { e.preventDefault(); navigate('/deliveries'); }}>Доставка уведомлений</a>
        </div>
      )}
      <div className="appeal-grid">
        <div className="col-main">
          <section className="card">
            <h2>{appeal.subject || 'Без темы'}</h2>
            <RefusedAttachments appeal={appeal} />
            <dl className="props">
              <dt>Регламент</dt><dd>{reg?.name ?? appeal.regulation}</dd>
              <dt>Канал</dt><dd>{channelNames[appeal.channel] ?? appeal.channel}</dd>
              <dt>Категория</dt><dd>{categoryName(reg, appeal.category, appeal.subcategory)}</dd>
              <dt>Адрес проблемы</dt><dd>{appeal.problem_address || '—'}</dd>
              <dt>Группа</dt><dd>{reg?.groups?.find((g) => g.code === appeal.group)?.name ?? (appeal.group || '—')}</dd>
              <dt>Исполнитель</dt><dd>{appeal.assignee || '—'}</dd>
              {appeal.organization && <><dt>Организация</dt><dd>{reg?.organizations?.find((o) => o.code === appeal.organization)?.name ?? appeal.organization}</dd></>}
              <dt>Зарегистрировано</dt><dd>{fmtTime(appeal.created_at)}{appeal.created_by ? ' · ' + appeal.created_by : ''}</dd>
              {appeal.source_ref && <><dt>Источник</dt><dd>{appeal.source_ref}</dd></>}
              {appeal.attributes?.['count.transfer'] && <><dt>Переводов</dt><dd data-field="transfers">{appeal.attributes['count.transfer']} из 2</dd></>}
              {Object.entries(appeal.attributes ?? {}).filter(([k]) => k.startsWith('agreed_term.')).map(([k, v]) => (
                <Fragment key={k}><dt>Согласованный срок</dt><dd data-field="agreed-term">{termText(v)}{appeal.attributes?.agreement ? ' · ' + (valueNames.agreement[appeal.attributes.agreement] ?? appeal.attributes.agreement) : ''}</dd></Fragment>
              ))}
            </dl>
            {appeal.triage && (
              <div className={'triage triage-' + appeal.triage.decision}>
                <strong>Автоматическая проверка: {triageNames[appeal.triage.decision] ?? appeal.triage.decision}</strong>
                {appeal.triage.rules.length > 0 && <ul>{appeal.triage.rules.map((r, i) => <li key={i}>{r.message} <span className="muted">({r.code})</span></li>)}</ul>}
                {appeal.triage.review && (
                  <p className="triage-review">Решение руководителя ({appeal.triage.review.by}): {appeal.triage.review.decision === 'accept' ? 'принято в работу' : 'отказано'}{appeal.triage.review.comment ? ' — ' + appeal.triage.review.comment : ''}</p>
                )}
                <TriageReviewForm appeal={appeal} user={user} onDone={(a) => { show(a); setTick((t) => t + 1); }} onConflict={load} />
              </div>
            )}
          </section>
          <Actions appeal={appeal} spec={actionSpec} reg={reg} onDone={(a) => { show(a); setTick((t) => t + 1); }} onConflict={load} editing={editing} replyTargets={replyTargets} opener={openAction} acting={acting} />
          <ConversationView appeal={appeal} tick={tick} editing={editing} onAdded={load} replyTargets={replyTargets} />
          <Timeline uin={appeal.uin} tick={tick} reg={reg} actionName={(code) => reg?.actions?.find((a) => a.code === code)?.name ?? historyNames[code] ?? code} />
        </div>
        <div className="col-side">
          <section className="card deadlines" aria-label="Сроки">
            <h3>Сроки {paused && <span className="badge paused">⏸ на паузе</span>}</h3>
            {(appeal.clocks ?? []).length === 0 && unagreed.length === 0 && <p className="muted">Сроки не установлены</p>}
            {unagreed.map(([k, t]) => (
              <div key={k} className="deadline-row" data-deadline={k} data-term-state={t.state}>
                <div>{clockName(k)}</div>
                <div className="deadline not-agreed" data-not-agreed>{t.display || 'срок не согласован'}</div>
              </div>
            ))}
            {(appeal.clocks ?? []).filter((c) => !unagreed.some(([u]) => u === c.clock)).map((c) => {
              // Business time from the server (SLA-1, SLA-4): the time left on the appeal's own
              // calendar, and the pause only on the clocks that are paused.
              const done = ['closed', 'refused'].includes(appeal.status) || c.stopped;
              const overdue = c.breached || c.remaining_minutes < 0;
              const soon = !overdue && c.remaining_minutes < (c.working_time ? c.working_day_minutes : 24 * 60);
              return (
                <div key={c.clock} className="deadline-row" data-deadline={c.clock} data-clock-paused={c.paused ? 'true' : 'false'}>
                  <div>{clockName(c.clock)}</div>
                  {c.due && <div className="muted small">{fmtTime(c.due)}</div>}
                  {appeal.terms?.[c.clock]?.agreed && appeal.terms[c.clock].term && <div className="muted small" data-agreed-term>согласованный срок: {termText(appeal.terms[c.clock].term!)}</div>}
                  {done ? <div className="muted small" data-clock-stopped>{c.stopped ? 'отсчёт остановлен' : ''}</div> : (
                    <div className={'deadline' + (c.paused ? ' paused' : overdue ? ' overdue' : soon ? ' soon' : '')} data-remaining>
                      {c.paused ? `отсчёт приостановлен · осталось ${c.remaining_text}` : overdue ? c.remaining_text : `осталось ${c.remaining_text}`}
                      {c.working_time && !c.paused && !overdue && <span className="muted small"> рабочего времени</span>}
                    </div>
                  )}
                  {!done && c.escalate_at && (
                    <div className="muted small" data-escalation>{c.escalated ? 'эскалировано на следующую линию' : `эскалация: ${fmtTime(c.escalate_at)}`}</div>
                  )}
                </div>
              );
            })}
            {paused && <p className="small muted">Срок не идёт, пока обращение в ожидании{appeal.pending_reason_name ? ` («${appeal.pending_reason_name}»)` : ''}; новый срок рассчитается при возобновлении.</p>}
          </section>
          <KbSuggestions uin={appeal.uin} regulation={appeal.regulation} onInsert={insertReply} />
          <ApplicantBlock appeal={appeal} user={user} />
          <Links appeal={appeal} onAdded={load} />
        </div>
      </div>
    </div>
  );
}

/** "10 business_days" → "10 рабочих дней". */
export function termText(term: string): string {
  const m = term.trim().match(/^(\d+)\s+(\w+?)s?$/);
  if (!m) return term;
  const n = Number(m[1]);
  const form = (one: string, few: string, many: string) => {
    const d = n % 10, h = n % 100;
    return d === 1 && h !== 11 ? one : d >= 2 && d <= 4 && (h < 12 || h > 14) ? few : many;
  };
  const unit: Record<string, string> = {
    business_day: form('рабочий день', 'рабочих дня', 'рабочих дней'),
    business_hour: form('рабочий час', 'рабочих часа', 'рабочих часов'),
    calendar_day: form('календарный день', 'календарных дня', 'календарных дней'),
    hour: form('час', 'часа', 'часов'),
  };
  return unit[m[2]] ? `${n} ${unit[m[2]]}` : term;
}

function categoryName(reg: Regulation | null, cat?: string, sub?: string) {
  if (!cat) return '—';
  const c = reg?.categories?.find((x) => x.code === cat);
  const s = c?.subcategories?.find((x) => x.code === sub);
  return (c?.name ?? cat) + (sub ? ' / ' + (s?.name ?? sub) : '');
}

// A supervisor's decision on what automatic triage flagged, held or refused (TR-*).
function TriageReviewForm({ appeal, user, onDone, onConflict }: { appeal: Appeal; user: User; onDone: (a: Appeal) => void; onConflict: () => void }) {
  const [comment, setComment] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const pending = ['flag', 'hold', 'refuse'].includes(appeal.triage?.decision ?? '') && !appeal.triage?.review;
  if (!pending || !['supervisor', 'administrator'].includes(user.role)) return null;
  const submit = async (decision: 'accept' | 'refuse') => {
    try {
      setError(null);
      onDone(await api.reviewTriage(appeal.uin, appeal.version, decision, comment));
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) onConflict();
      setError(e as Error);
    }
  };
  return (
    <div className="triage-review-form">
      <label>Комментарий к решению<textarea value={comment} onChange={(e) => setComment(e.target.value)} rows={2} /></label>
      <button onClick={() => submit('accept')}>Принять в работу</button>
      <button className="danger" onClick={() => submit('refuse')}>Отказать</button>
      <ErrorBox error={error} />
    </div>
  );
}

function ApplicantBlock({ appeal, user }: { appeal: Appeal; user: User }) {
  const [full, setFull] = useState<Applicant | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const shown = full ?? appeal.applicant ?? {};
  const reveal = async () => {
    try { setFull(await api.revealApplicant(appeal.uin, 'работа с обращением')); setError(null); }
    catch (e) { setError(e as Error); }
  };
  return (
    <section className="card applicant" aria-label="Заявитель">
      <h3>Заявитель {full ? <span className="badge">открыто</span> : <span className="badge muted-badge">скрыто</span>}</h3>
      <dl className="props" data-masked={full ? 'false' : 'true'}>
        {applicantFields.filter(([k]) => shown[k]).map(([k, label]) => <><dt key={k + 'l'}>{label}</dt><dd key={k} data-field={k}>{k === 'contact_channel' ? valueNames.contact_channel[String(shown[k])] ?? String(shown[k]) : String(shown[k])}</dd></>)}
      </dl>
      {applicantFields.every(([k]) => !shown[k]) && <p className="muted small">Данные заявителя не указаны.</p>}
      {!full && user.role !== 'tech_support' && (
        <button onClick={reveal} data-action="reveal">Показать</button>
      )}
      {full && <p className="small muted">Просмотр персональных данных записан в журнал доступа.</p>}
      <ErrorBox error={error} />
    </section>
  );
}

function Actions({ appeal, spec, reg, onDone, onConflict, editing, replyTargets, opener, acting }: {
  appeal: Appeal; spec: (code: string) => ActionSpec; reg: Regulation | null;
  onDone: (a: Appeal) => void; onConflict: () => void; editing: React.MutableRefObject<boolean>;
  replyTargets: React.MutableRefObject<ReplyTargets>; opener: React.MutableRefObject<(code: string) => void>;
  acting: React.MutableRefObject<boolean>;
}) {
  const [open, setOpen] = useState<string | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => { editing.current = open !== null; }, [open, editing]);
  useEffect(() => {
    const reply = open ? spec(open).params.find((p) => replyParams.includes(p.name)) : undefined;
    replyTargets.current.action = reply ? (text) => {
      setValues((s) => ({ ...s, [reply.name]: appendText(s[reply.name], text) }));
      focusEnd(`form.action-form [name="${reply.name}"]`);
      return true;
    } : null;
    return () => { replyTargets.current.action = null; };
  }, [open, spec, replyTargets]);

  const run = async (code: string, params: Record<string, string>) => {
    setBusy(true); setError(null); acting.current = true;
    try {
      const a = await api.act(appeal.uin, appeal.version, code, params);
      editing.current = false;
      setOpen(null); setValues({}); onDone(a);
    } catch (e) {
      const err = e as ApiError;
      setError(err);
      if (err.status === 409) onConflict();
    } finally { setBusy(false); acting.current = false; }
  };
  const click = (code: string) => {
    const s = spec(code);
    if (s.params.length === 0 && code === 'take') return run(code, {});
    setOpen(code); setValues({}); setError(null);
  };
  opener.current = (code: string) => {
    click(code);
    requestAnimationFrame(() => document.querySelector('form.action-form')?.scrollIntoView({ block: 'center', behavior: 'smooth' }));
  };
  // What the chosen pending or refusal reason requires (004 table 5: the resume date, the
  // vendor's ticket, the change request), when the regulation API tells.
  const reasonNeeds = (): string[] => {
    const reason = values.reason ?? values.pending_reason;
    if (!reason) return [];
    const pending = reg?.pending_reasons?.find((r) => r.code === reason) as ({ requires?: string[]; requires_params?: string[] } | undefined);
    const refusal = (reg?.refusal_reasons as { code: string; requires_param?: string }[] | undefined)?.find((r) => r.code === reason);
    return [...(pending?.requires ?? pending?.requires_params ?? []), ...(refusal?.requires_param ? [refusal.requires_param] : [])];
  };
  // The API lists parameters by name: required ones and choices first, free text last.
  const rank = (p: ParamSpec) => (p.required ? 0 : p.values.length ? 1 : longParams.has(p.name) ? 3 : 2);
  const params = open ? (spec(open).params.length ? [...spec(open).params].sort((a, b) => rank(a) - rank(b))
    : [{ name: 'comment', required: false, values: [] } as ParamSpec]) : [];
  const shownFields = new Set(params.map((p) => p.name));
  const elsewhere = error?.fields.filter((f) => ![...shownFields].some((n) => errorOf(f.field, n))) ?? [];
  const choices = (name: string, declared: string[]): [string, string][] => {
    if (declared.length) return declared.map((v) => [v, valueNames[name]?.[v] ?? labelOf(reg, name, v)]);
    if (name === 'group' && reg?.groups?.length) return reg.groups.map((g) => [g.code, g.name]);
    if (name === 'priority' && reg?.priorities?.length) return reg.priorities.map((g) => [g.code, g.name]);
    if (name === 'category' && reg?.categories?.length) return reg.categories.map((g) => [g.code, g.name]);
    if ((name === 'reason' || name === 'pending_reason') && reg?.pending_reasons?.length && spec(open ?? '').code.includes('pause')) return reg.pending_reasons.map((g) => [g.code, g.name]);
    return [];
  };

  return (
    <section className="card actions" aria-label="Действия">
      <h3>Действия</h3>
      {appeal.available_actions.length === 0 && <p className="muted" data-no-actions>Сейчас вам не доступно ни одно действие по этому обращению.</p>}
      <div className="action-buttons">
        {(['primary', 'other', 'dangerous'] as const).map((kind) => {
          const codes = appeal.available_actions.filter((code) => prominenceOf(spec(code)) === kind);
          if (!codes.length) return null;
          return (
            <div key={kind} className={'action-group ' + kind} data-action-group={kind} role="group"
              aria-label={kind === 'primary' ? 'Основные действия' : kind === 'other' ? 'Другие действия' : 'Завершающие действия'}>
              {codes.map((code) => (
                <button key={code} data-action={code} className={(kind === 'primary' || open === code ? 'primary' : '') + (kind === 'dangerous' ? ' danger' : '')}
                  disabled={busy} onClick={() => click(code)}>
                  {spec(code).name || code}
                </button>
              ))}
            </div>
          );
        })}
      </div>
      {open && (
        <form className="action-form" data-form={open} onSubmit={(e) => { e.preventDefault(); run(open, values); }}
          onKeyDown={(e) => { if (e.key === 'Escape') { e.stopPropagation(); setOpen(null); setError(null); } }}>
          <h4>{spec(open).name || open}</h4>
          {prominenceOf(spec(open)) === 'dangerous' && (
            <p className="error" data-confirm-warning>Это действие завершает работу по обращению {appeal.uin}. Проверьте и подтвердите.</p>
          )}
          {params.map((p, index) => {
            const opts = choices(p.name, p.values);
            const required = p.required || reasonNeeds().includes(p.name);
            const label = (paramNames[p.name] ?? p.name) + (required ? ' *' : '');
            const set = (v: string) => setValues((s) => ({ ...s, [p.name]: v }));
            const invalid = !!error?.fields.some((f) => errorOf(f.field, p.name));
            return (
              <label key={p.name} data-param={p.name}>{label}
                {opts.length ? (
                  <select name={p.name} autoFocus={index === 0} required={required} aria-invalid={invalid || undefined} value={values[p.name] ?? ''} onChange={(e) => set(e.target.value)}>
                    <option value="">—</option>
                    {opts.map(([v, n]) => <option key={v} value={v}>{n}</option>)}
                  </select>
                ) : p.name === 'term' ? (
                  <TermInput value={values.term ?? ''} onChange={set} required={required} autoFocus={index === 0} invalid={invalid} />
                ) : isDateParam(p) ? (
                  <input type="date" name={p.name} autoFocus={index === 0} required={required} aria-invalid={invalid || undefined} value={values[p.name] ?? ''} onChange={(e) => set(e.target.value)} />
                ) : longParams.has(p.name) ? (
                  <textarea name={p.name} autoFocus={index === 0} required={required} aria-invalid={invalid || undefined} rows={Math.min(12, Math.max(3, (values[p.name] ?? '').split('\n').length + 1))} value={values[p.name] ?? ''} onChange={(e) => set(e.target.value)} />
                ) : (
                  <input name={p.name} autoFocus={index === 0} required={required} aria-invalid={invalid || undefined} value={values[p.name] ?? ''} onChange={(e) => set(e.target.value)} />
                )}
                {error?.fields.filter((f) => errorOf(f.field, p.name)).map((f, i) => <span key={i} className="field-error" data-field-error={p.name}>{f.message}</span>)}
              </label>
            );
          })}
          <div className="row">
            <button type="submit" className={prominenceOf(spec(open)) === 'dangerous' ? 'primary danger' : 'primary'} disabled={busy}>
              {prominenceOf(spec(open)) === 'dangerous' ? `Да, ${(spec(open).name || open).toLowerCase()}` : 'Выполнить'}</button>
            <button type="button" onClick={() => { setOpen(null); setError(null); }}>Отмена</button>
          </div>
        </form>
      )}
      {error && <div className="error" role="alert">{error.status === 409 ? 'Обращение успело измениться: карточка обновлена, проверьте и повторите.' : error.fields.length && !elsewhere.length ? 'Проверьте отмеченные поля.' : error.message}
        {elsewhere.length > 0 && <ul>{elsewhere.map((f, i) => <li key={i}>{f.message}</li>)}</ul>}</div>}
    </section>
  );
}

// A term for agree_term: a number and a unit, sent as «10 business_days».
function TermInput({ value, onChange, required, autoFocus, invalid }: { value: string; onChange: (v: string) => void; required: boolean; autoFocus: boolean; invalid: boolean }) {
  const m = value.match(/^(\d*)\s*(\w*)$/);
  const count = m?.[1] ?? '';
  const [unit, setUnit] = useState(m?.[2] || 'business_days');
  return (
    <span className="term-input">
      <input type="number" min={1} name="term_count" aria-label="Срок (число)" autoFocus={autoFocus} required={required} aria-invalid={invalid || undefined}
        value={count} onChange={(e) => onChange(e.target.value ? `${e.target.value} ${unit}` : '')} />
      <select name="term_unit" aria-label="Единица срока" value={unit} onChange={(e) => { setUnit(e.target.value); onChange(count ? `${count} ${e.target.value}` : ''); }}>
        {termUnits.map(([c, n]) => <option key={c} value={c}>{n}</option>)}
      </select>
      <input type="hidden" name="term" value={value} />
    </span>
  );
}

// The regulation says how prominent an action is; before it said so, an action that ends the
// work (closes or refuses) was the dangerous kind.
function prominenceOf(action: ActionSpec): 'primary' | 'other' | 'dangerous' {
  const p = action.prominence;
  return p === 'primary' || p === 'dangerous' ? p : 'other';
}

function labelOf(reg: Regulation | null, name: string, value: string): string {
  const pools: Record<string, { code: string; name: string }[] | undefined> = {
    group: reg?.groups, priority: reg?.priorities, category: reg?.categories, reason: reg?.pending_reasons,
    pending_reason: reg?.pending_reasons, stage: reg?.stages, organization: reg?.organizations,
  };
  return pools[name]?.find((x) => x.code === value)?.name ?? reg?.pending_reasons?.find((x) => x.code === value)?.name
    ?? (reg?.refusal_reasons as Named[] | undefined)?.find((x) => x.code === value)?.name ?? value;
}

const messageKinds: Record<string, string> = {
  chat: 'Чат-бот', letter_in: 'Письмо заявителя', letter_out: 'Письмо заявителю', call: 'Звонок', appeal: 'Обращение',
  answer: 'Ответ заявителя', comment: 'Комментарий для заявителя', resolution: 'Решение', note: 'Внутренняя заметка',
};
const answerChannels: Record<string, string> = { status: 'на странице обращения', link: 'по ссылке из письма', email: 'письмом' };
const fileSize = (n?: number) => (n == null ? '' : n < 1024 ? `${n} Б` : n < 1048576 ? `${(n / 1024).toFixed(0)} КБ` : `${(n / 1048576).toFixed(1)} МБ`);

/** The appeal as one conversation (issue 16): every message in and out in time order — the
 * chatbot dialog, letters with their files, the call, the applicant's answers, public comments,
 * the letters sent as the applicant got them with their delivery — then the internal notes. */
function ConversationView({ appeal, tick, editing, onAdded, replyTargets }: {
  appeal: Appeal; tick: number; editing: React.MutableRefObject<boolean>; onAdded: () => void; replyTargets: React.MutableRefObject<ReplyTargets>;
}) {
  const uin = appeal.uin;
  const [data, setData] = useState<import('../api').Conversation | null>(null);
  const [loadError, setLoadError] = useState<Error | null>(null);
  const [text, setText] = useState('');
  const [visibility, setVisibility] = useState<'internal' | 'public'>('internal');
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    replyTargets.current.comment = (inserted) => {
      setText((t) => appendText(t, inserted));
      setVisibility('public');
      focusEnd('form.comment-form textarea');
      return true;
    };
    return () => { replyTargets.current.comment = null; };
  }, [replyTargets]);
  useEffect(() => { api.conversation(uin).then((c) => { setData(c); setLoadError(null); }, setLoadError); }, [uin, tick, appeal.version]);
  useEffect(() => { editing.current = text.length > 0; }, [text, editing]);
  const add = async (e: React.FormEvent) => {
    e.preventDefault();
    try { await api.addComment(uin, text, visibility); setText(''); setError(null); onAdded(); }
    catch (err) { setError(err as Error); }
  };
  // Consecutive chatbot turns read as one dialog.
  const blocks: ConversationEntry[][] = [];
  for (const entry of data?.thread ?? []) {
    const last = blocks[blocks.length - 1];
    if (entry.kind === 'chat' && last && last[0].kind === 'chat') last.push(entry); else blocks.push([entry]);
  }
  const lastOut = [...(data?.thread ?? [])].reverse().find((e) => e.kind === 'letter_out');
  const files = (entry: ConversationEntry) => entry.files.length > 0 && (
    <ul className="msg-files" aria-label="Вложения">
      {entry.files.map((f) => (
        <li key={f.number} data-attachment={f.number}>
          <span className="muted small">Вложение: </span><a href={`/api/v1/appeals/${encodeURIComponent(uin)}/attachments/${f.number}?purpose=${encodeURIComponent('просмотр вложения')}`} download={f.name}>{f.name}</a>
          <span className="muted small"> {fileSize(f.size)}</span>
        </li>
      ))}
    </ul>
  );
  const head = (e: ConversationEntry) => {
    const via = e.kind === 'answer' ? answerChannels[e.channel] : e.kind === 'letter_out' && e.channel !== 'email' ? channelNames[e.channel] ?? e.channel : '';
    return (
      <div className="msg-head small">
        <strong>{messageKinds[e.kind] ?? e.kind}</strong>
        {e.author_name && e.kind !== 'letter_out' && <> · {e.author_name}</>}
        {via && <> · {via}</>}
        {e.recipient && <> · кому: {e.recipient}</>}
        <span className="muted"> · {fmtTime(e.at)}</span>
      </div>
    );
  };
  const message = (e: ConversationEntry, i: number) => {
    const letter = e.kind === 'letter_out';
    // The resolution and the newest letter are open: what the applicant was told last.
    const open = !letter || e === lastOut || /resol|answer|refus/.test(e.letter_kind);
    return (
      <li key={i} className={`msg msg-${e.direction} kind-${e.kind}`} data-kind={e.kind} data-direction={e.direction}
        data-letter-kind={e.letter_kind || undefined} data-state={e.state || undefined}>
        {head(e)}
        {letter ? (
          <details open={open}>
            <summary className="msg-subject">{e.subject || 'Без темы'}</summary>
            <div className="msg-text" data-letter-text>{e.text}</div>
          </details>
        ) : (
          <>
            {e.subject && e.kind !== 'chat' && <div className="msg-subject"><strong>{e.subject}</strong></div>}
            <div className="msg-text">{e.text}</div>
          </>
        )}
        {files(e)}
        {e.state_name && <div className={'delivery delivery-' + e.state} data-delivery={e.state}>{e.state_name}</div>}
      </li>
    );
  };
  return (
    <>
      <section className="card conversation" aria-label="Переписка">
        <h3>Переписка с заявителем</h3>
        {loadError && !data && (
          <>
            <p className="appeal-text">{appeal.text}</p>
            <ErrorBox error={loadError} />
          </>
        )}
        {data && (
          <ol className="conversation-thread">
            {blocks.map((block, b) => block[0].kind === 'chat' ? (
              <li key={'chat' + b} className="msg msg-in kind-chat-dialog" data-kind="chat-dialog">
                <div className="msg-head small"><strong>Диалог с чат-ботом</strong><span className="muted"> · {fmtTime(block[0].at)}</span></div>
                <ol className="chat-turns">
                  {block.map((t, i) => (
                    <li key={i} className={'chat-turn ' + (t.direction === 'in' ? 'from-user' : 'from-bot')} data-kind="chat" data-direction={t.direction}>
                      <span className="chat-who">{t.direction === 'in' ? 'Заявитель' : 'Чат-бот'}:</span> {t.text}
                    </li>
                  ))}
                </ol>
              </li>
            ) : message(block[0], b))}
          </ol>
        )}
        <form onSubmit={add} className="comment-form">
          <textarea aria-label="Текст комментария" rows={Math.min(12, Math.max(2, text.split('\n').length + 1))} value={text} onChange={(e) => setText(e.target.value)} placeholder="Комментарий… (Ctrl+Enter — отправить)"
            onKeyDown={(e) => { if (e.key === 'Enter' && e.ctrlKey && text.trim()) add(e); }} />
          <div className="row">
            <label className="inline"><input type="radio" checked={visibility === 'internal'} onChange={() => setVisibility('internal')} /> внутренняя заметка</label>
            <label className="inline"><input type="radio" checked={visibility === 'public'} onChange={() => setVisibility('public')} /> для заявителя</label>
            <button type="submit" disabled={!text.trim()}>Добавить</button>
          </div>
          <ErrorBox error={error} />
        </form>
      </section>
      <section className="card comments internal-notes" aria-label="Внутренние заметки">
        <h3>Внутренние заметки <span className="muted small">— заявитель их не видит</span></h3>
        {data && data.notes.length === 0 && <p className="muted">Заметок нет</p>}
        <ul className="comment-list">
          {(data?.notes ?? []).map((n, i) => (
            <li key={i} className="comment internal" data-kind="note">
              <div className="small muted">{fmtTime(n.at)} · {n.author_name || n.author}</div>
              <div className="msg-text">{n.text}</div>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function Timeline({ uin, tick, reg, actionName }: { uin: string; tick: number; reg: Regulation | null; actionName: (code: string) => string }) {
  const [items, setItems] = useState<import('../api').HistoryEntry[]>([]);
  useEffect(() => { api.history(uin).then((r) => setItems(r.items), () => {}); }, [uin, tick]);
  return (
    <section className="card history" aria-label="История">
      <h3>История</h3>
      <ol className="timeline">
        {items.map((h, i) => (
          <li key={(h.id as number | undefined) ?? i}>
            <div className="small muted">{fmtTime(h.at as string)} · {String(h.actor ?? h.author ?? 'система')}</div>
            <div><strong>{h.action_name ? String(h.action_name) : actionName(String(h.action ?? h.kind ?? ''))}</strong> {describeChanges(h, reg)}</div>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** A value of a changed field as a person reads it: the regulation's name for a code, a local date. */
function readableValue(field: string, v: unknown, reg: Regulation | null): string {
  if (v === undefined || v === null || v === '') return '—';
  const text = String(v);
  const named = (list?: Named[]) => list?.find((x) => x.code === text)?.name;
  const byField: Record<string, string | undefined> = {
    status: named(reg?.statuses) ?? statusNames[text],
    pending_reason: named(reg?.pending_reasons),
    group: named(reg?.groups),
    stage: named(reg?.stages),
    priority: named(reg?.priorities),
    category: named(reg?.categories),
    subcategory: reg?.categories?.flatMap((c) => c.subcategories ?? []).find((x) => x.code === text)?.name,
    organization: named(reg?.organizations),
    channel: named(reg?.channels) ?? channelNames[text],
  };
  if (byField[field]) return byField[field]!;
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?Z$/.test(text)) return fmtTime(text);
  return text;
}

function describeChanges(h: Record<string, unknown>, reg: Regulation | null): string {
  const parts: string[] = [];
  if (typeof h.note === 'string' && h.note) parts.push(h.note);
  if (typeof h.comment === 'string' && h.comment) parts.push(h.comment);
  const changes = h.changes;
  const clockName = (code: string) => (reg?.clocks?.find((c) => c.code === code)?.name as string | undefined)
    ?? deadlineNames[code] ?? (code === 'auto_close' ? 'автозакрытие' : code);
  if (Array.isArray(changes)) {
    for (const c of changes as Record<string, unknown>[]) {
      const field = String(c.field ?? '');
      if (field.startsWith('applicant')) { parts.push('данные заявителя изменены'); continue; }
      const name = changeFieldNames[field] ?? (field.startsWith('deadlines.') ? `срок «${clockName(field.slice(10))}»` : field);
      parts.push(`${name}: ${readableValue(field, c.from ?? c.old, reg)} → ${readableValue(field, c.to ?? c.new, reg)}`);
    }
  } else if (changes && typeof changes === 'object') {
    for (const [k, v] of Object.entries(changes as Record<string, unknown>)) parts.push(`${changeFieldNames[k] ?? k}: ${readableValue(k, v, reg)}`);
  }
  return parts.join('; ');
}

function Links({ appeal, onAdded }: { appeal: Appeal; onAdded: () => void }) {
  const [type, setType] = useState('related');
  const [target, setTarget] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const add = async (e: React.FormEvent) => {
    e.preventDefault();
    try { await api.addLink(appeal.uin, type, target.trim()); setTarget(''); setError(null); onAdded(); }
    catch (err) { setError(err as Error); }
  };
  const links = appeal.links ?? [];
  return (
    <section className="card links" aria-label="Связи">
      <h3>Связанные обращения</h3>
      {links.length === 0 && <p className="muted small">Связей нет</p>}
      <ul>
        {links.map((l, i) => {
          const other = String((l.to === appeal.uin ? l.from : l.to) ?? l.target ?? '');
          return <li key={i}>{linkTypes[l.type] ?? l.type}: <a href={'/appeals/' + encodeURIComponent(other)} onClick={(e) => { e.preventDefault(); navigate('/appeals/' + encodeURIComponent(other)); }}>{other}</a></li>;
        })}
      </ul>
      <form onSubmit={add} className="row">
        <select aria-label="Тип связи" value={type} onChange={(e) => setType(e.target.value)}>
          {Object.entries(linkTypes).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
        </select>
        <input aria-label="Номер связываемого обращения" placeholder="Номер" size={16} value={target} onChange={(e) => setTarget(e.target.value)} />
        <button type="submit" disabled={!target.trim()}>Связать</button>
      </form>
      <ErrorBox error={error} />
    </section>
  );
}

// The files the intake refused, with the reason the applicant was told; the files it kept are
// listed with the message that brought them, in the conversation.
function RefusedAttachments({ appeal }: { appeal: Appeal }) {
  let refused: { name: string; reason?: string }[] = [];
  try { refused = JSON.parse(appeal.attributes?.['email.refused_attachments'] ?? '[]'); } catch { refused = []; }
  if (!refused.length) return null;
  return (
    <div className="attachments" aria-label="Не принятые вложения">
      <h3>Не принятые вложения</h3>
      <ul>{refused.map((f, i) => <li key={i} className="muted">{f.name} — не принято: {f.reason}</li>)}</ul>
    </div>
  );
}
