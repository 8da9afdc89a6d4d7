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
// 004 памятка, п. 10: «Переадресация пользователя допускается не более двух раз». The server counts
// transfers (forward, assign, escalate) in the appeal's attribute `count.transfer` and refuses more.
const MAX_TRANSFERS = 2;
const TRANSFER_ACTIONS = ['forward', 'escalate', 'assign'];
// How the applicant wants to be answered (applicant.contact_channel).
const contactChannels: [string, string][] = [['email', 'Электронная почта'], ['phone', 'Телефон'], ['sms', 'SMS'], ['post', 'Почта']];
const fieldNames: Record<string, string> = {
  text: 'вопрос', subject: 'тема', category: 'категория', subcategory: 'подкатегория', priority: 'приоритет',
  problem_address: 'адрес проблемы', 'applicant.full_name': 'ФИО', 'applicant.last_name': 'фамилия',
  'applicant.first_name': 'имя', 'applicant.contact': 'контакт для ответа', 'applicant.email': 'эл. почта',
  'applicant.phone': 'телефон', 'applicant.inn': 'ИНН', 'applicant.snils': 'СНИЛС', 'applicant.region': 'регион',
  'applicant.birth_date': 'дата рождения', 'applicant.contact_channel': 'канал связи', 'applicant.address': 'почтовый адрес',
};

// What the call card names instead of the values themselves (SEC-3).
const cardFieldNames: Record<string, string> = {
  last_name: 'фамилия', first_name: 'имя', middle_name: 'отчество', phone: 'телефон', email: 'эл. почта',
  inn: 'ИНН', snils: 'СНИЛС', birth_date: 'дата рождения', address: 'адрес',
};

interface Form {
  last_name: string; first_name: string; middle_name: string; phone: string; email: string; inn: string;
  snils: string; birth_date: string; contact_channel: string;
  address: string; region: string; subject: string; question: string; category: string; subcategory: string;
  priority: string; organization: string; problem_address: string; source: string;
}
const empty: Form = { last_name: '', first_name: '', middle_name: '', phone: '', email: '', inn: '', snils: '', birth_date: '', contact_channel: '', address: '', region: '', subject: '', question: '', category: '', subcategory: '', priority: '', organization: '', problem_address: '', source: '' };
const applicantKeys = ['last_name', 'first_name', 'middle_name', 'phone', 'email', 'inn', 'snils', 'birth_date', 'address', 'region'] as const;
// The step of the call form where each field of the appeal is asked, to show a refusal there.
const fieldStep = (field: string) => field.startsWith('applicant') ? 1 : ['text', 'subject'].includes(field) ? 2
  : ['category', 'subcategory', 'priority', 'organization'].includes(field) ? 3 : field === 'problem_address' ? 4 : -1;
/** Transfers the server counted for the appeal (004 памятка, п. 10). */
const transfersOf = (a: Appeal | null) => Number(a?.attributes?.['count.transfer'] ?? 0) || 0;

