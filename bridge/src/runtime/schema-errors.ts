// TypeBox's validation errors as `path: message` lines a technician can act on (ARCHITECTURE.md
// "Conventions"). Its raw output for an unknown field is two lines, "/x/colour: schema is false" and
// "/x: must not have additional properties"; this says "/x/colour: unknown field" once.
export interface SchemaError {
  instancePath: string;
  message: string;
}

export function schemaProblems(errors: readonly SchemaError[], prefix = ''): string[] {
  const unknownField = errors.some((e) => e.message === 'schema is false');
  const lines = errors
    .filter((e) => !(unknownField && e.message === 'must not have additional properties'))
    .map((e) => {
      const path = `${prefix}${e.instancePath}`.replace(/\/$/, '') || '/';
      return `${path}: ${e.message === 'schema is false' ? 'unknown field' : e.message}`;
    });
  return [...new Set(lines)];
}
