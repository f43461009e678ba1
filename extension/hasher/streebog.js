// Streebog in the browser (WebAssembly built from wasm/streebog.c, embedded by
// streebog-wasm.js): a page's large document is hashed in the extension's hasher page, next to
// the page, and only the digest travels to the host (docs/architecture.md, "Signing a large
// document from a page"). Defines `tokenbridgeHashDocument` for hasher.js (and for the unit
// tests in node, tests/unit/extension/streebog.test.mjs).
// eslint-disable-next-line no-unused-vars
var tokenbridgeHashDocument = (() => {
  const BITS = Object.freeze({ streebog256: 256, streebog512: 512 });
  const WASM_BUFFER = 1024 * 1024; // STREEBOG_BUFFER of streebog.c
  // A Blob is read in slices this large (the next read runs while this one is hashed): in Firefox
  // the hasher frame's process reads the page's Blob over IPC, and fewer, larger reads are faster.
  const READ_BYTES = 8 * 1024 * 1024;
  let compiled = null;

  function wasmBytes() {
    const binary = atob(globalThis.tokenbridgeStreebogWasm);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  // One instance per digest (the module keeps one state): two signatures of a page run side by side.
  async function streebog(bits) {
    compiled ??= WebAssembly.compile(wasmBytes());
    const { exports: wasm } = await WebAssembly.instantiate(await compiled, {});
    wasm.streebog_init(bits);
    const buffer = wasm.streebog_buffer();
    return {
      update(bytes) {
        for (let at = 0; at < bytes.length; at += WASM_BUFFER) {
          const part = bytes.subarray(at, Math.min(at + WASM_BUFFER, bytes.length));
          new Uint8Array(wasm.memory.buffer, buffer, part.length).set(part);
          wasm.streebog_update(part.length);
        }
      },
      final: () => new Uint8Array(wasm.memory.buffer, wasm.streebog_final(), bits / 8).slice(),
    };
  }

  // By tag, not instanceof: in Firefox what the page posts may come from the page's compartment,
  // whose constructors are not the content script's.
  const tag = (value) => Object.prototype.toString.call(value);
  const isBlob = (value) => tag(value) === '[object Blob]' || tag(value) === '[object File]';
  const isBuffer = (value) => tag(value) === '[object ArrayBuffer]';
  const isBytes = (value) => tag(value) === '[object Uint8Array]';

  // A Blob is read slice by slice; bytes are hashed in place.
  function reader(data, step) {
    if (isBlob(data)) {
      const read = (at) => (at < data.size ? data.slice(at, Math.min(at + step, data.size)).arrayBuffer() : null);
      return { size: data.size, read };
    }
    const bytes = isBuffer(data) ? new Uint8Array(data) : data;
    return { size: bytes.length, read: (at) => (at < bytes.length ? Promise.resolve(bytes.subarray(at, at + step)) : null) };
  }

  // data: Blob | ArrayBuffer | Uint8Array; hashAlgorithm: streebog256 | streebog512.
  // -> { hash: Uint8Array, size } over exactly the bytes given; onProgress(done, size) per step.
  return async function hashDocument(data, hashAlgorithm, { step = WASM_BUFFER, onProgress } = {}) {
    const bits = BITS[hashAlgorithm];
    if (!bits) throw new TypeError(`unknown hashAlgorithm: ${String(hashAlgorithm)}`);
    if (!isBlob(data) && !isBuffer(data) && !isBytes(data)) throw new TypeError('data must be a Blob, ArrayBuffer or Uint8Array');
    const source = reader(data, Math.max(READ_BYTES, step));
    const hasher = await streebog(bits);
    let done = 0;
    let read = 0;
    let next = source.read(0);
    while (next) {
      const chunk = await next;
      const bytes = isBuffer(chunk) ? new Uint8Array(chunk) : chunk;
      read += bytes.length;
      next = source.read(read);
      // Progress per `step` bytes hashed, whatever the read size.
      for (let at = 0; at < bytes.length; at += step) {
        const part = bytes.subarray(at, Math.min(at + step, bytes.length));
        hasher.update(part);
        done += part.length;
        onProgress?.(done, source.size);
      }
    }
    if (done !== source.size) throw new Error('the document changed while it was read');
    return { hash: hasher.final(), size: done };
  };
})();
