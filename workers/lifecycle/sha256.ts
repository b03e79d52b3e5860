import { hashBytes } from '@shared/db/photo-store.ts';

/** Hex SHA-256 of a view's bytes; copies only when the view is part of a larger buffer. */
export function sha256Hex(view: ArrayBufferView): Promise<string> {
  const whole = view.byteOffset === 0 && view.byteLength === view.buffer.byteLength;
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  return hashBytes(whole ? (view.buffer as ArrayBuffer) : bytes.slice().buffer);
}
