// The hasher frame's end (hasher.html): takes a private MessagePort from the frame's parent (the
// content script, content/bridge.js) and answers {id, data, hashAlgorithm, step} on it with
// {id, progress: {done, total}} per step and then {id, result: {hash, size}} or {id, error}.
// It only computes digests of what it is given: whoever posts to it (the page can reach the
// frame too) learns nothing and can do nothing it could not do with its own script.
window.addEventListener('message', (ev) => {
  if (ev.source !== window.parent || ev.data?.tokenbridgeHasher !== 1 || !ev.ports?.[0]) return;
  const port = ev.ports[0];
  port.onmessage = async ({ data: job }) => {
    const { id, data, hashAlgorithm, step } = job ?? {};
    try {
      const onProgress = (done, total) => port.postMessage({ id, progress: { done, total } });
      const { hash, size } = await globalThis.tokenbridgeHashDocument(data, hashAlgorithm, { step, onProgress });
      port.postMessage({ id, result: { hash, size } });
    } catch (e) {
      port.postMessage({ id, error: { invalid: e instanceof TypeError, message: String(e?.message ?? e) } });
    }
  };
});
