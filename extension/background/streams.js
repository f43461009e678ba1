// Streamed signatures the extension has seen open (sign {stream: "start"}): which origin, token
// and key each belongs to and how many bytes the host confirmed, so the PIN window of
// signFinish can show the certificate and the size, and one site cannot finish another's stream.
const MAX_STREAMS = 32; // the host keeps 8 open at most; old records are dropped first
const streams = new Map(); // streamId -> { origin, deviceId, keyId, received }

function remember(streamId, record) {
  streams.set(streamId, record);
  while (streams.size > MAX_STREAMS) streams.delete(streams.keys().next().value);
}

// A stream whose signFinish is in its PIN window is sealed: the window shows its digest, so no
// chunk may be added until the flow ends (unsealed on failure, dropped on success).
export const isSealed = (origin, streamId) => streamOf(origin, streamId)?.sealed === true;
export function unseal(origin, streamId) {
  const record = streamOf(origin, streamId);
  if (record) record.sealed = false;
}

export function streamOf(origin, streamId) {
  const record = streams.get(streamId);
  return record && record.origin === origin ? record : null;
}

// Called with every successful reply of a command with a `track` (spec/protocol.json, commands.js).
export const TRACKERS = {
  start: (origin, params, result) => {
    if (params.stream !== undefined && typeof result?.streamId === 'string') {
      remember(result.streamId, { origin, deviceId: params.deviceId, keyId: params.keyId, received: 0 });
    }
  },
  append: (origin, params, result) => {
    const record = streamOf(origin, params.streamId);
    if (record && Number.isSafeInteger(result?.received)) record.received = result.received;
  },
  finish: (origin, params) => streams.delete(params.streamId),
};
