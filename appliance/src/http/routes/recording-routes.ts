// The chair pauses and resumes recording and transcription of the meeting in progress (issue 5,
// R-ROOM-4). A secret meeting is never recorded: resuming one is refused (R-MTG-4). Each step is an
// event in the log with its actor; the room view carries the indicator.
import Type from 'typebox';
import type { RecordingService } from '../../recording/recording-service.ts';
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

/** A meeting's transcript lines, in spoken order, after a cursor; every read is audited. */
export function transcriptRoutes(app: FastifyTypebox, store: TranscriptStore): void {
  app.get(
    '/api/meetings/:meetingId/transcript',
    {
      config: { access: { action: 'transcript.read' } },
      schema: {
        tags: ['recording'],
        summary: 'The transcript: each line with its seat, delegate, times and offset in the recording',
        params: Type.Object({ meetingId: Id }, { additionalProperties: false }),
        querystring: Type.Object(
          {
            after: Type.Optional(Type.Integer({ minimum: 0 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ lines: Type.Array(Type.Object({}, { additionalProperties: true })) }),
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
      return { lines };
    },
  );
}
