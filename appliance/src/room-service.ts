// Starts a room from settings: the SQLite event log, the room controller, the MQTT broker (embedded
// unless configured otherwise), the seat-unit driver, the room's devices (conference systems,
// mixers, cameras), and wires them. Used by main.ts and by tests that want a whole room in-process.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DeviceManager,
  type LinkOptions,
  SeatUnitBroker,
  SeatUnitDriver,
  UnitCredentials,
} from '@room/bridge';
import type { Logger } from 'pino';
import { Accounts } from './auth/accounts.ts';
import { Sessions } from './auth/sessions.ts';
import { seedDemoPeople } from './demo-people.ts';
import type { RoomConfig } from './domain/room.ts';
import { AccessKeys } from './http/access.ts';
import type { Audit, People } from './http/app-types.ts';
import { MeetingService } from './meetings/meeting-service.ts';
import { type Bootstrapped, ensureFirstAdmin } from './people/bootstrap.ts';
import { Directory } from './people/directory.ts';
import { type AudioStatus, audioStatusOf } from './recording/audio-status.ts';
import { RecordingService } from './recording/recording-service.ts';
import { TranscriptionPipeline } from './recording/transcription-pipeline.ts';
import { connectDevices } from './room/device-floor.ts';
import { connectMeetings, roomMeetingOf } from './room/meeting-room.ts';
import { RoomController } from './room/room-controller.ts';
import { loadSeatPlan } from './seat-plan-file.ts';
import { type Settings, SettingsError } from './settings.ts';
import { openDatabase } from './store/database.ts';
import { EventLog } from './store/event-log.ts';
import { TranscriptStore } from './store/transcript-store.ts';
import { FLOOR_FIRST_DEFAULTS, FloorFirst } from './transcribe/floor-first.ts';
import { Transcriber } from './transcribe/transcriber.ts';

export interface RoomService {
  settings: Settings;
  room: RoomController;
  log: EventLog;
  keys: AccessKeys;
  driver: SeatUnitDriver;
  devices: DeviceManager;
  broker: SeatUnitBroker | null;
  /** The directory, accounts and sessions (issue 4). */
  people: People;
  meetings: MeetingService;
  recording: RecordingService;
  transcripts: TranscriptStore;
  transcriber: Transcriber;
  pipeline: TranscriptionPipeline;
  /** Set when this start created the first administrator (its one-time password is in the file). */
  firstAdmin: Bootstrapped | null;
  /** Demo only: the file with the demo accounts' one-time passwords, when this start seeded them. */
  demoAccounts: string | null;
  /** Appends one event to the log: facts that are not the room's own (device changes, commands). */
  audit: Audit;
  health(): Record<string, unknown>;
  /** The technician's view of the room's audio and speech engine (GET /api/audio). */
  audioStatus(): AudioStatus;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Demo only: each unit's secret is its own unit id (the README says so). */
  demoUnitSecrets?: boolean;
  /** Tests and the bench: passed to every device's link (e.g. a short reconnect delay). */
  deviceLink?: Omit<LinkOptions, 'url'>;
}

/** The generated JSON Schemas of device options (firmware-config/schemas/devices/). */
export const DEVICE_SCHEMAS_DIR = join(import.meta.dirname, '../../firmware-config/schemas/devices');

