// The PIN + confirmation step of commands flagged `pin` in commands.js: gather what the user
// must see (origin, token, certificate, document) from the host, ask in the trusted window,
// then forward the command with the PIN added. The PIN never goes back to the page.
import { ExtCode, ExtError } from './api.js';
import { openPrompt } from './prompts.js';

const MAX_PROMPTS = 3; // a wrong PIN re-opens the window with the tries left, this many times

function replyError(reply) {
  const { code, message, ...details } = reply.error;
  return new ExtError(code, message, details);
}

async function describe(host, spec, origin, params) {
  if (!spec.describe) return {};
  const reply = await host.request({ command: spec.describe, origin, params: spec.params(params) });
  if (reply.error) throw replyError(reply);
  return reply.result ?? {};
}

async function deviceSummary(host, origin, deviceId) {
  if (typeof deviceId !== 'string') return { device: null, retriesLeft: null };
  const reply = await host.request({ command: 'getDeviceInfo', origin, params: { deviceId } });
  if (reply.error) throw replyError(reply);
  const device = reply.result.device;
  return {
    device: { id: device.id, modelName: device.modelName || device.model, serial: device.serial },
    retriesLeft: device.pins?.user?.retriesLeft ?? null,
  };
}

export async function runPinFlow(host, spec, { origin, command, params, display }) {
  const details = await describe(host, spec, origin, params);
  const deviceId = params.deviceId ?? details.deviceId;
  let { device, retriesLeft } = await deviceSummary(host, origin, deviceId);
  let error = null;
  for (let round = 0; round < MAX_PROMPTS; round++) {
    const answer = await openPrompt('pin', {
      title: spec.title,
      origin,
      device,
      certificate: details.certificate ?? null,
      document: details.document || display?.fileName
        ? { ...(details.document ?? {}), fileName: display?.fileName ?? null }
        : null,
      retriesLeft,
      error,
    });
    if (answer.action !== 'confirm' || typeof answer.pin !== 'string') {
      throw new ExtError(ExtCode.USER_CANCELLED, 'the user cancelled the operation');
    }
    const reply = await host.request({ command, origin, params: { ...params, pin: answer.pin } });
    const retry = reply.error?.code === 'PIN_INCORRECT' && reply.error.retriesLeft > 0;
    if (!retry || round === MAX_PROMPTS - 1) return reply;
    retriesLeft = reply.error.retriesLeft;
    error = 'pinWrong';
  }
  throw new ExtError(ExtCode.USER_CANCELLED, 'unreachable');
}
