/**
 * The window in the group's time zone: from the start day's local midnight to the local midnight
 * after the end day. Zones far from UTC on both sides (Kiritimati UTC+14, Pago Pago UTC-11), and a
 * zone with summer time (New York, EDT in June). The same rows drive the pure rules
 * (closed-content.test.ts) and the SQL (closed-content-sql.test.ts).
 */
export const ZONE_TABLE: Array<[string, string, string | null, string | null, 'before' | 'open' | 'after']> = [
  // zone, now (UTC), starts on, ends on, position
  ['UTC', '2026-06-15T12:00:00Z', '2026-06-16', null, 'before'],
  ['Pacific/Kiritimati', '2026-06-15T12:00:00Z', '2026-06-16', null, 'open'], // already the 16th, 02:00 there
  ['Pacific/Kiritimati', '2026-06-15T09:59:59Z', '2026-06-16', null, 'before'], // 23:59:59 on the 15th there
  ['Pacific/Kiritimati', '2026-06-15T10:00:00Z', '2026-06-16', null, 'open'], // local midnight
  ['Pacific/Kiritimati', '2026-06-15T09:59:59Z', null, '2026-06-15', 'open'],
  ['Pacific/Kiritimati', '2026-06-15T10:00:00Z', null, '2026-06-15', 'after'], // the end day is over there
  ['UTC', '2026-06-15T10:00:00Z', null, '2026-06-15', 'open'],
  ['Pacific/Pago_Pago', '2026-06-16T10:59:59Z', '2026-06-16', null, 'before'], // 23:59:59 on the 15th there
  ['Pacific/Pago_Pago', '2026-06-16T11:00:00Z', '2026-06-16', null, 'open'],
  ['Pacific/Pago_Pago', '2026-06-16T05:00:00Z', null, '2026-06-15', 'open'], // still the 15th there, UTC says after
  ['UTC', '2026-06-16T05:00:00Z', null, '2026-06-15', 'after'],
  ['Pacific/Pago_Pago', '2026-06-16T11:00:00Z', null, '2026-06-15', 'after'],
  ['America/New_York', '2026-06-01T03:59:59Z', '2026-06-01', '2026-06-30', 'before'], // EDT, UTC-4
  ['America/New_York', '2026-06-01T04:00:00Z', '2026-06-01', '2026-06-30', 'open'],
  ['America/New_York', '2026-07-01T03:59:59Z', '2026-06-01', '2026-06-30', 'open'],
  ['America/New_York', '2026-07-01T04:00:00Z', '2026-06-01', '2026-06-30', 'after'],
];

