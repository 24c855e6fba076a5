/*
 * The preview's stand-in for Electron's structured clone over IPC: a request is JSON with its byte
 * arrays cut out and sent raw after it, so a 640x480 frame costs a copy, not a base64 detour.
 * Layout: [u32 little-endian header length][header: UTF-8 JSON][blob 0][blob 1]...; in the JSON each
 * Uint8Array stands as {"$bytes": index, "length": n}. Runs in the page and in Node alike.
 */

export class IpcCodecError extends Error {
  override readonly name = 'IpcCodecError';
}

const BYTES = '$bytes';

export function encodeIpcRequest(request: unknown): Uint8Array<ArrayBuffer> {
  const blobs: Uint8Array[] = [];
  // undefined (no request) travels as null; the dispatcher reads both as an empty request.
  const json = JSON.stringify(request === undefined ? null : request, (_key, value: unknown) => {
    if (value instanceof Uint8Array) {
      blobs.push(value);
      return { [BYTES]: blobs.length - 1, length: value.byteLength };
    }
    return value;
  });
  const header = new TextEncoder().encode(json);
  const total = 4 + header.byteLength + blobs.reduce((n, b) => n + b.byteLength, 0);
  const out = new Uint8Array(total);
  new DataView(out.buffer).setUint32(0, header.byteLength, true);
  out.set(header, 4);
  let offset = 4 + header.byteLength;
  for (const blob of blobs) {
    out.set(blob, offset);
    offset += blob.byteLength;
  }
  return out;
}

/** The request as sent; blobs are views into `body` (no copy). Anything malformed is an IpcCodecError. */
export function decodeIpcRequest(body: Uint8Array): unknown {
  if (body.byteLength < 4) throw new IpcCodecError('The request is shorter than its header length.');
  const headerLength = new DataView(body.buffer, body.byteOffset, body.byteLength).getUint32(0, true);
  if (headerLength > body.byteLength - 4) throw new IpcCodecError('The request header runs past its end.');
  let offset = 4 + headerLength;
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body.subarray(4, offset)));
  } catch (error) {
    throw new IpcCodecError(
      `The request header is not JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  let next = 0;
  const revive = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(revive);
    if (value === null || typeof value !== 'object') return value;
    const record = value as Record<string, unknown>;
    if (BYTES in record) {
      const { length } = record;
      if (record[BYTES] !== next || typeof length !== 'number' || !Number.isInteger(length) || length < 0)
        throw new IpcCodecError('A byte array in the request is out of order or has no valid length.');
      if (offset + length > body.byteLength) throw new IpcCodecError('A byte array runs past the request.');
      next += 1;
      const blob = body.subarray(offset, offset + length);
      offset += length;
      return blob;
    }
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, revive(v)]));
  };
  const request = revive(parsed);
  if (offset !== body.byteLength) throw new IpcCodecError('The request has bytes no field accounts for.');
  return request;
}
