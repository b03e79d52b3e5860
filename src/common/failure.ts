/** What the page shows of an error: its code (comlink keeps `name`) and its message. */
export interface Failure {
  code: string;
  message: string;
}

export function asFailure(error: unknown): Failure {
  return error instanceof Error
    ? { code: error.name, message: error.message }
    : { code: 'Error', message: String(error) };
}
