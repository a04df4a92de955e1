"""The Datumaro side of tooling/datumaro-diff: a long-lived helper that run.mjs talks to.

It reads one JSON request per line on stdin and answers one JSON line on stdout:

  {"op": "import", "path": dir, "format": id}         -> {"ok": true, "summary": {...}}
  {"op": "cli", "args": ["convert", ...]}             -> {"ok": rc == 0, "rc": rc}
  {"op": "export", "path": dir, "format": id, "out": dir, "save_media": true}
                                                      -> {"ok": true}

Every answer also carries "warnings" (Datumaro's log records of level WARNING and above, in
order, without repeats) and, on failure, "error": one line. `cli` runs Datumaro's own command line
(datumaro.cli.__main__.main) in this process, so a conversion is exactly `datum convert ...`
without a new interpreter per call. `export` is Dataset.import_from(path, format).export(...), what
`datum convert` does, for the one case the command refuses (the same format in and out).

The summary is the shape lib.ts's summarize() gives for labelport: label names in order, and per
item its subset, id, image (path relative to the dataset, size, whether the file is there) and
annotations (type in labelport's words, label name, group, the box of a bbox, the pixel count of a
mask, the number of points of a polygon, polyline or points).

Uses only Datumaro's public API; nothing of Datumaro is copied here.
"""

import json
import logging
import os
import sys
import traceback
import warnings

# stdout is the answer channel: anything Datumaro prints goes to stderr instead.
_answers = sys.stdout
sys.stdout = sys.stderr

from datumaro.components.annotation import AnnotationType  # noqa: E402
from datumaro.components.dataset import Dataset  # noqa: E402

TYPES = {
    AnnotationType.label: "label",
    AnnotationType.mask: "mask",
    AnnotationType.points: "points",
    AnnotationType.polygon: "polygon",
    AnnotationType.polyline: "polyline",
    AnnotationType.bbox: "bbox",
    AnnotationType.caption: "caption",
    AnnotationType.cuboid_3d: "cuboid3d",
    AnnotationType.ellipse: "ellipse",
    AnnotationType.cuboid_2d: "cuboid2d",
    AnnotationType.rotated_bbox: "rotated_bbox",
}
if hasattr(AnnotationType, "skeleton"):
    TYPES[AnnotationType.skeleton] = "skeleton"


class Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records = []

    def emit(self, record):
        try:
            msg = record.getMessage().split("\n")[0][:300]
        except Exception:  # a bad format string in a log call
            msg = str(record.msg)[:300]
        entry = f"{record.levelname.lower()}: {msg}"
        if entry not in self.records:
            self.records.append(entry)


def one_line(e):
    text = f"{type(e).__name__}: {e}".strip()
    cause = e.__cause__ or e.__context__
    if cause is not None and str(cause) and str(cause) not in text:
        text += f" (caused by {type(cause).__name__}: {cause})"
    return " ".join(text.split())[:400]


def rel(path, root):
    if not path:
        return None
    try:
        r = os.path.relpath(path, root)
    except ValueError:
        return path
    return path if r.startswith("..") else r.replace(os.sep, "/")


def summarize(dataset, root):
    cats = dataset.categories().get(AnnotationType.label)
    labels = [c.name for c in cats.items] if cats is not None else []
    items = []
    for item in dataset:
        media = item.media
        image = {"has": False}
        if media is not None:
            path = getattr(media, "path", None)
            image["path"] = rel(path, root)
            try:
                has = bool(media.has_data)
            except Exception:
                has = False
            image["has"] = has
            size = None
            try:
                size = media.size  # (h, w)
            except Exception:
                size = None
            if size:
                image["height"], image["width"] = int(size[0]), int(size[1])
        anns = []
        for ann in item.annotations:
            t = TYPES.get(ann.type, ann.type.name)
            label = getattr(ann, "label", None)
            name = None
            if label is not None:
                name = labels[label] if 0 <= label < len(labels) else f"#{label}"
            s = {"type": t, "label": name, "group": ann.group}
            if ann.type == AnnotationType.bbox:
                s["bbox"] = [float(v) for v in ann.get_bbox()]
            elif ann.type in (
                AnnotationType.polygon,
                AnnotationType.polyline,
                AnnotationType.points,
            ):
                s["points"] = len(ann.points) // 2
            elif ann.type == AnnotationType.mask:
                s["pixels"] = int(ann.image.astype(bool).sum())
            anns.append(s)
        items.append({"subset": item.subset, "id": item.id, "image": image, "anns": anns})
    return {"labels": labels, "items": items}


def handle(req):
    op = req["op"]
    if op == "import":
        ds = Dataset.import_from(req["path"], req["format"])
        return {"ok": True, "summary": summarize(ds, req["path"])}
    if op == "export":
        ds = Dataset.import_from(req["path"], req["format"])
        ds.export(req["out"], req["to"], save_media=bool(req.get("save_media")))
        return {"ok": True}
    if op == "cli":
        from datumaro.cli.__main__ import main

        rc = main(req["args"])
        return {"ok": rc == 0, "rc": rc}
    raise ValueError(f"unknown op {op}")


def serve():
    collect = Collect()
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        # Datumaro's command line sets up the root logger each call: put ours back every time.
        root = logging.getLogger()
        collect.records = []
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                root.addHandler(collect)
                try:
                    answer = handle(req)
                finally:
                    root.removeHandler(collect)
            for w in caught:
                entry = f"warning: {str(w.message).splitlines()[0][:300]}" if str(w.message) else ""
                if entry and entry not in collect.records:
                    collect.records.append(entry)
        except BaseException as e:  # noqa: BLE001 - every failure is an answer
            if isinstance(e, KeyboardInterrupt):
                raise
            traceback.print_exc(file=sys.stderr)
            answer = {"ok": False, "error": one_line(e)}
        errors = [r for r in collect.records if r.startswith(("error:", "critical:"))]
        if not answer.get("ok") and "error" not in answer:
            answer["error"] = errors[-1] if errors else f"exit code {answer.get('rc')}"
        answer["warnings"] = collect.records
        _answers.write(json.dumps(answer) + "\n")
        _answers.flush()


if __name__ == "__main__":
    serve()
