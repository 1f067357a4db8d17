// The chair pauses and resumes recording and transcription of the meeting in progress (issue 5,
// R-ROOM-4). A secret meeting is never recorded: resuming one is refused (R-MTG-4). Each step is an
// event in the log with its actor; the room view carries the indicator.
import Type from 'typebox';
import type { RecordingService } from '../../recording/recording-service.ts';
import { actorName } from '../access.ts';
import type { FastifyTypebox } from '../app-types.ts';
import { ErrorBody } from '../errors.ts';

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
