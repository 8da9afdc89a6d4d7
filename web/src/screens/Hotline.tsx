import { useEffect, useMemo, useRef, useState } from 'react';
import { api, ApiError, regulationOf, request, type Appeal, type Regulation, type User } from '../api';
import { fmtTime, navigate, timeLeft } from '../util';
import { ErrorBox } from '../components/common';

// Hotline intake (CH-2, CH-5, PH-1, PH-2, RT-6). Taking a call reserves its UIN on the server
// (POST /calls), so the operator says the number first; the appeal is registered with that number
// when the form is complete, or the call ends with the reason there is no appeal.

interface PhoneCall { uin: string; regulation: string; started_at: string; outcome: string; outcome_name: string; operator?: string }
/** A field the server's dry run refuses, with the field's Russian name (POST /appeals/validate). */
interface Invalid { field: string; code: string; message: string; label: string }
/** Where the regulation's transfer actions let the operator send the call's appeal. */
interface TransferTarget {
  kind: 'next_line' | 'group' | 'person'; code: string; name: string; group_name?: string;
  action: string; action_name: string; params: Record<string, string>; comment: 'required' | 'optional' | 'none'; briefing: boolean;
}
const calls = {
  take: (regulation: string) => request<PhoneCall>('POST', '/calls', { regulation, channel: 'phone' }),
  // `drafts`: the operator's calls with a form on the server, open or registered by a transfer.
  open: () => request<{ items: PhoneCall[]; drafts?: PhoneCall[] }>('GET', '/calls'),
  get: (uin: string) => request<PhoneCall>('GET', `/calls/${encodeURIComponent(uin)}`),
  end: (uin: string, outcome: 'dropped' | 'no_appeal', note: string) =>
    request<PhoneCall>('POST', `/calls/${encodeURIComponent(uin)}/end`, { outcome, note }),
  draft: (uin: string) => request<{ uin: string; saved_at: string; form: Saved }>('GET', `/calls/${encodeURIComponent(uin)}/draft`),
  saveDraft: (uin: string, form: Saved) => request<{ uin: string; saved_at: string }>('PUT', `/calls/${encodeURIComponent(uin)}/draft`, { form }),
  dropDraft: (uin: string) => request<void>('DELETE', `/calls/${encodeURIComponent(uin)}/draft`),
  targets: (uin: string) => request<{ items: TransferTarget[] }>('GET', `/calls/${encodeURIComponent(uin)}/transfer-targets`),
  // The server's registration rules, run without registering (one source of validation).
  validate: (body: unknown) => request<{ valid: boolean; fields: Invalid[] }>('POST', '/appeals/validate', body),
};

const STEPS = ['Приветствие', 'Заявитель', 'Вопрос', 'Категория', 'Адрес', 'Источник', 'Итог'] as const;
// 004 памятка, п. 10: «Переадресация пользователя допускается не более двух раз». The server counts
// transfers (forward, assign, escalate) in the appeal's attribute `count.transfer` and refuses more.
const MAX_TRANSFERS = 2;
// How the applicant wants to be answered (applicant.contact_channel).
const contactChannels: [string, string][] = [['email', 'Электронная почта'], ['phone', 'Телефон'], ['sms', 'SMS'], ['post', 'Почта']];

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
// The step of the call form where each field of the appeal is asked: a step validates its own
// fields when the operator leaves it. The rules are the server's; only the layout is here.
const fieldStep = (e: { field: string; code?: string }) => e.field.startsWith('applicant') ? 1
  : e.field === 'text' && e.code === 'source_marker' ? 5 : ['text', 'subject'].includes(e.field) ? 2
  : ['category', 'subcategory', 'priority', 'organization'].includes(e.field) ? 3 : e.field === 'problem_address' ? 4 : e.field === 'reserved_uin' ? 0 : 6;
// The input of the form a server field is shown at ("applicant.snils" → the СНИЛС input).
const inputOf = (e: { field: string; code?: string }): string => e.field === 'applicant.contact' ? 'phone'
  : e.field === 'applicant.full_name' ? 'last_name' : e.field.startsWith('applicant.') ? e.field.slice('applicant.'.length)
  : e.field === 'text' ? (e.code === 'source_marker' ? 'source' : 'question') : e.field;
