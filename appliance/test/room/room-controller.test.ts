// The room controller's order of telling (docs/decisions.md): the conference hardware hears a floor
// decision before the event log's fsync; seat units and screens only once it is on disk; and when
// the facts cannot be stored, the hardware is told the floor as the log has it. Real SQLite file.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { onCleanup } from '../../../bridge/test/helpers/wait.ts';
import type { FloorState } from '../../src/domain/floor.ts';
import { RoomController } from '../../src/room/room-controller.ts';
import { openDatabase } from '../../src/store/database.ts';
import { EventLog } from '../../src/store/event-log.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const quiet = { info() {}, warn() {}, error() {} };
function room() {
  const dir = tempDir('room-controller-');
  const db = openDatabase(join(dir.path, 'room.sqlite'));
  const log = new EventLog(db);
  const seats = [1, 2, 3].map((seat) => ({
    seat,
    role: seat === 1 ? ('chair' as const) : ('delegate' as const),
    label: `S${seat}`,
    unit: null,
  }));
  const controller = new RoomController({
    config: { roomId: 'r', name: 'R', seats, floor: { mode: 'request', maxOpen: 2 }, voteEntitlement: 'all' },
    log,
    logger: quiet,
  });
  onCleanup(() => {
    controller.close();
    db.close();
    dir.cleanup();
  });
  return { controller, log, db };
}

describe('RoomController: who hears a floor decision when', () => {
  it('the hardware before the fsync, the seat units and screens after it', async () => {
    const { controller, log } = room();
    const heard: { what: string; seq: number; speakers: number[] }[] = [];
    controller.on('floor', (f: FloorState) =>
      heard.push({ what: 'floor', seq: log.lastSeq, speakers: f.speakers.map((s) => s.seat) }),
    );
    controller.on('unit', () => heard.push({ what: 'unit', seq: log.lastSeq, speakers: [] }));
    await controller.dispatch({ type: 'speak', seat: 2, action: 'press' }, 'test');
    const before = log.lastSeq;
    heard.length = 0;
    await controller.dispatch({ type: 'grant', seat: 2 }, 'test');
    expect(heard[0]).toEqual({ what: 'floor', seq: before, speakers: [2] }); // not yet on disk
    expect(heard.filter((h) => h.what === 'unit').every((h) => h.seq === before + 1)).toBe(true);
    expect(heard.some((h) => h.what === 'unit')).toBe(true);
  });

  it('a decision that cannot be stored is taken back at the hardware too', async () => {
    const { controller, db } = room();
    await controller.dispatch({ type: 'speak', seat: 3, action: 'press' }, 'test');
    const floors: number[][] = [];
    controller.on('floor', (f: FloorState) => floors.push(f.speakers.map((s) => s.seat)));
    db.exec('CREATE TRIGGER no_more BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, "disk full"); END');
    const r = await controller.dispatch({ type: 'grant', seat: 3 }, 'test');
    expect(r).toMatchObject({ ok: false, code: 'E_STORAGE' });
    expect(floors).toEqual([[3], []]);
    expect(controller.state.floor.speakers).toEqual([]);
  });
});
