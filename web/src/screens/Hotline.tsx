import { useEffect, useMemo, useState } from 'react';
import { api, ApiError, regulationOf, request, type Appeal, type Regulation, type User } from '../api';
import { fmtTime, navigate, timeLeft } from '../util';
import { ErrorBox } from '../components/common';

// Hotline intake (CH-2, CH-5, PH-1, PH-2, RT-6). Taking a call reserves its UIN on the server
// (POST /calls), so the operator says the number first; the appeal is registered with that number
// when the form is complete, or the call ends with the reason there is no appeal.

interface PhoneCall { uin: string; regulation: string; started_at: string; outcome: string; outcome_name: string }
const calls = {
  take: (regulation: string) => request<PhoneCall>('POST', '/calls', { regulation, channel: 'phone' }),
  end: (uin: string, outcome: 'dropped' | 'no_appeal', note: string) =>
    request<PhoneCall>('POST', `/calls/${encodeURIComponent(uin)}/end`, { outcome, note }),
};

const STEPS = ['Приветствие', 'Заявитель', 'Вопрос', 'Категория', 'Адрес', 'Источник', 'Итог'] as const;
const MAX_TRANSFERS = 2;
const fieldNames: Record<string, string> = {
  text: 'вопрос', subject: 'тема', category: 'категория', subcategory: 'подкатегория', priority: 'приоритет',
  problem_address: 'адрес проблемы', 'applicant.full_name': 'ФИО', 'applicant.last_name': 'фамилия',
  'applicant.first_name': 'имя', 'applicant.contact': 'контакт для ответа', 'applicant.email': 'эл. почта',
  'applicant.phone': 'телефон', 'applicant.inn': 'ИНН', 'applicant.snils': 'СНИЛС', 'applicant.region': 'регион',
};

// What the call card names instead of the values themselves (SEC-3).
const cardFieldNames: Record<string, string> = {
  last_name: 'фамилия', first_name: 'имя', middle_name: 'отчество', phone: 'телефон', email: 'эл. почта',
  inn: 'ИНН', address: 'адрес',
};

interface Form {
  last_name: string; first_name: string; middle_name: string; phone: string; email: string; inn: string;
  address: string; region: string; subject: string; question: string; category: string; subcategory: string;
  priority: string; organization: string; problem_address: string; source: string;
}
const empty: Form = { last_name: '', first_name: '', middle_name: '', phone: '', email: '', inn: '', address: '', region: '', subject: '', question: '', category: '', subcategory: '', priority: '', organization: '', problem_address: '', source: '' };

