import type { Categories, LabelCategory, SkeletonCategory } from '@labelport/core';
import { isObject, type JsonObject } from '@labelport/core/json';
import {
  type CategoryNode,
  DET_TREE,
  leafLabels,
  POSE_JOINT_ALIASES,
  POSE_JOINTS,
  POSE_TREE,
  TRACK_TREE,
} from './bdd-categories.js';

/** What a first pass over the label files learns, for the categories. */
export interface LabelSurvey {
  /** The first Scalabel config met. */
  config?: JsonObject;
  /** Category names in order of first use. */
  names: string[];
  hasVideo: boolean;
  hasBoxes: boolean;
  hasGraphs: boolean;
  /** The joint pairs of the first pose graph. */
  graphEdges?: [string, string][];
}

/** The joint pairs of a pose graph's edges (joints by name). */
export function graphEdgesOf(graph: JsonObject): [string, string][] | undefined {
  if (!Array.isArray(graph.nodes) || !Array.isArray(graph.edges)) return undefined;
  const jointOf = new Map<string, string>();
  for (const n of graph.nodes) {
    if (isObject(n) && typeof n.category === 'string')
      jointOf.set(String(n.id), POSE_JOINT_ALIASES[n.category] ?? n.category);
  }
  const out: [string, string][] = [];
  for (const e of graph.edges) {
    if (!isObject(e)) continue;
    const a = jointOf.get(String(e.source));
    const b = jointOf.get(String(e.target));
    if (a && b) out.push([a, b]);
  }
  return out;
}

function toCategoryNode(o: JsonObject): CategoryNode {
  const name = String(o.name ?? '');
  const subs = Array.isArray(o.subcategories)
    ? o.subcategories.filter(isObject).map(toCategoryNode)
    : undefined;
  return subs && subs.length > 0 ? { name, subcategories: subs } : { name };
}

/**
 * The categories: the config's leaf categories, else BDD100K's list for the task the frames look like
 * (pose, tracking, detection), then any other name the frames use; a skeleton for pose graphs.
 */
export function buildCategories(survey: LabelSurvey): Categories {
  const { config, hasGraphs } = survey;
  let labels: LabelCategory[];
  if (config && Array.isArray(config.categories)) {
    labels = leafLabels(config.categories.filter(isObject).map(toCategoryNode));
  } else {
    const tree: CategoryNode[] =
      hasGraphs && !survey.hasBoxes ? POSE_TREE : survey.hasVideo ? TRACK_TREE : DET_TREE;
    labels = leafLabels(tree);
  }
  const known = new Set(labels.map((l) => l.name));
  for (const n of survey.names) {
    if (!known.has(n)) {
      known.add(n);
      labels.push({ name: n });
    }
  }
  const categories: Categories = { labels };
  if (hasGraphs) {
    const skeletons = new Map<number, SkeletonCategory>();
    const edges: [number, number][] = (survey.graphEdges ?? [])
      .map(([a, b]) => [POSE_JOINTS.indexOf(a), POSE_JOINTS.indexOf(b)] as [number, number])
      .filter(([a, b]) => a >= 0 && b >= 0);
    const ped = labels.findIndex((l) => l.name === 'pedestrian');
    if (ped >= 0) skeletons.set(ped, { points: [...POSE_JOINTS], edges });
    categories.skeletons = skeletons;
  }
  return categories;
}
