// Reads and checks a room's seat plan file (firmware-config/seat-plans/*.json).
import { readFileSync } from 'node:fs';
import { SeatPlan, schemaProblems } from '@room/bridge';
import { Compile } from 'typebox/compile';
import type { Seat } from './domain/room.ts';
import { SettingsError } from './settings.ts';

const check = Compile(SeatPlan);

export function loadSeatPlan(file: string, roomId: string): { seats: Seat[]; units: Map<string, number> } {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new SettingsError([`${file}: ${(err as Error).message}`]);
  }
  if (!check.Check(raw)) {
    throw new SettingsError(schemaProblems(check.Errors(raw), file));
  }
  const problems: string[] = [];
  if (raw.room !== roomId)
    problems.push(`${file}/room: is "${raw.room}", the appliance serves room "${roomId}"`);
  const seats = new Set<number>();
  const units = new Map<string, number>();
  for (const [i, s] of raw.seats.entries()) {
    if (seats.has(s.seat)) problems.push(`${file}/seats/${i}/seat: seat ${s.seat} appears twice`);
    seats.add(s.seat);
    if (s.unit !== undefined) {
      if (units.has(s.unit)) problems.push(`${file}/seats/${i}/unit: unit ${s.unit} appears twice`);
      units.set(s.unit, s.seat);
    }
  }
  if (!raw.seats.some((s) => s.role === 'chair')) problems.push(`${file}/seats: no seat has role "chair"`);
  if (problems.length) throw new SettingsError(problems);
  return {
    seats: raw.seats.map((s) => ({
      seat: s.seat,
      role: s.role ?? 'delegate',
      label: s.label ?? `Đại biểu ${s.seat}`,
      unit: s.unit ?? null,
    })),
    units,
  };
}
