// One error shape for every route: `{ error: { code, message, details? } }`. Tests assert codes.
import Type from 'typebox';

export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
  }),
});

/** Domain refusals → HTTP status. A refusal is a conflict with the room's state, not bad input. */
export function statusForCode(code: string): number {
  if (code === 'E_UNKNOWN_SEAT') return 404;
  if (code === 'E_STORAGE') return 503;
  if (code === 'E_BAD_SETTINGS' || code === 'E_BAD_VOTE' || code === 'E_BAD_CHOICE') return 400;
  return 409;
}
