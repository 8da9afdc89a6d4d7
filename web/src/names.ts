// Issue 16: people read names, never codes. One loader for the names of groups, regions,
// categories, channels and statuses that queues and the dashboard show.
import { useEffect, useState } from 'react';
import { api, regulationOf } from './api';
import { channelNames, statusNames } from './util';

export interface Names {
  group: (code: string) => string;
  region: (code: string) => string;
  category: (code: string) => string;
  channel: (code: string) => string;
  regulation: (code: string) => string;
  /** One form per status in a table of several regulations (neutral, «обращение»); with a
   * regulation, that regulation's own name of the status (its grammatical gender). */
  status: (code: string, regulation?: string) => string;
  /** Every top-level category: [code, name], by name. */
  categories: () => [string, string][];
  /** The regulations' own names have arrived; until then a status reads by its common name. */
  ready: boolean;
}

interface Maps {
  groups: Record<string, string>; regions: Record<string, string>; categories: Record<string, string>;
  channels: Record<string, string>; regulations: Record<string, string>; statuses: Record<string, Record<string, string>>;
}

let loading: Promise<Maps> | null = null;

async function load(): Promise<Maps> {
  const m: Maps = { groups: {}, regions: {}, categories: {}, channels: { ...channelNames }, regulations: {}, statuses: {} };
  const [groups, regions, regs] = await Promise.all([
    api.groups().catch(() => ({ items: [] })), api.regions().catch(() => ({ items: [] })), api.regulations().catch(() => ({ items: [] })),
  ]);
  for (const r of regions.items) m.regions[r.code] = r.name;
  for (const s of regs.items) {
    m.regulations[s.id] = s.name;
    const reg = await regulationOf(s.id);
    for (const g of reg?.groups ?? []) m.groups[g.code] ??= g.name;
    for (const c of reg?.categories ?? []) {
      m.categories[c.code] ??= c.name;
      for (const sc of c.subcategories ?? []) m.categories[`${c.code}/${sc.code}`] ??= sc.name;
    }
    for (const c of reg?.channels ?? []) if (!channelNames[c.code]) m.channels[c.code] ??= c.name;
    m.statuses[s.id] = Object.fromEntries((reg?.statuses ?? []).map((x) => [x.code, x.name]));
  }
  // Staff groups win: they are what the administration names.
  for (const g of groups.items) m.groups[g.code] = g.name;
  return m;
}

export function makeNames(m: Maps | null): Names {
  const pick = (table: Record<string, string> | undefined, code: string, empty = '—') => (!code ? empty : table?.[code] ?? code);
  return {
    group: (c) => pick(m?.groups, c),
    region: (c) => (!c ? '—' : m?.regions[c] ?? (/^\d+$/.test(c) ? `регион ${c}` : c)),
    category: (c) => pick(m?.categories, c),
    channel: (c) => pick(m?.channels, c),
    regulation: (c) => pick(m?.regulations, c),
    status: (c, reg) => (reg && m?.statuses[reg]?.[c]) || statusNames[c] || c,
    categories: () => Object.entries(m?.categories ?? {}).filter(([k]) => !k.includes('/')).sort((a, b) => a[1].localeCompare(b[1], 'ru')),
    ready: m !== null,
  };
}

export function useNames(): Names {
  const [maps, setMaps] = useState<Maps | null>(null);
  useEffect(() => {
    loading ??= load();
    let live = true;
    loading.then((m) => { if (live) setMaps(m); }, () => {});
    return () => { live = false; };
  }, []);
  return makeNames(maps);
}
