/**
 * Shrinks a failing case while it keeps failing with the same signature: first whole files are
 * dropped (and the detection step and the second writer, when they are not needed), then chunks of
 * each remaining file are cut, halving the chunk size down to a byte. A budget of runs and of time
 * keeps hangs (each run up to the CPU limit) from stalling the report.
 */
export async function minimise(c, signature, run, { runs = 300, seconds = 90 } = {}) {
  if (!c.files) return c;
  const hangs = /^(hang|oom) /.test(signature);
  let budget = hangs ? 3 : runs;
  const until = Date.now() + (hangs ? 30 : seconds) * 1000;
  const same = async (candidate) => {
    if (budget-- <= 0 || Date.now() > until) return false;
    const o = await run(candidate);
    return o.signature === signature;
  };
  let best = { ...c, files: new Map(c.files) };
  for (const key of ['detect', 'target']) {
    if (best[key] !== undefined) {
      const cand = { ...best, [key]: undefined };
      if (await same(cand)) best = cand;
    }
  }
  for (const path of [...best.files.keys()]) {
    const files = new Map(best.files);
    files.delete(path);
    if (await same({ ...best, files })) best = { ...best, files };
  }
  if (hangs) return best;
  for (const [path, bytes] of [...best.files].sort((a, b) => b[1].length - a[1].length)) {
    let cur = bytes;
    for (let chunk = cur.length >> 1; chunk >= 1; chunk >>= 1) {
      for (let at = 0; at < cur.length; ) {
        const cand = new Uint8Array(cur.length - Math.min(chunk, cur.length - at));
        cand.set(cur.subarray(0, at));
        cand.set(cur.subarray(at + chunk), at);
        const files = new Map(best.files).set(path, cand);
        if (await same({ ...best, files })) {
          cur = cand;
          best = { ...best, files };
        } else at += chunk;
        if (budget <= 0 || Date.now() > until) return best;
      }
    }
  }
  return best;
}
