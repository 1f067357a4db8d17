// The appliance's HTTP face in-process (fastify inject), over a real SQLite file: for tests that
// need many requests and no MQTT.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DeviceManager } from '@room/bridge';
import { buildApp } from '../../src/app.ts';
import { Accounts } from '../../src/auth/accounts.ts';
import type { SsoClient } from '../../src/auth/oidc.ts';
import { Sessions } from '../../src/auth/sessions.ts';
import type { Seat } from '../../src/domain/room.ts';
import { AccessKeys } from '../../src/http/access.ts';
import { MeetingService } from '../../src/meetings/meeting-service.ts';
import { Directory } from '../../src/people/directory.ts';
import { audioStatusOf } from '../../src/recording/audio-status.ts';
import { RecordingService } from '../../src/recording/recording-service.ts';
import { TranscriptionPipeline } from '../../src/recording/transcription-pipeline.ts';
import { connectDevices } from '../../src/room/device-floor.ts';
import { connectMeetings } from '../../src/room/meeting-room.ts';
import { RoomController } from '../../src/room/room-controller.ts';
import { DEVICE_SCHEMAS_DIR } from '../../src/room-service.ts';
import { DEFAULT_AUTH } from '../../src/settings.ts';
import { openDatabase } from '../../src/store/database.ts';
import { EventLog } from '../../src/store/event-log.ts';
import { TranscriptStore } from '../../src/store/transcript-store.ts';
import { Transcriber } from '../../src/transcribe/transcriber.ts';
import { tempDir } from './temp-dir.ts';

const quiet = { info() {}, warn() {}, error() {} };

export interface InProcessOptions {
  wsHeartbeatMs?: number;
  https?: { cert: Buffer; key: Buffer };
  /** Overrides of the account settings (expiry, lockout, rate limit). */
  auth?: Partial<typeof DEFAULT_AUTH>;
  /** The clock of accounts, sessions and meetings (tests move it to expire passwords). */
  now?: () => number;
  /** Single sign-on against an OpenID provider (the SSO tests run a real one). */
  ssoClient?: SsoClient;
}

export async function inProcessRoom(seatCount = 10, options: InProcessOptions = {}) {
  const { auth, now, ...opts } = options;
  const dir = tempDir('room-http-');
  const db = openDatabase(join(dir.path, 'room.sqlite'));
  const log = new EventLog(db);
  const seats: Seat[] = Array.from({ length: seatCount }, (_, i) => ({
    seat: i + 1,
    role: i === 0 ? 'chair' : 'delegate',
    label: `Ghế ${i + 1}`,
    unit: null,
  }));
  const room = new RoomController({
    config: {
      roomId: 'test',
      name: 'Test',
      seats,
      floor: { mode: 'request', maxOpen: 2 },
      voteEntitlement: 'all',
    },
    log,
    logger: quiet,
  });
  const keys = new AccessKeys(randomBytes(32));
  const devices = new DeviceManager({ dir: join(dir.path, 'devices'), schemasDir: DEVICE_SCHEMAS_DIR });
  const audit = (e: { type: string; actor: string; payload: Record<string, unknown> }) =>
    log.append([{ at: Date.now(), ...e }]);
  connectDevices(room, devices, audit, quiet);
  devices.start();
  const directory = new Directory(db, now ? { now } : {});
  const settings = { ...DEFAULT_AUTH, ...auth };
  const sessions = new Sessions(
    db,
    { idleMinutes: settings.sessionIdleMinutes, maxHours: settings.sessionMaxHours },
    now,
  );
  const accounts = new Accounts(db, directory, sessions, settings, now);
  const people = { directory, accounts, sessions };
  const meetings = new MeetingService({
    log,
    roomId: 'test',
    seats: new Set(seats.map((s) => s.seat)),
    notice: { regular: 3 * 24 * 60, ad_hoc: 24 * 60, emergency: 3 * 60 },
    unitAdminOf: (id) => directory.unitAdministeredBy(id),
    ...(now ? { now } : {}),
  });
  connectMeetings(room, meetings, directory, quiet);
  const recording = new RecordingService({ log, meetings, ...(now ? { now } : {}) });
  const transcripts = new TranscriptStore(db);
  // The real pipeline with nothing to record: tests hand it lines as the engine would (emit 'line').
  const transcription = new TranscriptionPipeline({
    dataDir: dir.path,
    source: null,
    transcriber: null,
    store: transcripts,
    log,
    meetingInfo: () => null,
  });
  recording.on('changed', (s) => room.setRecording(s));
  // No model and no source, as on an appliance before its audio is set up (never started).
  const transcriber = new Transcriber({ modelPath: null });
  const app = await buildApp({
    room,
    keys,
    devices,
    audit,
    people,
    meetings,
    recording,
    transcripts,
    transcription,
    recordingsDir: join(dir.path, 'recordings'),
    audioStatus: () =>
      audioStatusOf({
        source: null,
        recording,
        pipeline: transcription,
        transcriber,
        meetingTitle: (id) => meetings.get(id)?.fields.title ?? null,
      }),
    meetingAccess: meetings,
    search: (f) => log.search(f),
    seq: () => log.lastSeq,
    ...opts,
  });
  return {
    app,
    room,
    keys,
    log,
    devices,
    people,
    meetings,
    recording,
    transcripts,
    /** Emit `line` or `progress` here to stand for the engine's output. */
    transcription,
    /** The data folder (recordings go in `recordings/<meetingId>`). */
    dataDir: dir.path,
    async close() {
      await app.close();
      await devices.stop();
      room.close();
      db.close();
      dir.cleanup();
    },
  };
}

export type InProcess = Awaited<ReturnType<typeof inProcessRoom>>;
