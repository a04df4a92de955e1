# pycocotools on the masks and polygons rle.bench.mjs wrote: encode (from row-major, with the
# Fortran copy that needs, and from a ready Fortran array), decode, polygon rasterisation.
# Prints one JSON line of milliseconds per operation over all shapes (best of 3 runs).
import json, sys, time
import numpy as np
from pycocotools import mask as M

base = sys.argv[1]
meta = json.load(open(base + '.json'))
h, w, n = meta['height'], meta['width'], meta['count']
masks = np.fromfile(base + '.bin', dtype=np.uint8).reshape(n, h, w)
polygons = meta['polygons']

def best(f):
    t = []
    for _ in range(3):
        s = time.perf_counter(); f(); t.append(time.perf_counter() - s)
    return min(t) * 1000

fortran = [np.asfortranarray(m) for m in masks]
rles = [M.encode(m) for m in fortran]
out = {
    'encode_rowmajor': best(lambda: [M.encode(np.asfortranarray(m)) for m in masks]),
    'encode_fortran': best(lambda: [M.encode(m) for m in fortran]),
    'decode': best(lambda: [M.decode(r) for r in rles]),
    'rasterize': best(lambda: [M.merge(M.frPyObjects(p, h, w)) for p in polygons]),
}
print(json.dumps(out))