export function Hotline({ user }: { user: User }) {
  const [regs, setRegs] = useState<Regulation[]>([]);
  const [regId, setRegId] = useState('');
  const [call, setCall] = useState<PhoneCall | null>(null);
  const [ended, setEnded] = useState<PhoneCall | null>(null);
  const [step, setStep] = useState(0);
  const [form, setForm] = useState<Form>(empty);
  const [transfers, setTransfers] = useState<{ to: string; at: string }[]>([]);
  const [briefing, setBriefing] = useState(false);
  const [transferTo, setTransferTo] = useState('');
  const [solved, setSolved] = useState<boolean | null>(null);
  const [done, setDone] = useState<Appeal | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.regulations().then(async (r) => {
      const full = (await Promise.all(r.items.filter((s) => s.verdict === 'ok').map((s) => regulationOf(s.id))))
        .filter((x): x is Regulation => !!x && !!x.channels?.some((c) => c.code === 'phone'));
      setRegs(full);
      const preferred = full.find((x) => x.channels?.find((c) => c.code === 'phone')?.text_prefix) ?? full[0];
      if (preferred) setRegId(preferred.id);
    }, () => {});
  }, []);
  const reg = regs.find((r) => r.id === regId) ?? null;
  const phone = reg?.channels?.find((c) => c.code === 'phone') as ({ code: string; name: string; required?: string[]; text_prefix?: string }) | undefined;
  const set = (k: keyof Form) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => setForm((f) => ({ ...f, [k]: e.target.value }));

  const category = reg?.categories?.find((c) => c.code === form.category);
  // CH-5: category and subcategory decide the organizations offered; organizations not connected
  // to the system are not offered; when none is competent, the default coordinator is.
  const organizations = useMemo(() => {
    const all = (reg?.organizations ?? []) as { code: string; name: string; connected?: boolean; competence?: string[]; default_coordinator?: boolean }[];
    if (!form.category) return [];
    const competent = all.filter((o) => o.connected !== false && (o.competence ?? []).some((c) => c === form.category || c === `${form.category}/${form.subcategory}`));
    const coordinator = all.filter((o) => o.default_coordinator && o.connected !== false && !competent.includes(o));
    return [...competent, ...coordinator];
  }, [reg, form.category, form.subcategory]);

  const body = () => {
    const prefix = (form.source || phone?.text_prefix || '').trim();
    const text = [prefix, form.question.trim()].filter(Boolean).join('. ');
    const applicant: Record<string, string> = {};
    for (const k of ['last_name', 'first_name', 'middle_name', 'phone', 'email', 'inn', 'address', 'region'] as const) if (form[k].trim()) applicant[k] = form[k].trim();
    // The reply goes by phone only when there is a number to call back.
    if (applicant.phone) applicant.contact_channel = 'phone';
    const b: Record<string, unknown> = { regulation: regId, channel: 'phone', text, subject: form.subject.trim() || form.question.trim().slice(0, 80), applicant, reserved_uin: call?.uin };
    for (const k of ['category', 'subcategory', 'priority', 'problem_address', 'organization'] as const) if (form[k]) b[k] = form[k];
    if (form.source.trim()) b.source_ref = form.source.trim();
    return b;
  };

  const take = async () => {
    setBusy(true); setError(null); setDone(null); setEnded(null); setForm({ ...empty, source: phone?.text_prefix ?? '' });
    setTransfers([]); setSolved(null); setStep(0);
    try {
      setCall(await calls.take(regId));
    } catch (e) { setError(e as ApiError); } finally { setBusy(false); }
  };

  // A call that ends without an appeal still accounts for its number (CH-2).
  const endWithout = async (outcome: 'dropped' | 'no_appeal') => {
    if (!call) return;
    setBusy(true); setError(null);
    try {
      setEnded(await calls.end(call.uin, outcome, form.question.trim()));
      setCall(null);
    } catch (e) { setError(e as ApiError); } finally { setBusy(false); }
  };

  const transfer = () => {
    if (transfers.length >= MAX_TRANSFERS) return;
    setTransfers((t) => [...t, { to: transferTo || 'следующая линия', at: new Date().toISOString() }]);
    setBriefing(false); setTransferTo('');
  };

  const finish = async () => {
    if (!call) return;
    setBusy(true); setError(null);
    try {
      // Header values are Latin-1: the Cyrillic prefix goes percent-encoded.
      const appeal = await api.createAppeal(body(), `call-${encodeURIComponent(call.uin)}`);
      const card = [
        'Карточка звонка',
        `Принял: ${user.full_name || user.login}, ${fmtTime(call.started_at)}`,
        // SEC-3: personal data stays in the applicant's fields (read through the logged reveal);
        // the card only says which of them the caller gave.
        `Заявитель: данные в карточке обращения (указаны: ${(['last_name', 'first_name', 'middle_name', 'phone', 'email', 'inn', 'address'] as const).filter((k) => form[k].trim()).map((k) => cardFieldNames[k]).join(', ') || 'нет'})`,
        `Адрес проблемы: ${form.problem_address || '—'}`,
        `Вопрос: ${form.question || '—'}`, `Категория: ${category?.name ?? form.category ?? '—'}${form.subcategory ? ' / ' + (category?.subcategories?.find((s) => s.code === form.subcategory)?.name ?? form.subcategory) : ''}`,
        `Организация-исполнитель: ${organizations.find((o) => o.code === form.organization)?.name ?? '—'}`,
        `Источник: ${form.source || '—'}`,
        `Переводы: ${transfers.length ? transfers.map((t) => t.to).join(', ') : 'нет'}`,
        `Проблема решена во время звонка: ${solved ? 'да' : 'нет'}`,
      ].join('\n');
      await api.addComment(appeal.uin, card, 'internal');
      setDone(appeal); setCall(null);
    } catch (e) { setError(e as ApiError); } finally { setBusy(false); }
  };

  const uin = call?.uin;
  const applicantName = [form.last_name, form.first_name, form.middle_name].filter(Boolean).join(' ');

  if (!call) {
    return (
      <div className="hotline">
        <h1>Горячая линия</h1>
        {done && <NextSteps appeal={done} solved={!!solved} />}
        {ended && <section className="card next-steps" data-call-ended={ended.uin}><h3>Звонок {ended.uin} завершён без обращения</h3><p>{ended.outcome_name}</p></section>}
        <section className="card take-call">
          <label>Регламент линии
            <select value={regId} onChange={(e) => setRegId(e.target.value)} aria-label="Регламент">
              {regs.map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
            </select>
          </label>
          {phone?.required?.length ? <p className="small muted">Обязательно для телефонного обращения: {phone.required.map((f) => fieldNames[f] ?? f).join(', ')}</p> : null}
          <button className="primary big" onClick={take} disabled={busy || !regId} data-action="take-call" autoFocus>Принять звонок</button>
          <ErrorBox error={error} />
        </section>
      </div>
    );
  }

  return (
    <div className="hotline">
      <div className="call-bar">
        <div>
          <div className="muted small">Номер обращения — назовите первым</div>
          <div className="call-uin" data-call-uin={uin}>{uin}</div>
        </div>
        <div className="muted small">Звонок с {fmtTime(call.started_at)} · переводов {transfers.length} из {MAX_TRANSFERS}</div>
        <button onClick={() => setBriefing((b) => !b)} data-action="transfer">Перевести звонок</button>
        <button onClick={() => endWithout('dropped')} disabled={busy} data-action="call-dropped" title="Номер останется за звонком с отметкой «прервался»">Звонок прервался</button>
        <button onClick={() => endWithout('no_appeal')} disabled={busy} data-action="call-no-appeal">Ошибочный звонок</button>
      </div>
      {briefing && (
        <section className="card briefing" aria-label="Перевод звонка">
          <h3>Перевод звонка</h3>
          {transfers.length >= MAX_TRANSFERS ? (
            <div className="error" role="alert" data-transfer-refused>Звонок уже переведён дважды: третий перевод не допускается (памятка 004, п. 10). Завершите обращение сами или зарегистрируйте его для исполнителя.</div>
          ) : (
            <>
              <p>Сообщите принимающему специалисту:</p>
              <dl className="props briefing-card">
                <dt>Заявитель</dt><dd>{applicantName || '—'}</dd>
                <dt>ИНН организации</dt><dd>{form.inn || '—'}</dd>
                <dt>Номер обращения</dt><dd>{uin}</dd>
              </dl>
              <div className="row">
                <select aria-label="Куда перевести" value={transferTo} onChange={(e) => setTransferTo(e.target.value)}>
                  <option value="">Следующая линия</option>
                  {(reg?.groups ?? []).map((g) => <option key={g.code} value={g.name}>{g.name}</option>)}
                </select>
                <button className="primary" onClick={transfer} data-action="confirm-transfer">Перевести</button>
              </div>
            </>
          )}
          {transfers.length > 0 && <ol className="small">{transfers.map((t, i) => <li key={i}>{fmtTime(t.at)} → {t.to}</li>)}</ol>}
        </section>
      )}
      <ol className="steps">
        {STEPS.map((s, i) => <li key={s} className={i === step ? 'active' : i < step ? 'done' : ''}><button className="link" onClick={() => setStep(i)}>{i + 1}. {s}</button></li>)}
      </ol>
      <form className="card step" onSubmit={(e) => { e.preventDefault(); if (step < STEPS.length - 1) setStep(step + 1); else finish(); }} data-step={step}>
        {step === 0 && (
          <div className="script">
            <p>«Здравствуйте! {reg?.name ? `${reg.name}.` : ''} Номер вашего обращения — <strong>{uin}</strong>. Как я могу к вам обращаться?»</p>
            <p className="small muted">Номер обращения называется первым, до всего остального.</p>
          </div>
        )}
        {step === 1 && (
          <div className="grid-form">
            <label>Фамилия<input name="last_name" value={form.last_name} onChange={set('last_name')} autoFocus /></label>
            <label>Имя<input name="first_name" value={form.first_name} onChange={set('first_name')} /></label>
            <label>Отчество<input name="middle_name" value={form.middle_name} onChange={set('middle_name')} /></label>
            <label>Телефон<input name="phone" value={form.phone} onChange={set('phone')} inputMode="tel" /></label>
            <label>Эл. почта<input name="email" type="email" value={form.email} onChange={set('email')} /></label>
            <label>ИНН организации<input name="inn" value={form.inn} onChange={set('inn')} inputMode="numeric" /></label>
            <label>Регион (код)<input name="region" value={form.region} onChange={set('region')} size={4} /></label>
            <label className="wide">Адрес проживания<input name="address" value={form.address} onChange={set('address')} /></label>
          </div>
        )}
        {step === 2 && (
          <div className="grid-form">
            <label className="wide">Тема<input name="subject" value={form.subject} onChange={set('subject')} autoFocus /></label>
            <label className="wide">Вопрос заявителя<textarea name="question" rows={5} value={form.question} onChange={set('question')} /></label>
          </div>
        )}
        {step === 3 && (
          <div className="grid-form">
            <label>Категория<select name="category" value={form.category} onChange={(e) => setForm((f) => ({ ...f, category: e.target.value, subcategory: '', organization: '' }))} autoFocus>
              <option value="">—</option>{reg?.categories?.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}</select></label>
            <label>Подкатегория<select name="subcategory" value={form.subcategory} onChange={(e) => setForm((f) => ({ ...f, subcategory: e.target.value, organization: '' }))} disabled={!category?.subcategories?.length}>
              <option value="">—</option>{category?.subcategories?.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}</select></label>
            {!!reg?.priorities?.length && <label>Приоритет<select name="priority" value={form.priority} onChange={set('priority')}>
              <option value="">по регламенту</option>{reg.priorities.map((p) => <option key={p.code} value={p.code}>{p.name}</option>)}</select></label>}
            {!!reg?.organizations?.length && <label className="wide">Организация-исполнитель<select name="organization" value={form.organization} onChange={set('organization')} disabled={!form.category}>
              <option value="">—</option>{organizations.map((o) => <option key={o.code} value={o.code}>{o.name}{o.default_coordinator ? ' (координирующая)' : ''}</option>)}</select>
              <span className="small muted">Предлагаются подключённые организации, компетентные по категории; если компетентная неясна — координирующая.</span></label>}
          </div>
        )}
        {step === 4 && (
          <div className="grid-form">
            <label className="wide">Адрес проблемы (где случилось, а не где живёт заявитель)<input name="problem_address" value={form.problem_address} onChange={set('problem_address')} autoFocus /></label>
            <p className="small muted wide">Адрес проживания: {form.address || 'не указан'}</p>
          </div>
        )}
        {step === 5 && (
          <div className="grid-form">
            <label className="wide">Источник (метка в начале текста)<input name="source" value={form.source} onChange={set('source')} autoFocus /></label>
          </div>
        )}
        {step === 6 && (
          <div className="summary">
            <p><strong>«Удалось ли решить ваш вопрос?»</strong></p>
            <div className="row">
              <label className="inline"><input type="radio" name="solved" checked={solved === true} onChange={() => setSolved(true)} /> Да, решён во время звонка</label>
              <label className="inline"><input type="radio" name="solved" checked={solved === false} onChange={() => setSolved(false)} /> Нет, нужна работа исполнителя</label>
            </div>
            <dl className="props">
              <dt>Заявитель</dt><dd>{applicantName || '—'}</dd>
              <dt>Вопрос</dt><dd>{form.question || '—'}</dd>
              <dt>Категория</dt><dd>{category?.name ?? '—'}</dd>
              <dt>Адрес проблемы</dt><dd>{form.problem_address || '—'}</dd>
            </dl>
          </div>
        )}
        <ErrorBox error={error} />
        {error?.fields?.length ? <ul className="error">{error.fields.map((f, i) => <li key={i}>{f.field}: {f.message}</li>)}</ul> : null}
        <div className="row">
          {step > 0 && <button type="button" onClick={() => setStep(step - 1)}>Назад</button>}
          {step < STEPS.length - 1
            ? <button type="submit" className="primary" data-action="next">Далее</button>
            : <button type="submit" className="primary" disabled={busy || solved === null} data-action="register">Завершить звонок</button>}
        </div>
      </form>
    </div>
  );
}

function NextSteps({ appeal, solved }: { appeal: Appeal; solved: boolean }) {
  const due = appeal.deadlines?.resolution ?? Object.values(appeal.deadlines ?? {})[0];
  return (
    <section className="card next-steps" data-registered={appeal.uin}>
      <h3>Звонок завершён: обращение {appeal.uin}</h3>
      <ul>
        <li>Номер обращения для заявителя: <strong>{appeal.uin}</strong>.</li>
        {solved ? <li>Вопрос решён во время звонка; обращение можно закрыть из карточки.</li>
          : <li>Обращение передано: {appeal.group || 'группа по маршрутизации регламента'}; статус «{appeal.status_name}».</li>}
        {due && !solved && <li>Срок ответа: {fmtTime(due)} ({timeLeft(due).text}).</li>}
        <li>Заявитель получит уведомления по указанным контактам.</li>
      </ul>
      <button onClick={() => navigate('/appeals/' + encodeURIComponent(appeal.uin))}>Открыть карточку</button>
    </section>
  );
}
