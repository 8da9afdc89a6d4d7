import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, type Delivery, type User } from '../api';
import { fmtTime, navigate, timeLeft } from '../util';
import { useAppealEvents } from '../live';
import { ErrorBox } from '../components/common';

// Delivery tasks (NT-3; 002 §3.7, §3.11): notices the applicant asked to get by phone, SMS or
// post, which the system cannot send itself. Staff tell the applicant and confirm how they did;
// a confirmed task leaves the list and the appeal's history says what actually happened.

/** How staff may have told the applicant (POST /deliveries/{id} `channel`). */
export const deliveryChannels: [string, string][] = [
  ['phone', 'По телефону'], ['sms', 'SMS'], ['post', 'Почтой'], ['in_person', 'Лично'], ['email', 'По электронной почте'],
];
// Names of the regulations' notification codes; an unknown one is told by the subject alone.
const kindNames: Record<string, string> = {
  info_request: 'Запрос информации', info_request_intake: 'Запрос данных', answer: 'Ответ', resolution: 'Решение',
  resolved: 'Решение', registered: 'Регистрация', claim_registered: 'Регистрация претензии', refused: 'Отказ',
  closed: 'Закрытие', reminder: 'Напоминание',
};
const actionVerb: Record<string, string> = {
  phone: 'Позвоните заявителю и прочитайте текст', sms: 'Отправьте заявителю SMS с текстом',
  post: 'Отправьте заявителю письмо почтой с текстом',
};

/** Tells the top bar's badge to re-read the count now (it also follows live events). */
export const deliveriesChanged = () => window.dispatchEvent(new Event('otklik:deliveries'));

/** The number of delivery tasks the user sees, for the navigation badge. */
export function useDeliveryCount(enabled: boolean): number | null {
  const [count, setCount] = useState<number | null>(null);
  const load = useCallback(() => {
    if (enabled) api.deliveries().then((r) => setCount(r.items.length), () => setCount(null));
  }, [enabled]);
  useEffect(() => {
    load();
    window.addEventListener('otklik:deliveries', load);
    return () => window.removeEventListener('otklik:deliveries', load);
  }, [load]);
  const timer = useRef<number>();
  useAppealEvents(() => { clearTimeout(timer.current); timer.current = window.setTimeout(load, 300); }, [load]);
  return enabled ? count : null;
}

export function Deliveries({ user }: { user: User }) {
  const [items, setItems] = useState<Delivery[] | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState<{ uin: string; via: string }[]>([]);
  const load = useCallback(() => {
    api.deliveries().then((r) => {
      setItems([...r.items].sort((a, b) => a.due_by.localeCompare(b.due_by) || a.id - b.id));
      setError(null);
    }, (e: Error) => setError(e));
  }, []);
  useEffect(load, [load]);
  const timer = useRef<number>();
  useAppealEvents(() => { clearTimeout(timer.current); timer.current = window.setTimeout(load, 300); }, [load]);
  // Overdue marks follow the clock while the screen stays open.
  const [, setNow] = useState(0);
  useEffect(() => { const t = window.setInterval(() => setNow((n) => n + 1), 60000); return () => clearInterval(t); }, []);

  const confirmed = (task: Delivery, via: string) => {
    setItems((list) => (list ?? []).filter((t) => t.id !== task.id));
    setDone((d) => [{ uin: task.uin, via }, ...d].slice(0, 5));
    deliveriesChanged();
  };
  const overdue = (items ?? []).filter((t) => timeLeft(t.due_by).overdue).length;

  return (
    <div className="deliveries" data-user-login={user.login}>
      <div className="queue-head">
        <h1>Доставка уведомлений</h1>
        {items && <span className="count" data-delivery-count={items.length}>{items.length}</span>}
        {overdue > 0 && <span className="badge overdue-badge" data-overdue-count={overdue}>просрочено: {overdue}</span>}
      </div>
      <p className="muted small">
        Заявитель выбрал связь по телефону, SMS или почтой: система не может отправить эти уведомления сама.
        Свяжитесь с заявителем, передайте текст и отметьте, каким способом уведомление доставлено.
      </p>
      <ErrorBox error={error} />
      {done.map((d, i) => (
        <div key={i} className="notice" data-delivered={d.uin}>
          Уведомление по обращению {d.uin} отмечено доставленным ({deliveryChannels.find(([c]) => c === d.via)?.[1].toLowerCase() ?? d.via}).
        </div>
      ))}
      {items === null && !error && <p className="muted">Загрузка…</p>}
      {items?.length === 0 && <p className="card muted" data-deliveries-empty>Нет уведомлений, ожидающих доставки.</p>}
      {items?.map((task) => <DeliveryTask key={task.id} task={task} onConfirmed={(via) => confirmed(task, via)} onGone={load} />)}
    </div>
  );
}