const capital = (s: string) => s ? s[0].toUpperCase() + s.slice(1) : s;
/** Transfers the server counted for the appeal (004 памятка, п. 10). */
const transfersOf = (a: Appeal | null) => Number(a?.attributes?.['count.transfer'] ?? 0) || 0;

// A call in progress is kept on the server under its reserved number (PUT /calls/{uin}/draft), so
// that a reload, or the same operator in another browser, continues the same call with the same
// number (issue 16 point 6). The server keeps the call itself open until its operator ends it:
// the number is never stranded (see `resume`). The form holds the caller's personal data, so
// nothing of it stays in the browser: the localStorage copies earlier versions kept are removed.
interface Saved { uin: string; regId: string; step: number; form: Form; solved: boolean | null; registered?: string; transfers: { to: string; at: string }[] }
const loadDraft = (uin: string): Promise<Saved | null> => calls.draft(uin).then((r) => r.form, () => null);
const purgeBrowserDrafts = () => {
  try {
    for (let i = localStorage.length - 1; i >= 0; i--) {
      const k = localStorage.key(i);
      if (k?.startsWith('otklik.call.')) localStorage.removeItem(k);
    }
  } catch { /* storage unavailable: nothing kept there either */ }
};

export function Hotline({ user }: { user: User }) {
  const [regs, setRegs] = useState<Regulation[]>([]);
  const [regions, setRegions] = useState<{ code: string; name: string }[]>([]);
  const [regId, setRegId] = useState('');
  const [call, setCall] = useState<PhoneCall | null>(null);
  const [ended, setEnded] = useState<PhoneCall | null>(null);
  // The operator's other open calls (taken, never ended): each keeps its number until ended.
  const [pending, setPending] = useState<PhoneCall[]>([]);
  const [resumed, setResumed] = useState(false);
  const [step, setStep] = useState(0);
  const [form, setForm] = useState<Form>(empty);
  // The appeal once registered during the call (a transfer registers it first).
  const [registered, setRegistered] = useState<Appeal | null>(null);
  const [transfers, setTransfers] = useState<{ to: string; at: string }[]>([]);
  const [briefing, setBriefing] = useState(false);
  const [targets, setTargets] = useState<TransferTarget[] | null>(null);
  const [transferTo, setTransferTo] = useState('');
  const [briefingText, setBriefingText] = useState('');
  const [solved, setSolved] = useState<boolean | null>(null);
  const [done, setDone] = useState<Appeal | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  // The server's refusals of the fields of the step being left (or of every step at the end).
  const [invalid, setInvalid] = useState<Invalid[]>([]);
  const [required, setRequired] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  // Draft writes go one after another, so that a save still in flight never re-creates a draft
  // the finished form removed.
  const draftOps = useRef<Promise<unknown>>(Promise.resolve());
  const draftOp = <T,>(op: () => Promise<T>): Promise<T> => {
    const next = draftOps.current.then(op, op);
    draftOps.current = next.catch(() => undefined);
    return next;
  };
  // The last form the server confirmed, to show whether the draft is saved.
  const [savedDraft, setSavedDraft] = useState('');

  useEffect(() => {
    api.regulations().then(async (r) => {
      const full = (await Promise.all(r.items.filter((s) => s.verdict === 'ok').map((s) => regulationOf(s.id))))
        .filter((x): x is Regulation => !!x && !!x.channels?.some((c) => c.code === 'phone'));
      setRegs(full);
      const preferred = full.find((x) => x.channels?.find((c) => c.code === 'phone')?.text_prefix) ?? full[0];
      if (preferred) setRegId((id) => id || preferred.id);
    }, () => {});
    api.regions().then((r) => setRegions(r.items), () => {});
  }, []);

  // A reload continues the call: the latest of the operator's calls with a form on the server
  // (even one whose appeal a transfer registered), else the latest call the server holds open.
  useEffect(() => {
    let live = true;
    (async () => {
      purgeBrowserDrafts();
      const listed = await calls.open().catch(() => ({ items: [] as PhoneCall[], drafts: [] as PhoneCall[] }));
      const open = listed.items;
      let chosen: Saved | null = null;
      let chosenCall: PhoneCall | null = null;
      for (const c of [...(listed.drafts ?? [])].reverse()) {
        if (c.outcome && c.outcome !== 'registered') continue;
        const d = await loadDraft(c.uin);
        // Registered without this form (another window finished it): nothing to continue.
        if (!d || (c.outcome === 'registered' && !d.registered)) { void calls.dropDraft(c.uin).catch(() => {}); continue; }
        chosen = d; chosenCall = c; break;
      }
      if (!chosenCall && open.length) chosenCall = open[open.length - 1];
      if (!live) return;
      setPending(open.filter((c) => c.uin !== chosenCall?.uin));
      if (!chosenCall) return;
      const d = chosen ?? await loadDraft(chosenCall.uin);
      if (!live) return;
      setRegId(chosenCall.regulation);
      setForm({ ...empty, ...(d?.form ?? { region: user.region ?? '' }) });
      setStep(d?.step ?? 0); setSolved(d?.solved ?? null); setTransfers(d?.transfers ?? []);
      if (d?.registered) setRegistered(await api.getAppeal(d.registered).catch(() => null));
      setCall(chosenCall); setResumed(true);
    })();
    return () => { live = false; };
  }, [user.login, user.region]);

  // Every change of the call in progress is saved on the server under its number, a moment after
  // the typing stops.
  const draft = call ? JSON.stringify({ uin: call.uin, regId, step, form, solved, registered: registered?.uin, transfers }) : '';
  useEffect(() => {
    if (!call || draft === savedDraft) return;
    const uin = call.uin;
    const timer = window.setTimeout(() => {
      void draftOp(() => calls.saveDraft(uin, JSON.parse(draft) as Saved)).then(() => setSavedDraft(draft), () => { /* kept in the page; the next change retries */ });
    }, 300);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [call, draft, savedDraft]);

  // Keyboard use: the first field of the step takes the focus when a call starts or the step changes.
  useEffect(() => {
    if (!call) return;
    const first = formRef.current?.querySelector<HTMLElement>('input:not([type=radio]):not([disabled]), select:not([disabled]), textarea, input[type=radio]');
    first?.focus();
  }, [call, step]);

  const reg = regs.find((r) => r.id === regId) ?? null;
  const phone = reg?.channels?.find((c) => c.code === 'phone') as ({ code: string; name: string; required?: string[]; text_prefix?: string }) | undefined;
  const set = (k: keyof Form) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => setForm((f) => ({ ...f, [k]: e.target.value }));

  // What the channel requires, named by the server (a dry run of an empty form).
  useEffect(() => {
    if (!regId) return;
    calls.validate({ regulation: regId, channel: 'phone' })
      .then((r) => setRequired(r.fields.filter((f) => f.code === 'required').map((f) => f.label)), () => setRequired([]));
  }, [regId]);

  const category = reg?.categories?.find((c) => c.code === form.category);
  const regionName = (code: string) => regions.find((r) => r.code === code)?.name ?? `регион ${code}`;
  // CH-5: category and subcategory decide the organizations offered; organizations not connected
  // to the system are not offered; when none is competent, the default coordinator is. The
  // caller's region's organizations come first; federal ones (no regions) serve every region.
  const organizations = useMemo(() => {
    const all = reg?.organizations ?? [];
    if (!form.category) return [];
    const competent = all.filter((o) => o.connected !== false && (o.competence ?? []).some((c) => c === '*' || c === form.category || c === `${form.category}/${form.subcategory}`) && !o.default_coordinator);
    const coordinator = all.filter((o) => o.default_coordinator && o.connected !== false);
    return [...competent, ...coordinator];
  }, [reg, form.category, form.subcategory]);
  const inRegion = (o: { regions?: string[] }) => !o.regions?.length || (!!form.region && o.regions.includes(form.region));
  const regionalOrgs = organizations.filter((o) => !!form.region && !!o.regions?.includes(form.region));
  const noneInRegion = !!form.region && organizations.length > 0 && regionalOrgs.length === 0;
  const orderedOrgs = [...organizations.filter(inRegion), ...organizations.filter((o) => !inRegion(o))];
  const orgNote = (o: { regions?: string[]; default_coordinator?: boolean }) => [
    o.default_coordinator ? 'координирующая' : '',
    !o.regions?.length ? 'федеральная' : !form.region ? o.regions.map(regionName).join(', ') : !o.regions.includes(form.region) ? `другой регион: ${o.regions.map(regionName).join(', ')}` : '',
  ].filter(Boolean).join('; ');

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

  // Runs the server's rules on the whole form; returns the refusals of the given steps (all when
  // none is given) and shows them.
  const check = async (steps?: number[]): Promise<Invalid[]> => {
    const r = await calls.validate(body());
    const mine = r.fields.filter((f) => !steps || steps.includes(fieldStep(f)));
    setInvalid(mine);
    return mine;
  };
  // Leaving a step forward validates it; going back never blocks.
  const goTo = async (target: number) => {
    if (target <= step) { setInvalid([]); setStep(target); return; }
    setBusy(true); setError(null);
    try {
      const range = Array.from({ length: target - step }, (_, i) => step + i);
      const refused = await check(range);
      if (refused.length) setStep(Math.min(...refused.map(fieldStep)));
      else setStep(target);
    } catch (e) { setError(e as ApiError); } finally { setBusy(false); }
  };

  const reset = () => {
    setForm(empty); setTransfers([]); setRegistered(null); setBriefing(false); setSolved(null); setStep(0);
    setInvalid([]); setTargets(null); setTransferTo(''); setBriefingText(''); setResumed(false);
  };

  const take = async () => {
    // The applicant's region starts as the operator's own (a regional operator's calls are local).
    setBusy(true); setError(null); setDone(null); setEnded(null); reset();
    setForm({ ...empty, source: phone?.text_prefix ?? '', region: user.region ?? '' });
    try {
      setCall(await calls.take(regId));
    } catch (e) { setError(e as ApiError); } finally { setBusy(false); }
  };

  const resume = async (c: PhoneCall) => {
    const d = await loadDraft(c.uin);
    setPending((p) => [...p.filter((x) => x.uin !== c.uin), ...(call ? [call] : [])]);
    reset(); setDone(null); setEnded(null);
    setRegId(c.regulation); setForm({ ...empty, ...(d?.form ?? { region: user.region ?? '' }) });
    setStep(d?.step ?? 0); setSolved(d?.solved ?? null); setTransfers(d?.transfers ?? []);
    if (d?.registered) setRegistered(await api.getAppeal(d.registered).catch(() => null));
    setCall(c); setResumed(true);
  };

  // A call that ends without an appeal still accounts for its number (CH-2).
  const endCall = async (c: PhoneCall, outcome: 'dropped' | 'no_appeal', note: string) => {
    setBusy(true); setError(null);
    try {
      // The server removes the call's draft with the call.
      const e = await calls.end(c.uin, outcome, note);
      setPending((p) => p.filter((x) => x.uin !== c.uin));
      setEnded(e);
      if (call?.uin === c.uin) setCall(null);
    } catch (e) { setError(e as ApiError); } finally { setBusy(false); }
  };
  const endWithout = (outcome: 'dropped' | 'no_appeal') => { if (call) void endCall(call, outcome, form.question.trim()); };

  const failed = async (e: ApiError) => {
    setError(e);
    // A refused registration is explained by the same rules, at the step that holds the field.
    if (e.fields?.length) {
      const refused = await check().catch(() => []);
      if (refused.length) { setError(null); setStep(Math.min(...refused.map(fieldStep))); }
    }
  };

  // Registers the appeal under the call's number, once (the idempotency key makes a retry safe).
  const register = async (): Promise<Appeal> => {
    if (registered) return registered;
    // Header values are Latin-1: the Cyrillic prefix goes percent-encoded.
    const appeal = await api.createAppeal(body(), `call-${encodeURIComponent(call!.uin)}`);
    setRegistered(appeal);
    return appeal;
  };

  const uin = call?.uin;
  const applicantName = [form.last_name, form.first_name, form.middle_name].filter(Boolean).join(' ');
  const transferCount = transfersOf(registered);
  const operatorName = user.full_name || user.login;
  function briefingDefault() {
    return [`Перевод звонка, обращение ${uin}`, form.question.trim() ? `суть: ${form.question.trim()}` : '',
      `заявитель: ${applicantName || 'не представился'}`, form.inn ? `ИНН ${form.inn}` : ''].filter(Boolean).join('; ');
  }
  // The targets the regulation's transfer actions accept for this operator, from the server.
  useEffect(() => {
    if (!uin) return;
    let live = true;
    calls.targets(uin).then((r) => { if (live) setTargets(r.items); }, () => { if (live) setTargets([]); });
    return () => { live = false; };
  }, [uin]);
  const canTransfer = !!targets?.length;
  const targetKey = (t: TransferTarget) => t.kind === 'group' ? t.code : t.kind === 'person' ? 'person:' + t.code : '';
  const chosen = targets?.find((t) => targetKey(t) === transferTo) ?? null;

  // A transfer is the regulation's action on the registered appeal (forward to a group or a
  // person, escalate to the next line) with the briefing as its comment; the server counts it
  // and refuses a third (004 memo 10).
  const transfer = async () => {
    if (!call || !chosen || transferCount >= MAX_TRANSFERS) return;
    setBusy(true); setError(null);
    try {
      if (!registered) {
        const refused = await check();
        if (refused.length) { setStep(Math.min(...refused.map(fieldStep))); return; }
      }
      const appeal = await register();
      const params: Record<string, string> = { ...chosen.params };
      if (chosen.comment !== 'none') params.comment = briefingText.trim() || briefingDefault();
      const after = await api.act(appeal.uin, appeal.version, chosen.action, params);
      setRegistered(after);
      const to = chosen.kind === 'person' ? `${chosen.name}${chosen.group_name ? ' (' + chosen.group_name + ')' : ''}` : chosen.name;
      setTransfers((t) => [...t, { to, at: new Date().toISOString() }]);
      setBriefing(false); setTransferTo(''); setBriefingText('');
    } catch (e) { await failed(e as ApiError); } finally { setBusy(false); }
  };

  const finish = async () => {
    if (!call) return;
    setBusy(true); setError(null);
    try {
      if (!registered) {
        const refused = await check();
        if (refused.length) { setStep(Math.min(...refused.map(fieldStep))); return; }
      }
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
      const finished = call.uin;
      setCall(null);
      await draftOp(() => calls.dropDraft(finished)).catch(() => { /* removed when the call's form is next resumed */ });
      setDone(transfers.length ? await api.getAppeal(appeal.uin).catch(() => appeal) : appeal); setCall(null);
    } catch (e) { await failed(e as ApiError); } finally { setBusy(false); }
  };

  // The server's refusals next to their inputs, in its words.
  const fe = (k: keyof Form) => invalid.filter((f) => inputOf(f) === k).map((f, i) => <span key={i} className="field-error" data-field-error={k}>{f.message}</span>);
  const bad = (k: keyof Form) => invalid.some((f) => inputOf(f) === k) || undefined;

  const pendingList = pending.length > 0 && (
    <section className="card pending-calls" data-pending-calls>
      <h3>Незавершённые звонки</h3>
      <p className="small muted">Номер остаётся за звонком, пока вы его не продолжите или не завершите; завершённый без обращения звонок сохраняет номер с причиной.</p>
      <ul>{pending.map((c) => (
        <li key={c.uin} data-pending-call={c.uin}>
          <strong>{c.uin}</strong> · с {fmtTime(c.started_at)}{' '}
          <button onClick={() => resume(c)} disabled={busy} data-action="resume-call">Продолжить</button>{' '}
          <button onClick={() => endCall(c, 'dropped', '')} disabled={busy} data-action="end-pending-call">Прервался — завершить</button>
        </li>))}
      </ul>
    </section>
  );

  if (!call) {
    return (
      <div className="hotline">
        <h1>Горячая линия</h1>
        {done && <NextSteps appeal={done} solved={!!solved} />}
        {ended && <section className="card next-steps" data-call-ended={ended.uin}><h3>Звонок {ended.uin} завершён без обращения</h3><p>{ended.outcome_name}</p></section>}
        {pendingList}
        <section className="card take-call">
          <label>Регламент линии
            <select value={regId} onChange={(e) => setRegId(e.target.value)} aria-label="Регламент">
              {regs.map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
            </select>
          </label>
          {required.length ? <p className="small muted" data-required>Обязательно для телефонного обращения: {required.join(', ')}</p> : null}
          <button className="primary big" onClick={take} disabled={busy || !regId} data-action="take-call" autoFocus>Принять звонок</button>
          <ErrorBox error={error} />
        </section>
      </div>
    );
  }

  const stepInvalid = invalid.filter((f) => fieldStep(f) === step);
  return (
    <div className="hotline">
      <div className="call-bar">
        <div>
          <div className="muted small">Номер обращения — назовите первым</div>
          <div className="call-uin" data-call-uin={uin}>{uin}</div>
        </div>
        <div className="muted small">Звонок с {fmtTime(call.started_at)} · <span data-draft-state={draft === savedDraft ? 'saved' : 'saving'}>{draft === savedDraft ? 'черновик сохранён' : 'сохраняется…'}</span>{canTransfer && <> · <span data-transfer-count={transferCount}>переводов {transferCount} из {MAX_TRANSFERS}</span></>}</div>
        {canTransfer && <button onClick={() => { setBriefing((b) => !b); setBriefingText((t) => t || briefingDefault()); }} data-action="transfer">Перевести звонок</button>}
        {!registered && <button onClick={() => endWithout('dropped')} disabled={busy} data-action="call-dropped" title="Номер останется за звонком с отметкой «прервался»">Звонок прервался</button>}
        {!registered && <button onClick={() => endWithout('no_appeal')} disabled={busy} data-action="call-no-appeal">Ошибочный звонок</button>}
      </div>
      {resumed && <p className="small muted" data-call-resumed={uin}>Продолжение звонка {uin}: данные формы восстановлены с сервера.</p>}
      {pendingList}
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
              <label>Куда перевести
                <select aria-label="Куда перевести" value={transferTo} onChange={(e) => setTransferTo(e.target.value)}>
                  <option value="" disabled={!targets?.some((t) => t.kind === 'next_line')}>{targets?.some((t) => t.kind === 'next_line') ? 'Следующая линия поддержки' : '— выберите группу или сотрудника —'}</option>
                  {!!targets?.some((t) => t.kind === 'group') && <optgroup label="Группа">
                    {targets.filter((t) => t.kind === 'group').map((t) => <option key={targetKey(t)} value={targetKey(t)}>{t.name}</option>)}</optgroup>}
                  {!!targets?.some((t) => t.kind === 'person') && <optgroup label="Сотрудник">
                    {targets.filter((t) => t.kind === 'person').map((t) => <option key={targetKey(t)} value={targetKey(t)}>{t.name}{t.group_name ? ` — ${t.group_name}` : ''}</option>)}</optgroup>}
                </select>
              </label>
              <label>Что передано специалисту (виден ему в обращении)
                <textarea name="briefing" rows={3} value={briefingText} onChange={(e) => setBriefingText(e.target.value)} />
              </label>
              <p className="small muted">{chosen ? `Действие регламента: «${chosen.action_name}». ` : ''}Перед переводом обращение регистрируется под номером {uin}; принимающий видит его в своей очереди вместе с этим комментарием.</p>
              <div className="row">
                <button className="primary" onClick={transfer} disabled={busy || !chosen} data-action="confirm-transfer">Перевести</button>
              </div>
            </>
          )}
          {transfers.length > 0 && <ol className="small" data-transfers>{transfers.map((t, i) => <li key={i}>{fmtTime(t.at)} → {t.to}</li>)}</ol>}
        </section>
      )}
      {!briefing && transfers.length > 0 && <p className="small" data-transfers>Переведено: {transfers.map((t) => t.to).join(', ')}.</p>}
      <ol className="steps">
        {STEPS.map((s, i) => <li key={s} className={i === step ? 'active' : i < step ? 'done' : ''}><button type="button" className="link" onClick={() => goTo(i)}>{i + 1}. {s}</button></li>)}
      </ol>
      <form ref={formRef} className="card step" noValidate onSubmit={(e) => { e.preventDefault(); if (step < STEPS.length - 1) void goTo(step + 1); else void finish(); }} data-step={step}>
        {step === 0 && (
          <div className="script">
            <ol className="script-lines">
              <li data-script="uin">«Номер вашего обращения — <strong>{uin}</strong>. Пожалуйста, запишите его.»</li>
              <li data-script="greeting">«Здравствуйте! {reg?.name || 'Горячая линия'}, оператор {operatorName}. Как я могу к Вам обращаться? Чем я могу Вам помочь?»</li>
            </ol>
            <label>Как обращаться к заявителю (имя)<input name="first_name" value={form.first_name} onChange={set('first_name')} /></label>
            <p className="small muted">Памятка 004: сначала номер обращения (п. 1), затем приветствие с именем оператора и предложение помощи (п. 2); дальше — на «Вы».</p>
          </div>
        )}
        {step === 1 && (
          <div className="grid-form">
            <label>Фамилия<input name="last_name" value={form.last_name} onChange={set('last_name')} aria-invalid={bad('last_name')} />{fe('last_name')}</label>
            <label>Имя<input name="first_name" value={form.first_name} onChange={set('first_name')} aria-invalid={bad('first_name')} />{fe('first_name')}</label>
            <label>Отчество<input name="middle_name" value={form.middle_name} onChange={set('middle_name')} aria-invalid={bad('middle_name')} />{fe('middle_name')}</label>
            <label>Телефон<input name="phone" value={form.phone} onChange={set('phone')} inputMode="tel" aria-invalid={bad('phone')} />{fe('phone')}</label>
            <label>Эл. почта<input name="email" type="email" value={form.email} onChange={set('email')} aria-invalid={bad('email')} />{fe('email')}</label>
            <label>ИНН (организации или личный)<input name="inn" value={form.inn} onChange={set('inn')} inputMode="numeric" maxLength={12} aria-invalid={bad('inn')} />{fe('inn')}</label>
            <label>СНИЛС<input name="snils" value={form.snils} onChange={set('snils')} inputMode="numeric" placeholder="123-456-789 01" maxLength={14} aria-invalid={bad('snils')} />{fe('snils')}</label>
            <label>Дата рождения<input name="birth_date" type="date" value={form.birth_date} onChange={set('birth_date')} aria-invalid={bad('birth_date')} />{fe('birth_date')}</label>
            <label>Канал связи для ответа<select name="contact_channel" value={form.contact_channel} onChange={set('contact_channel')}>
              <option value="">{form.phone.trim() ? 'телефон (по умолчанию)' : '—'}</option>
              {contactChannels.map(([c, n]) => <option key={c} value={c}>{n}</option>)}</select>{fe('contact_channel')}</label>
            <label>Регион заявителя<select name="region" value={form.region} onChange={set('region')} aria-invalid={bad('region')}>
              <option value="">— не указан —</option>
              {form.region && !regions.some((r) => r.code === form.region) && <option value={form.region}>{regionName(form.region)}</option>}
              {regions.map((r) => <option key={r.code} value={r.code}>{r.name}</option>)}</select>{fe('region')}</label>
            <label className="wide">Адрес проживания{form.contact_channel === 'post' ? ' (ответ придёт почтой сюда)' : ''}<input name="address" value={form.address} onChange={set('address')} aria-invalid={bad('address')} />{fe('address')}</label>
            <p className="small muted wide">СНИЛС, ИНН и дата рождения необязательны: без них звонок можно перевести (002 §3.2), их можно дозаполнить позже.</p>
          </div>
        )}
        {step === 2 && (
          <div className="grid-form">
            <label className="wide">Тема<input name="subject" value={form.subject} onChange={set('subject')} aria-invalid={bad('subject')} />{fe('subject')}</label>
            <label className="wide">Вопрос заявителя<textarea name="question" rows={5} value={form.question} onChange={set('question')} aria-invalid={bad('question')} />{fe('question')}</label>
          </div>
        )}
        {step === 3 && (
          <div className="grid-form">
            <label>Категория<select name="category" value={form.category} onChange={(e) => setForm((f) => ({ ...f, category: e.target.value, subcategory: '', organization: '' }))} aria-invalid={bad('category')}>
              <option value="">—</option>{reg?.categories?.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}</select>{fe('category')}</label>
            <label>Подкатегория<select name="subcategory" value={form.subcategory} onChange={(e) => setForm((f) => ({ ...f, subcategory: e.target.value, organization: '' }))} disabled={!category?.subcategories?.length} aria-invalid={bad('subcategory')}>
              <option value="">—</option>{category?.subcategories?.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}</select>{fe('subcategory')}</label>
            {!!reg?.priorities?.length && <label>Приоритет<select name="priority" value={form.priority} onChange={set('priority')} aria-invalid={bad('priority')}>
              <option value="">по регламенту</option>{reg.priorities.map((p) => <option key={p.code} value={p.code}>{p.name}</option>)}</select>{fe('priority')}</label>}
            {!!reg?.organizations?.length && <label className="wide">Организация-исполнитель<select name="organization" value={form.organization} onChange={set('organization')} disabled={!form.category} aria-invalid={bad('organization')}>
              <option value="">—</option>{orderedOrgs.map((o) => { const note = orgNote(o); return <option key={o.code} value={o.code} data-other-region={!inRegion(o) || undefined}>{o.name}{note ? ` (${note})` : ''}</option>; })}</select>{fe('organization')}
              {noneInRegion
                ? <span className="warning" role="status" data-no-regional-organizations>В регионе «{regionName(form.region)}» нет организаций-исполнителей по этому вопросу в регламенте «{reg.name}». Ниже — организации другого региона: выбирайте их, только если проблема на их территории; иначе сообщите заявителю, куда обратиться.</span>
                : <span className="small muted">Предлагаются подключённые организации региона заявителя, компетентные по категории; если компетентная неясна — координирующая.</span>}</label>}
          </div>
        )}
        {step === 4 && (
          <div className="grid-form">
            <label className="wide">Адрес проблемы (где случилось, а не где живёт заявитель)<input name="problem_address" value={form.problem_address} onChange={set('problem_address')} aria-invalid={bad('problem_address')} />{fe('problem_address')}</label>
            <p className="small muted wide">Адрес проживания: {form.address || 'не указан'}</p>
          </div>
        )}
        {step === 5 && (
          <div className="grid-form">
            <label className="wide">Источник (метка в начале текста)<input name="source" value={form.source} onChange={set('source')} aria-invalid={bad('source')} />{fe('source')}</label>
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
        {stepInvalid.length > 0 && (
          <div className="error" role="alert" data-step-errors={step}>
            <p>Проверьте этот шаг:</p>
            <ul>{stepInvalid.map((f, i) => <li key={i}>{f.label && f.label !== f.field ? <strong>{capital(f.label)}</strong> : <strong>Поле</strong>} — {f.message}</li>)}</ul>
          </div>
        )}
        <div className="row">
          {step > 0 && <button type="button" onClick={() => goTo(step - 1)}>Назад</button>}
          {step < STEPS.length - 1
            ? <button type="submit" className="primary" disabled={busy} data-action="next">Далее</button>
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
