// The chair pauses and resumes recording and transcription of the meeting in progress (issue 5,
// R-ROOM-4). A secret meeting is never recorded: resuming one is refused (R-MTG-4). Each step is an
// event in the log with its actor; the room view carries the indicator. A meeting's transcript and
// its recording are read here by the few the permission table allows (R-ROOM-5); every read is an
// audit event.
import { join } from 'node:path';
import send from '@fastify/send';
import Type from 'typebox';
import { readManifest } from '../../audio/manifest.ts';
import type { AudioStatus } from '../../recording/audio-status.ts';
import type { RecordingService } from '../../recording/recording-service.ts';
import type { TranscriptFeed } from '../../recording/transcription-pipeline.ts';
import type { TranscriptStore } from '../../store/transcript-store.ts';
import { actorName } from '../access.ts';
import type { FastifyTypebox } from '../app-types.ts';
import { ErrorBody } from '../errors.ts';
import { Id } from './people-routes.ts';

const Refused = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 409: ErrorBody };
const State = Type.Object({
  meetingId: Type.Union([Type.String(), Type.Null()]),
  status: Type.Enum(['off', 'recording', 'paused']),
  heldByChair: Type.Boolean(),
  since: Type.Union([Type.Integer(), Type.Null()]),
});

export function recordingRoutes(app: FastifyTypebox, recording: RecordingService): void {
  for (const [step, summary] of [
    ['pause', 'Pause recording and transcription (the meeting goes on); holds until the chair resumes'],
    ['resume', 'Resume recording and transcription (refused for a secret meeting)'],
  ] as const) {
    app.post(
      `/api/recording/${step}`,
      {
        config: { access: { action: 'recording.control' } },
        schema: {
          tags: ['recording'],
          summary,
          body: Type.Optional(Type.Object({}, { additionalProperties: false })),
          response: { 200: State, ...Refused },
        },
      },
      async (req, reply) => {
        const actor = actorName(req.principal);
        const d = step === 'pause' ? await recording.pause(actor) : await recording.resume(actor);
        if (!d.ok) return reply.code(409).send({ error: { code: d.code, message: d.message } });
        return recording.state;
      },
    );
  }
}

const MeetingParams = Type.Object({ meetingId: Id }, { additionalProperties: false });

const Progress = Type.Object({
  meetingId: Type.String(),
  state: Type.Enum(['live', 'backlog', 'waiting', 'no_model', 'done']),
  audioSeconds: Type.Number(),
  doneSeconds: Type.Number(),
  etaSeconds: Type.Union([Type.Integer(), Type.Null()]),
  recorder: Type.Union([
    Type.Enum(['idle', 'starting', 'recording', 'paused', 'stopped', 'device_lost', 'disk_full']),
    Type.Null(),
  ]),
});