function DeliveryTask({ task, onConfirmed, onGone }: { task: Delivery; onConfirmed: (via: string) => void; onGone: () => void }) {
  const [via, setVia] = useState(deliveryChannels.some(([c]) => c === task.channel) ? task.channel : '');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const left = timeLeft(task.due_by);
  const href = '/appeals/' + encodeURIComponent(task.uin);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true); setError(null);
    try {
      await api.confirmDelivery(task.id, via, comment);
      onConfirmed(via);
    } catch (err) {
      const ae = err as ApiError;
      setError(ae);
      // Someone else confirmed it meanwhile: the list is re-read.
      if (ae.status === 409 || ae.status === 404) onGone();
    } finally { setBusy(false); }
  };
  const fieldErrors = (name: string) => error?.fields.filter((f) => f.field === name).map((f, i) => <span key={i} className="field-error">{f.message}</span>);
  const otherFields = error?.fields.filter((f) => f.field !== 'channel' && f.field !== 'comment') ?? [];

  return (
    <section className={'card delivery' + (left.overdue ? ' overdue' : '')} data-delivery={task.id} data-uin={task.uin}
      data-overdue={left.overdue ? 'true' : 'false'} aria-label={'Уведомление по обращению ' + task.uin}>
      <div className="delivery-head">
        <a className="uin-link" href={href} onClick={(e) => { e.preventDefault(); navigate(href); }}>{task.uin}</a>
        {kindNames[task.kind] && <span className="badge" data-kind={task.kind}>{kindNames[task.kind]}</span>}
        <span className="badge delivery-channel" data-channel={task.channel}>{task.channel_name || task.channel}</span>
        <span className={'deadline' + (left.overdue ? ' overdue' : left.soon ? ' soon' : '')} title={'Доставить до ' + fmtTime(task.due_by)}>
          {left.overdue ? 'Просрочено: ' : 'Доставить до '}{fmtTime(task.due_by)} · {left.text}
        </span>
      </div>
      <dl className="props">
        <dt>Кому</dt><dd data-field="recipient">{task.recipient || <span className="error-text">адрес или телефон не указан — см. карточку обращения</span>}</dd>
        <dt>Как</dt><dd>{actionVerb[task.channel] ?? 'Передайте заявителю текст'} ({task.channel_name || task.channel})</dd>
        <dt>Создано</dt><dd>{fmtTime(task.created_at)}</dd>
        {task.subject && <><dt>Тема</dt><dd>{task.subject}</dd></>}
      </dl>
      <h4 className="delivery-text-title">{task.channel === 'phone' ? 'Что сказать' : 'Текст уведомления'}</h4>
      <blockquote className="delivery-text" data-field="text">{task.text || task.subject || '—'}</blockquote>
      <form className="delivery-form row" onSubmit={submit}>
        <label>Как доставлено *
          <select name="channel" required value={via} onChange={(e) => setVia(e.target.value)}>
            <option value="">—</option>
            {deliveryChannels.map(([c, n]) => <option key={c} value={c}>{n}</option>)}
          </select>
          {fieldErrors('channel')}
        </label>
        <label className="grow">Комментарий
          <input name="comment" value={comment} onChange={(e) => setComment(e.target.value)} placeholder="Например: заявитель ответил, обещал прислать документы" />
          {fieldErrors('comment')}
        </label>
        <button type="submit" className="primary" disabled={busy || !via} data-action="confirm-delivery">Доставлено</button>
      </form>
      {error && (
        <div className="error" role="alert">
          {error.status === 409 ? 'Это уведомление уже доставлено другим сотрудником: список обновлён.' : error.message}
          {otherFields.length > 0 && <ul>{otherFields.map((f, i) => <li key={i}>{f.message}</li>)}</ul>}
        </div>
      )}
    </section>
  );
}