export async function startRoomService(
  settings: Settings,
  logger: Logger,
  opts: StartOptions = {},
): Promise<RoomService> {
  const plan = loadSeatPlan(settings.room.seatPlan, settings.room.id);
  const credentials = unitCredentials(settings, plan.units, opts);
  const db = openDatabase(join(settings.dataDir, 'room.sqlite'));
  const log = new EventLog(db);
  // A broken chain means someone edited the file behind the appliance's back. The room still runs
  // (a meeting must not stop), but the technician sees it on /health and in the journal.
  const chain = log.verify();
  if (!chain.ok)
    logger.error({ chain }, 'event log hash chain is broken: the file was changed outside the appliance');
  const config: RoomConfig = {
    roomId: settings.room.id,
    name: settings.room.name,
    seats: plan.seats,
    floor: settings.floor,
    voteEntitlement: settings.vote.entitlement,
  };
  const devices = new DeviceManager({
    dir: settings.devicesDir,
    logger: logger.child({ part: 'devices' }),
    schemasDir: DEVICE_SCHEMAS_DIR,
    ...(opts.deviceLink ? { link: opts.deviceLink } : {}),
  });
  const room = new RoomController({
    config,
    log,
    logger: logger.child({ part: 'room' }),
    keypadSeats: () => devices.keypadSeats(),
  });
  const keys = AccessKeys.fromFile(join(settings.dataDir, 'room-secret'));
  const audit: Audit = (e) => log.append([{ at: Date.now(), ...e }]);

  // People (issue 4). No default password: the first administrator gets a one-time password.
  const directory = new Directory(db);
  const sessions = new Sessions(db, {
    idleMinutes: settings.auth.sessionIdleMinutes,
    maxHours: settings.auth.sessionMaxHours,
  });
  const accounts = new Accounts(db, directory, sessions, settings.auth);
  const people: People = { directory, accounts, sessions };
  const firstAdmin = await ensureFirstAdmin(settings.dataDir, directory, accounts, audit, settings.room.name);
  if (firstAdmin) {
    logger.warn(
      { file: firstAdmin.file },
      'no system administrator yet: created "admin" with a one-time password (see the file)',
    );
  }
  const meetings = new MeetingService({
    log,
    roomId: settings.room.id,
    seats: new Set(plan.seats.map((s) => s.seat)),
    notice: settings.meetings.notice,
    unitAdminOf: (id) => directory.unitAdministeredBy(id),
  });
  connectMeetings(room, meetings, directory, logger.child({ part: 'meetings' }));
  const recording = new RecordingService({ log, meetings });
  recording.on('changed', (s) => room.setRecording(s));
  room.setRecording(recording.state);
  // The audio (issue 5): the recorder and the whisper worker, fed by the recording's facts.
  const transcripts = new TranscriptStore(db);
  const transcriber = new Transcriber({
    modelPath: settings.audio.model ?? null,
    threads: settings.audio.threads,
    log: logger.child({ part: 'transcriber' }),
  });
  transcriber.start();
  // Keys go first: the worker is held while delegates press them (floor-first.ts).
  const floorFirst = new FloorFirst(transcriber, {
    holdMs: settings.audio.holdForKeysMs ?? FLOOR_FIRST_DEFAULTS.holdMs,
  });
  const pipeline = new TranscriptionPipeline({
    dataDir: settings.dataDir,
    source: settings.audio.source ?? null,
    transcriber,
    store: transcripts,
    log,
    meetingInfo: (id) => {
      const m = meetings.get(id);
      if (!m) return null;
      // From the meeting's own seat plan: a backlog worked off after the end still names people.
      return {
        language: m.fields.language ?? 'vi',
        startedAt: m.startedAt ?? 0,
        chairSeats: plan.seats.filter((x) => x.role === 'chair').map((x) => x.seat),
        seatNames: roomMeetingOf(m, directory).seatNames,
      };
    },
    logger: logger.child({ part: 'recording' }),
  });
  room.on('logged', (events) => pipeline.logged(events));
  recording.on('logged', (events) => pipeline.logged(events));
  recording.attach(pipeline);
  // A meeting in progress when the appliance stopped is recorded again from now on; recorded
  // audio without transcript (a restart, a model installed since) is worked off in the background.
  await recording.reconcile();
  void pipeline.catchUp();
  const demoAccounts = opts.demoUnitSecrets
    ? await seedDemoPeople(settings.dataDir, directory, accounts, meetings)
    : null;
  const sweep = setInterval(() => sessions.sweep(), 10 * 60_000);
  sweep.unref();

  let broker: SeatUnitBroker | null = null;
  let mqttUser: string;
  let mqttPassword: string;
  if (settings.mqtt.embedded) {
    mqttUser = 'appliance';
    // A fresh secret per start: only this process ever needs it.
    mqttPassword = randomBytes(24).toString('base64url');
    const brokerLog = logger.child({ part: 'broker' });
    broker = new SeatUnitBroker({
      room: settings.room.id,
      credentials,
      service: [{ username: mqttUser, password: mqttPassword }],
      host: settings.mqtt.host,
      port: settings.mqtt.port,
      onRefused: (r) => brokerLog.warn(r, 'refused'),
    });
    await broker.start();
  } else {
    if (!settings.mqtt.username || !settings.mqtt.passwordFile) {
      throw new SettingsError(['/mqtt: an external broker needs username and passwordFile']);
    }
    mqttUser = settings.mqtt.username;
    mqttPassword = readFileSync(settings.mqtt.passwordFile, 'utf8').trim();
  }

  const driverLog = logger.child({ part: 'seat-units' });
  const driver = new SeatUnitDriver({
    url: `mqtt://${settings.mqtt.host}:${broker ? broker.port : settings.mqtt.port}`,
    username: mqttUser,
    password: mqttPassword,
    room: settings.room.id,
    units: plan.units,
    logger: driverLog,
  });
  // Registered first, so the worker is held before the key is handled.
  driver.on('seat.input', () => floorFirst.key());
  driver.on('seat.input', (input) => {
    // A bug in handling one key must cost that key, never the process.
    room.handleSeatInput(input).catch((err) => driverLog.error({ err, input }, 'seat input failed'));
  });
  driver.on('device.status', (status, message) => driverLog.info({ status, message }, 'seat-unit link'));
  // Retained state may be gone (broker restarted, or this is a new start): republish everything.
  driver.on('connected', () => room.republishAll());
  room.on('unit', (seat, state) => void driver.publishState(seat, state));
  room.on('display', (d) => void driver.publishDisplay(d));
  driver.start();

  // Conference systems, mixers, cameras: one floor with the seat units (issue 3).
  devices.on('seat.input', () => floorFirst.key());
  connectDevices(room, devices, audit, logger.child({ part: 'devices' }));
  devices.start();

  return {
    settings,
    room,
    log,
    keys,
    driver,
    devices,
    broker,
    people,
    meetings,
    recording,
    transcripts,
    transcriber,
    pipeline,
    firstAdmin,
    demoAccounts,
    audit,
    audioStatus: () =>
      audioStatusOf({
        source: settings.audio.source ?? null,
        recording,
        pipeline,
        transcriber,
        meetingTitle: (id) => meetings.get(id)?.fields.title ?? null,
      }),
    health: () => ({
      ...(devices.folderError ? { devicesFolder: devices.folderError } : {}),
      devices: devices.list().map((d) => ({
        id: d.id,
        driver: d.driver,
        status: d.status.status,
        ...(d.status.message ? { message: d.status.message } : {}),
        alarms: d.alarms.length,
      })),
      seatUnits: {
        link: driver.status,
        online: driver.units().filter((u) => u.online).length,
        assigned: plan.units.size,
        counters: driver.counters,
      },
      ...(broker ? { broker: { port: broker.port, clients: broker.clientCount } } : {}),
      recording: {
        facts: recording.state.status,
        source: settings.audio.source ? settings.audio.source.kind : 'none',
        recorder: pipeline.recorderStatus?.state ?? null,
        transcriber: transcriber.status().state,
      },
      eventLog: {
        lastSeq: log.lastSeq,
        commits: log.commits,
        chainAtStart: chain.ok ? 'ok' : `broken at seq ${chain.seq}: ${chain.reason}`,
      },
    }),
    async close() {
      clearInterval(sweep);
      await pipeline.close();
      floorFirst.close();
      await transcriber.close();
      room.close();
      await devices.stop();
      await driver.stop();
      await broker?.stop();
      log.flush();
      db.close();
    },
  };
}

function unitCredentials(
  settings: Settings,
  units: Map<string, number>,
  opts: StartOptions,
): UnitCredentials {
  if (settings.unitSecretsFile) {
    let digests: unknown;
    try {
      digests = JSON.parse(readFileSync(settings.unitSecretsFile, 'utf8'));
    } catch (err) {
      throw new SettingsError([`${settings.unitSecretsFile}: ${(err as Error).message}`]);
    }
    if (!digests || typeof digests !== 'object' || Array.isArray(digests)) {
      throw new SettingsError([`${settings.unitSecretsFile}: must map unit id → SHA-256 hex`]);
    }
    const bad = Object.entries(digests).filter(([, v]) => typeof v !== 'string' || !/^[0-9a-f]{64}$/.test(v));
    if (bad.length)
      throw new SettingsError(bad.map(([k]) => `${settings.unitSecretsFile}/${k}: not a SHA-256 hex digest`));
    return UnitCredentials.fromDigests(digests as Record<string, string>);
  }
  if (opts.demoUnitSecrets)
    return UnitCredentials.fromSecrets(Object.fromEntries([...units.keys()].map((u) => [u, u])));
  throw new SettingsError(['/unitSecretsFile: required outside the demo']);
}