/** A meeting's transcript lines, page by page after a cursor (store.lines); every read is audited. */
export function transcriptRoutes(app: FastifyTypebox, store: TranscriptStore, feed?: TranscriptFeed): void {
  app.get(
    '/api/meetings/:meetingId/transcript',
    {
      config: { access: { action: 'transcript.read' } },
      schema: {
        tags: ['recording'],
        summary:
          'The transcript: the next lines made after the cursor (in spoken order), each with its seat, delegate, times and offset in the recording; and how far it is behind',
        params: MeetingParams,
        querystring: Type.Object(
          {
            after: Type.Optional(Type.Integer({ minimum: 0 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            lines: Type.Array(Type.Object({}, { additionalProperties: true })),
            progress: Type.Union([Progress, Type.Null()]),
          }),
          ...Refused,
        },
      },
    },
    async (req) => {
      const lines = store.lines(req.params.meetingId, {
        ...(req.query.after !== undefined ? { afterSeq: req.query.after } : {}),
        limit: req.query.limit ?? 2000,
      });
      await app.audit({
        type: 'transcript.read',
        actor: actorName(req.principal),
        payload: { meeting: req.params.meetingId, lines: lines.length, after: req.query.after ?? 0 },
      });
      return { lines, progress: feed?.progressOf(req.params.meetingId) ?? null };
    },
  );
}

const Segment = Type.Object({
  index: Type.Integer(),
  run: Type.Integer(),
  /** Recording sample (16 kHz) of the segment's first sample: a line's audioOffsetMs × 16 seeks. */
  firstSample: Type.Integer(),
  samples: Type.Union([Type.Integer(), Type.Null()]),
  startedAtMs: Type.Union([Type.Number(), Type.Null()]),
  complete: Type.Boolean(),
  bytes: Type.Union([Type.Integer(), Type.Null()]),
});
const Gap = Type.Object({
  fromMs: Type.Number(),
  toMs: Type.Union([Type.Number(), Type.Null()]),
  atSample: Type.Integer(),
});
const Recording = Type.Object({
  meetingId: Type.String(),
  state: Type.Enum(['recording', 'paused', 'stopped']),
  sampleRate: Type.Integer(),
  /** Seconds of audio recorded (pauses are not in it). */
  seconds: Type.Number(),
  segments: Type.Array(Segment),
  pauses: Type.Array(Gap),
  outages: Type.Array(
    Type.Object({
      fromMs: Type.Number(),
      toMs: Type.Union([Type.Number(), Type.Null()]),
      atSample: Type.Integer(),
      reason: Type.Enum(['device_lost', 'disk_full']),
      detail: Type.String(),
    }),
  ),
});

/** Listings of one recording by one reader within this long are audited once. */
export const LISTING_AUDIT_MS = 10 * 60_000;

const noRecording = {
  error: {
    code: 'E_NO_RECORDING',
    message: 'this meeting has no recording (secret meetings are never recorded)',
  },
};

/**
 * A meeting's recording: its segments (Opus in Ogg, seekable with Range requests) and what ties
 * them to the transcript. Read by the same few as the transcript; every listing and every
 * playback of a segment (a request from its first byte) is audited.
 */
export function recordingReadRoutes(app: FastifyTypebox, recordingsDir: string): void {
  const dirOf = (meetingId: string) => join(recordingsDir, meetingId);
  // A page showing the recording reads its listing again as segments grow; the same reader
  // reading the same meeting's listing within LISTING_AUDIT_MS is one access, audited once.
  const listed = new Map<string, number>();
  const firstListing = (actor: string, meetingId: string): boolean => {
    const now = Date.now();
    const key = `${actor} ${meetingId}`;
    const last = listed.get(key);
    if (last !== undefined && now - last < LISTING_AUDIT_MS) return false;
    listed.set(key, now);
    if (listed.size > 10_000) {
      for (const [k, t] of listed) if (now - t >= LISTING_AUDIT_MS) listed.delete(k);
    }
    return true;
  };
  app.get(
    '/api/meetings/:meetingId/recording',
    {
      config: { access: { action: 'recording.read' } },
      schema: {
        tags: ['recording'],
        summary: 'The recording of a meeting: its segment files and how they map to the transcript',
        params: MeetingParams,
        response: { 200: Recording, 404: ErrorBody, ...Refused },
      },
    },
    async (req, reply) => {
      const { meetingId } = req.params;
      const m = await readManifest(dirOf(meetingId)).catch(() => null);
      if (!m) return reply.code(404).send(noRecording);
      const actor = actorName(req.principal);
      if (firstListing(actor, meetingId)) {
        await app.audit({
          type: 'recording.read',
          actor,
          payload: { meeting: meetingId, segments: m.segments.length },
        });
      }
      return {
        meetingId,
        state: m.state,
        sampleRate: m.sampleRate,
        seconds: Math.round((m.nextSample / m.sampleRate) * 10) / 10,
        segments: m.segments.map((s, index) => ({
          index,
          run: s.run,
          firstSample: s.firstSample,
          samples: s.samples,
          startedAtMs: s.startedAtMs,
          complete: s.complete,
          bytes: s.bytes,
        })),
        pauses: m.pauses,
        outages: m.outages,
      };
    },
  );

  app.get(
    '/api/meetings/:meetingId/recording/segments/:index',
    {
      config: { access: { action: 'recording.read' } },
      schema: {
        tags: ['recording'],
        summary: 'One segment of the recording (audio/ogg, Opus); Range requests for seeking',
        params: Type.Object(
          { meetingId: Id, index: Type.Integer({ minimum: 0, maximum: 1_000_000 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Unknown({ description: 'audio/ogg (Opus)' }),
          206: Type.Unknown({ description: 'audio/ogg, the requested byte range' }),
          404: ErrorBody,
          416: ErrorBody,
          ...Refused,
        },
      },
    },
    async (req, reply) => {
      const { meetingId, index } = req.params;
      const dir = dirOf(meetingId);
      const m = await readManifest(dir).catch(() => null);
      const seg = m?.segments[index];
      if (!seg) return reply.code(404).send(m ? noSegment(index) : noRecording);
      // The name comes from the manifest the recorder wrote, never from the request.
      const r = await send(req.raw, seg.file, {
        root: dir,
        dotfiles: 'deny',
        index: false,
        acceptRanges: true,
        cacheControl: false,
        etag: true,
        lastModified: true,
      });
      if (r.type === 'error') {
        r.stream.destroy?.();
        const status = r.statusCode === 416 ? 416 : 404;
        return reply
          .code(status)
          .send(
            status === 416
              ? { error: { code: 'E_RANGE', message: 'the requested range is outside the segment' } }
              : noSegment(index),
          );
      }
      const range = req.headers.range;
      if (r.statusCode < 300 && (!range || /^bytes=0-/.test(range))) {
        await app.audit({
          type: 'recording.played',
          actor: actorName(req.principal),
          payload: { meeting: meetingId, segment: index },
        });
      }
      return reply
        .code(r.statusCode)
        .headers({ ...r.headers, 'cache-control': 'private, no-store' })
        .type('audio/ogg')
        .send(r.stream);
    },
  );
}

const noSegment = (index: number) => ({
  error: { code: 'E_NO_SEGMENT', message: `the recording has no segment ${index}` },
});

/** The room's audio and speech engine for the technician page (issue 5). */
export function audioStatusRoutes(app: FastifyTypebox, status: () => AudioStatus): void {
  app.get(
    '/api/audio',
    {
      config: { access: { action: 'device.read' } },
      schema: {
        tags: ['recording'],
        summary:
          'The audio source, the recorder (device lost, disk full), the speech engine (model, size, language) and transcript progress',
        response: {
          200: Type.Object(
            {},
            { additionalProperties: true, description: 'recording/audio-status.ts AudioStatus' },
          ),
          ...Refused,
        },
      },
    },
    async () => status(),
  );
}