export function Hotline({ user }: { user: User }) {
  const [regs, setRegs] = useState<Regulation[]>([]);
  const [regId, setRegId] = useState('');
  const [call, setCall] = useState<PhoneCall | null>(null);
  const [ended, setEnded] = useState<PhoneCall | null>(null);
  const [step, setStep] = useState(0);
  const [form, setForm] = useState<Form>(empty);
  // The appeal once registered during the call (a transfer registers it first).
  const [registered, setRegistered] = useState<Appeal | null>(null);
  const [transfers, setTransfers] = useState<{ to: string; at: string }[]>([]);
  const [briefing, setBriefing] = useState(false);
  const [transferTo, setTransferTo] = useState('');
  const [briefingText, setBriefingText] = useState('');
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
    for (const k of applicantKeys) if (form[k].trim()) applicant[k] = form[k].trim();
    // The applicant's choice; otherwise the reply goes by phone only when there is a number to call back.
    if (form.contact_channel) applicant.contact_channel = form.contact_channel;
    else if (applicant.phone) applicant.contact_channel = 'phone';
    const b: Record<string, unknown> = { regulation: regId, channel: 'phone', text, subject: form.subject.trim() || form.question.trim().slice(0, 80), applicant, reserved_uin: call?.uin };
    for (const k of ['category', 'subcategory', 'priority', 'problem_address', 'organization'] as const) if (form[k]) b[k] = form[k];
    if (form.source.trim()) b.source_ref = form.source.trim();
    return b;
  };

  const take = async () => {
    // The applicant's region starts as the operator's own (a regional operator's calls are local).
    setBusy(true); setError(null); setDone(null); setEnded(null); setForm({ ...empty, source: phone?.text_prefix ?? '', region: user.region ?? '' });
    setTransfers([]); setRegistered(null); setBriefing(false); setSolved(null); setStep(0);
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

  const failed = (e: ApiError) => {
    setError(e);
    const at = (e.fields ?? []).map((f) => fieldStep(f.field)).filter((n) => n >= 0);
    if (at.length) setStep(Math.min(...at));
  };

  // Registers the appeal under the call's number, once (the idempotency key makes a retry safe).
  const register = async (): Promise<Appeal> => {
    if (registered) return registered;
    // Header values are Latin-1: the Cyrillic prefix goes percent-encoded.
    const appeal = await api.createAppeal(body(), `call-${encodeURIComponent(call!.uin)}`);
    setRegistered(appeal);
    return appeal;
  };

  // A transfer is an action on the registered appeal (forward to a group, escalate to the next
  // line, or assign), with the briefing as its comment; the server counts it and refuses a third.
  const transfer = async () => {
    if (!call || transferCount >= MAX_TRANSFERS) return;
    setBusy(true); setError(null);
    try {
      const appeal = await register();
      const available = TRANSFER_ACTIONS.filter((c) => appeal.available_actions.includes(c));
      const specOf = (c: string) => reg?.actions?.find((a) => a.code === c);
      const groupParam = (c: string) => specOf(c)?.params.find((p) => p.name === 'group');
      // A chosen group goes by an action that takes it; «следующая линия» by escalation.
      const code = transferTo
        ? available.find((c) => { const g = groupParam(c); return !!g && (!g.values.length || g.values.includes(transferTo)); })
        : available.find((c) => c === 'escalate') ?? available.find((c) => !groupParam(c)?.required);
      if (!code) {
        throw new ApiError(422, 'transfer_unavailable', transferTo
          ? 'Перевести в выбранную группу нельзя: регламент не предусматривает такого действия для вашей роли.'
          : 'Перевод на следующую линию недоступен: выберите группу.');
      }
      const params: Record<string, string> = {};
      const declared = specOf(code)?.params ?? [];
      if (transferTo && declared.some((p) => p.name === 'group')) params.group = transferTo;
      if (declared.some((p) => p.name === 'comment') || !declared.length) params.comment = briefingText.trim() || briefingDefault();
      const after = await api.act(appeal.uin, appeal.version, code, params);
      setRegistered(after);
      const groupName = reg?.groups?.find((g) => g.code === (transferTo || after.group))?.name ?? after.group ?? 'следующая линия';
      setTransfers((t) => [...t, { to: groupName, at: new Date().toISOString() }]);
      setBriefing(false); setTransferTo(''); setBriefingText('');
    } catch (e) { failed(e as ApiError); } finally { setBusy(false); }
  };

  const finish = async () => {
    if (!call) return;
    setBusy(true); setError(null);
    try {
      const appeal = await register();
      const card = [
        'Карточка звонка',
        `Принял: ${user.full_name || user.login}, ${fmtTime(call.started_at)}`,
        // SEC-3: personal data stays in the applicant's fields (read through the logged reveal);
        // the card only says which of them the caller gave.
        `Заявитель: данные в карточке обращения (указаны: ${(['last_name', 'first_name', 'middle_name', 'phone', 'email', 'inn', 'snils', 'birth_date', 'address'] as const).filter((k) => form[k].trim()).map((k) => cardFieldNames[k]).join(', ') || 'нет'})`,
        `Канал связи: ${contactChannels.find(([c]) => c === form.contact_channel)?.[1] ?? 'не выбран'}`,
        `Адрес проблемы: ${form.problem_address || '—'}`,
        `Вопрос: ${form.question || '—'}`, `Категория: ${category?.name ?? form.category ?? '—'}${form.subcategory ? ' / ' + (category?.subcategories?.find((s) => s.code === form.subcategory)?.name ?? form.subcategory) : ''}`,
        `Организация-исполнитель: ${organizations.find((o) => o.code === form.organization)?.name ?? '—'}`,
        `Источник: ${form.source || '—'}`,
        `Переводы: ${transfers.length ? transfers.map((t) => t.to).join(', ') : 'нет'}`,
        `Проблема решена во время звонка: ${solved ? 'да' : 'нет'}`,
      ].join('\n');
      // After a transfer the appeal may have left the operator's sight: the card is then not added.
      await api.addComment(appeal.uin, card, 'internal').catch((e: ApiError) => { if (![403, 404].includes(e.status)) throw e; });
      setDone(transfers.length ? await api.getAppeal(appeal.uin).catch(() => appeal) : appeal); setCall(null);
    } catch (e) { failed(e as ApiError); } finally { setBusy(false); }
  };

  const uin = call?.uin;
  // The server's field errors go next to their inputs ("applicant.snils" → the СНИЛС input).
  const serverField = (k: keyof Form) => ((applicantKeys as readonly string[]).includes(k) || k === 'contact_channel' ? 'applicant.' + k : k === 'question' ? 'text' : k);
  const fe = (k: keyof Form) => error?.fields?.filter((f) => f.field === serverField(k)).map((f, i) => <span key={i} className="field-error" data-field-error={k}>{f.message}</span>);
  const applicantName = [form.last_name, form.first_name, form.middle_name].filter(Boolean).join(' ');
  const transferCount = transfersOf(registered);
  // Whether the regulation lets this role transfer at all (its transfer actions' roles).
  const transferActions = (reg?.actions ?? []).filter((a) => TRANSFER_ACTIONS.includes(a.code) &&
    (((a.roles as string[] | undefined) ?? ['*']).some((r) => r === '*' || r === user.role)));
  const canTransfer = transferActions.length > 0;
  // The groups a transfer can go to: those the transfer actions' group parameter allows.
  const groupParams = transferActions.map((a) => a.params.find((p) => p.name === 'group')).filter((p) => !!p);
  const transferGroups = groupParams.some((p) => !p!.values.length) ? (reg?.groups ?? [])
    : (reg?.groups ?? []).filter((g) => groupParams.some((p) => p!.values.includes(g.code)));
  const canEscalate = transferActions.some((a) => !a.params.some((p) => p.name === 'group' && p.required));
  const operatorName = user.full_name || user.login;
  function briefingDefault() {
    return [`Перевод звонка ${uin}`, form.question.trim() ? `суть: ${form.question.trim()}` : '',
      `заявитель: ${applicantName || 'не представился'}`, form.inn ? `ИНН ${form.inn}` : ''].filter(Boolean).join('; ');
  }

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
        <div className="muted small">Звонок с {fmtTime(call.started_at)}{canTransfer && <> · <span data-transfer-count={transferCount}>переводов {transferCount} из {MAX_TRANSFERS}</span></>}</div>
        {canTransfer && <button onClick={() => { setBriefing((b) => !b); setBriefingText((t) => t || briefingDefault()); }} data-action="transfer">Перевести звонок</button>}
        {!registered && <button onClick={() => endWithout('dropped')} disabled={busy} data-action="call-dropped" title="Номер останется за звонком с отметкой «прервался»">Звонок прервался</button>}
        {!registered && <button onClick={() => endWithout('no_appeal')} disabled={busy} data-action="call-no-appeal">Ошибочный звонок</button>}
      </div>
      {briefing && (
        <section className="card briefing" aria-label="Перевод звонка">
          <h3>Перевод звонка</h3>
          {transferCount >= MAX_TRANSFERS ? (
            <div className="error" role="alert" data-transfer-refused>Звонок уже переведён дважды: третий перевод не допускается (памятка 004, п. 10). Завершите обращение сами или зарегистрируйте его для исполнителя.</div>
          ) : (
            <>
              <p>«Извините, чтобы ответить на ваш вопрос, я переведу звонок на компетентного специалиста.» Сообщите принимающему специалисту:</p>
              <dl className="props briefing-card">
                <dt>Суть вопроса</dt><dd>{form.question || '—'}</dd>
                <dt>Заявитель</dt><dd>{applicantName || '—'}</dd>
                <dt>ИНН организации</dt><dd>{form.inn || '—'}</dd>
                <dt>Номер обращения</dt><dd>{uin}</dd>
              </dl>
              <label>Что передано специалисту (комментарий к переводу)
                <textarea name="briefing" rows={2} value={briefingText} onChange={(e) => setBriefingText(e.target.value)} />
              </label>
              <p className="small muted">Перед переводом обращение регистрируется под номером {uin}; перевод записывается в историю.</p>
              <div className="row">
                <select aria-label="Куда перевести" value={transferTo} onChange={(e) => setTransferTo(e.target.value)}>
                  {canEscalate && <option value="">Следующая линия</option>}
                  {!canEscalate && <option value="">— выберите —</option>}
                  {transferGroups.map((g) => <option key={g.code} value={g.code}>{g.name}</option>)}
                </select>
                <button className="primary" onClick={transfer} disabled={busy || (!canEscalate && !transferTo)} data-action="confirm-transfer">Перевести</button>
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
            <ol className="script-lines">
              <li data-script="uin">«Номер вашего обращения — <strong>{uin}</strong>. Пожалуйста, запишите его.»</li>
              <li data-script="greeting">«Здравствуйте! {reg?.name || 'Горячая линия'}, оператор {operatorName}. Как я могу к Вам обращаться? Чем я могу Вам помочь?»</li>
            </ol>
            <p className="small muted">Памятка 004: сначала номер обращения (п. 1), затем приветствие с именем оператора и предложение помощи (п. 2); дальше — на «Вы».</p>
          </div>
        )}
        {step === 1 && (
          <div className="grid-form">
            <label>Фамилия<input name="last_name" value={form.last_name} onChange={set('last_name')} autoFocus />{fe('last_name')}</label>
            <label>Имя<input name="first_name" value={form.first_name} onChange={set('first_name')} />{fe('first_name')}</label>
            <label>Отчество<input name="middle_name" value={form.middle_name} onChange={set('middle_name')} />{fe('middle_name')}</label>
            <label>Телефон<input name="phone" value={form.phone} onChange={set('phone')} inputMode="tel" />{fe('phone')}</label>
            <label>Эл. почта<input name="email" type="email" value={form.email} onChange={set('email')} />{fe('email')}</label>
            <label>ИНН (организации или личный)<input name="inn" value={form.inn} onChange={set('inn')} inputMode="numeric" maxLength={12} />{fe('inn')}</label>
            <label>СНИЛС<input name="snils" value={form.snils} onChange={set('snils')} inputMode="numeric" placeholder="123-456-789 01" maxLength={14} />{fe('snils')}</label>
            <label>Дата рождения<input name="birth_date" type="date" value={form.birth_date} onChange={set('birth_date')} />{fe('birth_date')}</label>
            <label>Канал связи для ответа<select name="contact_channel" value={form.contact_channel} onChange={set('contact_channel')}>
              <option value="">{form.phone.trim() ? 'телефон (по умолчанию)' : '—'}</option>
              {contactChannels.map(([c, n]) => <option key={c} value={c}>{n}</option>)}</select>{fe('contact_channel')}</label>
            <label>Регион (код)<input name="region" value={form.region} onChange={set('region')} size={4} />{fe('region')}</label>
            <label className="wide">Адрес проживания{form.contact_channel === 'post' ? ' (ответ придёт почтой сюда)' : ''}<input name="address" value={form.address} onChange={set('address')} />{fe('address')}</label>
            <p className="small muted wide">СНИЛС, ИНН и дата рождения необязательны: без них звонок можно перевести (002 §3.2), их можно дозаполнить позже.</p>
          </div>
        )}
        {step === 2 && (
          <div className="grid-form">
            <label className="wide">Тема<input name="subject" value={form.subject} onChange={set('subject')} autoFocus />{fe('subject')}</label>
            <label className="wide">Вопрос заявителя<textarea name="question" rows={5} value={form.question} onChange={set('question')} />{fe('question')}</label>
          </div>
        )}
        {step === 3 && (
          <div className="grid-form">
            <label>Категория<select name="category" value={form.category} onChange={(e) => setForm((f) => ({ ...f, category: e.target.value, subcategory: '', organization: '' }))} autoFocus>
              <option value="">—</option>{reg?.categories?.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}</select>{fe('category')}</label>
            <label>Подкатегория<select name="subcategory" value={form.subcategory} onChange={(e) => setForm((f) => ({ ...f, subcategory: e.target.value, organization: '' }))} disabled={!category?.subcategories?.length}>
              <option value="">—</option>{category?.subcategories?.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}</select>{fe('subcategory')}</label>
            {!!reg?.priorities?.length && <label>Приоритет<select name="priority" value={form.priority} onChange={set('priority')}>
              <option value="">по регламенту</option>{reg.priorities.map((p) => <option key={p.code} value={p.code}>{p.name}</option>)}</select>{fe('priority')}</label>}
            {!!reg?.organizations?.length && <label className="wide">Организация-исполнитель<select name="organization" value={form.organization} onChange={set('organization')} disabled={!form.category}>
              <option value="">—</option>{organizations.map((o) => <option key={o.code} value={o.code}>{o.name}{o.default_coordinator ? ' (координирующая)' : ''}</option>)}</select>
              <span className="small muted">Предлагаются подключённые организации, компетентные по категории; если компетентная неясна — координирующая.</span></label>}
          </div>
        )}
        {step === 4 && (
          <div className="grid-form">
            <label className="wide">Адрес проблемы (где случилось, а не где живёт заявитель)<input name="problem_address" value={form.problem_address} onChange={set('problem_address')} autoFocus />{fe('problem_address')}</label>
            <p className="small muted wide">Адрес проживания: {form.address || 'не указан'}</p>
          </div>
        )}
        {step === 5 && (
          <div className="grid-form">
            <label className="wide">Источник (метка в начале текста)<input name="source" value={form.source} onChange={set('source')} autoFocus />{fe('source')}</label>
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
        {error?.fields?.length ? <ul className="error">{error.fields.map((f, i) => <li key={i}>{fieldNames[f.field] ?? f.field}: {f.message}</li>)}</ul> : null}
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
