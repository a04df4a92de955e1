/** Writing KITTI raw tracklets: the boost-serialized XML the devkit's parser reads. */
import { escapeXmlText } from '@labelport/core/files';

export interface PoseToWrite {
  frame: number;
  position: number[];
  rotation: number[];
  occlusion: number;
  occlusionKf: number;
  truncation: number;
  attributes: Record<string, string | number | boolean>;
}

export interface TrackletToWrite {
  label: string;
  /** w, h, l (the model's scale order). */
  scale: number[];
  first: number;
  poses: PoseToWrite[];
}

/** KITTI raw's tracklet_labels.xml (boost serialization, as the devkit reads it) for the tracks, by id. */
export function formatTracklets(tracks: Map<number, TrackletToWrite>): string {
  const lines: string[] = [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    '<!DOCTYPE boost_serialization>',
    '<boost_serialization signature="serialization::archive" version="9">',
    '<tracklets class_id="0" tracking_level="0" version="0">',
    `  <count>${tracks.size}</count>`,
    '  <item_version>1</item_version>',
  ];
  const attrs = (a: Record<string, string | number | boolean>, pad: string) => {
    const e = Object.entries(a);
    if (e.length === 0) return [];
    return [
      `${pad}<attributes>`,
      ...e.map(
        ([k, v]) =>
          `${pad}  <attribute><name>${escapeXmlText(k)}</name><value>${escapeXmlText(v)}</value></attribute>`,
      ),
      `${pad}</attributes>`,
    ];
  };
  [...tracks.entries()]
    .sort((a, b) => a[0] - b[0])
    .forEach(([, t], ti) => {
      lines.push(ti === 0 ? '  <item class_id="1" tracking_level="0" version="1">' : '  <item>');
      lines.push(
        `    <objectType>${escapeXmlText(t.label)}</objectType>`,
        `    <h>${t.scale[1]}</h>`,
        `    <w>${t.scale[0]}</w>`,
        `    <l>${t.scale[2]}</l>`,
      );
      lines.push(
        `    <first_frame>${t.first}</first_frame>`,
        ti === 0 ? '    <poses class_id="2" tracking_level="0" version="0">' : '    <poses>',
      );
      lines.push(`      <count>${t.poses.length}</count>`, '      <item_version>2</item_version>');
      t.poses.forEach((p, pi) => {
        lines.push(
          ti === 0 && pi === 0 ? '      <item class_id="3" tracking_level="0" version="2">' : '      <item>',
        );
        const [tx, ty, tz] = p.position;
        const [rx, ry, rz] = p.rotation;
        lines.push(
          `        <tx>${tx}</tx>`,
          `        <ty>${ty}</ty>`,
          `        <tz>${tz}</tz>`,
          `        <rx>${rx}</rx>`,
          `        <ry>${ry}</ry>`,
          `        <rz>${rz}</rz>`,
          '        <state>2</state>',
          `        <occlusion>${p.occlusion}</occlusion>`,
          `        <occlusion_kf>${p.occlusionKf}</occlusion_kf>`,
          `        <truncation>${p.truncation}</truncation>`,
          '        <amt_occlusion>-1</amt_occlusion>',
          '        <amt_border_l>-1</amt_border_l>',
          '        <amt_border_r>-1</amt_border_r>',
          '        <amt_occlusion_kf>-1</amt_occlusion_kf>',
          '        <amt_border_kf>-1</amt_border_kf>',
          ...attrs(p.attributes, '        '),
          '      </item>',
        );
      });
      lines.push('    </poses>', '    <finished>1</finished>', '  </item>');
    });
  lines.push('</tracklets>', '</boost_serialization>', '');
  return lines.join('\n');
}
